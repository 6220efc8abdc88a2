"""SIGKILL the real live window mid-call, 20 times, at different kinds of moments.

Each run starts live_call_driver.py (the real window, offscreen) in a fresh data folder,
reads the changes it prints, and kills it with SIGKILL at a seeded moment of one of
four kinds. Then: the database passes PRAGMA integrity_check, exactly one draft is
pending, it holds every change printed at least one second before the kill, and it
resumes in the real window.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from companion.core.settings import Settings
from companion.paths import AppPaths

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "live_call_driver.py"
RUNS = 20
SEED = 6_2024
# The four kinds of moment; each gets five of the twenty runs.
KILL_POINTS = ("right after a change", "while the draft is written", "in a pause", "anywhere")
EARLIEST_KILL_S = 1.4        # after the call began: so each run checks changes, not just the start
GUARANTEE_S = 1.0            # everything entered this long before the kill must be in the draft
DEBOUNCE_S = 0.3             # companion.ui.live.draft_saver.DEBOUNCE_MS


@dataclass
class Change:
    seq: int
    at: float
    kind: str
    state: dict


@dataclass
class Run:
    index: int
    point: str
    seed: int
    data_dir: Path
    changes: list[Change] = field(default_factory=list)
    began_at: float = 0.0
    killed_at: float = 0.0
    started: float = 0.0
    stderr: str = ""


def _read_lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _parse(line: str) -> Change | None:
    if not line.startswith("CHANGE "):
        return None
    _, seq, at, kind, state = line.rstrip("\n").split(" ", 4)
    return Change(int(seq), float(at), kind, json.loads(state))


def drive_and_kill(run: Run) -> Run:
    rng = random.Random(run.seed)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run.started = time.time()
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(run.data_dir), str(run.seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
    reader.start()
    kill_at = None
    try:
        while True:
            timeout = 20.0 if kill_at is None else max(0.0, kill_at - time.time())
            if run.point == "in a pause" and run.changes and kill_at is None:
                timeout = 0.33          # a gap this long with no change is a pause: kill in it
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                if kill_at is None and run.point == "in a pause" and run.changes \
                        and time.time() >= run.began_at + EARLIEST_KILL_S:
                    break
                if kill_at is None and not run.changes:
                    raise AssertionError("the driver printed nothing for 20 s") from None
                if kill_at is not None:
                    break
                continue
            if line is None:
                raise AssertionError(f"the driver ended by itself: {proc.stderr.read()}")
            change = _parse(line)
            if change is None:
                continue
            run.changes.append(change)
            if change.kind == "begin":
                run.began_at = change.at
                if run.point == "anywhere":
                    kill_at = change.at + rng.uniform(EARLIEST_KILL_S, EARLIEST_KILL_S + 1.0)
                continue
            if kill_at is None and change.at >= run.began_at + EARLIEST_KILL_S:
                if run.point == "right after a change":          # the draft is not written yet
                    kill_at = change.at + rng.uniform(0.0, 0.03)
                elif run.point == "while the draft is written":  # the debounce timer fires
                    kill_at = change.at + DEBOUNCE_S + rng.uniform(-0.01, 0.03)
        run.killed_at = time.time()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        reader.join(timeout=5)
        run.stderr = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    while not lines.empty():          # printed before the kill, read after it
        change = _parse(lines.get() or "")
        if change is not None:
            run.changes.append(change)
    return run


def draft_state(call) -> dict:
    from helpers.live_call_driver import call_state

    return call_state(call)


def check_run(run: Run, qtbot) -> tuple[int, float]:
    """Returns (changes that had to be there, how old the saved state was at the kill)."""
    from companion.store.db import open_database
    from companion.store.drafts import DraftStore
    from companion.ui.app import build_main_window, load_all_playbooks
    from companion.ui.services import build_services

    paths = AppPaths.resolve(run.data_dir)
    raw = sqlite3.connect(paths.db_path)
    assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"run {run.index}"
    raw.close()
    db = open_database(paths.db_path)
    try:
        pending = DraftStore(db).pending()
        assert len(pending) == 1, f"run {run.index}: {len(pending)} drafts"
        saved = draft_state(pending[0])
        must_have = [c for c in run.changes if c.at <= run.killed_at - GUARANTEE_S]
        assert must_have, f"run {run.index}: killed before anything had to be saved"
        required = must_have[-1]
        matches = [c for c in run.changes if c.state == saved]
        assert matches, f"run {run.index} ({run.point}): the draft matches no printed state: {saved}"
        assert matches[-1].seq >= required.seq, (
            f"run {run.index} ({run.point}): draft holds change {matches[-1].seq}, but change "
            f"{required.seq} was entered {run.killed_at - required.at:.2f} s before the kill")
        # And it comes back in the real window, as after "Resume call".
        window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
        qtbot.addWidget(window)
        window.begin(pending[0])
        assert window.notes_edit.toPlainText() == saved["notes"]
        assert sorted(window.call.moments) == saved["moments"]
        window.draft_saver.flush()
        window.draft_saver.track(None)
        window.close()
        return len(must_have), run.killed_at - matches[-1].at
    finally:
        db.close()


def test_sigkill_mid_call_loses_nothing_older_than_a_second(tmp_path, qtbot, capsys):
    runs = [Run(i, KILL_POINTS[i % len(KILL_POINTS)], SEED + i, tmp_path / f"run-{i:02d}")
            for i in range(RUNS)]
    started = time.time()
    # Two at a time: the kill moments stay precise on two cores, and the loop stays short.
    with ThreadPoolExecutor(max_workers=2) as pool:
        finished = list(pool.map(drive_and_kill, runs))
    report = []
    for run in finished:
        checked, age = check_run(run, qtbot)
        report.append(f"run {run.index:2d} {run.point:<27} killed {run.killed_at - run.began_at:4.2f} s "
                      f"after begin, {len(run.changes):3d} changes printed, {checked:3d} had to be "
                      f"saved; saved state {age:4.2f} s old")
    with capsys.disabled():
        print(f"\nSIGKILL loop: {RUNS} runs in {time.time() - started:.1f} s")
        print("\n".join(report))


def test_the_check_notices_a_draft_that_lost_changes(tmp_path, qtbot):
    """The loop's judge must fail when a draft is older than the guarantee allows."""
    from companion.store.db import open_database

    run = drive_and_kill(Run(0, "anywhere", SEED, tmp_path / "run"))
    db = open_database(AppPaths.resolve(run.data_dir).db_path)
    try:
        # What a saver that only wrote at the start of the call would have left.
        first = run.changes[0].state
        body = json.loads(db.execute("SELECT body FROM drafts").fetchone()[0])
        body["notes"], body["moments"], body["objections"] = first["notes"], [], []
        body["close_attempts"], body["moment_notes"] = [], {}
        db.execute("UPDATE drafts SET body = ?", [json.dumps(body)])
        db.conn.commit()
    finally:
        db.close()
    assert any(c.state != first for c in run.changes if c.at <= run.killed_at - GUARANTEE_S), \
        "the driven call made no change early enough for the check to be tested"
    with pytest.raises(AssertionError, match="draft holds change|matches no printed state"):
        check_run(run, qtbot)
