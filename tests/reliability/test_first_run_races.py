"""Several first starts at once on a data folder that does not exist yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from companion.paths import AppPaths

REPO = Path(__file__).resolve().parents[2]
IMPORTS_AT_ONCE = 4


def test_folder_checks_running_at_once_never_report_a_full_disk(tmp_path):
    paths = AppPaths.resolve(tmp_path / "new")
    failures = []

    def start_many_times():
        for _ in range(300):
            try:
                paths.ensure()
            except Exception as exc:      # what a user would see instead of their window
                failures.append(exc)

    threads = [threading.Thread(target=start_many_times) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[0]


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(2))
def test_four_first_imports_at_once_all_succeed(tmp_path, round_):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    source = tmp_path / "source"
    made = subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(source), "demo-data",
                           "--days", "5", "--seed", str(round_)], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    export = tmp_path / "calls.json"
    done = subprocess.run([sys.executable, "-m", "companion", "--data-dir", str(source), "export",
                           "-f", "json", "-o", str(export)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    expected = len(json.loads(export.read_text())["calls"])

    target = tmp_path / "new" / "folder"          # neither exists: all four create them
    start_at = time.time() + 1.5
    go = f"import time, sys, runpy; time.sleep(max(0, {start_at} - time.time())); " \
         "sys.argv = ['companion', *sys.argv[1:]]; runpy.run_module('companion', run_name='__main__')"
    runs = [subprocess.Popen([sys.executable, "-c", go, "--data-dir", str(target), "import", str(export)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(IMPORTS_AT_ONCE)]
    results = [(run.wait(timeout=180), *run.communicate()) for run in runs]
    failed = [err for code, _out, err in results if code != 0]
    assert not failed, failed[0]
    conn = __import__("sqlite3").connect(target / "calls.sqlite3")
    try:
        assert conn.execute("SELECT count(*) FROM calls").fetchone()[0] == expected
    finally:
        conn.close()
