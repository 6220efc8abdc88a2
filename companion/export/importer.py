"""Import a JSON export: read it as a stream, check every call, merge by call id in one
transaction.

Merging keeps the newest edit of each call: a call in the file replaces the one here only
when its "updated_at" is later, compared inside the write transaction (store/import_merge.py),
so importing the same file twice changes nothing, an old backup never overwrites today's
notes, and two imports at once cannot undo each other. A file that is not a valid export is
refused whole, with a message naming what is wrong and where; everything it wrote so far is
rolled back, so nothing changes. The file is read in chunks, never whole: a 100,000-call
export takes tens of MB, and only regular files are read (a pipe or a device such as
/dev/zero is refused before anything is read from it).
"""

from __future__ import annotations

import io
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlite_utils import Database

from companion.core.call import Call
from companion.core.call_codec import CallFormatError, call_from_dict, parse_time
from companion.errors import EnvironmentProblem
from companion.export.json_export import FORMAT_NAME, FORMAT_VERSION
from companion.export.json_stream import StreamError, byte_chunks, decode_utf8, read_envelope
from companion.store.import_merge import merge_transaction

BATCH_SIZE = 500
Progress = Callable[[int, int], None]       # (bytes read so far, size of the file)


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


# -- reading and checking ----------------------------------------------------------------------


def _check_header(key: str, value: Any) -> None:
    if key == "format" and value != FORMAT_NAME:
        raise CallFormatError("format", f"expected \"{FORMAT_NAME}\", found {_shown(value)}"
                              " (this is not a Call Companion export)")
    if key == "version":
        if isinstance(value, bool) or not isinstance(value, int):
            raise CallFormatError("version", f"expected a whole number, found {_shown(value)}")
        if value > FORMAT_VERSION:
            raise CallFormatError("version", f"the file is format version {value}, written by a newer "
                                  f"Call Companion; this one reads version {FORMAT_VERSION}. Update Call Companion")
        if value < 1:
            raise CallFormatError("version", f"unknown version {value}")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True) if isinstance(value, (str, int, float, bool, type(None))) \
        else f"{type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def iter_records(text_chunks: Iterable[str]) -> Iterator[tuple[Call, str]]:
    """Each call of an export document with its updated_at, checked, as it is read.

    Raises CallFormatError or StreamError. The header ("format", "version") is checked where
    it appears; a document without it, or whose calls are not a list, fails at the end, and
    the merge around this is rolled back.
    """
    seen: dict[str, int] = {}
    header_seen: set[str] = set()
    pending_error: CallFormatError | None = None
    for key, value in read_envelope(text_chunks):
        if key != "call":
            if key in header_seen:
                raise CallFormatError(key, "the field appears twice")
            header_seen.add(key)
            _check_header(key, value)
            if key == "calls":
                raise CallFormatError("calls", "expected a list of calls")
            continue
        if pending_error is not None:
            continue                # read on: a wrong "format" further down says more
        try:
            record = _record(value, len(seen), seen)
        except CallFormatError as exc:
            if "format" in header_seen:
                raise
            pending_error = exc
            continue
        yield record
    for key in ("format", "version", "calls"):
        if key not in header_seen and not (key == "calls" and (seen or pending_error)):
            if key == "format":
                raise CallFormatError("the document", f"expected a JSON object with \"format\": \"{FORMAT_NAME}\"")
            raise CallFormatError(key, "missing" if key == "version" else "expected a list of calls")
    if pending_error is not None:
        raise pending_error


def _record(raw: Any, index: int, seen: dict[str, int]) -> tuple[Call, str]:
    where = f"calls[{index}]"
    call = call_from_dict(raw, where)
    call.id = _canonical_id(call.id, f"{where}.id")
    if call.id in seen:
        raise CallFormatError(f"{where}.id", f"the same call id as calls[{seen[call.id]}]")
    seen[call.id] = index
    return call, parse_time(raw.get("updated_at"), f"{where}.updated_at",
                            what="an ISO-8601 time with an offset (when the call was last saved)")


def _canonical_id(text: str, where: str) -> str:
    """One spelling per call: {braces}, upper case, no dashes or urn:uuid: all become the
    lower-case, dashed form, so the same call never arrives as two."""
    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise CallFormatError(where, f"expected a UUID, found {_shown(text)}") from None


def parse_export(text: str | bytes, source: str = "The file") -> list[tuple[Call, str]]:
    """Every call of a (small) export document with its updated_at, or ImportRefused."""
    raw = text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text
    return list(_refusing(source, iter_records(decode_utf8(byte_chunks(io.BytesIO(raw))))))


def _refusing(source: str, records: Iterator[tuple[Call, str]]) -> Iterator[tuple[Call, str]]:
    try:
        yield from records
    except (CallFormatError, StreamError) as exc:
        raise ImportRefused(source, str(exc)) from None


# -- merging -----------------------------------------------------------------------------------


def import_records(db: Database, records: Iterable[tuple[Call, str]]) -> ImportResult:
    """Merge calls, all in one transaction (all land, or none)."""
    with merge_transaction(db) as merger:
        batch: list[tuple[Call, str]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                merger.add(batch)
                batch = []
        if batch:
            merger.add(batch)
    counts = merger.counts
    return ImportResult(counts.added, counts.updated, counts.unchanged, counts.kept_newer)


def open_regular_file(path: Path) -> BinaryIO:
    """The file opened for reading, or ImportRefused: missing, a folder, a pipe or a device.
    Opened without blocking, so a pipe nobody writes to cannot hang the import."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ImportRefused(str(path), "the file does not exist") from None
    except IsADirectoryError:
        raise ImportRefused(str(path), "it is a folder, not a file") from None
    except OSError as exc:
        raise ImportRefused(str(path), f"it cannot be read ({exc.strerror or exc})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise ImportRefused(str(path), f"it is {kind}, not a file; save the export to a file and import that")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def import_file(db: Database, path: Path | str, progress: Progress | None = None) -> ImportResult:
    path = Path(path)
    with open_regular_file(path) as stream:
        size = os.fstat(stream.fileno()).st_size

        def chunks() -> Iterator[bytes]:
            done = 0
            try:
                for chunk in byte_chunks(stream):
                    yield chunk
                    done += len(chunk)
                    if progress is not None:
                        progress(done, size)
            except OSError as exc:
                raise ImportRefused(str(path), f"it cannot be read ({exc.strerror or exc})") from None

        return import_records(db, _refusing(str(path), iter_records(decode_utf8(chunks()))))
