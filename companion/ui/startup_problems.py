"""Opening the database at start, and the choice offered when the file is damaged.

A damaged file is never repaired in place or overwritten: the rep chooses between
putting the latest backup back and starting an empty database, and either way the
damaged file is moved aside, byte for byte, for a later rescue. Or quits and calls
someone who knows SQLite.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from companion import APP_NAME
from companion.errors import EnvironmentProblem
from companion.paths import AppPaths
from companion.store import backup, health, restore

log = logging.getLogger(__name__)

RESTORE, START_NEW, QUIT = "restore", "start_new", "quit"


def damaged_database_message(paths: AppPaths, latest: backup.BackupFile | None) -> str:
    if _emptied(paths):
        found = "the file is empty, 0 bytes, though there are backups of it"
    else:
        found = health.integrity_problem(paths.db_path, quick=True) or "it cannot be read"
    if latest is not None:
        offer = (f"The latest backup is from {latest.taken_at.astimezone():%A %d %B %Y, %H:%M}; "
                 "calls saved after it would need to be entered again.")
    else:
        offer = f"There is no backup in {paths.backups_dir} to restore."
    return (f"The database {paths.db_path} is damaged ({found}).\n\n{offer}\n\n"
            "Whatever you choose, the damaged file is kept, unchanged, in the same folder.")


def ask_about_damaged_database(paths: AppPaths, parent: QWidget | None = None) -> str:
    latest = backup.latest_backup(paths.backups_dir)
    box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_NAME}: the database is damaged",
                      damaged_database_message(paths, latest), parent=parent)
    buttons = {}
    if latest is not None:
        buttons[RESTORE] = box.addButton("Restore the latest backup", QMessageBox.ButtonRole.AcceptRole)
    buttons[START_NEW] = box.addButton("Start a new database", QMessageBox.ButtonRole.DestructiveRole)
    buttons[QUIT] = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    for button in buttons.values():
        button.setAccessibleName(button.text())
    box.setDefaultButton(buttons.get(RESTORE, buttons[QUIT]))
    box.setEscapeButton(buttons[QUIT])
    box.exec()
    clicked = box.clickedButton()
    return next((key for key, button in buttons.items() if button is clicked), QUIT)


def apply_choice(paths: AppPaths, choice: str) -> str:
    """Carry out RESTORE or START_NEW; returns what to tell the user. Plain file work."""
    if choice == RESTORE:
        latest = backup.latest_backup(paths.backups_dir)
        if latest is None:
            raise backup.BackupProblem(paths.backups_dir, f"There is no backup in {paths.backups_dir}.")
        result = restore.restore_backup(latest.path, paths.db_path, paths.backups_dir)
        kept = result.set_aside or result.safety_backup
        return f"Restored the backup {latest.path.name}. The damaged file is kept as {kept}."
    kept = restore.set_aside_damaged(paths.db_path)
    return f"Started a new, empty database. The damaged file is kept as {kept}."


def open_database_at_start(paths: AppPaths, ask=ask_about_damaged_database, tell=None):
    """The open database, or None when the rep chose to quit.

    The damage check runs before open_database, which would otherwise write to the
    file (journal mode, migrations). Other problems (locked, newer schema, read-only)
    raise EnvironmentProblem for the caller's message.
    """
    from companion.store.db import open_database

    tell = tell or _inform
    # Not the whole-file check here: it reads every page (0.9 s on a million calls) before
    # the window could show; the daily backup runs it on a worker thread after the start.
    while paths.db_path.exists() and (health.is_damaged(paths.db_path, whole_file=False)
                                      or _emptied(paths)):
        choice = ask(paths)
        log.warning("Damaged database %s; the user chose %s", paths.db_path, choice)
        if choice == QUIT:
            return None
        try:
            tell(apply_choice(paths, choice))
        except EnvironmentProblem as exc:
            tell(f"That did not work: {exc}")
    return open_database(paths.db_path)


def _emptied(paths: AppPaths) -> bool:
    """A 0-byte database where backups exist lost its calls (SQLite would take it for a new,
    empty database and the app would carry on as if nothing had happened). Without backups
    it is just a first start that stopped early."""
    try:
        if paths.db_path.stat().st_size != 0:
            return False
        return backup.latest_backup(paths.backups_dir) is not None
    except (OSError, EnvironmentProblem):
        return False


def _inform(message: str) -> None:
    QMessageBox.information(None, APP_NAME, message)
