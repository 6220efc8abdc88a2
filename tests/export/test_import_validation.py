"""What an import refuses or normalises, always naming the field, and how it reads the file:
in chunks, never a pipe or a device, with a one-line reason for hostile JSON."""

from __future__ import annotations

import io
import json
import os
import uuid

import pytest
from helpers.call_samples import save_all, varied_calls

from companion.export import json_stream
from companion.export.importer import ImportRefused, import_file, import_records, parse_export
from companion.export.json_export import write_json
from companion.export.selection import CallSelection
from companion.store.calls import CallStore


def exported(db) -> dict:
    out = io.StringIO()
    write_json(db, CallSelection.everything(), out)
    return json.loads(out.getvalue())


@pytest.fixture
def document(db, store) -> dict:
    calls = [call for call in varied_calls(8) if call.moments and call.ended_at and call.next_step][:2]
    for call in calls:
        call.next_step.due = call.started_at
    save_all(store, calls)
    return exported(db)


def refused(document: dict, where: str, target_db, tmp_path) -> str:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        import_file(target_db, path)
    message = str(info.value)
    assert where in message and "\n" not in message and "Nothing was changed" in message
    return message


@pytest.mark.parametrize("field", ["started_at", "updated_at"])
def test_an_empty_required_time_is_refused_naming_it(document, db, tmp_path, field):
    document["calls"][0][field] = ""
    assert "empty" in refused(document, f"calls[0].{field}", db, tmp_path)


def test_an_empty_time_in_a_moment_is_refused(document, db, tmp_path):
    document["calls"][1]["moments"][0]["agreed_at"] = ""
    refused(document, "calls[1].moments[0].agreed_at", db, tmp_path)


def test_an_empty_optional_time_means_unknown_and_exports_back_as_null(document, db, tmp_path, paths):
    from companion.store.db import open_database

    target = open_database(tmp_path / "target.sqlite3")
    document["calls"][0]["ended_at"] = ""
    document["calls"][0]["next_step"]["due"] = ""
    import_records(target, parse_export(json.dumps(document)))
    again = exported(target)
    assert again["calls"][0]["ended_at"] is None and again["calls"][0]["next_step"]["due"] is None
    assert import_records(target, parse_export(json.dumps(again))).unchanged == 2    # reads back
    target.close()


def test_an_empty_updated_at_for_a_call_already_here_is_refused_not_a_crash(document, db, tmp_path):
    document["calls"][0]["updated_at"] = ""
    assert db.execute("SELECT count(*) FROM calls WHERE id = ?", [document["calls"][0]["id"]]).fetchone()[0] == 1
    refused(document, "calls[0].updated_at", db, tmp_path)


@pytest.mark.parametrize("field, value", [
    ("started_at", "2024-05-14T08:30:00"),
    ("updated_at", "2024-05-14 08:30:00"),
    ("ended_at", "2024-05-14T09:30"),
])
def test_a_time_without_an_offset_is_refused_naming_it(document, db, tmp_path, field, value):
    document["calls"][0][field] = value
    assert "no UTC offset" in refused(document, f"calls[0].{field}", db, tmp_path)


def test_a_due_time_without_an_offset_is_refused(document, db, tmp_path):
    document["calls"][1]["next_step"]["due"] = "2024-05-16T08:00:00"
    refused(document, "calls[1].next_step.due", db, tmp_path)


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "1" * 400])
def test_a_deal_value_too_large_for_a_number_is_refused(document, db, tmp_path, raw):
    text = json.dumps(document).replace('"deal_value": ', f'"deal_value": {raw}, "was": ', 1)
    path = tmp_path / "big.json"
    path.write_text(text)
    with pytest.raises(ImportRefused, match=r"calls\[0\]\.deal_value"):
        import_file(db, path)
    out = io.StringIO()
    write_json(db, CallSelection.everything(), out)
    assert "Infinity" not in out.getvalue()


