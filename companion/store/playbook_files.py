"""Playbook files on disk: reading them (built-ins first, then the user's, one broken file
never hiding the good ones) and adding a playbook to the user's folder safely."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from companion.atomic_write import write_atomic
from companion.core.playbook import Playbook, PlaybookSet, parse_playbook
from companion.core.playbook_limits import MAX_PLAYBOOK_BYTES
from companion.errors import PlaybookError


def import_playbook_file(source: Path, folder: Path, *, replace: bool = False) -> tuple[Playbook, Path]:
    """Check `source` fully, then copy it into `folder` as `<id>.toml`.

    A broken file is refused with the same message the loader would give, and nothing is
    written; an existing file of the same name is only replaced when asked to.
    """
    text = read_playbook_text(source)
    playbook = parse_playbook(text, str(source))
    target = folder / f"{playbook.id}.toml"
    if target.exists() and not replace:
        raise FileExistsError(target)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return playbook, target


def read_playbook_text(path: Path) -> str:
    """The file's text; a file too big to be a playbook is refused before it is read whole."""
    try:
        # Checked before opening: opening a FIFO would wait for a writer forever.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise PlaybookError(str(path), None, "is not a regular file")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PLAYBOOK_BYTES + 1)
    except OSError as exc:
        raise PlaybookError(str(path), None, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_PLAYBOOK_BYTES:
        raise PlaybookError(str(path), None, f"is larger than {MAX_PLAYBOOK_BYTES // 1024} KB, too big "
                                             "for a playbook. Split it into several playbooks.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlaybookError(str(path), None, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def read_playbook_file(path: Path, *, builtin: bool = False) -> Playbook:
    return parse_playbook(read_playbook_text(path), str(path), builtin=builtin)


def load_playbooks(builtin_dir: Path | None, user_dir: Path | None) -> PlaybookSet:
    """Built-ins first, then the user's; a user playbook with a built-in's id replaces it."""
    result = PlaybookSet()
    by_id: dict[str, Playbook] = {}
    for folder, builtin in ((builtin_dir, True), (user_dir, False)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                playbook = read_playbook_file(path, builtin=builtin)
            except PlaybookError as exc:
                result.errors.append(exc)
                continue
            by_id[playbook.id] = playbook
    result.playbooks = list(by_id.values())
    return result
