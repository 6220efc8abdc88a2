"""Fill a close's script with what this call has produced, so the rep can say it as is.

Placeholders: {contact} (first name), {company}, {agreed_points} (the agreed yes moments,
in the rep's own note words where there are notes), {slot_1}, {slot_2}. Scripts come from
user-edited playbooks, so anything else in braces is left exactly as written: a typo in a
playbook shows up in the line, it never breaks the live window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from companion.core.call import Call
from companion.core.playbook import Playbook
from companion.core.said_back import as_clause, is_clause, is_noun_phrase

# Doubled braces are literal braces, as in str.format (which the playbook checks use).
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}")
COMPANY_FALLBACK = "your company"
NAME_FALLBACK = "you"
MAX_RECAP_POINTS = 3
MAX_RECAP_WORDS = 22        # the points together; the rest of the line stays under ~40 words
MAX_POINT_WORDS = 12
RECAPPED_STAGES = ("discovery", "value")
_ASIDE = re.compile(r"\?|\b(?:did(?:n't| not)|does(?:n't| not)|has(?:n't| not)|won't|wouldn't)\s+(?:say|tell|mention|"
                    r"share|know|answer|give)\b|^(?:ask|check|todo|to do|follow up|chase|remember|nb)\b",
                    re.IGNORECASE)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"}
_GREETINGS = {"hi", "hello", "hey", "thanks", "thank", "so", "well", "ok", "okay", "great", "right"}


def fill_script(template: str, values: Mapping[str, str]) -> str:
    """Replace the known {placeholders}; leave unknown or malformed ones untouched."""
    if values.get("contact", None) == "":
        template = _drop_missing_name(template)
        values = {**values, "contact": NAME_FALLBACK}
    return PLACEHOLDER.sub(lambda m: _replacement(m, values), template)


def _replacement(match: re.Match[str], values: Mapping[str, str]) -> str:
    whole: str = match.group(0)
    name = match.group(1)
    if name is None:
        return whole[0]         # "{{" or "}}"
    return values.get(name, whole)


def script_values(call: Call, playbook: Playbook | None, slots: Iterable[str] = (),
                  points: list[str] | None = None) -> dict[str, str]:
    """The placeholder values for this call; `slots` are already formatted ("Tuesday at 10:00"),
    `points` are the recap points when the caller has already worked them out. Without any
    point worth recapping, "agreed_points" is left out, so a line needing it is not offered."""
    if points is None:
        points = recap_points(call, playbook)
    values = {
        "contact": first_name(call.contact),
        "company": call.company.strip() or COMPANY_FALLBACK,
    }
    if points:
        values["agreed_points"] = join_naturally(points)
    for number, slot in enumerate(slots, start=1):
        values[f"slot_{number}"] = slot
    return values


def first_name(contact: str) -> str:
    """"Jane Smith" -> "Jane"; "Dr. Jane Smith" -> "Jane"; "Dr. Smith" stays "Dr. Smith"."""
    words = [w.strip(",;") for w in contact.split()]
    titled = bool(words) and words[0].rstrip(".").lower() in _TITLES
    names = [w for w in (words[1:] if titled else words) if w]
    if not names:
        return ""
    if titled and len(names) == 1:
        return f"{words[0]} {names[0]}"      # a title and a surname is how they are addressed
    return names[0]


def recap_points(call: Call, playbook: Playbook | None, limit: int = MAX_RECAP_POINTS,
                 max_words: int = MAX_RECAP_WORDS, candidates: list[RecapCandidate] | None = None) -> list[str]:
    """Up to `limit` agreed yes moments worth saying back, as clauses, in the order agreed,
    together at most `max_words` words (the first point always makes it, trimmed).

    Only value is recapped: discovery and value moments (pain, cost, gain, fit) by default,
    never opening or commitment moments (rapport and logistics), never a moment that settles
    part of the next step (that is the ask itself), never the general notes (private), never
    the rep's asides. A moment's `recap` phrases decide how it is said (none: never); otherwise
    the rep's note is said back in the second person, and a moment without a note has nothing
    concrete to say back. Chosen first: the rep's own words, numbers (the most persuasive
    thing to hear again), the value stage, then the order agreed; at most one phrase that
    does not carry a note.
    """
    chosen: list[RecapCandidate] = []
    words = 0
    said: set[str] = set()
    if candidates is None:
        candidates = recap_candidates(call, playbook)
    for candidate in sorted(candidates, key=lambda c: c.rank):
        size = len(candidate.text.split())
        if len(chosen) == limit or (chosen and words + size > max_words) or candidate.text.lower() in said:
            continue
        if not candidate.noted and any(not c.noted for c in chosen):
            continue            # one general phrase at most: two sound like filler
        said.add(candidate.text.lower())
        chosen.append(candidate)
        words += size
    return [c.text for c in sorted(chosen, key=lambda c: c.order)]


@dataclass(frozen=True)
class RecapCandidate:
    text: str
    order: int
    stage: str
    noted: bool

    @property
    def rank(self) -> tuple[bool, bool, bool, int]:
        has_number = any(ch.isdigit() for ch in self.text)
        return (not self.noted, not has_number, self.stage != "value", self.order)


def pain_point(call: Call, playbook: Playbook | None, candidates: list[RecapCandidate] | None = None) -> str | None:
    """The first discovery point worth saying back (the pain, in the rep's words), or None."""
    if candidates is None:
        candidates = recap_candidates(call, playbook)
    return next((c.text for c in candidates if c.stage == "discovery"), None)


def recap_candidates(call: Call, playbook: Playbook | None) -> list[RecapCandidate]:
    """Each agreed moment worth recapping, in the order agreed."""
    moments = {m.id: m for m in playbook.moments} if playbook else {}
    name = first_name(call.contact)
    candidates = []
    for order, agreed in enumerate(call.agreed_in_order()):
        moment = moments.get(agreed.moment_id)
        stage = moment.stage if moment else agreed.stage
        point = _recap_point(agreed.note, stage, moment.recap if moment else None,
                             moment.step_part if moment else None, name)
        if point:
            candidates.append(RecapCandidate(point, order, stage, bool(agreed.note.strip())))
    return candidates


@lru_cache(maxsize=1024)      # the same notes are said back on every re-rank of a call
def _recap_point(note: str, stage: str, recap: tuple[str, ...] | None, step_part: str | None,
                 name: str) -> str:
    note = note.strip()
    if step_part or is_aside(note):
        return ""
    if recap is None:
        return _said_back(note, name) if stage in RECAPPED_STAGES else ""
    for phrase in recap:
        if "{note}" not in phrase:
            return phrase
        if not note:
            continue
        if phrase.startswith("{note}"):
            # The note said back as it is ("loses 6 hours" -> "you lose 6 hours"), if it is a clause.
            said = _said_back(note, name)
            if said:
                return phrase.replace("{note}", said)
            continue
        if is_noun_phrase(note):
            # Inside a phrase only an amount or a thing fits ("worth {note}": "about 1,200 a month").
            return phrase.replace("{note}", _trimmed(as_clause(note, name, said_back=False)))
    # No phrase fits this note: say the note back on its own, as for a moment without phrases.
    return _said_back(note, name) if stage in RECAPPED_STAGES else ""


def _said_back(note: str, name: str) -> str:
    return _trimmed(as_clause(note, name)) if note and is_clause(note) else ""


def is_aside(note: str) -> bool:
    """A note the rep wrote for themselves ("she didn't say how much", "ask about SSO?")."""
    return bool(note) and bool(_ASIDE.search(note))


def _trimmed(clause: str) -> str:
    """A long note keeps its first clause, at most MAX_POINT_WORDS words: a recap is spoken."""
    words = clause.split()
    if len(words) <= MAX_POINT_WORDS:
        return clause
    first = re.split(r"[,;:(\u2014]| - ", clause)[0].split()
    return " ".join(first[:MAX_POINT_WORDS])


def join_naturally(items: list[str]) -> str:
    """"a", "a and b", "a, b, and c". Two long items (clauses, as notes usually are) get a
    comma before "and", which keeps the second clause from running into the first."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        clauses = any(len(item.split()) >= 4 for item in items)
        return f"{items[0]}{',' if clauses else ''} and {items[1]}"
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def _drop_missing_name(template: str) -> str:
    """Without a contact name, take {contact} out so the line still reads well.

    "Does that work, {contact}?" -> "Does that work?"; "{contact}, shall we...?" -> "Shall we...?";
    "Thanks {contact}, ..." -> "Thanks, ..."; anywhere else the caller puts "you".
    """
    template = re.sub(r",\s*\{contact\}(?=\s*(?:[.?!;:,]|$))", "", template)
    template = re.sub(r"(^|[.?!]\s+)\{contact\}\s*,\s*(\w?)",
                      lambda m: m.group(1) + m.group(2).upper(), template)
    template = re.sub(r"\b(\w+)\s+\{contact\}(?=[,.!?])",
                      lambda m: m.group(1) if m.group(1).lower() in _GREETINGS else m.group(0), template)
    return template
