"""JSON export and import: full fidelity, merge by id, refusal of anything not an export."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from helpers.call_samples import save_all, varied_calls
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from companion.core.call import (
    CLOSE_RESULTS,
    DISPOSITIONS,
    OUTCOMES,
    OWNERS,
    STAGES,
    STEP_STATUSES,
    AgreedMoment,
    Call,
    CloseAttempt,
    NextStep,
    RaisedObjection,
)
from companion.export.call_reader import iter_calls
from companion.export.importer import ImportRefused, import_file, import_records, parse_export
from companion.export.json_export import write_json
from companion.export.selection import CallSelection
from companion.store.calls import CallStore
from companion.store.db import open_database


def export_text(db, selection=CallSelection.everything()) -> str:
    out = io.StringIO()
    write_json(db, selection, out)
    return out.getvalue()


def without_exported_at(text: str) -> str:
    return re.sub(r'"exported_at": "[^"]*"', '"exported_at": ""', text, count=1)


def test_export_import_export_is_identical(store, db, tmp_path):
    calls = varied_calls(40)
    save_all(store, calls)
    first = export_text(db)
    other = open_database(tmp_path / "other.sqlite3")
    result = import_records(other, parse_export(first))
    assert result.added == 40
    second = export_text(other)
    assert without_exported_at(second) == without_exported_at(first)
    # And it is the same calls, not just the same text.
    for call in calls:
        assert CallStore(other).load_call(call.id) == store.load_call(call.id)
    other.close()


def test_document_shape_is_the_documented_one(store, db):
    save_all(store, varied_calls(3))
    document = json.loads(export_text(db))
    assert document["format"] == "call-companion"
    assert document["version"] == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", document["exported_at"])
    for call in document["calls"]:
        assert {"id", "started_at", "ended_at", "contact", "company", "playbook", "outcome", "disposition",
                "notes", "moments", "objections", "close_attempts", "next_step", "updated_at"} <= set(call)
        for moment in call["moments"]:
            assert {"id", "label", "agreed_at", "note"} <= set(moment)
        for attempt in call["close_attempts"]:
            assert set(attempt) == {"close", "result", "at"}
        if call["next_step"] is not None:
            assert set(call["next_step"]) == {"action", "owner", "customer_action", "due", "status"}


def test_bulk_reader_matches_load_call(store, db):
    calls = varied_calls(30)
    save_all(store, calls)
    read = list(iter_calls(db, CallSelection.everything(), chunk_size=7))
    assert [s.call.id for s in read] == [c.id for c in sorted(calls, key=lambda c: (c.started_at, c.id))]
    for stored in read:
        assert stored.call == store.load_call(stored.call.id)


def test_selection_by_local_days_and_by_ids(store, db):
    calls = varied_calls(12)            # one call every 5 hours from 13 May 2024 08:00 UTC
    save_all(store, calls)
    day = calls[5].started_at.date()
    selected = CallSelection.days(day, day, tz=timezone.utc)
    ids = {s.call.id for s in iter_calls(db, selected)}
    assert ids == {c.id for c in calls if c.started_at.date() == day}
    chosen = [calls[1].id, calls[7].id]
    assert {s.call.id for s in iter_calls(db, CallSelection.of_calls(chosen))} == set(chosen)


def test_importing_twice_changes_nothing(store, db, tmp_path):
    save_all(store, varied_calls(10))
    path = tmp_path / "calls.json"
    path.write_text(export_text(db), encoding="utf-8")
    other = open_database(tmp_path / "other.sqlite3")
    assert import_file(other, path).added == 10
    changes_before = other.execute("SELECT total_changes()").fetchone()[0]
    again = import_file(other, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 10)
    assert other.execute("SELECT total_changes()").fetchone()[0] == changes_before
    other.close()


def test_newer_edit_is_not_overwritten_by_older_export(store, db, tmp_path):
    call = varied_calls(1)[0]
    store.save_call(call, updated_at="2024-05-13T10:00:00+00:00")
    old_export = export_text(db)
    call.notes = "edited later"
    store.save_call(call, updated_at="2024-05-13T11:00:00+00:00")
    result = import_records(db, parse_export(old_export))
    assert result.kept_newer == 1
    assert store.load_call(call.id).notes == "edited later"
    # The other way round, the newer edit wins.
    other = open_database(tmp_path / "other.sqlite3")
    import_records(other, parse_export(old_export))
    result = import_records(other, parse_export(export_text(db)))
    assert result.updated == 1
    assert CallStore(other).load_call(call.id).notes == "edited later"
    other.close()


def valid_document(db, store) -> dict:
    save_all(store, varied_calls(3))
    return json.loads(export_text(db))


@pytest.mark.parametrize("damage, where", [
    (lambda d: d.update(format="something-else"), "format"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(version="1"), "version"),
    (lambda d: d.update(calls={}), "calls"),
    (lambda d: d["calls"][1].update(started_at="yesterday"), "calls[1].started_at"),
    (lambda d: d["calls"][2].update(contact=42), "calls[2].contact"),
    (lambda d: d["calls"][0].update(id="not-a-uuid"), "calls[0].id"),
    (lambda d: d["calls"][0]["moments"].append({"id": "x", "agreed_at": None}), "calls[0].moments["),
    (lambda d: d["calls"][1].update(outcome="won"), "calls[1].outcome"),
    (lambda d: d["calls"][2].update(updated_at=None), "calls[2].updated_at"),
    (lambda d: d["calls"][2].update(id=d["calls"][0]["id"]), "calls[2].id"),
    (lambda d: d["calls"][1].update(next_step={"owner": "boss", "status": "open"}), "calls[1].next_step.owner"),
])
def test_invalid_documents_are_refused_saying_where_and_nothing_is_written(db, store, tmp_path, damage, where):
    document = valid_document(db, store)
    damage(document)
    target = open_database(tmp_path / "target.sqlite3")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_file(target, path)
    assert where in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert target.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    target.close()


def test_truncated_file_is_refused(db, store, tmp_path):
    text = json.dumps(valid_document(db, store))
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ImportRefused, match="truncated"):
        import_file(db, path)


def test_not_utf8_and_nan_are_refused(db, tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"format": "call-companion", "calls": ["\xe9"]}'.encode("latin-1"))
    with pytest.raises(ImportRefused, match="UTF-8"):
        import_file(db, path)
    with pytest.raises(ImportRefused, match="NaN"):
        parse_export('{"format": "call-companion", "version": 1, "calls": [], "x": NaN}')


def test_import_is_one_transaction(db, store, tmp_path, monkeypatch):
    save_all(store, varied_calls(5))
    records = parse_export(export_text(db))
    target = open_database(tmp_path / "target.sqlite3")
    real_save = CallStore.save_call
    seen = []

    def failing_save(self, call, **kwargs):
        seen.append(call.id)
        if len(seen) == 4:
            raise OSError("disk full (simulated)")
        real_save(self, call, **kwargs)

    monkeypatch.setattr(CallStore, "save_call", failing_save)
    with pytest.raises(OSError):
        import_records(target, records)
    assert target.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert target.execute("SELECT count(*) FROM call_moments").fetchone()[0] == 0
    target.close()


# -- property-based: any call survives export, import, export ------------------------------

_times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                      timezones=st.just(timezone.utc)).map(lambda t: t.replace(microsecond=0))
_ids = st.text(min_size=1, max_size=12)


@st.composite
def calls(draw) -> Call:
    started = draw(_times)
    call = Call(contact=draw(st.text()), company=draw(st.text()), playbook_id=draw(st.text(max_size=20)),
                started_at=started, ended_at=draw(st.none() | _times), notes=draw(st.text()),
                deal_value=draw(st.none() | st.floats(min_value=0, max_value=1e15)),
                outcome=draw(st.none() | st.sampled_from(OUTCOMES)),
                disposition=draw(st.none() | st.sampled_from(DISPOSITIONS)))
    for moment_id in draw(st.lists(_ids, max_size=4, unique=True)):
        note = draw(st.text())
        call.moments[moment_id] = AgreedMoment(moment_id, draw(st.text(min_size=1)), draw(st.sampled_from(STAGES)),
                                               draw(_times), note)
        if note:
            call.moment_notes[moment_id] = note
    for objection_id in draw(st.lists(_ids, max_size=3, unique=True)):
        call.objections[objection_id] = RaisedObjection(objection_id, draw(st.text(min_size=1)), draw(_times),
                                                        draw(st.none() | _times))
    call.close_attempts = draw(st.lists(st.builds(CloseAttempt, _ids, st.sampled_from(CLOSE_RESULTS), _times),
                                        max_size=4))
    if draw(st.booleans()):
        step = NextStep(draw(st.text(min_size=1)), draw(st.sampled_from(OWNERS)), draw(st.text()),
                        draw(st.none() | _times), draw(st.sampled_from(STEP_STATUSES)))
        call.next_step = step
    return call


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(calls(), min_size=1, max_size=4))
def test_generated_calls_survive_a_round_trip(generated):
    source = open_database(":memory:")
    target = open_database(":memory:")
    store = CallStore(source)
    base = generated[0].started_at
    for offset, call in enumerate(generated):
        store.save_call(call, updated_at=(base + timedelta(seconds=offset)).isoformat())
    first = export_text(source)
    import_records(target, parse_export(first))
    assert without_exported_at(export_text(target)) == without_exported_at(first)
    for call in generated:
        assert CallStore(target).load_call(call.id) == store.load_call(call.id)
    source.close()
    target.close()
