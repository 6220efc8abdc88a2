"""Practice's tables: the closes to master, the schedule of each drill, ratings and sessions.

The one place practice touches SQL. Saved calls are only read here, never written. Every
rating is written in its own transaction with the drill's new schedule, so a session killed
halfway keeps every rating given before. SQLite's environment errors leave as DatabaseProblem
(store_api), with the message the rest of the app shows for the same trouble.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from companion.core.call import Call, from_iso, to_iso
from companion.core.playbook import PlaybookSet
from companion.core.practice.drills import PracticeData, default_focus
from companion.core.practice.progress import ReviewEntry
from companion.core.practice.schedule import CardState
from companion.core.practice.session import DrillResult
from companion.core.review import technique_report
from companion.store.call_rows import CALL_COLUMNS, complete_calls
from companion.store.db import write_transaction
from companion.store.problems import store_api
from companion.store.review_store import COMMITTED_SQL, ReviewStore

REPLAY_LIMIT = 10
OBJECTION_WINDOW = timedelta(days=90)
TECHNIQUE_WINDOW = timedelta(days=90)      # the techniques view's default period
_CARD_COLUMNS = ("key, close_id, due_at, state, step, stability, difficulty, last_review_at,"
                 " reviews, lapses")


def _time(text: str) -> datetime:
    moment = from_iso(text)
    if moment is None:                      # the columns are NOT NULL; an empty text is damage
        raise ValueError(f"a practice time is missing: {text!r}")
    return moment


def _card(row: tuple[Any, ...]) -> CardState:
    key, close_id, due, state, step, stability, difficulty, last, reviews, lapses = row
    return CardState(key=key, close_id=close_id, due=_time(due), state=state, step=step,
                     stability=stability, difficulty=difficulty, last_review=from_iso(last),
                     reviews=reviews or 0, lapses=lapses or 0)


@store_api
class PracticeStore:
    def __init__(self, db: Database, db_path: Path | None = None):
        self.db = db
        self.db_path = db_path or Path("calls.sqlite3")     # named in error messages

    # -- the closes to master ------------------------------------------------------------------
    def focus(self) -> tuple[str, ...]:
        rows = self.db.execute("SELECT close_id FROM practice_focus ORDER BY slot").fetchall()
        return tuple(r[0] for r in rows)

    def set_focus(self, closes: tuple[str, ...], now: datetime) -> None:
        with write_transaction(self.db):
            self.db.execute("DELETE FROM practice_focus")
            self.db.conn.executemany(
                "INSERT INTO practice_focus (slot, close_id, chosen_at) VALUES (?, ?, ?)",
                [(slot, close_id, to_iso(now)) for slot, close_id in enumerate(closes)])

    # -- the schedule ------------------------------------------------------------------------------
    def cards(self) -> dict[str, CardState]:
        rows = self.db.execute(f"SELECT {_CARD_COLUMNS} FROM practice_cards").fetchall()
        return {row[0]: _card(row) for row in rows}

    def start_session(self, session_id: str, started_at: datetime, seed: int,
                      closes: tuple[str, ...]) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "INSERT INTO practice_sessions (id, started_at, seed, closes) VALUES (?, ?, ?, ?)",
                [session_id, to_iso(started_at), seed, json.dumps(list(closes))])

    def record_rating(self, session_id: str, result: DrillResult, card: CardState) -> None:
        """The drill's new schedule and the rating, together or not at all."""
        with write_transaction(self.db):
            self.db.execute(
                f"INSERT INTO practice_cards ({_CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET close_id = excluded.close_id,"
                " due_at = excluded.due_at, state = excluded.state, step = excluded.step,"
                " stability = excluded.stability, difficulty = excluded.difficulty,"
                " last_review_at = excluded.last_review_at, reviews = excluded.reviews,"
                " lapses = excluded.lapses",
                [card.key, card.close_id, to_iso(card.due), card.state, card.step, card.stability,
                 card.difficulty, to_iso(card.last_review), card.reviews, card.lapses])
            self.db.execute(
                "INSERT INTO practice_reviews (session_id, card_key, close_id, kind, rating,"
                " right_pick, line_ok, reviewed_at, next_due_at, stability)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [session_id, result.key, result.close_id, result.kind, result.rating,
                 int(result.right_pick), int(result.line_ok), to_iso(result.at),
                 to_iso(result.due), card.stability])

    def finish_session(self, session_id: str, ended_at: datetime) -> None:
        with write_transaction(self.db):
            self.db.execute("UPDATE practice_sessions SET ended_at = ? WHERE id = ?",
                            [to_iso(ended_at), session_id])

    def close_interrupted(self) -> int:
        """Sessions left open by a crash end at their last rating; returns the ratings they kept."""
        rows = self.db.execute(
            "SELECT s.id, s.started_at, max(r.reviewed_at), count(r.id) FROM practice_sessions s"
            " LEFT JOIN practice_reviews r ON r.session_id = s.id WHERE s.ended_at IS NULL"
            " GROUP BY s.id").fetchall()
        if not rows:
            return 0
        with write_transaction(self.db):
            for session_id, started, last, _count in rows:
                self.db.execute("UPDATE practice_sessions SET ended_at = ? WHERE id = ?",
                                [last or started, session_id])
        return sum(r[3] for r in rows)

    # -- progress ---------------------------------------------------------------------------------
    def review_entries(self, since: datetime | None = None) -> list[ReviewEntry]:
        rows = self.db.execute(
            "SELECT reviewed_at, card_key, close_id, rating, stability FROM practice_reviews"
            " WHERE reviewed_at >= ? ORDER BY reviewed_at, id",
            [to_iso(since) if since else ""]).fetchall()
        return [ReviewEntry(_time(at), key, close_id, rating, stability)
                for at, key, close_id, rating, stability in rows]

    def session_reviews(self, session_id: str) -> list[tuple[str, str, str]]:
        """(card key, rating, next due) of one session, in the order given."""
        return [tuple(r) for r in self.db.execute(
            "SELECT card_key, rating, next_due_at FROM practice_reviews WHERE session_id = ?"
            " ORDER BY id", [session_id])]

    # -- what drills are built from (saved calls are read, never written) ---------------------------
    def replay_calls(self, limit: int = REPLAY_LIMIT) -> list[Call]:
        """The most recent connected calls that ended without a defined commitment (declined
        calls and dials that reached nobody are left out: there was nothing to ask for)."""
        rows = self.db.execute(
            f"SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
            " WHERE c.outcome IN ('order', 'advance', 'continuation')"
            f" AND NOT {COMMITTED_SQL} ORDER BY c.started_at DESC LIMIT ?", [limit]).fetchall()
        return [call for call, _ in complete_calls(self.db, rows)]

    def objection_counts(self, since: datetime) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT o.objection_id, count(*) AS n FROM call_objections o"
            " JOIN calls c ON c.id = o.call_id WHERE c.started_at >= ?"
            " GROUP BY o.objection_id ORDER BY n DESC, o.objection_id", [to_iso(since)]).fetchall()
        return [(objection_id, n) for objection_id, n in rows]

    def best_closes(self, now: datetime, names: dict[str, str]) -> tuple[str, ...]:
        """"Your three closes", as the techniques view works them out for its default period."""
        counts = ReviewStore(self.db).close_counts(now - TECHNIQUE_WINDOW, now)
        return technique_report(counts, names).best


def practice_data(store: PracticeStore, playbooks: PlaybookSet, now: datetime, *,
                  default_playbook: str = "", large_deal: float = 50000.0) -> PracticeData | None:
    """Everything a session is built from, or None without any playbook to practise from."""
    playbook = playbooks.default(default_playbook)
    if playbook is None:
        return None
    known = {c.id for c in playbook.closes}
    focus = tuple(c for c in store.focus() if c in known)
    if not focus:
        names = {c.id: c.name for c in playbook.closes}
        focus = default_focus(store.best_closes(now, names), playbook)
    return PracticeData(
        playbook=playbook, focus=focus, playbooks={p.id: p for p in playbooks.playbooks},
        replays=tuple(store.replay_calls()),
        objection_counts=tuple(store.objection_counts(now - OBJECTION_WINDOW)),
        cards=store.cards(), large_deal=large_deal)
