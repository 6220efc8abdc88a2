"""What a user installs works: the wheel carries the resources, and the self-test passes."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from companion import APP_ID

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_self_test_passes_in_a_fresh_process(tmp_path):
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)       # the self-test must set up offscreen by itself
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "companion", "--self-test"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for check in ("resources", "playbooks", "database", "coach", "main window"):
        assert any(line.startswith(f"ok   {check}:") for line in lines), result.stdout
    assert lines[-1] == "self-test passed"


@pytest.mark.slow
def test_self_test_leaves_the_users_data_alone(tmp_path):
    data = tmp_path / "user-data"
    env = dict(os.environ, COMPANION_DATA_DIR=str(data))
    result = subprocess.run([sys.executable, "-m", "companion", "--self-test"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not data.exists()


def test_self_test_reports_a_failure_with_exit_code_1(monkeypatch, capsys):
    from companion import self_test

    def broken(run):
        raise self_test.SelfTestFailure("no built-in playbook was found")

    monkeypatch.setattr(self_test, "CHECKS", [("playbooks", broken)])
    assert self_test.run_self_test() == 1
    assert "FAIL playbooks: no built-in playbook was found" in capsys.readouterr().out


@pytest.mark.slow
def test_wheel_contains_the_resources(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = tmp_path.glob("call_companion-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    playbooks = {n for n in names if n.startswith("companion/resources/playbooks/") and n.endswith(".toml")}
    assert {"companion/resources/playbooks/discovery.toml",
            "companion/resources/playbooks/proposal.toml"} <= playbooks
    for icon in ("app", "tray", "start", "end", "pin"):
        assert f"companion/resources/icons/{icon}.svg" in names
    assert f"companion/resources/icons/hicolor/512x512/apps/{APP_ID}.png" in names
    assert "companion/self_test.py" in names and "companion/autostart.py" in names
    # The console entry point that the desktop file's Exec= names.
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "companion = companion.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
