"""Hidden temp files that name the process writing them, so a later run can tidy up
after one that was killed (SIGKILL, power cut) without touching a live writer's file.

Names look like `.<name>.<pid>.<anything>tmp` (plus SQLite's -wal/-shm/-journal).
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

# A temp file without a process id (from an older version) counts as stale after this.
UNOWNED_STALE_AFTER_S = 3600
_OWNER_RE = re.compile(r"\.(?P<pid>\d+)\.(?:[A-Za-z0-9_]+\.)?tmp(?:-wal|-shm|-journal)?$")
_TEMP_RE = re.compile(r"tmp(?:-wal|-shm|-journal)?$")


def temp_prefix(name: str) -> str:
    """The start of a temp file's name for `name`, written by this process."""
    return f".{name}.{os.getpid()}."


def remove_stale_temp_files(folder: Path, starts_with: str) -> list[Path]:
    """Remove temp files in `folder` starting with `starts_with` whose writer is gone."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(starts_with) or not _TEMP_RE.search(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or not _is_stale(entry):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _is_stale(entry: os.DirEntry[str]) -> bool:
    match = _OWNER_RE.search(entry.name)
    if match is None or sys.platform == "win32":
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > UNOWNED_STALE_AFTER_S
    pid = int(match["pid"])
    if pid == os.getpid():
        return False
    return not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)            # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:         # exists, belongs to someone else
        return True
    except OSError:
        return True
    return True
