"""Backups of the calls database: taking one, keeping the right ones, putting one back.

Backups are taken with SQLite's online backup API, so a copy is consistent even while
the app is writing, and each file appears under its final name only when complete
(temp file + fsync + rename). The rotation policy is a plain function of the file list
and the current time, so it is tested without waiting for weeks to pass.

File names say when (UTC) and why: `calls-20240501T093000Z-daily.sqlite3`.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from companion.errors import DatabaseProblem, EnvironmentProblem
from companion.store.health import (
    connect_existing,
    inspect_database_file,
    integrity_problem,
    is_damaged,
)

# Kinds that take part in the day/week rotation; the others are safety copies taken
# before something risky (a schema upgrade, a restore) and kept separately.
ROTATING_KINDS = ("daily", "manual")
KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_SAFETY = 5

_NAME_RE = re.compile(
    r"^calls-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?-(?P<kind>daily|manual|pre-restore|pre-migration-v\d+)"
    r"\.sqlite3$"
)
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupProblem(EnvironmentProblem):
    """A backup could not be written or read; the database itself is unchanged."""

    def __init__(self, path: Path, message: str):
        self.path = path
        super().__init__(message)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime           # UTC
    kind: str                    # daily, manual, pre-restore, pre-migration-vN

    @property
    def rotating(self) -> bool:
        return self.kind in ROTATING_KINDS


@dataclass(frozen=True)
class RestoreResult:
    schema_version: int                 # of the file put back (upgraded on next open)
    safety_backup: Path | None          # the state just before the restore
    set_aside: Path | None              # the damaged database, moved away untouched


def backups_dir_for(db_path: Path) -> Path:
    """Where backups of `db_path` go: the same place as AppPaths.backups_dir."""
    return Path(db_path).parent / "backups"


# -- taking a backup ---------------------------------------------------------------------


def make_backup(db_path: Path, backups_dir: Path, kind: str = "manual",
                now: datetime | None = None) -> Path:
    """Copy the database at `db_path` into `backups_dir`; returns the new file.

    Nothing is left behind if it fails (disk full, read-only): the temp file is removed.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        raise BackupProblem(db_path, f"There is no database at {db_path} yet, so there is "
                                     "nothing to back up.")
    now = now or datetime.now(timezone.utc)
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupProblem(backups_dir, _folder_message(backups_dir, exc)) from exc
    final = _free_name(backups_dir, now, kind)
    tmp = backups_dir / f".{final.name}.tmp"
    try:
        # A connection of its own: the backup API cannot read through a connection that
        # is itself in the middle of a write transaction (as during a migration).
        source = connect_existing(db_path)
    except sqlite3.Error as exc:
        from companion.store.db import describe_sqlite_error

        raise BackupProblem(db_path, "No backup was made. " + describe_sqlite_error(db_path, exc)) from exc
    try:
        try:
            _copy_into(source, tmp)
        finally:
            source.close()
        _fsync_file(tmp)
        os.replace(tmp, final)
        _fsync_dir(backups_dir)
    except (sqlite3.Error, OSError) as exc:
        _remove_quietly(tmp)
        raise BackupProblem(final, _write_message(db_path, final, exc)) from exc
    return final


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    _remove_quietly(target)
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
        # A backup is one self-contained file: no -wal beside it to get lost when copied.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _free_name(folder: Path, now: datetime, kind: str) -> Path:
    stamp = now.astimezone(timezone.utc).strftime(_STAMP_FORMAT)
    candidate = folder / f"calls-{stamp}-{kind}.sqlite3"
    counter = 2
    while candidate.exists():      # two backups in one second: never overwrite the first
        candidate = folder / f"calls-{stamp}-{counter}-{kind}.sqlite3"
        counter += 1
    return candidate


def backup_before_migration(db_path: Path, from_version: int) -> Path:
    """The safety copy taken before a schema upgrade touches an existing database."""
    return make_backup(db_path, backups_dir_for(db_path), kind=f"pre-migration-v{from_version}")


# -- listing and rotation ------------------------------------------------------------------


