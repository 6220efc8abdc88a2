"""Problems caused by the environment (files, disks, other processes), not by bugs.

Each carries a message written for the user: what happened, which file, what to do.
Bugs are ordinary exceptions and go to the crash handler instead.
"""

from __future__ import annotations

from pathlib import Path


class EnvironmentProblem(Exception):
    """Base class: `str(exc)` is the message to show."""


class DataDirError(EnvironmentProblem):
    def __init__(self, folder: Path, reason: str):
        self.folder = folder
        super().__init__(
            f"Call Companion cannot write to its data folder {folder} ({reason}). "
            "Fix the folder's permissions or free some space, or start with another folder: "
            "companion --data-dir /path/to/folder (or set COMPANION_DATA_DIR)."
        )


class PlaybookError(EnvironmentProblem):
    def __init__(self, file: str, line: int | None, reason: str):
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}, line {line}" if line else file
        super().__init__(f"Playbook {where}: {reason}")


class DatabaseProblem(EnvironmentProblem):
    """The database could not be used. `kind` says why, for code that reacts differently
    (wait and retry when "busy"): "busy", "read_only", "full", "damaged", "unavailable",
    "newer" (written by a newer version), "not_ours" or "other"."""

    def __init__(self, path: Path, message: str, kind: str = "other"):
        self.path = path
        self.kind = kind
        super().__init__(message)
