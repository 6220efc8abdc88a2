"""The review's queries: complete keyset paging, groups, small updates, safe search, indexes."""

import re
import sqlite3
from datetime import timedelta

import pytest
from helpers.review_fixtures import NOW, step

from companion.core.review import (
    DONE,
    OVERDUE,
    STEP_GROUPS,
    TODAY,
    UNDATED,
    UPCOMING,
    day_bounds_utc,
    summarize,
)
from companion.store.review_store import display_order, fts_query

END_OF_TODAY = NOW.replace(hour=23, minute=0)
HOSTILE = ['"', '""', "'", "C++", "-", "--", "ann-marie", "AND", "OR NOT", "NEAR(", "*", "a*b*",
           "^", "col:umn", "\\", "()", "{}", "%_", "\x00", "     ", "emoji 😀", "'; DROP TABLE calls; --",
           "\"unbalanced", "x" * 5000, "ünïcödé", "a b c d e f g h i j k l m n o p"]


def read_all(fetch, page):
    """Every row of a keyset-paged query, a small page at a time."""
    rows, after = [], None
    while True:
        batch = fetch(after, page)
        rows += batch
        if len(batch) < page:
            return rows
        after = batch[-1]


# -- calls ----------------------------------------------------------------------------------
def test_day_calls_pages_cover_the_day_once_in_order(queries, add_call):
    start, end = day_bounds_utc(NOW.astimezone().date())
    inside = [add_call(f"C{i}", start + timedelta(minutes=37 * i)) for i in range(23)]
    tied = [add_call(f"Tie{i}", start + timedelta(hours=3)) for i in range(4)]   # same second
    add_call("Yesterday", start - timedelta(seconds=1))
    add_call("Tomorrow", end)
    rows = read_all(lambda after, n: queries.day_calls(start, end, after.key if after else None, n), 4)
    assert sorted(r.call_id for r in rows) == sorted(c.id for c in inside + tied)
    assert [r.key for r in rows] == sorted(r.key for r in rows)


def test_daily_summaries_count_like_the_python_rule(queries, add_call):
    """The trend's SQL and core.review.summarize must agree on every kind of call."""
    start, end = day_bounds_utc(NOW.astimezone().date())
    day = end - start
    cases = [("advance", step()), ("order", step()), ("advance", step(due=None)),
             ("advance", step(action="")), ("continuation", step()), ("no_sale", None),
             ("no_connect", None), ("advance", None)]
    rows = []
    for n, (outcome, next_step) in enumerate(cases):
        when = start - day * (n % 3) + timedelta(hours=9, minutes=n)
        add_call(f"C{n}", when, outcome, step=next_step)
        rows.append((when, outcome, next_step))
    bounds = [start - day * 2, start - day, start, end]
    summaries = queries.daily_summaries(bounds)
    for number, summary in enumerate(summaries):
        expected = summarize((o, s) for when, o, s in rows if bounds[number] <= when < bounds[number + 1])
        assert summary == expected
    assert sum(s.committed for s in summaries) == 2


def test_recent_connected_skips_no_connects_newest_first(queries, add_call):
    for i in range(7):
        add_call(f"C{i}", NOW - timedelta(hours=i), outcome="no_connect" if i % 3 == 0 else "advance")
    rows = read_all(lambda after, n: queries.recent_connected(after.key if after else None, n), 2)
    assert [r.contact for r in rows] == ["C1", "C2", "C4", "C5"]


def test_contact_calls_ignore_case_and_start_before_a_call(queries, add_call):
    first = add_call("Ann Smith", NOW - timedelta(days=3))
    add_call("ann smith", NOW - timedelta(days=2))
    latest = add_call("ANN SMITH", NOW - timedelta(days=1))
    add_call("Ann Smithers", NOW - timedelta(days=1))
    latest_row = queries.call_row(latest.id)
    earlier = queries.contact_calls("ann smith", latest_row.key)
    assert len(earlier) == 2 and earlier[-1].call_id == first.id
    assert len(queries.contact_calls("Ann Smith")) == 3


# -- next steps ---------------------------------------------------------------------------------
@pytest.fixture
def steps_in_every_group(add_call):
    made = {
        OVERDUE: [add_call(f"O{i}", NOW - timedelta(days=5), step=step(due=NOW - timedelta(hours=i + 1)))
                  for i in range(5)],
        TODAY: [add_call(f"T{i}", NOW - timedelta(days=1), step=step(due=NOW + timedelta(minutes=10 * (i + 1))))
                for i in range(3)],
        UPCOMING: [add_call(f"U{i}", NOW - timedelta(days=1), step=step(due=NOW + timedelta(days=i + 1)))
                   for i in range(6)],
        UNDATED: [add_call(f"N{i}", NOW - timedelta(days=1), step=step(due=None)) for i in range(3)],
        DONE: [add_call(f"D{i}", NOW - timedelta(days=9), step=step(due=NOW - timedelta(days=i), status=s))
               for i, s in enumerate(["done", "cancelled", "done", "cancelled", "done"])]
              + [add_call(f"DN{i}", NOW - timedelta(days=9), step=step(due=None, status="done"))
                 for i in range(2)],
    }
    return {group: {c.id for c in calls} for group, calls in made.items()}


@pytest.mark.parametrize("group", STEP_GROUPS)
def test_step_groups_page_completely_in_display_order(queries, steps_in_every_group, group):
    rows = read_all(lambda after, n: queries.step_page(group, NOW, END_OF_TODAY,
                                                       after.key if after else None, n), 2)
    assert {r.call_id for r in rows} == steps_in_every_group[group]
    assert len(rows) == len(steps_in_every_group[group])
    keys = [display_order(group, r.key) for r in rows]
    assert keys == sorted(keys)
    assert queries.step_count(group, NOW, END_OF_TODAY) == len(rows)


