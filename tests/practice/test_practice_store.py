"""Practice's store: what drills are built from, each rating saved at once (a SIGKILL loses
none), and saved calls never changed."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from helpers.practice_fixtures import NOW, builtin_playbooks, missed_call

from companion.core.call import NextStep
from companion.core.practice.drills import build_session
from companion.core.practice.session import PracticeSession
from companion.errors import DatabaseProblem
from companion.store.calls import CallStore
from companion.store.practice import PracticeStore, practice_data

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "practice_kill_driver.py"


@pytest.fixture
def stores(db, paths):
    return CallStore(db, paths.db_path), PracticeStore(db, paths.db_path)


def _calls_digest(db) -> str:
    digest = hashlib.sha256()
    for table in ("calls", "call_moments", "call_objections", "close_attempts", "next_steps"):
        for row in db.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_replays_are_connected_calls_without_a_defined_commitment(stores):
    calls, practice = stores
    missed = missed_call()
    committed = missed_call("Cy Berg", days_ago=1, outcome="advance")
    committed.next_step = NextStep("Demo for the CFO", "both", "Brings the CFO", NOW + timedelta(days=2))
    declined = missed_call("Di Holm", days_ago=1, outcome="no_sale")
    undated_advance = missed_call("Ed Marsh", days_ago=3, outcome="advance")
    for call in (missed, committed, declined, undated_advance):
        calls.save_call(call)
    assert [c.contact for c in practice.replay_calls()] == ["Ann Fischer", "Ed Marsh"]
    assert practice.objection_counts(NOW - timedelta(days=30)) == [("price", 4)]


def test_a_whole_session_through_the_store_never_changes_saved_calls(stores, db):
    calls, practice = stores
    for days in (1, 2, 4):
        calls.save_call(missed_call(days_ago=days))
    before = _calls_digest(db)
    data = practice_data(practice, builtin_playbooks(), NOW)
    assert data.focus == ("alternative", "summary", "trial")
    session = PracticeSession("s", build_session(data, NOW, 3), dict(data.cards), NOW)
    practice.start_session("s", NOW, 3, data.focus)
    at = NOW
    while not session.finished:
        drill = session.current
        session.show_closes()
        session.pick(drill.close_id)
        session.say("Would Tuesday at 10:00 or Thursday at 14:00 work?")
        at += timedelta(seconds=30)
        practice.record_rating("s", *session.rate("good", at))
    practice.finish_session("s", at)
    assert _calls_digest(db) == before
    assert len(practice.session_reviews("s")) == 5
    assert all(card.due > at for card in practice.cards().values())


def test_the_focus_is_kept_and_used(stores):
    _, practice = stores
    practice.set_focus(("question", "summary", "direct"), NOW)
    assert practice.focus() == ("question", "summary", "direct")
    assert practice_data(practice, builtin_playbooks(), NOW).focus == ("question", "summary", "direct")


def test_sqlite_errors_leave_the_store_as_database_problems(stores, db):
    _, practice = stores
    db.execute("DROP TABLE practice_focus")
    with pytest.raises(DatabaseProblem, match="is damaged"):
        practice.focus()


@pytest.mark.slow
def test_a_session_killed_midway_keeps_every_rating_given(paths):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, str(DRIVER), str(paths.db_path)], env=env,
                             stdout=subprocess.PIPE, text=True)
    printed = []
    try:
        for line in child.stdout:
            printed.append(line.split())
            if len(printed) == 3:
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
    assert len(printed) == 3 and child.returncode == -signal.SIGKILL
    from companion.store.db import open_database

    db = open_database(paths.db_path)
    try:
        practice = PracticeStore(db, paths.db_path)
        reviews = practice.session_reviews("killed-session")
        assert [(key, rating) for key, rating, _ in reviews] == [(p[1], p[2]) for p in printed]
        cards = practice.cards()
        assert {key for key, _, _ in reviews} <= set(cards)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The next start closes the session at its last rating; the schedule carries on.
        assert practice.close_interrupted() == 3
        last_rating = db.execute("SELECT max(reviewed_at) FROM practice_reviews").fetchone()[0]
        assert db.execute("SELECT ended_at FROM practice_sessions").fetchone()[0] == last_rating
        good_key = printed[0][1]
        assert cards[good_key].due - cards[good_key].last_review >= timedelta(days=1)
    finally:
        db.close()


def test_companion_practice_is_a_subcommand():
    from companion.cli import build_parser
    from companion.commands import practice as practice_command

    args = build_parser().parse_args(["--data-dir", "/tmp/x", "practice"])
    assert args.command == "practice" and args.run is practice_command.run
