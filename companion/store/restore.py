"""Putting a backup back, and moving a damaged database out of the way.

The backup is copied and checked first and never changed; the current database is backed
up (or, when damaged, set aside byte for byte) before its content is replaced.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from companion.errors import DatabaseProblem
from companion.private_files import PRIVATE_FILE_MODE, make_private_folder
from companion.stale_temp import remove_stale_temp_files, temp_prefix
from companion.store.backup import (
    LOCK_PATIENCE_S,
    STAMP_FORMAT,
    BackupProblem,
    DamagedSourceProblem,
    DatabaseBusy,
    copy_pages,
    folder_message,
    make_backup,
)
from companion.store.durable_files import fsync_dir, fsync_file, remove_quietly
from companion.store.health import connect_existing, inspect_database_file

# The fixed name older versions used; nothing writes it any more, so any such file is stale.
LEGACY_INCOMING = ".restore-incoming.tmp"


@dataclass(frozen=True)
class RestoreResult:
    schema_version: int                 # of the file put back (upgraded on next open)
    safety_backup: Path | None          # the state just before the restore
    set_aside: Path | None              # the damaged database, moved away untouched


def restore_backup(source: Path, db_path: Path, backups_dir: Path,
                   now: datetime | None = None, patience_s: float = LOCK_PATIENCE_S,
                   on_wait: Callable[[], None] | None = None) -> RestoreResult:
    """Replace the database with `source`, after backing up (or setting aside) the current one.

    `source` is checked first and never changed. A damaged current database is moved
    aside untouched instead of being backed up or overwritten. When another program holds
    the database's write lock for longer than `patience_s`, nothing is restored and the
    BackupProblem says so (instead of waiting silently for as long as the lock is held);
    `on_wait` is called when the wait begins, to say so.
    """
    source, db_path = Path(source), Path(db_path)
    now = now or datetime.now(timezone.utc)
    try:
        make_private_folder(backups_dir)
    except OSError as exc:
        raise BackupProblem(backups_dir, folder_message(backups_dir, exc)) from exc
    # What a killed restore left behind (its copy of the backup, and that copy's -wal).
    remove_stale_temp_files(backups_dir, ".restore-incoming")
    remove_quietly(backups_dir / LEGACY_INCOMING)
    incoming = backups_dir / f"{temp_prefix('restore-incoming')}tmp"
    try:
        _copy_with_wal(source, incoming)
        _settle_into_single_file(incoming, source)
        version = inspect_database_file(incoming)
        safety = set_aside = None
        if db_path.exists():
            try:
                safety = make_backup(db_path, backups_dir, kind="pre-restore", now=now)
            except DamagedSourceProblem:
                set_aside = set_aside_damaged(db_path, now)
        if db_path.exists():
            # Through SQLite, not a file copy: a running app's connection stays valid and
            # sees the restored content, and the -wal beside the database stays coherent.
            src = connect_existing(incoming, read_only=True)
            dest = connect_existing(db_path)
            try:
                copy_pages(src, dest, patience_s, on_wait)
            finally:
                src.close()
                dest.close()
        else:
            fsync_file(incoming)
            os.chmod(incoming, PRIVATE_FILE_MODE)
            os.replace(incoming, db_path)
            fsync_dir(db_path.parent)
        return RestoreResult(version, safety, set_aside)
    except DatabaseProblem as exc:
        if exc.path == incoming:        # name the user's file, not our private copy
            raise DatabaseProblem(source, str(exc).replace(str(incoming), str(source))) from None
        raise
    except DatabaseBusy as exc:
        raise BackupProblem(db_path, f"The database {db_path} is in use by another program (an "
                                     f"import, or the app saving) and stayed locked for "
                                     f"{exc.waited_s:.0f} s. Nothing was restored. Wait for it to "
                                     "finish or close it, then try again.") from None
    except (sqlite3.Error, OSError) as exc:
        raise BackupProblem(db_path, f"Restoring {source} into {db_path} failed ({exc}). "
                                     "The database was not changed.") from exc
    finally:
        for leftover in (incoming, Path(f"{incoming}-wal"), Path(f"{incoming}-shm"),
                         Path(f"{incoming}-journal")):
            remove_quietly(leftover)


def set_aside_damaged(db_path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm) out of the way; its bytes are kept."""
    db_path = Path(db_path)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(STAMP_FORMAT)
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
        fsync_dir(db_path.parent)
    except OSError as exc:
        raise BackupProblem(db_path, f"The damaged database {db_path} could not be moved aside "
                                     f"({exc.strerror or exc}). Move it yourself, then start again.") from exc
    return target


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
