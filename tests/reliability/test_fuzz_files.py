"""Random, truncated and mangled playbooks and import files give the clear error, never a crash.

"The clear error" is PlaybookError for playbooks and ImportRefused for import files
(CallFormatError for the call codec below it): environment problems with a message
naming the file. Anything else escaping is a bug.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion.core.call import Call, utcnow
from companion.core.call_codec import CallFormatError, call_from_dict, call_to_dict
from companion.core.playbook import parse_playbook
from companion.errors import PlaybookError
from companion.resources import resource_path

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BUILTIN_PLAYBOOK = resource_path("playbooks", "discovery.toml").read_text(encoding="utf-8")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
toml_scalars = st.sampled_from(['"text"', "''", "42", "-1", "3.5", "true", "[]", '["a", 1]', "{}",
                                '"' + "x" * 300 + '"', "1979-05-27T07:32:00Z", "nan", "inf", '"a\\u0000b"',
                                "[[", "= =", '"unterminated', "0x1F", "1e999"])


def _parse_playbook_or_clear_error(text: str) -> None:
    try:
        parse_playbook(text, "fuzz.toml")
    except PlaybookError as exc:
        assert "fuzz.toml" in str(exc)


@FUZZ
@given(st.text(max_size=400))
def test_random_text_as_a_playbook(text):
    _parse_playbook_or_clear_error(text)


@FUZZ
@given(st.integers(min_value=0, max_value=len(BUILTIN_PLAYBOOK)))
@example(0)
def test_truncated_playbook(cut):
    _parse_playbook_or_clear_error(BUILTIN_PLAYBOOK[:cut])


@FUZZ
@given(st.data())
def test_playbook_with_a_value_replaced(data):
    """Valid TOML structure, wrong types and values where the parser expects others."""
    lines = BUILTIN_PLAYBOOK.splitlines()
    assignments = [i for i, line in enumerate(lines) if " = " in line and not line.lstrip().startswith("#")]
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.sampled_from(assignments))
        key = lines[index].split(" = ", 1)[0]
        lines[index] = f"{key} = {data.draw(toml_scalars)}"
    if data.draw(st.booleans()):
        index = data.draw(st.integers(0, len(lines) - 1))
        lines.insert(index, data.draw(st.sampled_from(["[[moments]]", "[[closes]]", "[[objections]]",
                                                       "[moments]", "format = 2", "id = \"x\""])))
    _parse_playbook_or_clear_error("\n".join(lines))


def _valid_call_dict() -> dict:
    call = Call(contact="Ann", company="Nordlicht", playbook_id="discovery")
    call.agree("pain_confirmed", label="Agrees pain is real", stage="discovery")
    call.raise_objection("price", label="Price")
    call.record_close_attempt("alternative", "accepted")
    call.ended_at = utcnow()
    return call_to_dict(call)


@FUZZ
@given(json_values)
def test_random_json_as_a_call(value):
    try:
        call_from_dict(value)
    except CallFormatError:
        pass


@FUZZ
@given(st.data())
def test_call_with_a_field_replaced(data):
    call = _valid_call_dict()
    target = call
    keys = list(call)
    key = data.draw(st.sampled_from(keys))
    if isinstance(call[key], list) and call[key] and data.draw(st.booleans()):
        target = call[key][0]
        key = data.draw(st.sampled_from(list(target)))
    target[key] = data.draw(json_values)
    try:
        call_from_dict(call)
    except CallFormatError:
        pass


# -- import files (companion/export/importer.py) ------------------------------------------

from companion.export import importer  # noqa: E402


def _valid_export() -> str:
    from companion.export.json_export import FORMAT_NAME, FORMAT_VERSION

    record = _valid_call_dict()
    record["updated_at"] = record["started_at"]
    return json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "calls": [record]}, indent=1)


VALID_EXPORT = _valid_export()


def _parse_export_or_clear_error(content) -> None:
    try:
        importer.parse_export(content, "fuzz.json")
    except importer.ImportRefused as exc:
        assert "fuzz.json" in str(exc)


def test_the_valid_export_used_below_is_accepted():
    assert len(importer.parse_export(VALID_EXPORT, "fuzz.json")) == 1


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_an_import_file(content):
    _parse_export_or_clear_error(content)


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID_EXPORT)))
def test_truncated_import_file(cut):
    _parse_export_or_clear_error(VALID_EXPORT[:cut])
    _parse_export_or_clear_error(VALID_EXPORT.encode("utf-8")[:cut])


@FUZZ
@given(st.data())
def test_import_file_with_a_value_replaced(data):
    document = json.loads(VALID_EXPORT)
    call = document["calls"][0]
    where = data.draw(st.sampled_from(["document", "call", "nested"]))
    if where == "document":
        document[data.draw(st.sampled_from(["format", "version", "calls"]))] = data.draw(json_values)
    elif where == "call":
        call[data.draw(st.sampled_from(list(call)))] = data.draw(json_values)
    else:
        items = call[data.draw(st.sampled_from(["moments", "objections", "close_attempts"]))]
        items[0][data.draw(st.sampled_from(list(items[0])))] = data.draw(json_values)
    _parse_export_or_clear_error(json.dumps(document))


def test_import_of_an_unreadable_file_is_refused_clearly(tmp_path, db):
    folder = tmp_path / "a-folder.json"
    folder.mkdir()
    with pytest.raises(importer.ImportRefused, match="folder"):
        importer.import_file(db, folder)
    with pytest.raises(importer.ImportRefused, match="does not exist"):
        importer.import_file(db, tmp_path / "missing.json")
