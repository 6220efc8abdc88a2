"""`companion doctor`: headless, changes nothing, exit 0 when healthy and 1 with reasons."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from companion.doctor import PROBLEM, WARNING, qt_platform_check, run_checks
from companion.store.backup import make_backup
from companion.store.db import SCHEMA_VERSION, open_database

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def headless_doctor(folder: Path) -> subprocess.CompletedProcess:
    """No display and no QT_QPA_PLATFORM: where an unguarded Qt import would abort."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(folder), "doctor"],
                          capture_output=True, text=True, timeout=60, env=env, cwd=REPO)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_healthy_folder_reports_everything_and_exits_0(paths):
    open_database(paths.db_path).close()
    make_backup(paths.db_path, paths.backups_dir)
    before = digest(paths.db_path)
    done = headless_doctor(paths.data_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for expected in (str(paths.db_path), str(paths.backups_dir), str(paths.log_dir),
                     str(paths.crash_log_path), f"schema {SCHEMA_VERSION} (current)",
                     "passed SQLite's integrity check", "1 backup; latest", "keyring",
                     "Qt platform", "PySide6", "Healthy."):
        assert expected in out, expected
    assert digest(paths.db_path) == before


def test_damaged_database_exits_1_naming_it(paths):
    shutil.copyfile(FIXTURES / f"schema-{SCHEMA_VERSION}.sqlite3", paths.db_path)
    data = bytearray(paths.db_path.read_bytes())
    data[:100] = b"\x00" * 100
    paths.db_path.write_bytes(bytes(data))
    before = digest(paths.db_path)
    done = headless_doctor(paths.data_dir)
    assert done.returncode == 1
    assert "Not healthy" in done.stdout and str(paths.db_path) in done.stdout
    assert "companion restore --latest" in done.stdout
    assert digest(paths.db_path) == before


def test_newer_schema_exits_1_naming_both_versions(paths):
    shutil.copyfile(FIXTURES / f"schema-{SCHEMA_VERSION}.sqlite3", paths.db_path)
    conn = sqlite3.connect(paths.db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    done = headless_doctor(paths.data_dir)
    assert done.returncode == 1
    assert f"schema {SCHEMA_VERSION + 1}, newer than this version's {SCHEMA_VERSION}" in done.stdout


def test_doctor_creates_nothing_in_a_new_folder(tmp_path):
    folder = tmp_path / "never-used"
    done = headless_doctor(folder)
    assert done.returncode == 0, done.stdout
    assert "does not exist yet" in done.stdout
    assert not folder.exists()


def test_a_bad_playbook_and_a_crash_are_warnings(paths):
    (paths.playbooks_dir / "broken.toml").write_text("id = [unclosed\n")
    paths.crash_log_path.write_text("# header\nFatal Python error: Segmentation fault\n")
    checks = {c.name: c for c in run_checks(paths)}
    assert checks["playbooks"].status == WARNING and "broken.toml" in checks["playbooks"].summary
    assert checks["crash log"].status == WARNING and str(paths.crash_log_path) in checks["crash log"].summary
    assert all(c.status != PROBLEM for c in checks.values())


def test_qt_platform_is_worked_out_without_qt():
    assert "offscreen" in qt_platform_check({"QT_QPA_PLATFORM": "offscreen"}).summary
    assert "xcb" in qt_platform_check({"DISPLAY": ":0"}, platform="linux").summary
    assert "wayland" in qt_platform_check({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux").summary
    assert "no display" in qt_platform_check({}, platform="linux").summary
    assert "cocoa" in qt_platform_check({}, platform="darwin").summary


def test_doctor_never_imports_qt(paths):
    code = ("import sys; from companion.cli import main; "
            f"main(['--data-dir', {str(paths.data_dir)!r}, 'doctor']); "
            "print('QT LOADED' if any(m.startswith('PySide6.Qt') for m in sys.modules) else 'NO QT')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.stdout.strip().endswith("NO QT"), done.stdout[-300:] + done.stderr