@pytest.mark.parametrize("group", STEP_GROUPS)
def test_a_row_without_a_place_starts_every_group_from_the_top(queries, steps_in_every_group, group):
    """A row not read from the store has the key (); every group reads that as "no row yet"
    (Done used to fail with IndexError)."""
    first_page = queries.step_page(group, NOW, END_OF_TODAY, None, 3)
    assert queries.step_page(group, NOW, END_OF_TODAY, (), 3) == first_page


def test_counts_stop_at_the_cap(queries, steps_in_every_group):
    assert queries.step_count(UPCOMING, NOW, END_OF_TODAY, cap=3) == 4


def test_marking_done_persists_and_touches_both_updated_at(db, queries, add_call):
    call = add_call(step=step())
    later = NOW + timedelta(hours=1)
    row = queries.set_step_status(call.id, "done", later)
    assert row.step.status == "done"
    stamps = db.execute("SELECT s.status, s.updated_at, c.updated_at FROM next_steps s "
                        "JOIN calls c ON c.id = s.call_id WHERE s.call_id = ?", [call.id]).fetchone()
    assert stamps == ("done", "2026-03-11T13:00:00+00:00", "2026-03-11T13:00:00+00:00")


def test_reschedule_and_edit_text(queries, add_call):
    call = add_call(step=step())
    new_due = NOW + timedelta(days=9)
    assert queries.set_step_due(call.id, new_due, NOW).step.due == new_due
    row = queries.set_step_text(call.id, NOW, action="  Pilot   for two teams ", customer_action="Picks teams")
    assert (row.step.action, row.step.customer_action) == ("Pilot for two teams", "Picks teams")
    with pytest.raises(ValueError):
        queries.set_step_text(call.id, NOW, action="   ")
    with pytest.raises(ValueError):
        queries.set_step_status(call.id, "finished", NOW)


def test_steps_falling_due(queries, add_call):
    soon = add_call("Soon", step=step(due=NOW + timedelta(minutes=1)))
    add_call("Later", step=step(due=NOW + timedelta(hours=2)))
    add_call("Done", step=step(due=NOW + timedelta(minutes=1), status="done"))
    rows = queries.steps_due_between(NOW, NOW + timedelta(minutes=5))
    assert [r.call_id for r in rows] == [soon.id]


def test_close_counts_in_a_period(queries, add_call):
    add_call(closes=[("alternative", "accepted"), ("trial", "declined")])
    add_call(started_at=NOW - timedelta(days=60), closes=[("alternative", "declined")])
    counts = queries.close_counts(NOW - timedelta(days=30), NOW)
    assert counts == {("alternative", "accepted"): 1, ("trial", "declined"): 1}


# -- search ---------------------------------------------------------------------------------------
def test_fts_query_quotes_every_word():
    assert fts_query('C++ "ann-marie" AND *') == '"C" "ann marie" "AND"*'
    assert fts_query("pri") == '"pri"*'
    assert fts_query("  -- * \" ") is None
    assert fts_query("") is None


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_never_raises(queries, add_call, text):
    add_call(notes="Their team writes C++ and wants an SDK")
    query = fts_query(text)
    if query is not None:
        queries.search_calls(query)
        queries.search_steps(query)


def test_search_finds_notes_contact_and_next_step(queries, add_call):
    by_notes = add_call("Ann", notes="Their team writes C++ and wants an SDK")
    by_step = add_call("Ben", step=step(action="Security review with their architect"))
    add_call("Carla Jensen", company="Nordlicht GmbH")
    assert [c.call_id for c, _ in queries.search_calls(fts_query("sdk"))] == [by_notes.id]
    assert [c.call_id for c, _ in queries.search_calls(fts_query("C++"))] == [by_notes.id]
    assert [c.call_id for _, c, _ in queries.search_steps(fts_query("architect"))] == [by_step.id]
    assert len(queries.search_calls(fts_query("nordl"))) == 1          # prefix, as you type
    snippet = queries.search_calls(fts_query("sdk"))[0][1]
    assert "«SDK»" in snippet


# -- every query uses an index ------------------------------------------------------------------------
_FULL_SCAN = re.compile(r"\bSCAN (calls|next_steps|close_attempts|c|s)\b(?! USING)")


def test_every_review_query_is_indexed(db, queries, add_call, steps_in_every_group):
    add_call(notes="budget talk", closes=[("trial", "accepted")])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    start, end = day_bounds_utc(NOW.astimezone().date())
    row = queries.day_calls(start, end)[0]
    queries.day_calls(start, end, row.key)
    queries.outcomes_between(start, end)
    queries.daily_summaries([start - timedelta(days=1), start, end])
    queries.recent_connected()
    queries.recent_connected(row.key)
    queries.contact_calls("Ann Smith", row.key)
    queries.open_steps_with("Ann Smith")
    queries.call_row(row.call_id)
    for group in STEP_GROUPS:
        first = queries.step_page(group, NOW, END_OF_TODAY, None, 2)
        queries.step_page(group, NOW, END_OF_TODAY, first[-1].key, 2)
        queries.step_count(group, NOW, END_OF_TODAY)
    queries.steps_due_between(NOW, NOW + timedelta(minutes=1))
    queries.close_counts(NOW - timedelta(days=90), NOW)
    queries.search_calls(fts_query("budget"), 10)
    queries.search_steps(fts_query("demo"), 10)
    db.conn.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) > 25
    for sql in selects:
        try:
            plan = "\n".join(r[-1] for r in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
        except sqlite3.Error as exc:          # pragma: no cover - shows which statement
            pytest.fail(f"{exc}: {sql}")
        assert not _FULL_SCAN.search(plan), f"full scan in:\n{sql}\n{plan}"
