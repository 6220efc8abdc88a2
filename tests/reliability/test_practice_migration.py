"""Schema 4 adds practice's tables: a schema-3 database upgrades with its calls intact and
empty practice tables; the frozen schema-4 file's practice data reads back through the store."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from companion.core.practice.schedule import GOOD, new_card, review
from companion.core.practice.session import DrillResult
from companion.store.calls import CallStore
from companion.store.db import open_database, schema_version
from companion.store.practice import PracticeStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PRACTICE_TABLES = {"practice_focus", "practice_cards", "practice_sessions", "practice_reviews"}


def _tables(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_schema_3_upgrades_to_practice_with_calls_intact(paths):
    shutil.copyfile(FIXTURES / "schema-3.sqlite3", paths.db_path)
    db = open_database(paths.db_path)
    try:
        assert schema_version(db) >= 4
        assert PRACTICE_TABLES <= _tables(db)
        assert CallStore(db, paths.db_path).count_calls() == 3
        practice = PracticeStore(db, paths.db_path)
        assert practice.focus() == () and practice.cards() == {} and practice.review_entries() == []
        # The upgraded file takes a rating at once.
        now = datetime(2024, 3, 8, 9, 0, tzinfo=timezone.utc)
        card = review(new_card("trial/playbook", "trial", now), GOOD, now)
        practice.start_session("s1", now, 3, ("trial",))
        practice.record_rating("s1", DrillResult("trial/playbook", "trial", "playbook", True, True,
                                                 GOOD, card.due, now, False), card)
        assert practice.cards()["trial/playbook"].due == card.due
        # Practice reads saved calls (for replays) but the upgrade and a rating change none.
        assert db.execute("SELECT max(updated_at) FROM calls").fetchone()[0] == "2024-03-06T11:01:00+00:00"
    finally:
        db.close()


def test_frozen_schema_4_practice_data_reads_back(paths):
    shutil.copyfile(FIXTURES / "schema-4.sqlite3", paths.db_path)
    db = open_database(paths.db_path)
    try:
        practice = PracticeStore(db, paths.db_path)
        assert practice.focus() == ("summary",)
        card = practice.cards()["summary/replay"]
        assert card.state == "review" and card.reviews == 1
        assert card.due == datetime(2024, 3, 9, 17, 2, tzinfo=timezone.utc)
        [entry] = practice.review_entries()
        assert (entry.key, entry.rating, entry.stability) == ("summary/replay", "good", 2.3065)
    finally:
        db.close()
