"""Health checks as plain data: what `companion doctor` prints and judges.

Every check only reads: no folder is created, no database is opened for writing, no
migration runs, no secret is read (reading can pop up an unlock prompt). No Qt is
imported either, so it works on a machine without a display.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from companion.core.call_text import counted
from companion.paths import AppPaths

OK, INFO, WARNING, PROBLEM = "ok", "info", "warning", "problem"
LOW_SPACE_BYTES = 50 * 1024 * 1024
BACKUP_STALE_DAYS = 2


@dataclass(frozen=True)
class Check:
    name: str
    status: str          # ok | info | warning | problem
    summary: str         # one line: the state, naming the file
    advice: str = ""     # what to do, when it is not ok


def run_checks(paths: AppPaths, environ=None) -> list[Check]:
    environ = os.environ if environ is None else environ
    return [
        *path_checks(paths),
        folder_check(paths.data_dir),
        privacy_check(paths),
        *database_checks(paths.db_path),
        backup_check(paths),
        playbooks_check(paths),
        keyring_check(),
        qt_platform_check(environ),
        crash_log_check(paths.crash_log_path),
    ]


def problems(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.status == PROBLEM]


def path_checks(paths: AppPaths) -> list[Check]:
    return [
        Check("data folder", INFO, str(paths.data_dir)),
        Check("settings folder", INFO, str(paths.config_dir)),
        Check("log folder", INFO, str(paths.log_dir)),
        Check("database file", INFO, str(paths.db_path)),
        Check("backups folder", INFO, str(paths.backups_dir)),
        Check("crash log", INFO, str(paths.crash_log_path)),
    ]


def folder_check(folder: Path) -> Check:
    if not folder.exists():
        return Check("data folder access", INFO,
                     f"{folder} does not exist yet; the app creates it on first start.")
    try:
        # A real write, not os.access(): a full disk or a read-only mount only shows this way.
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"x")
            probe.flush()
    except OSError as exc:
        return Check("data folder access", PROBLEM, f"{folder} cannot be written ({exc.strerror or exc}).",
                     "Fix the folder's permissions or free space, or use another folder with "
                     "--data-dir.")
    free = shutil.disk_usage(folder).free
    if free < LOW_SPACE_BYTES:
        return Check("data folder access", WARNING,
                     f"{folder} is writable but only {free // 1024 // 1024} MB are free.",
                     "Free some space: calls cannot be saved on a full disk.")
    return Check("data folder access", OK, f"{folder} is writable ({free // 1024 // 1024} MB free).")


def privacy_check(paths: AppPaths) -> Check:
    """Folders and files of ours that other users of this machine could read."""
    loose = []
    for folder in dict.fromkeys((paths.data_dir, paths.config_dir, paths.log_dir, paths.backups_dir)):
        for path in (folder, *(_files_in(folder))):
            try:
                if os.stat(path, follow_symlinks=False).st_mode & 0o077:
                    loose.append(path)
            except OSError:
                continue
    if not loose:
        return Check("privacy", OK, "data, settings, logs and backups are readable by you only.")
    shown = ", ".join(str(p) for p in loose[:3]) + (f" and {len(loose) - 3} more" if len(loose) > 3 else "")
    return Check("privacy", WARNING, f"other users of this machine can read {shown}.",
                 "The next start of Call Companion makes them private (0700 folders, 0600 files); "
                 "or run: chmod -R go-rwx on those folders.")


def _files_in(folder: Path) -> list[Path]:
    try:
        return [folder / name for name in os.listdir(folder) if (folder / name).is_file()]
    except OSError:
        return []


def database_checks(db_path: Path) -> list[Check]:
    from companion.store.db import SCHEMA_VERSION

    if not db_path.exists():
        return [Check("database", INFO, f"{db_path} does not exist yet; the app creates it on first start.")]
    from companion.store.health import foreign_wal_problem

    foreign = foreign_wal_problem(db_path)
    if foreign is not None:
        return [Check("database", PROBLEM, f"{db_path}-wal does not belong to the database ({foreign}).",
                      "Move that -wal file out of the folder (or put back the database it came "
                      "with); the app refuses to start until then.")]
    if db_path.is_file() and db_path.stat().st_size == 0:
        # SQLite reads an empty file as a valid empty database: "ok" would hide lost calls.
        return [Check("database", PROBLEM, f"{db_path} is empty (0 bytes): it holds no calls.",
                      "Restore the latest backup: companion restore --latest (the empty file is "
                      "kept aside). Or delete it to start a new database.")]
    from companion.errors import DatabaseProblem
    from companion.store.health import check_read_only, is_damaged

    try:
        version, result = check_read_only(db_path)
    except DatabaseProblem as exc:
        advice = ("Restore the latest backup: companion restore --latest (the damaged file is "
                  "kept aside)." if is_damaged(db_path) else "")
        return [Check("database", PROBLEM, str(exc), advice)]
    if version > SCHEMA_VERSION:
        schema = Check("schema version", PROBLEM,
                       f"{db_path} has schema {version}, newer than this version's {SCHEMA_VERSION}.",
                       "Update Call Companion, or use another data folder (--data-dir).")
    elif version < SCHEMA_VERSION:
        schema = Check("schema version", OK, f"schema {version}; upgraded to {SCHEMA_VERSION} on the "
                                             "next start (after a backup).")
    else:
        schema = Check("schema version", OK, f"schema {version} (current)")
    if result == ["ok"]:
        integrity = Check("integrity check", OK, f"{db_path} passed SQLite's integrity check.")
    else:
        integrity = Check("integrity check", PROBLEM, f"{db_path} is damaged: {'; '.join(result)}",
                          "Restore the latest backup: companion restore --latest (the damaged "
                          "file is kept aside).")
    return [schema, integrity]


def backup_check(paths: AppPaths, now: datetime | None = None) -> Check:
    from companion.store.backup import BackupProblem, list_backups

    try:
        backups = list_backups(paths.backups_dir)
    except BackupProblem as exc:
        return Check("backups", WARNING, str(exc))
    if not backups:
        if not paths.db_path.exists():
            return Check("backups", INFO, "none yet (no database yet).")
        return Check("backups", WARNING, f"no backup in {paths.backups_dir} yet.",
                     "Make one now: companion backup (the app also makes one each day).")
    latest = backups[0]
    age = (now or datetime.now(timezone.utc)) - latest.taken_at
    summary = (f"{counted(len(backups), 'backup')}; latest {latest.taken_at.astimezone():%Y-%m-%d %H:%M} "
               f"({latest.kind}): {latest.path}")
    if age.days >= BACKUP_STALE_DAYS:
        return Check("backups", WARNING, summary, f"The latest backup is {counted(age.days, 'day')} old: "
                                                  "companion backup makes one now.")
    return Check("backups", OK, summary)


def playbooks_check(paths: AppPaths) -> Check:
    from companion.resources import resource_path
    from companion.store.playbook_files import load_playbooks

    try:
        builtin = resource_path("playbooks")
    except FileNotFoundError as exc:
        return Check("playbooks", PROBLEM, str(exc), "Reinstall Call Companion.")
    loaded = load_playbooks(builtin, paths.playbooks_dir)
    names = ", ".join(sorted(p.id for p in loaded.playbooks)) or "none"
    if not loaded.playbooks:
        return Check("playbooks", PROBLEM, "no playbook could be loaded.", "Reinstall Call Companion.")
    if loaded.errors:
        details = "; ".join(str(e) for e in loaded.errors)
        return Check("playbooks", WARNING, f"loaded {names}; skipped: {details}",
                     f"Fix or remove the files named (in {paths.playbooks_dir}).")
    return Check("playbooks", OK, f"loaded {names}")


def keyring_check() -> Check:
    from companion.integrations.secrets import secret_store_status

    status = secret_store_status()
    if status.available:
        return Check("keyring", OK, f"{status.backend}: available")
    return Check("keyring", WARNING, f"{_backend_name()}: {status.message or 'no secret store available'}",
                 "Only the webhook token needs it; everything else works.")


def _backend_name() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:           # a broken keyring configuration is a state to report
        return f"keyring not loadable ({type(exc).__name__})"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def qt_platform_check(environ, platform: str | None = None) -> Check:
    """Which Qt platform the app would use, worked out without importing Qt."""
    import sys
    from importlib.metadata import PackageNotFoundError, version

    qt = None
    for distribution in ("PySide6-Essentials", "PySide6"):
        try:
            qt = f"PySide6 {version(distribution)}"
            break
        except PackageNotFoundError:
            continue
    if qt is None:
        return Check("Qt platform", PROBLEM, "PySide6 is not installed.", "Reinstall Call Companion.")
    platform = platform or sys.platform
    chosen = environ.get("QT_QPA_PLATFORM")
    if chosen:
        return Check("Qt platform", OK, f"{qt}; QT_QPA_PLATFORM={chosen}")
    if platform in ("win32", "darwin"):
        native = "windows" if platform == "win32" else "cocoa"
        return Check("Qt platform", OK, f"{qt}; {native}")
    if environ.get("WAYLAND_DISPLAY"):
        return Check("Qt platform", OK, f"{qt}; wayland (WAYLAND_DISPLAY={environ['WAYLAND_DISPLAY']})")
    if environ.get("DISPLAY"):
        return Check("Qt platform", OK, f"{qt}; xcb (DISPLAY={environ['DISPLAY']})")
    return Check("Qt platform", INFO, f"{qt}; no display here: the window cannot open, subcommands work.",
                 "Set QT_QPA_PLATFORM=offscreen for headless use.")


def crash_log_check(crash_log: Path) -> Check:
    from companion.crashlog import read_crash_report

    report = read_crash_report(crash_log)
    if report:
        return Check("crash log", WARNING, f"the last run crashed; details in {crash_log}",
                     "If it happens again, send that file with a note of what you were doing.")
    return Check("crash log", OK, "no crash recorded")


def format_report(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = []
    for check in checks:
        mark = "" if check.status == INFO else f"[{check.status}] "
        lines.append(f"{check.name.ljust(width)}  {mark}{check.summary}")
        if check.advice and check.status in (WARNING, PROBLEM):
            lines.append(f"{''.ljust(width)}  -> {check.advice}")
    found = problems(checks)
    if found:
        lines.append("")
        lines.append(f"Not healthy: {len(found)} problem{'s' if len(found) > 1 else ''}:")
        lines.extend(f"  - {c.name}: {c.summary}" for c in found)
    else:
        lines.append("")
        lines.append("Healthy.")
    return "\n".join(lines)
