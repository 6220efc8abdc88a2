"""Playbooks: the yes moments, closes and objections for a kind of call, read from TOML.

Parsing is pure (text in, Playbook or PlaybookError out); reading the files is the store's
job (companion/store/playbook_files.py).
The format is documented in the README ("Playbook format").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any, overload

from companion.core.call import STAGES
from companion.core.playbook_limits import check_playbook_limits
from companion.errors import PlaybookError

FORMAT_VERSION = 1
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
# Which part of the next step ticking a commitment moment settles (see the README).
STEP_PARTS = ("action", "when", "who", "customer_action")
# What a close's line asks the prospect for; signature and concession asks are held back
# on large deals and while someone else decides.
ASKS = ("opinion", "detail", "step", "order", "concession")
# Keys of a close's [closes.lines] besides objection ids: the words once a next step is agreed.
STEP_LINE_KEYS = ("confirm_when", "confirm_who", "confirm_customer_action", "step_complete")


@dataclass(frozen=True)
class Moment:
    id: str
    label: str
    prompt: str
    stage: str
    keywords: tuple[str, ...] = ()
    # What a prospect says aloud when this moment happens; matched in speech when listening.
    phrases: tuple[str, ...] = ()
    # How the summary close says this moment back: phrases tried in order, "{note}" being the
    # rep's note on it (a phrase with {note} is skipped without a note); () never; None the
    # default (the note said back, for discovery and value moments).
    recap: tuple[str, ...] | None = None
    step_part: str | None = None     # ticking it settles this part of the next step


@dataclass(frozen=True)
class Close:
    id: str
    name: str
    description: str
    when: str
    script: str
    # How the coach scores it (all optional in the file; see the README). None means "not
    # given", so the coach can fall back to its defaults for the standard closes.
    stages: tuple[str, ...] | None = None
    min_agreed: int | None = None
    max_agreed: int | None = None
    answers: tuple[str, ...] = ()
    pressure: bool | None = None
    needs_deadline: bool | None = None
    weight: float = 1.0
    asks: str | None = None                  # one of ASKS; None: the standard close's default
    answers_only: bool | None = None         # fits only while an objection it answers is open
    # Other words for the same close: by open objection id, or once a next step is agreed.
    lines: tuple[tuple[str, str], ...] = ()

    def line_for(self, key: str) -> str | None:
        return next((text for k, text in self.lines if k == key), None)


@dataclass(frozen=True)
class Objection:
    id: str
    label: str
    keywords: tuple[str, ...]
    responses: tuple[str, ...]
    closes: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Playbook:
    id: str
    name: str
    description: str
    moments: tuple[Moment, ...]
    closes: tuple[Close, ...]
    objections: tuple[Objection, ...]
    expected_minutes: int = 30
    source: str = ""
    builtin: bool = False

    def moment(self, moment_id: str) -> Moment | None:
        return next((m for m in self.moments if m.id == moment_id), None)

    def close(self, close_id: str) -> Close | None:
        return next((c for c in self.closes if c.id == close_id), None)

    def objection(self, objection_id: str) -> Objection | None:
        return next((o for o in self.objections if o.id == objection_id), None)

    def moments_by_stage(self) -> list[tuple[str, list[Moment]]]:
        return [(s, [m for m in self.moments if m.stage == s]) for s in STAGES
                if any(m.stage == s for m in self.moments)]


@dataclass
class PlaybookSet:
    playbooks: list[Playbook] = field(default_factory=list)
    errors: list[PlaybookError] = field(default_factory=list)

    def get(self, playbook_id: str) -> Playbook | None:
        return next((p for p in self.playbooks if p.id == playbook_id), None)

    def default(self, preferred_id: str | None = None) -> Playbook | None:
        if preferred_id and self.get(preferred_id):
            return self.get(preferred_id)
        return self.playbooks[0] if self.playbooks else None


class _Table:
    """Reads one TOML table, naming the file and line of whatever is wrong."""

    def __init__(self, data: dict[str, Any], file: str, line: int | None, where: str):
        self.data, self.file, self.line, self.where = data, file, line, where

    def fail(self, reason: str) -> PlaybookError:
        return PlaybookError(self.file, self.line, f"{self.where}: {reason}")

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        if key not in self.data:
            if required:
                raise self.fail(f'missing required field "{key}"')
            return default
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(f'"{key}" must be text in quotes')
        if required and not value.strip():
            raise self.fail(f'"{key}" must not be empty')
        return value.strip()

    def ident(self, key: str = "id") -> str:
        value = self.text(key)
        if not _ID_RE.match(value):
            raise self.fail(f'"{key}" = "{value}" must be lower-case letters, digits, "_" or "-"')
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f'"{key}" must be a list of texts, like ["a", "b"]')
        return tuple(v.strip() for v in value if v.strip())

    @overload
    def integer(self, key: str, default: int, minimum: int = 0) -> int: ...
    @overload
    def integer(self, key: str, default: None, minimum: int = 0) -> int | None: ...

    def integer(self, key: str, default: int | None, minimum: int = 0) -> int | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(f'"{key}" must be a whole number of at least {minimum}')
        return value

    def number(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(f'"{key}" must be a number of at least 0')
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        if key not in self.data:
            return None
        value = self.text(key)
        if value not in allowed:
            raise self.fail(f'"{key}" must be one of {", ".join(allowed)}, not "{value}"')
        return value

    def phrases(self, key: str) -> tuple[str, ...] | None:
        """One text or a list of texts; None when left out ("" or [] is not the same)."""
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f'"{key}" must be a text or a list of texts, like ["{{note}}", "..."]')
        return tuple(v.strip() for v in value if v.strip())

    def text_table(self, key: str) -> tuple[tuple[str, str], ...]:
        value = self.data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise self.fail(f'"{key}" must be a table of texts, like {key}.timing = "..."')
        return tuple((k, v.strip()) for k, v in value.items())

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(f'"{key}" must be true or false')
        return value


def _header_lines(text: str, name: str) -> list[int]:
    """1-based line numbers of each `[[name]]` header, to point at the n-th entry."""
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(name) + r"\s*\]\]")
    return [i + 1 for i, line in enumerate(text.splitlines()) if pattern.match(line)]


def _entries(root: dict[str, Any], text: str, name: str, file: str) -> list[_Table]:
    raw = root.get(name, [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise PlaybookError(file, None, f'"{name}" must be written as [[{name}]] tables')
    lines = _header_lines(text, name)
    return [
        _Table(entry, file, lines[i] if i < len(lines) else None, f"{name} #{i + 1}")
        for i, entry in enumerate(raw)
    ]


def parse_playbook(text: str, file: str = "<playbook>", *, builtin: bool = False) -> Playbook:
    try:
        root = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise PlaybookError(file, int(match.group(1)) if match else None,
                            f"not valid TOML ({exc})") from None
    check_playbook_limits(root, file)
    top = _Table(root, file, None, "playbook")
    version = top.integer("format", FORMAT_VERSION, minimum=1)
    if version != FORMAT_VERSION:
        raise top.fail(f"format {version} is not supported (this version reads format {FORMAT_VERSION})")

    moments = []
    for entry in _entries(root, text, "moments", file):
        stage = entry.text("stage")
        if stage not in STAGES:
            raise entry.fail(f'"stage" must be one of {", ".join(STAGES)}, not "{stage}"')
        moments.append(Moment(entry.ident(), entry.text("label"), entry.text("prompt", required=False),
                              stage, entry.texts("keywords"), entry.texts("phrases"),
                              recap=entry.phrases("recap"), step_part=entry.choice("step_part", STEP_PARTS)))
    if not moments:
        raise top.fail("needs at least one [[moments]] entry")

    closes = []
    for entry in _entries(root, text, "closes", file):
        stages = entry.texts("stages") if "stages" in entry.data else None
        bad = [s for s in stages or () if s not in STAGES]
        if bad:
            raise entry.fail(f'"stages" has unknown stage "{bad[0]}" (use {", ".join(STAGES)})')
        closes.append(Close(
            id=entry.ident(), name=entry.text("name"), description=entry.text("description", required=False),
            when=entry.text("when", required=False), script=entry.text("script"),
            stages=stages, min_agreed=entry.integer("min_agreed", None),
            max_agreed=entry.integer("max_agreed", None), answers=entry.texts("answers"),
            pressure=entry.flag("pressure"), needs_deadline=entry.flag("needs_deadline"),
            weight=entry.number("weight", 1.0), asks=entry.choice("asks", ASKS),
            answers_only=entry.flag("answers_only"), lines=entry.text_table("lines"),
        ))

    objections = []
    for entry in _entries(root, text, "objections", file):
        objections.append(Objection(entry.ident(), entry.text("label"), entry.texts("keywords"),
                                    entry.texts("responses"), entry.texts("closes"), entry.texts("phrases")))

    for kind, items in (("moments", moments), ("closes", closes), ("objections", objections)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise top.fail(f'two [[{kind}]] entries share the id "{item.id}"')
            seen.add(item.id)
    known_closes = {c.id for c in closes}
    line_keys = {o.id for o in objections} | set(STEP_LINE_KEYS)
    for close in closes:
        unknown = [key for key, _ in close.lines if key not in line_keys]
        if unknown:
            raise top.fail(f'close "{close.id}" has lines.{unknown[0]}, which is neither an objection of this '
                           f'playbook nor one of {", ".join(STEP_LINE_KEYS)}')
    for objection in objections:
        unknown = [c for c in objection.closes if c not in known_closes]
        if unknown:
            raise top.fail(f'objection "{objection.id}" names close "{unknown[0]}", '
                           "which this playbook does not define")

    minutes = top.integer("expected_minutes", 30, minimum=1)
    return Playbook(
        id=top.ident(), name=top.text("name"), description=top.text("description", required=False),
        moments=tuple(moments), closes=tuple(closes), objections=tuple(objections),
        expected_minutes=minutes, source=file, builtin=builtin,
    )
