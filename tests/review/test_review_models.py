"""The review's item models: Qt's model checks, lazy paging, and steps moving between groups."""

from datetime import timedelta

import pytest
from helpers.review_fixtures import NOW, step
from PySide6.QtCore import QModelIndex, Qt

from companion.core.review import DONE, OVERDUE, UPCOMING, day_bounds_utc, technique_report
from companion.store.review_store import fts_query
from companion.ui.review.call_models import AuditModel, DayCallsModel, HistoryModel, SearchModel, audited
from companion.ui.review.commitments_model import CommitmentsModel
from companion.ui.review.search_tab import SearchSource
from companion.ui.review.techniques_tab import TechniqueModel


def clock():
    return NOW


@pytest.fixture
def day_of_calls(add_call):
    start, _ = day_bounds_utc(NOW.astimezone().date())
    outcomes = ["advance", "continuation", "no_connect", "order", "no_sale", "advance", "advance"]
    return [add_call(f"Contact {i}", start + timedelta(hours=1, minutes=30 * i), outcome,
                     step=step() if outcome in ("advance", "order") else None,
                     notes=f"note {i} about the budget")
            for i, outcome in enumerate(outcomes)]


def test_day_model_reads_lazily_and_passes_the_model_tester(qtmodeltester, queries, day_of_calls):
    start, end = day_bounds_utc(NOW.astimezone().date())
    model = DayCallsModel(clock)
    model.page_size = 3
    model.set_fetch(lambda after, n: queries.day_calls(start, end, after.key if after else None, n))
    assert model.rowCount() == 3 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == len(day_of_calls)
    qtmodeltester.check(model)


def test_day_model_marks_calls_without_a_commitment(queries, day_of_calls):
    start, end = day_bounds_utc(NOW.astimezone().date())
    model = DayCallsModel(clock)
    model.set_fetch(lambda after, n: queries.day_calls(start, end, after.key if after else None, n))
    column = DayCallsModel.COLUMNS.index("commitment")
    marks = [model.index(r, column).data() for r in range(model.rowCount())]
    assert marks == ["✔ Committed", "⚠ No commitment", "— not reached", "✔ Committed",
                     "⚠ No commitment", "✔ Committed", "✔ Committed"]
    tip = model.index(1, column).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Continuation: no specific action agreed"


def test_audit_history_and_search_models_pass_the_model_tester(qtmodeltester, queries, day_of_calls):
    audit = AuditModel(clock)
    audit.set_fetch(lambda after, n: audited(queries.recent_connected(after[0].key if after else None, n)),
                    limit=4)
    assert audit.rowCount() == 4 and not audit.canFetchMore(QModelIndex())
    qtmodeltester.check(audit)

    history = HistoryModel(clock)
    history.set_fetch(lambda after, n: queries.contact_calls("Contact 1", after.key if after else None, n))
    qtmodeltester.check(history)

    search = SearchModel(clock)
    search.page_size = 2
    search.set_fetch(SearchSource(queries, fts_query("budget")))
    qtmodeltester.check(search)
    while search.canFetchMore(QModelIndex()):
        search.fetchMore(QModelIndex())
    assert search.rowCount() == len(day_of_calls)


def test_search_shows_a_call_found_twice_once(queries, add_call):
    both = add_call("Ann", notes="pilot with finance", step=step(action="Pilot kickoff with finance"))
    search = SearchModel(clock)
    search.set_fetch(SearchSource(queries, fts_query("pilot")))
    assert [search.call_at(r).call_id for r in range(search.rowCount())] == [both.id]


def test_technique_model_passes_the_model_tester(qtmodeltester):
    model = TechniqueModel()
    model.set_report(technique_report({("trial", "accepted"): 4, ("trial", "declined"): 1},
                                      {"trial": "Trial close", "direct": "Direct close"}))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "★ Trial close"


