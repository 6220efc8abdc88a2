"""Read a JSON export as a stream: the envelope's fields, then one call at a time.

A 100,000-call file is never held whole in memory (json.load of one took ~700 MB); each call
is decoded by the standard library's C decoder from a window of the text, so the pace stays
that of json.loads. Hostile input ends in `StreamError` with a one-line reason and, where it
helps, the line and column: deep nesting, numbers too long to read, text that is not UTF-8,
a single value larger than MAX_VALUE_CHARS, or a file cut short.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

CHUNK_BYTES = 1 << 20
# One call of an export is a few KB; a value this large is not a call (and is not read further).
MAX_VALUE_CHARS = 64 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class StreamError(ValueError):
    """The text is not a JSON document we can read; `str()` says why (and where)."""


class _NotANumber(Exception):
    pass


def _refuse_constant(name: str):
    # Python's json reads NaN and Infinity, which no other JSON reader (nor our export) accepts.
    raise _NotANumber(name)


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def byte_chunks(stream: BinaryIO, chunk_bytes: int | None = None) -> Iterator[bytes]:
    size = chunk_bytes or CHUNK_BYTES
    while chunk := stream.read(size):
        yield chunk


def decode_utf8(chunks: Iterable[bytes]) -> Iterator[str]:
    """UTF-8 text (a leading byte order mark dropped), chunk by chunk, or StreamError."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    offset = 0
    try:
        for chunk in chunks:
            yield decoder.decode(chunk)
            offset += len(chunk)
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise StreamError(f"it is not UTF-8 text (byte {offset + exc.start})") from None


class _Window:
    """The part of the text being read, refilled from the chunks as the reading moves on."""

    def __init__(self, chunks: Iterable[str]):
        self._chunks = iter(chunks)
        self.text = ""
        self.pos = 0
        self.eof = False
        self._line = 1                  # line number of text[0]
        self._line_start = 0            # where that line starts, relative to text[0] (may be < 0)

    def more(self) -> bool:
        """Append the next chunk (dropping what was read); False at the end of the file."""
        if self.eof:
            return False
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            return False
        dropped = self.text[:self.pos]
        newlines = dropped.count("\n")
        if newlines:
            self._line += newlines
            self._line_start = dropped.rfind("\n") + 1
        self._line_start -= self.pos
        self.text = self.text[self.pos:] + chunk
        self.pos = 0
        return True

    def where(self, index: int) -> str:
        before = self.text[:index]
        newlines = before.count("\n")
        line = self._line + newlines
        line_start = before.rfind("\n") + 1 if newlines else self._line_start
        return f"line {line}, column {index - line_start + 1}"

    def next_char(self) -> str | None:
        """The next character that is not whitespace (not consumed); None at the end."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def take(self, expected: str, what: str) -> None:
        found = self.next_char()
        if found != expected:
            self.fail(f"expected {what}", found)
        self.pos += 1

    def fail(self, message: str, found: str | None) -> None:
        if found is None:
            raise StreamError(f"it is not valid JSON (the file looks truncated): {message} at the end")
        raise StreamError(f"it is not valid JSON: {message} at {self.where(self.pos)}")

    def value(self, label: str) -> Any:
        """Decode the next JSON value, reading more of the file until it is complete."""
        if self.next_char() is None:
            self.fail("a value", None)
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except _NotANumber as exc:
                raise StreamError(f"{label} contains {exc.args[0]}, which is not a number in JSON") from None
            except RecursionError:
                raise StreamError(f"{label} is nested too deeply to be a call (at {self.where(self.pos)})") from None
            except json.JSONDecodeError as exc:
                if self._grow(label):
                    continue
                hint = " (the file looks truncated)" if exc.pos >= len(self.text.rstrip()) else ""
                raise StreamError(f"it is not valid JSON{hint}: {exc.msg} at {self.where(exc.pos)}") from None
            except ValueError as exc:       # int() refusing a number of over 4300 digits
                raise StreamError(f"{label} holds a number too long to read ({str(exc).split(';')[0]})") from None
            # A number can end where the window ends and go on in the next chunk.
            if end == len(self.text) and self._grow(label):
                continue
            self.pos = end
            return value

    def _grow(self, label: str) -> bool:
        if len(self.text) - self.pos > MAX_VALUE_CHARS:
            raise StreamError(f"{label} is larger than {MAX_VALUE_CHARS >> 20} MB, far more than any call")
        return self.more()


def read_envelope(chunks: Iterable[str]) -> Iterator[tuple[str, Any]]:
    """("call", value) for each element of "calls" as it is read, ("calls", value) when
    "calls" is not a list, and (key, value) for every other top-level field."""
    window = _Window(chunks)
    window.take("{", "a JSON object")
    if window.next_char() == "}":
        window.pos += 1
    else:
        while True:
            if window.next_char() != '"':
                window.fail("a field name in double quotes", window.next_char())
            key = window.value("a field name")
            window.take(":", "':' after a field name")
            if key == "calls" and window.next_char() == "[":
                yield from _calls(window)
            else:
                yield key, window.value(f'"{key}"')
            separator = window.next_char()
            window.pos += 1
            if separator == "}":
                break
            if separator != ",":
                window.pos -= 1
                window.fail("',' or '}' after a field", separator)
    if window.next_char() is not None:
        window.fail("nothing after the document's closing '}'", window.next_char())


def _calls(window: _Window) -> Iterator[tuple[str, Any]]:
    window.take("[", "'['")
    if window.next_char() == "]":
        window.pos += 1
        return
    index = 0
    while True:
        yield "call", window.value(f"calls[{index}]")
        index += 1
        separator = window.next_char()
        window.pos += 1
        if separator == "]":
            return
        if separator != ",":
            window.pos -= 1
            window.fail("',' or ']' between calls", separator)
