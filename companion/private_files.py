"""Call notes are private: folders the app owns are 0700 and files it writes are 0600.

Set explicitly, not left to the umask: with the common umask 022 SQLite, logging and
open() would create files any other user of the machine can read.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
# Given to os.umask at start: everything created afterwards (by SQLite too) is owner-only.
PRIVATE_UMASK = 0o077


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) if needed, and make it owner-only.

    Only the folder itself is tightened: a parent such as ~/.local/share is the user's own.
    """
    folder = Path(folder)
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    make_private(folder, PRIVATE_FOLDER_MODE)


def make_private(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """Tighten an existing file or folder written by an older version; absent is fine.

    A file owned by someone else (chmod refused) is left as it is: not ours to change.
    """
    try:
        current = os.stat(path, follow_symlinks=False)
    except OSError:
        return
    if os.path.islink(path) or (current.st_mode & 0o777) == mode:
        return
    try:
        os.chmod(path, mode)
    except OSError:
        pass


def use_private_umask() -> None:
    os.umask(PRIVATE_UMASK)