def list_backups(backups_dir: Path) -> list[BackupFile]:
    """Backups found in the folder, newest first; files with other names are ignored."""
    try:
        names = os.listdir(backups_dir)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise BackupProblem(backups_dir, _folder_message(backups_dir, exc)) from exc
    found = []
    for name in names:
        match = _NAME_RE.match(name)
        if match is None:
            continue
        taken_at = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=timezone.utc)
        kind = match["kind"]
        found.append(BackupFile(backups_dir / name, taken_at, kind))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backups_to_keep(backups: list[BackupFile], *, days: int = KEEP_DAYS, weeks: int = KEEP_WEEKS,
                    safety: int = KEEP_SAFETY) -> set[Path]:
    """The newest backup of each of the last `days` days and of the last `weeks` weeks.

    "Last" counts days and weeks that have a backup, not calendar time: after a month
    away, the old backups are still there when the first new one is taken.
    """
    rotating = sorted((b for b in backups if b.rotating), key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = set()
    seen_days: list = []
    seen_weeks: list = []
    for backup in rotating:
        local = backup.taken_at.astimezone()
        day = local.date()
        week = day.isocalendar()[:2]
        if day not in seen_days and len(seen_days) < days:
            seen_days.append(day)
            keep.add(backup.path)
        if week not in seen_weeks and len(seen_weeks) < weeks:
            seen_weeks.append(week)
            keep.add(backup.path)
    others = sorted((b for b in backups if not b.rotating), key=lambda b: b.taken_at, reverse=True)
    keep.update(b.path for b in others[:safety])
    return keep


def prune_backups(backups_dir: Path) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns what was deleted."""
    backups = list_backups(backups_dir)
    keep = backups_to_keep(backups)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
            except FileNotFoundError:
                pass
            removed.append(backup.path)
    return removed


def daily_backup_due(backups: list[BackupFile], now: datetime | None = None) -> bool:
    today = (now or datetime.now(timezone.utc)).astimezone().date()
    return not any(b.rotating and b.taken_at.astimezone().date() == today for b in backups)


def take_daily_backup(db_path: Path, backups_dir: Path, now: datetime | None = None) -> Path | None:
    """Once a day: check the database, back it up, then rotate. None when not due.

    A damaged database is not backed up and nothing is pruned, so the good backups
    from before the damage stay.
    """
    if not daily_backup_due(list_backups(backups_dir), now):
        return None
    if is_damaged(db_path):
        problem = integrity_problem(db_path, quick=True)
        raise BackupProblem(db_path, f"The database {db_path} failed its check ({problem}), so "
                                     "no backup was taken and older backups were kept. Run "
                                     "`companion doctor` for details.")
    made = make_backup(db_path, backups_dir, kind="daily", now=now)
    prune_backups(backups_dir)
    return made


# -- putting a backup back ------------------------------------------------------------------


def restore_backup(source: Path, db_path: Path, backups_dir: Path,
                   now: datetime | None = None) -> RestoreResult:
    """Replace the database with `source`, after backing up (or setting aside) the current one.

    `source` is checked first and never changed. A damaged current database is moved
    aside untouched instead of being backed up or overwritten.
    """
    source, db_path = Path(source), Path(db_path)
    now = now or datetime.now(timezone.utc)
    try:
        backups_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupProblem(backups_dir, _folder_message(backups_dir, exc)) from exc
    incoming = backups_dir / ".restore-incoming.tmp"
    try:
        _copy_with_wal(source, incoming)
        _settle_into_single_file(incoming, source)
        version = inspect_database_file(incoming)
        safety = set_aside = None
        if db_path.exists():
            if integrity_problem(db_path, quick=True) is None:
                safety = make_backup(db_path, backups_dir, kind="pre-restore", now=now)
            else:
                set_aside = set_aside_damaged(db_path, now)
        if db_path.exists():
            # Through SQLite, not a file copy: a running app's connection stays valid and
            # sees the restored content, and the -wal beside the database stays coherent.
            src = connect_existing(incoming, read_only=True)
            dest = connect_existing(db_path)
            try:
                src.backup(dest)
            finally:
                src.close()
                dest.close()
        else:
            _fsync_file(incoming)
            os.replace(incoming, db_path)
            _fsync_dir(db_path.parent)
        return RestoreResult(version, safety, set_aside)
    except DatabaseProblem as exc:
        if exc.path == incoming:        # name the user's file, not our private copy
            raise DatabaseProblem(source, str(exc).replace(str(incoming), str(source))) from None
        raise
    except (sqlite3.Error, OSError) as exc:
        raise BackupProblem(db_path, f"Restoring {source} into {db_path} failed ({exc}). "
                                     "The database was not changed.") from exc
    finally:
        for leftover in (incoming, Path(f"{incoming}-wal"), Path(f"{incoming}-shm"),
                         Path(f"{incoming}-journal")):
            _remove_quietly(leftover)


def latest_backup(backups_dir: Path) -> BackupFile | None:
    backups = list_backups(backups_dir)
    return backups[0] if backups else None


def set_aside_damaged(db_path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm) out of the way; its bytes are kept."""
    db_path = Path(db_path)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(_STAMP_FORMAT)
    target = db_path.with_name(f"{db_path.stem}-damaged-{stamp}{db_path.suffix}")
    counter = 2
    while target.exists():
        target = db_path.with_name(f"{db_path.stem}-damaged-{stamp}-{counter}{db_path.suffix}")
        counter += 1
    try:
        for suffix in ("-wal", "-shm"):
            companion_file = Path(f"{db_path}{suffix}")
            if companion_file.exists():
                os.replace(companion_file, Path(f"{target}{suffix}"))
        os.replace(db_path, target)
        _fsync_dir(db_path.parent)
    except OSError as exc:
        raise BackupProblem(db_path, f"The damaged database {db_path} could not be moved aside "
                                     f"({exc.strerror or exc}). Move it yourself, then start again.") from exc
    return target


# -- small file helpers ---------------------------------------------------------------------


def _copy_with_wal(source: Path, target: Path) -> None:
    if not source.is_file():
        raise DatabaseProblem(source, f"{source} does not exist or is not a file.")
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.is_file():           # committed data still in the log belongs to the database
        shutil.copyfile(wal, Path(f"{target}-wal"))


def _settle_into_single_file(path: Path, named_as: Path) -> None:
    """Fold a copied -wal into the copy itself, so it can then be read read-only."""
    try:
        conn = connect_existing(path)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseProblem(named_as, f"{named_as} is not a Call Companion database ({exc}).") from exc


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _folder_message(folder: Path, exc: OSError) -> str:
    return (f"The backup folder {folder} cannot be used ({exc.strerror or exc}). Fix its "
            "permissions or free some space.")


def _write_message(db_path: Path, target: Path, exc: Exception) -> str:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) in (28, 27):    # ENOSPC, EFBIG
        why = "the disk is full"
    elif "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (13, 30):
        why = "the folder is read-only"
    else:
        why = str(exc)
    return (f"No backup of {db_path} could be written to {target.parent} ({why}). "
            "Nothing was half-written and the database is unchanged; free some space or fix "
            "the folder, then try again (companion backup).")
