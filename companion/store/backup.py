"""Backups of the calls database: taking one (checked before it counts) and keeping the right ones.

Backups are taken with SQLite's online backup API, so a copy is consistent even while
the app is writing; each copy must pass SQLite's integrity check before it counts, and
appears under its final name only when complete (temp file + fsync + rename), so a damaged
database can never rotate a good backup away. Restoring is in store/restore.py. The
rotation policy is a plain function of the file list and the current time, so it is tested
without waiting for weeks to pass.

File names say when (UTC) and why: `calls-20240501T093000Z-daily.sqlite3`.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from companion.errors import EnvironmentProblem
from companion.private_files import PRIVATE_FILE_MODE, make_private, make_private_folder
from companion.stale_temp import remove_stale_temp_files, temp_prefix
from companion.store.durable_files import fsync_dir, fsync_file, remove_quietly
from companion.store.health import connect_existing

# Kinds that take part in the day/week rotation; the others are safety copies taken
# before something risky (a schema upgrade, a restore) and kept separately.
ROTATING_KINDS = ("daily", "manual")
KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_SAFETY = 5

_NAME_RE = re.compile(
    r"^calls-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<counter>\d+))?-(?P<kind>daily|manual|pre-restore|pre-migration-v\d+)"
    r"\.sqlite3$"
)
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# How long a backup or a restore waits for another program's write lock before saying so.
LOCK_PATIENCE_S = 15.0
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


class BackupProblem(EnvironmentProblem):
    """A backup could not be written or read; the database itself is unchanged."""

    def __init__(self, path: Path, message: str):
        self.path = path
        super().__init__(message)


class DamagedSourceProblem(BackupProblem):
    """The database failed the check of its copy: no backup was kept, nothing was rotated."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime           # UTC
    kind: str                    # daily, manual, pre-restore, pre-migration-vN
    counter: int = 1             # 2, 3... for later backups taken within the same second

    @property
    def rotating(self) -> bool:
        return self.kind in ROTATING_KINDS


def backups_dir_for(db_path: Path) -> Path:
    """Where backups of `db_path` go: the same place as AppPaths.backups_dir."""
    return Path(db_path).parent / "backups"


# -- taking a backup ---------------------------------------------------------------------


