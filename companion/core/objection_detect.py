"""Objections and yes moments in the rep's typed notes, and which closes answer an objection.

Detection runs on every keystroke, so the work that depends only on the playbook is done once
per playbook. Nothing here decides on the rep's behalf: detected objections and moments are
candidates the rep confirms with one click.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Collection
from typing import TypeVar

from companion.core.phrase_detect import STRAIGHTEN, clause_span, compile_keywords, find_meant
from companion.core.playbook import Playbook

T = TypeVar("T")


def per_playbook(build: Callable[[Playbook], T]) -> Callable[[Playbook], T]:
    """Remember `build(playbook)` for as long as that playbook object lives.

    Keyed by identity, not by value: playbooks are immutable, and hashing a whole playbook
    on every keystroke would cost more than the work being saved.
    """
    cache: dict[int, tuple[weakref.ref[Playbook], T]] = {}

    def forget(ref: weakref.ref[Playbook], key: int) -> None:
        if cache.get(key, (None,))[0] is ref:
            del cache[key]

    def cached(playbook: Playbook) -> T:
        key = id(playbook)
        entry = cache.get(key)
        if entry is not None and entry[0]() is playbook:
            return entry[1]
        result = build(playbook)
        ref = weakref.ref(playbook, functools.partial(forget, key=key))
        cache[key] = (ref, result)
        return result

    return cached


@per_playbook
def keyword_patterns(playbook: Playbook) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per objection that has keywords, in playbook order."""
    compiled = ((o.id, compile_keywords(o.keywords)) for o in playbook.objections)
    return tuple((objection_id, pattern) for objection_id, pattern in compiled if pattern is not None)


@per_playbook
def moment_patterns(playbook: Playbook) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One compiled pattern per yes moment that has keywords, in playbook order."""
    compiled = ((m.id, compile_keywords(m.keywords)) for m in playbook.moments)
    return tuple((moment_id, pattern) for moment_id, pattern in compiled if pattern is not None)


# A stall that names a time ("not a priority this quarter") is a timing objection.
STALL, TIMING = "stall", "timing"
_TIME_WORDS = re.compile(r"\b(?:this|next|until|till|after)\s+(?:the\s+)?(?:week|month|quarter|year|summer|"
                         r"spring|autumn|fall|winter|q[1-4])\b|\b(?:q[1-4]|later this year)\b", re.IGNORECASE)


def detect_objections(playbook: Playbook, notes_text: str, already: Collection[str] = ()) -> list[str]:
    """Ids of objections whose keywords occur in the notes as whole words or phrases, meaning
    what they say (no negation before, not a pain statement), leaving out those already
    raised or dismissed."""
    if not notes_text:
        return []
    text = notes_text.translate(STRAIGHTEN)
    found = {}
    for objection_id, pattern in keyword_patterns(playbook):
        match = find_meant(text, pattern)
        if match is not None:
            found[objection_id] = match
    if STALL in found:
        start, end = clause_span(text, found[STALL].start())
        if _TIME_WORDS.search(text, start, end) and any(o.id == TIMING for o in playbook.objections):
            found.setdefault(TIMING, found[STALL])
            del found[STALL]
    order = [objection_id for objection_id, _ in keyword_patterns(playbook)]
    return [o for o in sorted(found, key=order.index) if o not in already]


def detect_moments(playbook: Playbook, notes_text: str, already: Collection[str] = ()) -> list[str]:
    """Ids of yes moments whose keywords occur in the notes (not negated), leaving out those
    already ticked or dismissed: candidates for a "tick this moment?" chip."""
    if not notes_text:
        return []
    text = notes_text.translate(STRAIGHTEN)
    return [moment_id for moment_id, pattern in moment_patterns(playbook)
            if moment_id not in already and find_meant(text, pattern, pain_is_no_match=False)]


# Which closes answer a standard objection, when the playbook says nothing about it.
STANDARD_ANSWERS = {
    "price": ("summary", "sharp_angle", "puppy_dog"),
    "timing": ("alternative", "urgency"),
    "authority": ("alternative", "question"),       # an advance that brings the decider in
    "need": ("trial", "takeaway"),
    "stall": ("question", "alternative", "takeaway"),
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
