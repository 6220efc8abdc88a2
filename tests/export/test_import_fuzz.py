"""Fuzzing the importer with the shapes hostile or careless files have: empty and offset-less
times, times at the ends of the calendar, numbers too large, lone surrogates, deep nesting,
UUIDs spelled differently, and the file cut into chunks anywhere. Either the import is
refused with one line naming the file, or what it stored exports back and imports again
unchanged (never Infinity, NaN or a time without an offset)."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core.call import Call, to_iso
from companion.export import json_stream
from companion.export.importer import ImportRefused, import_records, parse_export
from companion.export.json_export import call_record, export_document, write_json
from companion.export.selection import CallSelection
from companion.store.db import open_database

RAW = "@@raw@@"
TIME_FIELDS = [("started_at",), ("ended_at",), ("updated_at",), ("moments", 0, "agreed_at"),
               ("objections", 0, "raised_at"), ("objections", 0, "resolved_at"), ("next_step", "due"),
               ("close_attempts", 0, "at")]
OTHER_FIELDS = [("deal_value",), ("notes",), ("contact",), ("id",), ("moments", 0, "note"),
                ("next_step", "action")]


def base_record() -> dict:
    call = Call(contact="Ann", company="Acme", playbook_id="discovery",
                started_at=datetime(2024, 5, 14, 8, 30, tzinfo=timezone.utc))
    call.agree("pain", datetime(2024, 5, 14, 8, 40, tzinfo=timezone.utc), label="Pain", stage="discovery",
               note="two days a month")
    call.raise_objection("price", datetime(2024, 5, 14, 8, 45, tzinfo=timezone.utc), label="Price")
    call.record_close_attempt("trial", "accepted", datetime(2024, 5, 14, 8, 50, tzinfo=timezone.utc))
    from companion.core.call import NextStep

    call.next_step = NextStep("Demo", "both", "Brings the CFO", datetime(2024, 5, 16, 8, tzinfo=timezone.utc), "open")
    call.ended_at = datetime(2024, 5, 14, 9, tzinfo=timezone.utc)
    call.deal_value = 1200.0
    return call_record(call, to_iso(datetime(2024, 5, 14, 9, 5, tzinfo=timezone.utc)))


times = st.one_of(
    st.just(""), st.just("   "), st.just("2024-05-14T08:30:00"), st.just("2024-05-14 08:30"),
    st.just("0001-01-01T00:00:00+14:00"), st.just("9999-12-31T23:59:59-12:00"), st.just("yesterday"),
    st.builds(lambda d, h: f"{d.isoformat()}T08:30:00{h}",
              st.dates(), st.sampled_from(["+00:00", "Z", "+14:00", "-12:00", "+05:30", ""])),
    st.none(), st.integers(), st.text(max_size=30),
)
raw_tokens = st.one_of(
    st.sampled_from(["1e400", "-1e400", "1e308", "NaN", "Infinity", "-0", "0.1e-400", '"\\ud800"',
                     '"a\\udc00b"', '"\\ud83d\\ude00"']),
    st.integers(min_value=300, max_value=6000).map(lambda digits: "9" * digits),
    st.sampled_from([10, 900, 1100, 100_000]).map(lambda depth: "[" * depth + "]" * depth),
    st.sampled_from([10, 1100]).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
)
plain_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False,
                            allow_infinity=False) | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                      max_size=3), max_leaves=8)


def uuid_spellings(plain: str):
    return st.sampled_from([plain, plain.upper(), "{" + plain + "}", plain.replace("-", ""),
                            "urn:uuid:" + plain, " " + plain, plain[:-1], ""])


@st.composite
def hostile_documents(draw) -> str:
    record = base_record()
    raws = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(TIME_FIELDS + OTHER_FIELDS))
        target = record
        for key in path[:-1]:
            target = target[key]
        key = path[-1]
        if path in TIME_FIELDS:
            value = draw(times)
        elif key == "id":
            value = draw(uuid_spellings(record["id"]))
        elif draw(st.booleans()):
            raws.append(draw(raw_tokens))
            value = RAW
        else:
            value = draw(plain_values)
        target[key] = value
    text = json.dumps(export_document([record]))
    for raw in raws:
        text = text.replace(json.dumps(RAW), raw, 1)
    return text


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(hostile_documents(), st.sampled_from([1, 3, 7, 64, 4096, 1 << 20]))
def test_hostile_files_are_refused_in_one_line_or_round_trip(text, chunk_bytes):
    saved = json_stream.CHUNK_BYTES
    json_stream.CHUNK_BYTES = chunk_bytes
    db = open_database(":memory:")
    try:
        try:
            records = parse_export(text, "fuzz.json")
        except ImportRefused as exc:
            message = str(exc)
            assert "fuzz.json" in message and "\n" not in message and len(message) < 600
            return
        import_records(db, records)
        out = io.StringIO()
        write_json(db, CallSelection.everything(), out)
        exported = out.getvalue()
        assert not re.search(r"\b(Infinity|NaN)\b", exported)
        for call in json.loads(exported)["calls"]:
            for key in ("started_at", "updated_at"):
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", call[key])
        again = open_database(":memory:")
        assert import_records(again, parse_export(exported)).added == 1
        again.close()
    finally:
        json_stream.CHUNK_BYTES = saved
        db.close()
