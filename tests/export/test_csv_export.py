"""CSV: parses cleanly, one row per call, CRM wording, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone

from helpers.call_samples import save_all, varied_calls

from companion.core.call import Call, NextStep
from companion.export.csv_export import COLUMNS, FORMULA_STARTS, neutralise, write_csv
from companion.export.selection import CallSelection

APP_COLUMNS = {"Call ID", "Date", "Start time", "Duration (min)", "Outcome", "Disposition", "Deal value",
               "Next step owner", "Next step due", "Next step status"}


def export_rows(db, bom=False, selection=CallSelection.everything()):
    out = io.StringIO(newline="")
    count = write_csv(db, selection, out, bom=bom, tz=timezone.utc)
    text = out.getvalue()
    return count, text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_one_row_per_call_and_no_formula_in_user_cells(store, db):
    calls = varied_calls(45)
    save_all(store, calls)
    count, _text, rows = export_rows(db)
    assert count == len(rows) == 45
    assert list(rows[0]) == list(COLUMNS)
    for row in rows:
        for column, value in row.items():
            if column not in APP_COLUMNS:
                assert not value.startswith(FORMULA_STARTS), (column, value[:30])
    by_id = {row["Call ID"]: row for row in rows}
    for call in calls:
        # Neutralised, not lost: the quote is the only change.
        assert by_id[call.id]["Notes"] in (call.notes, "'" + call.notes)


def test_crm_wording_and_numbers_stay_numbers(store, db):
    call = Call(contact="=1+1", company="@corp")
    call.outcome, call.disposition = "no_connect", "left_voicemail"
    call.deal_value = 1250.5
    call.next_step = NextStep("-call back", "rep", "", call.started_at.replace(hour=9, minute=30), "open")
    store.save_call(call)
    connected = Call(contact="Bob")
    connected.outcome = "advance"                  # no disposition: a conversation means connected
    connected.ended_at = connected.started_at + timedelta(minutes=5)
    store.save_call(connected)
    _count, _text, rows = export_rows(db)
    row = next(r for r in rows if r["Call ID"] == call.id)
    assert row["Contact"] == "'=1+1"
    assert row["Company"] == "'@corp"
    assert row["Disposition"] == "Left voicemail"
    assert row["Outcome"] == "No connect"
    assert row["Deal value"] == "1250.50"
    assert row["Next step"] == "'-call back"
    assert row["Next step owner"] == "Rep"
    assert row["Next step due"].endswith("09:30")
    assert row["Next step status"] == "Open"
    other = next(r for r in rows if r["Call ID"] == connected.id)
    assert other["Disposition"] == "Connected"


def test_bom_option(store, db):
    save_all(store, varied_calls(2))
    _count, text, rows = export_rows(db, bom=True)
    assert text.startswith("\ufeffCall ID,")
    assert len(rows) == 2
    _count, text, _rows = export_rows(db, bom=False)
    assert text.startswith("Call ID,")


def test_neutralise():
    for start in FORMULA_STARTS:
        assert neutralise(start + "x") == "'" + start + "x"
    assert neutralise("plain") == "plain"
    assert neutralise(None) == ""
    assert neutralise("a=b") == "a=b"
