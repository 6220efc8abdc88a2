"""`companion export --format csv`: formulas hidden behind spaces, quotes or invisible characters
are neutralised in every cell (the Call ID too), and no internal id reaches the file."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta

import pytest

from companion.cli import main
from companion.core.call import Call, NextStep
from companion.export.csv_export import neutralise

DISGUISED = (
    " =1+1", "   @SUM(A1:A2)", '"=HYPERLINK(""http://evil.example"")', "'=1+1", "\u00a0+1+1",
    "\u200b=1+1", "\ufeff-2+3", "\u3000=1", "\uff1dSUM(A1)", "\uff20SUM(A1)", " \t=1", "\n=1",
)


def export_csv(paths, tmp_path) -> list[dict[str, str]]:
    target = tmp_path / "calls.csv"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "csv", "-o", str(target)]) == 0
    return list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))


@pytest.mark.parametrize("text", DISGUISED)
def test_a_formula_behind_invisible_characters_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_every_user_cell_and_the_call_id_through_the_cli(store, paths, tmp_path):
    for number, text in enumerate(DISGUISED):
        call = Call(contact=text, company=text, id=f"{text}-{number}" if number % 2 else str(uuid.uuid4()))
        call.notes = text
        call.next_step = NextStep(text, "rep", text, None)
        store.save_call(call)
    rows = export_csv(paths, tmp_path)
    assert len(rows) == len(DISGUISED)
    for row in rows:
        for column in ("Call ID", "Contact", "Company", "Notes", "Next step", "Customer action"):
            value = row[column]
            visible = value.lstrip(" \u00a0\u200b\ufeff\u3000\t\n\"'")
            assert value.startswith("'") or not visible.startswith(("=", "+", "-", "@", "\uff1d", "\uff20")), \
                (column, value)


def test_playbooks_and_closes_by_name(store, paths, tmp_path):
    call = Call(contact="Ann", playbook_id="discovery")
    call.record_close_attempt("summary", "declined", call.started_at + timedelta(minutes=3))
    call.record_close_attempt("ben_franklin", "accepted", call.started_at + timedelta(minutes=4))
    call.record_close_attempt("my_own_pitch", "deferred", call.started_at + timedelta(minutes=5))
    store.save_call(call)
    gone = Call(contact="Bob", playbook_id="old_custom_playbook")
    store.save_call(gone)
    rows = {row["Contact"]: row for row in export_csv(paths, tmp_path)}
    assert rows["Ann"]["Playbook"] == "Discovery call"
    assert rows["Ann"]["Closes tried"] == (
        "Summary close: declined; Ben Franklin close: accepted; My own pitch close: deferred")
    assert rows["Bob"]["Playbook"] == "Old custom playbook"
