"""SIGKILL a real `companion export` while it writes: the next export tidies up after it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]


def companion(data_dir: Path, *args: str, **kwargs):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_the_temp_file_of_a_killed_export_is_removed_by_the_next(tmp_path):
    data = tmp_path / "data"
    filled = companion(data, "demo-data", "--days", "400")
    assert filled.wait(timeout=300) == 0, filled.communicate()
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "calls.json"
    target.write_text('{"previous": true}')

    running = companion(data, "export", "-f", "json", "-o", str(target))
    deadline = time.monotonic() + 60
    while not list(out.glob(".calls.json.*")):
        assert running.poll() is None, "the export finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=10)
    left = list(out.glob(".calls.json.*"))
    assert left, "nothing was left to clean up"
    assert json.loads(target.read_text()) == {"previous": True}     # the old export untouched

    again = companion(data, "export", "-f", "json", "-o", str(target))
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["calls.json"]
    assert json.loads(target.read_text())["calls"]
