"""The review's queries: pages of calls and next steps, counts, search, and the small
updates the Commitments tab makes. No Qt.

Every list is read a page at a time with keyset pagination on an indexed ordering
(`(started_at, rowid)` for calls, `(status, due_at, rowid)` for next steps), so the first
page of a list costs the same with ten calls or ten million.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from companion.core.call import (
    COMMITMENT_OUTCOMES,
    OWNERS,
    STEP_STATUSES,
    NextStep,
    from_iso,
    from_iso_required,
    to_iso,
)
from companion.core.review import (
    DONE,
    OVERDUE,
    TODAY,
    UNDATED,
    UPCOMING,
    CallKey,
    CallRow,
    DaySummary,
    NoKey,
    StepKey,
    StepRow,
)
from companion.store.db import write_transaction
from companion.store.problems import store_api

PAGE_SIZE = 200
# core.call.is_defined_commitment, as SQL over `calls c LEFT JOIN next_steps s`
# (actions are stored with their whitespace collapsed, so trim() matches str.strip()).
# tests/review/test_review_queries.py checks the two agree.
COMMITTED_SQL = (
    f"(c.outcome IN ({', '.join(repr(o) for o in COMMITMENT_OUTCOMES)})"
    " AND s.due_at IS NOT NULL AND trim(coalesce(s.action, '')) != '')"
)
# Search terms shorter than this are matched whole, not as prefixes: "a*" would have to
# merge the lists of every word starting with "a".
MIN_PREFIX_LENGTH = 3
MAX_SEARCH_PHRASES = 12

_CALL_SELECT = (
    "SELECT c.rowid, c.id, c.started_at, c.contact, c.company, c.outcome, c.disposition,"
    " s.action, s.owner, s.customer_action, s.due_at, s.status"
    " FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
)
_STEP_SELECT = (
    "SELECT s.rowid, s.call_id, c.contact, c.company, s.action, s.owner, s.customer_action,"
    " s.due_at, s.status FROM next_steps s CROSS JOIN calls c ON c.id = s.call_id"
)
# CROSS JOIN fixes the join order (SQLite never reorders it): without ANALYZE statistics
# the planner may otherwise start from the wrong side and walk every open step.


def fts_query(text: str) -> str | None:
    """Turn whatever a person typed into a safe FTS5 query, or None if nothing to look for.

    Each whitespace-separated chunk becomes a quoted phrase of its word characters, so
    quotes, dashes, `C++`, `AND` or a stray `*` are plain text, never syntax. The last chunk
    matches as a prefix (search as you type) once it is long enough.
    """
    phrases = []
    for chunk in text.split():
        words = re.findall(r"\w+", chunk)
        if words:
            phrases.append(" ".join(words))
    if not phrases:
        return None
    phrases = phrases[:MAX_SEARCH_PHRASES]
    quoted = [f'"{p}"' for p in phrases]
    if len(phrases[-1].split()[-1]) >= MIN_PREFIX_LENGTH:
        quoted[-1] += "*"
    return " ".join(quoted)


# A row as sqlite3 returns it: the columns' values, typed by what each query selects.
Row = tuple[Any, ...]


def _step(action: str | None, owner: str | None, customer_action: str | None,
          due_at: str | None, status: str | None) -> NextStep | None:
    """The next step of a call's row, or None where the call has none (the LEFT JOIN's NULLs)."""
    if status is None:
        return None
    return _next_step(action, owner, customer_action, due_at, status)


def _next_step(action: str | None, owner: str | None, customer_action: str | None,
               due_at: str | None, status: str | None) -> NextStep:
    return NextStep(action or "", owner if owner in OWNERS else "both", customer_action or "",
                    from_iso(due_at), status if status in STEP_STATUSES else "open")


def _call_row(row: Row) -> CallRow:
    rowid, call_id, started, contact, company, outcome, disposition, *step = row
    return CallRow(call_id, from_iso_required(started), contact, company or "", outcome, disposition,
                   _step(*step), key=(started, rowid))


def _step_row(row: Row) -> StepRow:
    rowid, call_id, contact, company, action, owner, customer_action, due_at, status = row
    return StepRow(call_id, contact, company or "",
                   _next_step(action, owner, customer_action, due_at, status), key=(due_at, rowid))


def _continue_after(last: CallKey | NoKey | None, *, newest_first: bool) -> tuple[str, list[object]]:
    """The condition that continues a list of calls after its last row, `(started_at, rowid)`,
    in the list's own order (keyset paging: each page costs the same however deep)."""
    if not last:
        return "", []
    if newest_first:
        return " AND c.started_at <= ? AND (c.started_at < ? OR c.rowid < ?)", [last[0], last[0], last[1]]
    return " AND c.started_at >= ? AND (c.started_at > ? OR c.rowid > ?)", [last[0], last[0], last[1]]


