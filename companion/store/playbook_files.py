"""The user's playbooks folder: adding a playbook file safely."""

from __future__ import annotations

from pathlib import Path

from companion.atomic_write import write_atomic
from companion.core.playbook import Playbook, parse_playbook
from companion.errors import PlaybookError


def import_playbook_file(source: Path, folder: Path, *, replace: bool = False) -> tuple[Playbook, Path]:
    """Check `source` fully, then copy it into `folder` as `<id>.toml`.

    A broken file is refused with the same message the loader would give, and nothing is
    written; an existing file of the same name is only replaced when asked to.
    """
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PlaybookError(str(source), None, f"cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise PlaybookError(str(source), None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    playbook = parse_playbook(text, str(source))
    target = folder / f"{playbook.id}.toml"
    if target.exists() and not replace:
        raise FileExistsError(target)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return playbook, target
