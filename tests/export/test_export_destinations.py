"""Where `companion export -o` writes: regular files atomically, never a rename over a
device, a FIFO or a symbolic link; unusable names get one line, not a traceback."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers.call_samples import save_all, varied_calls

from companion.cli import main


def export_to(paths, target: str) -> int:
    return main(["--data-dir", str(paths.data_dir), "export", "--format", "json", "-o", target])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def calls(store):
    save_all(store, varied_calls(3))


def a_character_device(tmp_path) -> Path:
    """A null device of our own where allowed (root), else /dev/null itself (which an
    ordinary user could not replace anyway, so the test still fails on a rename)."""
    own = tmp_path / "null"
    try:
        os.mknod(own, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        return Path("/dev/null")
    return own


def test_a_character_device_stays_a_device(paths, calls, tmp_path):
    device = a_character_device(tmp_path)
    assert export_to(paths, str(device)) == 0
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not list(device.parent.glob(f".{device.name}.*"))


def test_a_fifo_is_written_into_and_stays_a_fifo(paths, calls, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        assert export_to(paths, str(fifo)) == 0
    finally:
        reader.join(timeout=30)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(json.loads(received[0])["calls"]) == 3


def test_a_symlink_is_followed_and_stays_a_link(paths, calls, tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "calls.json"
    target.write_text("last week's export")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert export_to(paths, str(link)) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(json.loads(target.read_text())["calls"]) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["calls.json"]


def test_a_dangling_symlink_creates_its_target(paths, calls, tmp_path):
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "not-yet.json")
    assert export_to(paths, str(link)) == 0
    assert link.is_symlink()
    assert len(json.loads((tmp_path / "not-yet.json").read_text())["calls"]) == 3


def test_a_symlink_loop_gets_one_line(paths, calls, tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert export_to(paths, str(tmp_path / "a")) == 1
    assert "loop" in one_line_error(capsys)
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_a_name_too_long_gets_one_line(paths, calls, tmp_path, capsys):
    assert export_to(paths, str(tmp_path / ("n" * 300 + ".json"))) == 1
    assert "too long" in one_line_error(capsys)


def test_a_long_but_valid_name_still_works(paths, calls, tmp_path):
    target = tmp_path / ("n" * 245 + ".json")
    assert export_to(paths, str(target)) == 0
    assert len(json.loads(target.read_text())["calls"]) == 3


def test_empty_output_name_is_an_error(paths, calls, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_to(paths, "") == 2
    assert "-o needs a file name" in one_line_error(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_dash_means_standard_output(paths, calls, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_to(paths, "-") == 0
    assert len(json.loads(capsys.readouterr().out)["calls"]) == 3
    assert not (tmp_path / "-").exists()


def test_stale_temp_files_of_dead_exports_are_removed_live_ones_kept(paths, calls, tmp_path):
    target = tmp_path / "calls.json"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(gone.stdout)
    stale = tmp_path / f".calls.json.{dead_pid}.k2j4h5g6.tmp"
    stale.write_bytes(b"{" * 10_000)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".calls.json.{alive.pid}.a1b2c3d4.tmp"
        busy.write_bytes(b"{")
        unrelated = tmp_path / ".other.json.1.tmp"
        unrelated.write_bytes(b"{")
        assert export_to(paths, str(target)) == 0
    finally:
        alive.kill()
        alive.wait()
    assert not stale.exists()
    assert busy.exists() and unrelated.exists()
