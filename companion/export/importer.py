"""Import a JSON export: validate everything first, then merge by call id in one transaction.

Merging keeps the newest edit of each call: a call in the file replaces the one here only
when its "updated_at" is later. Importing the same file twice therefore changes nothing,
and an old backup never overwrites today's notes. A file that is not a valid export is
refused whole, with a message naming what is wrong and where; nothing is written.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from companion.core.call import Call, from_iso, to_iso
from companion.core.call_codec import CallFormatError, call_from_dict
from companion.errors import EnvironmentProblem
from companion.export.json_export import FORMAT_NAME, FORMAT_VERSION
from companion.store.calls import CallStore
from companion.store.db import write_transaction

_LOOKUP_CHUNK = 5000


class ImportRefused(EnvironmentProblem):
    """The file is not something we can import; `str()` says what and where."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source} was not imported: {problem}. Nothing was changed.")


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0      # the same edit is already here
    kept_newer: int = 0     # a later edit is here: the file's older one was skipped

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.kept_newer

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept_newer:
            parts.append(f"{self.kept_newer} kept as they are here (edited more recently)")
        noun = "call" if self.total == 1 else "calls"
        return f"{self.total} {noun}: " + ", ".join(parts) + "."


class _NotANumber(Exception):
    pass


def _refuse_constant(name: str):
    # Python's json reads NaN and Infinity, which no other JSON reader (nor our export) accepts.
    raise _NotANumber(name)


def parse_export(text: str | bytes, source: str = "The file") -> list[tuple[Call, str]]:
    """Every call of an export document with its updated_at, or ImportRefused."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(source, f"it is not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except _NotANumber as exc:
        raise ImportRefused(source, f"it contains {exc.args[0]}, which is not a number in JSON") from None
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise ImportRefused(
            source, f"it is not valid JSON{hint}: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    try:
        return _read_document(data)
    except CallFormatError as exc:
        raise ImportRefused(source, str(exc)) from None


def _read_document(data: Any) -> list[tuple[Call, str]]:
    if not isinstance(data, dict):
        raise CallFormatError("the document", "expected a JSON object with \"format\": \"call-companion\"")
    if data.get("format") != FORMAT_NAME:
        raise CallFormatError("format", f"expected \"{FORMAT_NAME}\", found {json.dumps(data.get('format'))}"
                              " (this is not a Call Companion export)")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise CallFormatError("version", f"expected a whole number, found {json.dumps(version)}")
    if version > FORMAT_VERSION:
        raise CallFormatError("version", f"the file is format version {version}, written by a newer "
                              f"Call Companion; this one reads version {FORMAT_VERSION}. Update Call Companion")
    if version < 1:
        raise CallFormatError("version", f"unknown version {version}")
    calls = data.get("calls")
    if not isinstance(calls, list):
        raise CallFormatError("calls", "expected a list of calls")
    records, seen = [], {}
    for index, raw in enumerate(calls):
        where = f"calls[{index}]"
        call = call_from_dict(raw, where)
        try:
            uuid.UUID(call.id)
        except ValueError:
            raise CallFormatError(f"{where}.id", f"expected a UUID, found {call.id!r}") from None
        if call.id in seen:
            raise CallFormatError(f"{where}.id", f"the same call id as calls[{seen[call.id]}]")
        seen[call.id] = index
        records.append((call, _updated_at(raw, where)))
    return records


def _updated_at(raw: dict, where: str) -> str:
    value = raw.get("updated_at")
    if not isinstance(value, str):
        raise CallFormatError(f"{where}.updated_at", "expected an ISO-8601 time"
                              f" (when the call was last saved), found {json.dumps(value)}")
    try:
        return to_iso(from_iso(value))      # one form (UTC), so text comparison is time order
    except ValueError:
        raise CallFormatError(f"{where}.updated_at", f"not an ISO-8601 time: {value!r}") from None


def existing_versions(db: Database, call_ids: list[str]) -> dict[str, str]:
    """updated_at of the calls already here, looked up in bulk."""
    found: dict[str, str] = {}
    for start in range(0, len(call_ids), _LOOKUP_CHUNK):
        chunk = json.dumps(call_ids[start:start + _LOOKUP_CHUNK])
        found.update(db.execute(
            "SELECT id, updated_at FROM calls WHERE id IN (SELECT value FROM json_each(?))", [chunk]))
    return found


def import_records(db: Database, records: list[tuple[Call, str]]) -> ImportResult:
    """Merge validated calls, all in one transaction (all land, or none)."""
    # No after_write hooks: restoring an export is not a new save to push anywhere.
    store = CallStore(db)
    here = existing_versions(db, [call.id for call, _ in records])
    added = updated = unchanged = kept = 0
    with write_transaction(db):
        for call, updated_at in records:
            current = here.get(call.id)
            if current is not None:
                current = to_iso(from_iso(current))
                if current == updated_at:
                    unchanged += 1
                    continue
                if current > updated_at:
                    kept += 1
                    continue
            store.save_call(call, delete_draft=False, updated_at=updated_at)
            if current is None:
                added += 1
            else:
                updated += 1
    return ImportResult(added, updated, unchanged, kept)


def import_file(db: Database, path: Path | str) -> ImportResult:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(str(path), "the file does not exist") from None
    except IsADirectoryError:
        raise ImportRefused(str(path), "it is a folder, not a file") from None
    except OSError as exc:
        raise ImportRefused(str(path), f"it cannot be read ({exc.strerror or exc})") from None
    return import_records(db, parse_export(raw, str(path)))
