"""A live call in the real window while the disk under it fills up.

Usage (as root, inside `unshare -m`, so the mount vanishes with the process):
    python full_disk_driver.py DATA_DIR

Puts DATA_DIR on a small tmpfs, starts a call, fills the disk, keeps typing, tries a
backup and a wrap-up save, then frees the space. Prints `RESULT <json>` lines with what
it observed; the test judges them. (Linux refuses to remount read-only while files are
open for writing, so a disk going read-only mid-call is tested in-process instead.)
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def result(name: str, value) -> None:
    print("RESULT " + json.dumps({name: value}), flush=True)


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True)


def draft_on_disk(db_path: Path) -> dict | None:
    """What another process would read right now: the committed draft, and the integrity."""
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT body FROM drafts").fetchall()
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return {"bodies": [json.loads(r[0]) for r in rows], "integrity": check}


def fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for chunk in (65536, 512):          # big blocks, then the last partial one
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def main(data_dir: str) -> None:
    from PySide6.QtWidgets import QApplication

    from companion.core.call import Call
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.store import backup
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.services import build_services

    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    mount("-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(folder))
    paths = AppPaths.resolve(folder)
    paths.ensure()
    create_application([])
    db = open_database(paths.db_path)
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    statuses: list[tuple[bool, str]] = []
    window.draft_saver.status_changed.connect(lambda ok, message: statuses.append((ok, message)))
    window.show()
    window.begin(Call(contact="Ann Fischer", company="Nordlicht GmbH", playbook_id="discovery"))
    window.notes_edit.insertPlainText("Before the trouble. ")
    window.toggle_moment_number(1)
    assert window.draft_saver.flush()
    before = draft_on_disk(paths.db_path)

    # -- the trouble starts --
    filler = fill(folder)
    # A big paste: the draft must grow past what the log already holds to need new space.
    window.notes_edit.insertPlainText("During the trouble: " + "pricing details " * 6000)
    window.toggle_moment_number(2)
    result("saved_during_trouble", window.draft_saver.flush())
    result("status_during_trouble", statuses[-1][1] if statuses else "")
    result("in_memory_has_new_notes", "During the trouble" in window.call.notes)
    during = draft_on_disk(paths.db_path)
    result("draft_on_disk_unchanged", during["bodies"] == before["bodies"])
    result("integrity_during_trouble", during["integrity"])
    try:
        backup.make_backup(paths.db_path, paths.backups_dir)
        result("backup_on_full_disk", "written")
    except backup.BackupProblem as exc:
        result("backup_on_full_disk", str(exc))
    leftovers = [p.name for p in paths.backups_dir.glob("*")] if paths.backups_dir.exists() else []
    result("backup_leftovers", leftovers)
    calls_before = window.store.count_calls()
    other = Call(contact="Bob", company="Harbour", playbook_id="discovery")
    other.set_notes("A whole call saved on a full disk. " * 3000)
    try:
        window._save_call(other)
        result("call_save_on_full_disk", "saved")
    except Exception as exc:              # DatabaseProblem expected: judged by the test
        result("call_save_on_full_disk", f"{type(exc).__name__}: {exc}")
    result("calls_unchanged_after_failed_save", window.store.count_calls() == calls_before)

    # -- the trouble ends; the retry timer saves without anyone doing anything --
    filler.unlink()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and not (statuses and statuses[-1][0]):
        QApplication.processEvents()
        time.sleep(0.02)
    result("status_after_trouble", statuses[-1][1] if statuses else "")
    after = draft_on_disk(paths.db_path)
    saved = after["bodies"][0] if after["bodies"] else {}
    result("draft_has_everything", saved.get("notes") == window.call.notes
           and len(saved.get("moments", [])) == 2)
    result("integrity_after_trouble", after["integrity"])
    window.draft_saver.track(None)
    db.close()


if __name__ == "__main__":
    main(sys.argv[1])
