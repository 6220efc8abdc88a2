"""Every subcommand says the same thing with its exit code: 0 done, 1 the environment or the
input stopped it (with a message, never a traceback), 2 bad arguments."""

from __future__ import annotations

import subprocess
import sys

import pytest

from companion.commands import EXIT_PROBLEM, EXIT_USAGE, run_window

DAMAGED = b"this is not an SQLite database, it only has its name" * 200


def companion(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("export", "--format", "json"),
    ("import", "calls.json"),
    ("backup",),
    ("demo-data", "--days", "1"),
])
def test_a_damaged_database_stops_every_command_with_exit_1(tmp_path, args):
    data = tmp_path / "data"
    data.mkdir()
    (data / "calls.sqlite3").write_bytes(DAMAGED)
    (tmp_path / "calls.json").write_text('{"format": 1, "calls": []}', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == EXIT_PROBLEM, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "calls.sqlite3" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("export",), ("export", "--format", "pdf"), ("restore",), ("demo-data", "--days", "0"),
])
def test_bad_arguments_exit_2_in_every_command(tmp_path, args):
    done = companion(tmp_path / "data", *args)
    assert done.returncode == EXIT_USAGE, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr


def test_a_window_command_that_cannot_open_the_database_exits_1(tmp_path, monkeypatch, qapp):
    from companion.paths import AppPaths
    from companion.ui import app as bootstrap

    data = tmp_path / "data"
    data.mkdir()
    (data / "calls.sqlite3").write_bytes(DAMAGED)
    shown = []
    monkeypatch.setattr(bootstrap, "show_problem", lambda title, message: shown.append((title, message)))
    built = []
    code = run_window(AppPaths.resolve(str(data)), "the review", built.append)
    assert code == EXIT_PROBLEM and built == []
    assert shown and shown[0][0].endswith("cannot open the review") and "calls.sqlite3" in shown[0][1]
