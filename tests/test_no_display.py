"""With no display, opening a window says so in plain words and exits 2; it never lets Qt
abort the process with a message about missing libraries."""

import os
import subprocess
import sys

import pytest

from companion.display import missing_display


def run_without_display(*args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "data"), *args],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("args", [(), ("review",), ("practice",)])
def test_window_commands_without_a_display_explain_and_exit_2(tmp_path, args):
    done = run_without_display(*args, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    first, second = done.stderr.strip().splitlines()
    assert first.startswith("companion: no display")
    for command in ("export", "import", "backup", "doctor"):
        assert command in second
    assert "review and practice need a display" in second
    assert "xcb" not in done.stderr


def test_headless_commands_still_run_without_a_display(tmp_path):
    done = run_without_display("backup", "--list", tmp_path=tmp_path)
    assert "no display" not in done.stderr


def test_what_counts_as_a_display():
    assert missing_display({}, platform="linux")
    assert not missing_display({"DISPLAY": ":0"}, platform="linux")
    assert not missing_display({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux")
    assert not missing_display({"QT_QPA_PLATFORM": "offscreen"}, platform="linux")
    assert not missing_display({}, ["-platform", "offscreen"], platform="linux")
    assert not missing_display({}, platform="darwin")