def test_one_uuid_in_different_spellings_is_one_call(document, db, tmp_path):
    from companion.store.db import open_database

    target = open_database(tmp_path / "target.sqlite3")
    record = document["calls"][0]
    plain = record["id"]
    spellings = ["{" + plain.upper() + "}", plain.replace("-", ""), "urn:uuid:" + plain, plain.upper()]
    for number, spelling in enumerate(spellings):
        record["id"] = spelling
        record["updated_at"] = f"2030-01-0{number + 1}T00:00:00+00:00"
        record["notes"] = f"version {number}"
        import_records(target, parse_export(json.dumps({**document, "calls": [record]})))
    assert [row[0] for row in target.execute("SELECT id FROM calls")] == [str(uuid.UUID(plain))]
    assert CallStore(target).load_call(plain).notes == "version 3"
    target.close()


def test_two_spellings_of_one_uuid_in_one_file_are_refused_as_the_same_call(document, db, tmp_path):
    document["calls"][1]["id"] = "{" + document["calls"][0]["id"].upper() + "}"
    assert "the same call id as calls[0]" in refused(document, "calls[1].id", db, tmp_path)


HOSTILE = {
    "100k-deep nesting in a call": lambda d: _replace(d, '"notes": ', '"notes": ' + "[" * 100_000 + "]" * 100_000
                                                       + ', "was": '),
    "100k-deep nesting at the top": lambda d: "[" * 100_000 + "]" * 100_000,
    "an integer of 5000 digits": lambda d: _replace(d, '"deal_value": ', '"deal_value": ' + "7" * 5000 + ', "was": '),
    "a lone surrogate in the notes": lambda d: _replace(d, '"notes": ', '"notes": "\\ud800 left", "was": '),
    "a time of year 1 at +14:00": lambda d: _replace(d, '"started_at": ', '"started_at": "0001-01-01T00:00:00+14:00"'
                                                      ', "was": '),
    "a time of year 9999 at -05:00": lambda d: _replace(d, '"updated_at": ',
                                                         '"updated_at": "9999-12-31T23:00:00-05:00", "was": '),
}


def _replace(document: dict, old: str, new: str) -> str:
    text = json.dumps(document)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize("make", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_json_gives_one_line_and_changes_nothing(document, db, tmp_path, make):
    path = tmp_path / "hostile.json"
    path.write_text(make(document), encoding="utf-8")
    before = db.execute("SELECT id, updated_at, notes FROM calls ORDER BY id").fetchall()
    with pytest.raises(ImportRefused) as info:
        import_file(db, path)
    assert "\n" not in str(info.value) and "hostile.json" in str(info.value)
    assert db.execute("SELECT id, updated_at, notes FROM calls ORDER BY id").fetchall() == before


def test_the_file_is_read_in_chunks_and_a_call_may_span_many(document, db, tmp_path, monkeypatch):
    from companion.store.db import open_database

    # Numbers, strings and escapes cut at every possible place: the result is the same.
    document["calls"][0]["deal_value"] = 123456789.25
    document["calls"][0]["notes"] = 'a "quoted" \\ line\nand é 😀'
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 7)
    seen = []
    target = open_database(tmp_path / "target.sqlite3")
    result = import_file(target, path, progress=lambda done, size: seen.append((done, size)))
    assert result.added == 2
    assert len(seen) > 100 and seen[-1] == (path.stat().st_size, path.stat().st_size)
    second = document["calls"][1]["id"]
    assert CallStore(target).load_call(second) == CallStore(db).load_call(second)
    first = CallStore(target).load_call(document["calls"][0]["id"])
    assert (first.notes, first.deal_value) == (document["calls"][0]["notes"], 123456789.25)
    target.close()


def test_one_value_larger_than_the_cap_is_refused_without_reading_on(document, db, tmp_path, monkeypatch):
    monkeypatch.setattr(json_stream, "MAX_VALUE_CHARS", 4096)
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", 1024)
    text = _replace(document, '"notes": ', '"notes": "' + "x" * 100_000 + '", "was": ')
    path = tmp_path / "huge.json"
    path.write_text(text)
    with pytest.raises(ImportRefused, match=r"calls\[0\] is larger than"):
        import_file(db, path)


def test_a_device_is_refused_before_anything_is_read(db):
    with pytest.raises(ImportRefused, match="a device"):
        import_file(db, "/dev/zero")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(db, tmp_path):
    fifo = tmp_path / "calls.json"
    os.mkfifo(fifo)
    # Before, opening it blocked until some other program wrote to it: forever, here.
    with pytest.raises(ImportRefused, match="a pipe"):
        import_file(db, fifo)
