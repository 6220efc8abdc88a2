"""Objections and deadlines in the rep's typed notes, and which closes answer an objection.

Detection runs on every keystroke, so the work that depends only on the playbook is done once
per playbook, and a deadline search is remembered per text. Nothing here decides on the
rep's behalf: detected objections are candidates the rep confirms with one click.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import TypeVar

from companion.core.call import Call
from companion.core.playbook import Playbook

T = TypeVar("T")

# Notes typed on a Mac or pasted from a mail client carry curly apostrophes;
# keywords are written with straight ones ("can't afford").
_STRAIGHTEN = str.maketrans({"\u2019": "'", "\u2018": "'"})


def per_playbook(build: Callable[[Playbook], T]) -> Callable[[Playbook], T]:
    """Remember `build(playbook)` for as long as that playbook object lives.

    Keyed by identity, not by value: playbooks are immutable, and hashing a whole playbook
    on every keystroke would cost more than the work being saved.
    """
    cache: dict[int, tuple[weakref.ref, T]] = {}

    def forget(ref: weakref.ref, key: int) -> None:
        if cache.get(key, (None,))[0] is ref:
            del cache[key]

    def cached(playbook: Playbook) -> T:
        key = id(playbook)
        entry = cache.get(key)
        if entry is not None and entry[0]() is playbook:
            return entry[1]
        result = build(playbook)
        ref = weakref.ref(playbook, lambda r, key=key: forget(r, key))
        cache[key] = (ref, result)
        return result

    return cached


@per_playbook
def keyword_patterns(playbook: Playbook) -> tuple[tuple[str, re.Pattern], ...]:
    """One compiled pattern per objection that has keywords, in playbook order."""
    patterns = []
    for objection in playbook.objections:
        phrases = {_phrase_pattern(k) for k in objection.keywords}
        phrases.discard("")
        if phrases:
            # Longest first, so "no budget" wins over "budget" where both are listed.
            alternatives = "|".join(sorted(phrases, key=len, reverse=True))
            patterns.append((objection.id, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
    return tuple(patterns)


def detect_objections(playbook: Playbook, notes_text: str, already: Collection[str] = ()) -> list[str]:
    """Ids of objections whose keywords occur in the notes as whole words or phrases,
    case-insensitively, leaving out those already raised or dismissed."""
    if not notes_text:
        return []
    text = notes_text.translate(_STRAIGHTEN)
    return [objection_id for objection_id, pattern in keyword_patterns(playbook)
            if objection_id not in already and pattern.search(text)]


# Which closes answer a standard objection, when the playbook says nothing about it.
STANDARD_ANSWERS = {
    "price": ("summary", "sharp_angle", "puppy_dog"),
    "timing": ("alternative", "urgency"),
    "authority": ("alternative", "question"),       # an advance that brings the decider in
    "need": ("trial", "takeaway"),
    "competitor": ("ben_franklin", "summary"),
    "status_quo": ("ben_franklin", "puppy_dog"),
}


@per_playbook
def answering_closes(playbook: Playbook) -> dict[str, frozenset[str]]:
    """Objection id -> ids of the closes that answer it.

    Both directions of the playbook data count (Close.answers and Objection.closes); the
    standard mapping fills in only for standard objections the playbook says nothing about.
    """
    answered: dict[str, set[str]] = {}
    for close in playbook.closes:
        for objection_id in close.answers:
            answered.setdefault(objection_id, set()).add(close.id)
    for objection in playbook.objections:
        answered.setdefault(objection.id, set()).update(objection.closes)
    close_ids = {c.id for c in playbook.closes}
    for objection_id, standard in STANDARD_ANSWERS.items():
        if not answered.get(objection_id):
            answered[objection_id] = close_ids & set(standard)
    return {k: frozenset(v) for k, v in answered.items()}


def _phrase_pattern(keyword: str) -> str:
    # Any run of spaces or a line break between the words of a phrase still matches.
    words = keyword.translate(_STRAIGHTEN).split()
    return r"\s+".join(re.escape(word) for word in words)


# "May" only with its capital: "we may 3 times" is not a date.
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?-i:May)|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DEADLINE = re.compile(rf"""(?<!\w)(?:
      deadlines?
    | by\s+the\s+end\s+of
    | end\s+of\s+(?:the\s+)?(?:month|quarter|year|q[1-4]|{_MONTH})
    | (?:before|by|until)\s+(?:q[1-4]|{_MONTH}|{_WEEKDAY}|next\s+(?:week|month|quarter|year)|\d{{1,2}}/\d{{1,2}})
    | expir(?:es|ed|y|ing|ation) | renewals? | renews
    | due\s+(?:by|on|date) | go[-\s]live\s+date | launch\s+date | cut-?off\s+date
    | \d{{4}}-\d{{2}}-\d{{2}} | \d{{1,2}}/\d{{1,2}}/\d{{2,4}}
    | {_MONTH}\s+{_DAY} | {_DAY}\s+(?:of\s+)?{_MONTH}
    )(?!\w)""", re.IGNORECASE | re.VERBOSE)
# "no real deadline", "without a deadline", "any deadline?": the word is there, the deadline is not.
_NEGATED = re.compile(r"\b(?:no|not|without|any|never)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.,;!?\n]")
SNIPPET_CHARS = 40


@lru_cache(maxsize=256)
def find_deadline(text: str) -> str | None:
    """The first genuine deadline mentioned in `text`, as a short snippet ("renewal in March"),
    or None. Used to allow the urgency close only when the prospect has a real date."""
    for match in _DEADLINE.finditer(text):
        if _NEGATED.search(text, max(0, match.start() - 30), match.start()):
            continue
        return _snippet(text, match.start())
    return None


def noted_deadline(call: Call) -> str | None:
    """A deadline from the call's notes or any moment's note, or None."""
    for text in (call.notes, *call.moment_notes.values(), *(m.note for m in call.moments.values())):
        found = find_deadline(text) if text else None
        if found:
            return found
    return None


def _snippet(text: str, start: int) -> str:
    end = _CLAUSE_END.search(text, start)
    clause = text[start:end.start() if end else len(text)].strip()
    if len(clause) > SNIPPET_CHARS:
        clause = clause[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return clause