def make_backup(db_path: Path, backups_dir: Path, kind: str = "manual",
                now: datetime | None = None) -> Path:
    """Copy the database at `db_path` into `backups_dir`; returns the new file.

    The copy is checked (PRAGMA integrity_check) before it gets its final name: a damaged
    or empty database raises DamagedSourceProblem and leaves no file, so it can never take
    a good backup's place in the rotation. Nothing is left behind if writing fails either
    (disk full, read-only): the temp file is removed.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        raise BackupProblem(db_path, f"There is no database at {db_path} yet, so there is "
                                     "nothing to back up.")
    if db_path.is_file() and db_path.stat().st_size == 0:
        raise DamagedSourceProblem(db_path, _refused_message(db_path, "the file is empty, 0 bytes"))
    now = now or datetime.now(timezone.utc)
    try:
        make_private_folder(backups_dir)
    except OSError as exc:
        raise BackupProblem(backups_dir, folder_message(backups_dir, exc)) from exc
    remove_stale_temp_files(backups_dir, ".calls-")
    final = _free_name(backups_dir, now, kind)
    tmp = backups_dir / f"{temp_prefix(final.name)}tmp"
    try:
        # A connection of its own: the backup API cannot read through a connection that
        # is itself in the middle of a write transaction (as during a migration).
        source = connect_existing(db_path)
    except sqlite3.Error as exc:
        from companion.store.problems import describe

        raise BackupProblem(db_path, "No backup was made. " + describe(db_path, exc)) from exc
    try:
        try:
            _copy_into(source, tmp)
        finally:
            source.close()
        problem = _copy_problem(tmp)
        if problem is not None:
            raise DamagedSourceProblem(db_path, _refused_message(db_path, problem))
        fsync_file(tmp)
        os.replace(tmp, final)
        fsync_dir(backups_dir)
    except DamagedSourceProblem:
        remove_quietly(tmp)
        raise
    except DatabaseBusy as exc:
        remove_quietly(tmp)
        raise BackupProblem(db_path, f"No backup was made: the database {db_path} stayed locked by "
                                     f"another program for {exc.waited_s:.0f} s. Try again once it "
                                     "is done.") from None
    except sqlite3.DatabaseError as exc:
        remove_quietly(tmp)
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            raise DamagedSourceProblem(db_path, _refused_message(db_path, str(exc))) from exc
        raise BackupProblem(final, _write_message(db_path, final, exc)) from exc
    except (sqlite3.Error, OSError) as exc:
        remove_quietly(tmp)
        raise BackupProblem(final, _write_message(db_path, final, exc)) from exc
    return final


def _copy_problem(copy: Path) -> str | None:
    """Why the fresh copy is not a sound Call Companion database, or None when it is.

    The full integrity check, not quick_check: a flipped byte in a table row passes
    quick_check and only shows as an index that no longer matches its table.
    """
    try:
        conn = connect_existing(copy, read_only=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "calls" not in tables:
                return "it holds no Call Companion data"
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)


def _copy_into(source: sqlite3.Connection, target: Path) -> None:
    remove_quietly(target)
    dest = sqlite3.connect(str(target))
    try:
        os.chmod(target, PRIVATE_FILE_MODE)      # private notes: owner only, whatever the umask
        copy_pages(source, dest, LOCK_PATIENCE_S)
        # A backup is one self-contained file: no -wal beside it to get lost when copied.
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def _free_name(folder: Path, now: datetime, kind: str) -> Path:
    stamp = now.astimezone(timezone.utc).strftime(STAMP_FORMAT)
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
        raise BackupProblem(backups_dir, folder_message(backups_dir, exc)) from exc
    found = []
    for name in names:
        match = _NAME_RE.match(name)
        if match is None:
            continue
        taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=timezone.utc)
        kind = match["kind"]
        found.append(BackupFile(backups_dir / name, taken_at, kind, int(match["counter"] or 1)))
    # Within one second, -2 was taken after the first: its name alone would sort it before.
    found.sort(key=lambda b: (b.taken_at, b.counter, b.path.name), reverse=True)
    return found


def backups_to_keep(backups: list[BackupFile], *, days: int = KEEP_DAYS, weeks: int = KEEP_WEEKS,
                    safety: int = KEEP_SAFETY) -> set[Path]:
    """The newest backup of each of the last `days` days and of the last `weeks` weeks.

    "Last" counts days and weeks that have a backup, not calendar time: after a month
    away, the old backups are still there when the first new one is taken.
    """
    rotating = sorted((b for b in backups if b.rotating), key=lambda b: (b.taken_at, b.counter),
                      reverse=True)
    keep: set[Path] = set()
    seen_days: list[date] = []
    seen_weeks: list[tuple[int, int]] = []
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
    others = sorted((b for b in backups if not b.rotating), key=lambda b: (b.taken_at, b.counter),
                    reverse=True)
    keep.update(b.path for b in others[:safety])
    return keep


def prune_backups(backups_dir: Path, just_made: Path | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps; returns what was deleted.

    `just_made` (the backup the caller is about to name to the user) is always kept. The
    ones kept are made owner-only, in case an older version left them readable.
    """
    backups = list_backups(backups_dir)
    keep = backups_to_keep(backups)
    if just_made is not None:
        keep.add(Path(just_made))
    for kept in keep:
        make_private(kept)            # backups an older version left readable by others
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
    """Once a day: back the database up, check the copy, then rotate. None when not due.

    A damaged database is not backed up and nothing is pruned (make_backup refuses it),
    so the good backups from before the damage stay.
    """
    if not daily_backup_due(list_backups(backups_dir), now):
        return None
    made = make_backup(db_path, backups_dir, kind="daily", now=now)
    prune_backups(backups_dir, just_made=made)
    return made


class DatabaseBusy(Exception):
    def __init__(self, waited_s: float):
        self.waited_s = waited_s
        super().__init__(f"still locked after {waited_s:.1f} s")


def copy_pages(src: sqlite3.Connection, dest: sqlite3.Connection, patience_s: float,
               on_wait: Callable[[], None] | None = None) -> None:
    """SQLite's online backup from `src` into `dest`, giving up after `patience_s` of locks.

    Python's Connection.backup retries a busy step forever; the progress callback is the
    one place to stop it, and raising there aborts the copy with the target unchanged.
    `on_wait` is called once, when the first step finds the database locked.
    """
    started = time.monotonic()
    told = False
    # Each busy step would otherwise sit in the target's own busy handler (10 s) first.
    dest.execute(f"PRAGMA busy_timeout = {int(min(patience_s, 0.5) * 1000)}")

    def progress(status: int, _remaining: int, _total: int) -> None:
        nonlocal told
        if status not in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return
        if not told and on_wait is not None:
            told = True
            on_wait()
        if time.monotonic() - started > patience_s:
            raise DatabaseBusy(time.monotonic() - started)

    src.backup(dest, progress=progress, sleep=0.05)


def latest_backup(backups_dir: Path) -> BackupFile | None:
    backups = list_backups(backups_dir)
    return backups[0] if backups else None


# -- small file helpers ---------------------------------------------------------------------


def _refused_message(db_path: Path, problem: str) -> str:
    return (f"The database {db_path} failed its check ({problem}), so no backup was made and "
            "the older backups were kept. Restore one (companion restore --latest) or run "
            "`companion doctor` for details.")


def folder_message(folder: Path, exc: OSError) -> str:
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