@pytest.fixture
def commitments(queries, add_call):
    overdue = [add_call(f"Late {i}", NOW - timedelta(days=4), step=step(due=NOW - timedelta(hours=i + 1)))
               for i in range(3)]
    upcoming = [add_call(f"Soon {i}", NOW - timedelta(days=1), step=step(due=NOW + timedelta(days=i + 1)))
                for i in range(2)]
    done = [add_call(f"Done {i}", NOW - timedelta(days=9), step=step(due=NOW - timedelta(days=i + 1),
                                                                      status="done"))
            for i in range(5)]
    model = CommitmentsModel(queries, clock, page_size=2)
    model.reload()
    return model, overdue, upcoming, done


def children(model, group):
    return [row.call_id for row in model.rows_in(group)]


def shown(model):
    """The table as a rep sees it: one letter per row (H header, S step, M show more)."""
    return "".join(model.kind_at(model.index(r, 0))[0].upper() for r in range(model.rowCount()))


def test_commitments_table_passes_the_model_tester(qtmodeltester, commitments):
    model = commitments[0]
    qtmodeltester.check(model)
    model.set_collapsed(DONE, False)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_groups_read_a_page_at_a_time_and_done_starts_folded(commitments):
    model, overdue, _, done = commitments
    # Overdue: header, 2 of 3 steps, "show more"; Due today: header; Upcoming: header and
    # both steps (a short page ends it); Done: header only, folded.
    assert shown(model) == "HSSMHHSSH"
    assert model.data(model.header_index(OVERDUE)) == "▾ Overdue · 3"
    assert model.data(model.header_index(DONE)) == "▸ Done or cancelled · 5"
    assert not model.canFetchMore(QModelIndex())          # the last group is folded
    model.set_collapsed(DONE, False)
    assert shown(model) == "HSSMHHSSHSSM"
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())                        # what scrolling to the end does
    assert len(children(model, DONE)) == 4
    model.load_more(OVERDUE)                              # the "show more" row
    assert shown(model) == "HSSSHHSSHSSSSM"


def test_marking_done_moves_the_step_and_updates_both_counts(commitments):
    model, overdue, _, _ = commitments
    model.set_collapsed(DONE, False)
    target = overdue[0].id                       # due an hour ago: first in Overdue
    assert children(model, OVERDUE)[0] == target
    assert model.set_status(target, "done")
    assert target not in children(model, OVERDUE)
    assert children(model, DONE)[0] == target    # most recent due first among the done
    assert model.locate(target).row() == model.header_index(DONE).row() + 1
    assert model.data(model.header_index(OVERDUE)) == "▾ Overdue · 2"
    assert model.data(model.header_index(DONE)) == "▾ Done or cancelled · 6"


def test_rescheduling_beyond_the_loaded_part_waits_for_its_page(queries, add_call):
    for i in range(3):
        add_call(f"Soon {i}", NOW - timedelta(days=1), step=step(due=NOW + timedelta(days=i + 1)))
    late = add_call("Late", NOW - timedelta(days=4), step=step(due=NOW - timedelta(hours=1)))
    model = CommitmentsModel(queries, clock, page_size=2)
    model.reload()
    assert model.set_due(late.id, NOW + timedelta(days=30))
    assert late.id not in children(model, UPCOMING)      # Upcoming not fully read yet
    model.load_more(UPCOMING)
    assert children(model, UPCOMING)[-1] == late.id
    assert len(children(model, UPCOMING)) == 4


def test_a_step_without_a_date_brings_its_group_along(qtmodeltester, queries, add_call):
    call = add_call("Ann", step=step(due=NOW + timedelta(days=1)))
    model = CommitmentsModel(queries, clock)
    model.reload()
    qtmodeltester.check(model)
    assert shown(model) == "HHHSH"                       # no "Open, no date" group
    assert model.set_due(call.id, None)
    assert shown(model) == "HHHHSH"
    assert model.set_due(call.id, NOW + timedelta(days=2))
    assert shown(model) == "HHHSH"


def test_editing_the_text_in_place_saves_it(commitments, queries):
    model, overdue, _, _ = commitments
    index = model.locate(overdue[0].id).siblingAtColumn(3)
    assert model.setData(index, "Demo for the whole finance team", Qt.ItemDataRole.EditRole)
    assert queries.step_row(overdue[0].id).step.action == "Demo for the whole finance team"
    assert not model.setData(index, "   ", Qt.ItemDataRole.EditRole)