@store_api
class ReviewStore:
    def __init__(self, db: Database):
        self.db = db

    def _rows(self, sql: str, params: Sequence[object]) -> list[Row]:
        return self.db.execute(sql, params).fetchall()

    # -- calls ------------------------------------------------------------------------------
    def day_calls(self, start: datetime, end: datetime, after: CallKey | NoKey | None = None,
                  limit: int = PAGE_SIZE) -> list[CallRow]:
        """Calls started in [start, end), earliest first (the day reads as a timeline)."""
        keyset, after_params = _continue_after(after, newest_first=False)
        params: list[object] = [to_iso(start), to_iso(end), *after_params]
        sql = (f"{_CALL_SELECT} WHERE c.started_at >= ? AND c.started_at < ?{keyset}"
               " ORDER BY c.started_at, c.rowid LIMIT ?")
        return [_call_row(r) for r in self._rows(sql, [*params, limit])]

    def outcomes_between(self, start: datetime,
                         end: datetime) -> list[tuple[datetime, str | None, NextStep | None]]:
        """(started_at, outcome, next step) for every call in [start, end): totals and trend."""
        rows = self._rows(
            "SELECT c.started_at, c.outcome, s.action, s.owner, s.customer_action, s.due_at,"
            " s.status FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
            " WHERE c.started_at >= ? AND c.started_at < ?", [to_iso(start), to_iso(end)])
        return [(from_iso_required(r[0]), r[1], _step(*r[2:])) for r in rows]

    def daily_summaries(self, bounds: list[datetime]) -> list[DaySummary]:
        """Totals per day, where day i is [bounds[i], bounds[i + 1]): the trend's numbers,
        counted by SQLite in one indexed pass instead of row by row in Python."""
        isos = [to_iso(b) for b in bounds]
        days = len(isos) - 1
        case = " ".join(f"WHEN c.started_at < ? THEN {i}" for i in range(days))
        rows = self._rows(
            f"SELECT CASE {case} END AS day, count(*),"
            f" sum(c.outcome IS NOT NULL AND c.outcome != 'no_connect'), sum({COMMITTED_SQL})"
            " FROM calls c LEFT JOIN next_steps s ON s.call_id = c.id"
            " WHERE c.started_at >= ? AND c.started_at < ? GROUP BY day",
            [*isos[1:], isos[0], isos[-1]])
        summaries = [DaySummary() for _ in range(days)]
        for day, calls, connects, committed in rows:
            summaries[day] = DaySummary(calls, connects or 0, committed or 0)
        return summaries

    def recent_connected(self, after: CallKey | NoKey | None = None,
                         limit: int = PAGE_SIZE) -> list[CallRow]:
        """Connected calls, newest first: what the audit judges."""
        keyset, params = _continue_after(after, newest_first=True)
        sql = (f"{_CALL_SELECT} WHERE c.outcome != 'no_connect'{keyset}"
               " ORDER BY c.started_at DESC, c.rowid DESC LIMIT ?")
        return [_call_row(r) for r in self._rows(sql, [*params, limit])]

    def contact_calls(self, contact: str, before: CallKey | NoKey | None = None,
                      limit: int = PAGE_SIZE) -> list[CallRow]:
        """Calls with this contact (any capitalisation), newest first, older than `before`."""
        keyset, before_params = _continue_after(before, newest_first=True)
        params: list[object] = [contact.strip(), *before_params]
        sql = (f"{_CALL_SELECT} WHERE c.contact = ? COLLATE NOCASE{keyset}"
               " ORDER BY c.started_at DESC, c.rowid DESC LIMIT ?")
        return [_call_row(r) for r in self._rows(sql, [*params, limit])]

    def call_row(self, call_id: str) -> CallRow | None:
        rows = self._rows(f"{_CALL_SELECT} WHERE c.id = ?", [call_id])
        return _call_row(rows[0]) if rows else None

    def open_steps_with(self, contact: str) -> list[StepRow]:
        rows = self._rows(
            "SELECT s.rowid, s.call_id, c.contact, c.company, s.action, s.owner, s.customer_action,"
            " s.due_at, s.status FROM calls c CROSS JOIN next_steps s ON s.call_id = c.id"
            " WHERE c.contact = ? COLLATE NOCASE AND s.status = 'open' ORDER BY s.due_at",
            [contact.strip()])
        return [_step_row(r) for r in rows]

    # -- next steps, by group ----------------------------------------------------------------
    def step_page(self, group: str, now: datetime, end_of_today: datetime,
                  after: StepKey | NoKey | None = None, limit: int = PAGE_SIZE) -> list[StepRow]:
        """One page of a Commitments group, in the order core.review's step_group implies."""
        now_iso, eod_iso = to_iso(now), to_iso(end_of_today)
        if group == OVERDUE:
            return self._dated_page("open", "s.due_at < ?", [now_iso], after, limit, descending=True)
        if group == TODAY:
            return self._dated_page("open", "s.due_at >= ? AND s.due_at < ?", [now_iso, eod_iso],
                                    after, limit, descending=False)
        if group == UPCOMING:
            return self._dated_page("open", "s.due_at >= ?", [eod_iso], after, limit,
                                    descending=False)
        if group == UNDATED:
            return self._undated_page("open", after, limit)
        if group == DONE:
            # Two indexed walks merged, rather than one IN (...) that would sort every row.
            rows = self._done_page("done", after, limit) + self._done_page("cancelled", after, limit)
            rows.sort(key=lambda row: display_order(DONE, row.key))
            return rows[:limit]
        raise ValueError(f"unknown group {group!r}")

    def _dated_page(self, status: str, where: str, params: list[object],
                    after: StepKey | NoKey | None, limit: int, *,
                    descending: bool) -> list[StepRow]:
        order = "DESC" if descending else "ASC"
        keyset = ""
        if after:
            cmp, strict = ("<=", "<") if descending else (">=", ">")
            keyset = f" AND s.due_at {cmp} ? AND (s.due_at {strict} ? OR s.rowid {strict} ?)"
            params = [*params, after[0], after[0], after[1]]
        sql = (f"{_STEP_SELECT} WHERE s.status = ? AND {where}{keyset}"
               f" ORDER BY s.due_at {order}, s.rowid {order} LIMIT ?")
        return [_step_row(r) for r in self._rows(sql, [status, *params, limit])]

    def _undated_page(self, status: str, after: StepKey | NoKey | None, limit: int) -> list[StepRow]:
        keyset = ""
        params: list[object] = [status]
        if after:
            keyset, params = " AND s.rowid < ?", [status, after[1]]
        sql = (f"{_STEP_SELECT} WHERE s.status = ? AND s.due_at IS NULL{keyset}"
               " ORDER BY s.status, s.due_at, s.rowid DESC LIMIT ?")
        return [_step_row(r) for r in self._rows(sql, [*params, limit])]

    def _done_page(self, status: str, after: StepKey | NoKey | None, limit: int) -> list[StepRow]:
        """Dated steps latest first, then the undated ones (NULL sorts lowest in the index)."""
        if not after or after[0] is not None:
            page = self._dated_page(status, "s.due_at IS NOT NULL", [], after, limit,
                                    descending=True)
            if len(page) == limit:
                return page
            return page + self._undated_page(status, None, limit - len(page))
        return self._undated_page(status, after, limit)

    def step_count(self, group: str, now: datetime, end_of_today: datetime,
                   cap: int = 10_000) -> int:
        """Rows in a group, counting no further than cap + 1 (the UI shows "10,000+")."""
        now_iso, eod_iso = to_iso(now), to_iso(end_of_today)
        where: str
        params: list[str]
        where, params = {
            OVERDUE: ("status = 'open' AND due_at < ?", [now_iso]),
            TODAY: ("status = 'open' AND due_at >= ? AND due_at < ?", [now_iso, eod_iso]),
            UPCOMING: ("status = 'open' AND due_at >= ?", [eod_iso]),
            UNDATED: ("status = 'open' AND due_at IS NULL", []),
            DONE: ("status IN ('done', 'cancelled')", []),
        }[group]
        sql = f"SELECT count(*) FROM (SELECT 1 FROM next_steps WHERE {where} LIMIT ?)"
        count: int = self.db.execute(sql, [*params, cap + 1]).fetchone()[0]
        return count

    def step_row(self, call_id: str) -> StepRow | None:
        rows = self._rows(f"{_STEP_SELECT} WHERE s.call_id = ?", [call_id])
        return _step_row(rows[0]) if rows else None

    def steps_due_between(self, since: datetime, until: datetime, limit: int = 50) -> list[StepRow]:
        """Open steps whose due time falls in (since, until]: what just fell due."""
        rows = self._rows(
            f"{_STEP_SELECT} WHERE s.status = 'open' AND s.due_at > ? AND s.due_at <= ?"
            " ORDER BY s.due_at LIMIT ?", [to_iso(since), to_iso(until), limit])
        return [_step_row(r) for r in rows]

    # -- next steps, changes ---------------------------------------------------------------
    def set_step_status(self, call_id: str, status: str, now: datetime) -> StepRow | None:
        if status not in STEP_STATUSES:
            raise ValueError(f"status must be one of {STEP_STATUSES}, not {status!r}")
        return self._update_step(call_id, "status = ?", [status], now)

    def set_step_due(self, call_id: str, due: datetime | None, now: datetime) -> StepRow | None:
        return self._update_step(call_id, "due_at = ?", [to_iso(due)], now)

    def set_step_text(self, call_id: str, now: datetime, *, action: str | None = None,
                      customer_action: str | None = None) -> StepRow | None:
        sets: list[str] = []
        params: list[object] = []
        if action is not None:
            action = " ".join(action.split())
            if not action:
                raise ValueError("a next step needs an action")
            sets.append("action = ?")
            params.append(action)
        if customer_action is not None:
            sets.append("customer_action = ?")
            params.append(" ".join(customer_action.split()))
        if not sets:
            return self.step_row(call_id)
        return self._update_step(call_id, ", ".join(sets), params, now)

    def _update_step(self, call_id: str, assignments: str, params: list[object],
                     now: datetime) -> StepRow | None:
        stamp = to_iso(now)
        with write_transaction(self.db):
            self.db.execute(f"UPDATE next_steps SET {assignments}, updated_at = ? WHERE call_id = ?",
                            [*params, stamp, call_id])
            # The call changed too, as far as exports and sync are concerned.
            self.db.execute("UPDATE calls SET updated_at = ? WHERE id = ?", [stamp, call_id])
        return self.step_row(call_id)

    # -- techniques -------------------------------------------------------------------------
    def close_counts(self, start: datetime, end: datetime) -> dict[tuple[str, str], int]:
        rows = self._rows(
            "SELECT close_id, result, count(*) FROM close_attempts WHERE at >= ? AND at < ?"
            " GROUP BY close_id, result", [to_iso(start), to_iso(end)])
        return {(close_id, result): n for close_id, result, n in rows}

    # -- search ---------------------------------------------------------------------------
    def search_calls(self, query: str, before_rowid: int | None = None,
                     limit: int = PAGE_SIZE) -> list[tuple[CallRow, str]]:
        """Calls whose contact, company or notes match, most recently added first, with a
        snippet of the match. `query` is already safe (see fts_query)."""
        sql = (
            "WITH m AS (SELECT rowid, snippet(calls_fts, -1, '«', '»', '…', 10) AS snip"
            " FROM calls_fts WHERE calls_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?)"
            " SELECT c.rowid, c.id, c.started_at, c.contact, c.company, c.outcome, c.disposition,"
            " s.action, s.owner, s.customer_action, s.due_at, s.status, m.snip"
            " FROM m JOIN calls c ON c.rowid = m.rowid LEFT JOIN next_steps s ON s.call_id = c.id"
            " ORDER BY m.rowid DESC")
        rows = self._rows(sql, [query, _below(before_rowid), limit])
        return [(_call_row(r[:-1]), r[-1]) for r in rows]

    def search_steps(self, query: str, before_rowid: int | None = None,
                     limit: int = PAGE_SIZE) -> list[tuple[int, CallRow, str]]:
        """Calls whose next step text matches, as (step rowid for paging, call, snippet)."""
        sql = (
            "WITH m AS (SELECT rowid, snippet(next_steps_fts, -1, '«', '»', '…', 10) AS snip"
            " FROM next_steps_fts WHERE next_steps_fts MATCH ? AND rowid < ?"
            " ORDER BY rowid DESC LIMIT ?)"
            " SELECT m.rowid, c.rowid, c.id, c.started_at, c.contact, c.company, c.outcome,"
            " c.disposition, s.action, s.owner, s.customer_action, s.due_at, s.status, m.snip"
            " FROM m JOIN next_steps s ON s.rowid = m.rowid JOIN calls c ON c.id = s.call_id"
            " ORDER BY m.rowid DESC")
        rows = self._rows(sql, [query, _below(before_rowid), limit])
        return [(r[0], _call_row(r[1:-1]), r[-1]) for r in rows]


def _below(rowid: int | None) -> int:
    return (1 << 62) if rowid is None else rowid


def display_order(group: str, key: StepKey | NoKey) -> tuple[object, ...]:
    """A sort key (ascending) that puts a step where its group's query would: used to merge
    pages and to slot a changed step into a list already on screen."""
    if not key:
        raise ValueError("a next step not read from the store has no place in its list")
    due, rowid = key
    if group == OVERDUE:
        return (_Desc(due or ""), -rowid)
    if group in (TODAY, UPCOMING):
        return (due or "", rowid)
    if group == UNDATED:
        return (-rowid,)
    return (due is None, _Desc(due or ""), -rowid)   # DONE: dated latest first, then undated


class _Desc:
    """Wraps a string so that sorting ascending orders it descending."""

    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value

    def __lt__(self, other: "_Desc") -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value
