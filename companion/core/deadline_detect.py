"""Deadlines in the rep's notes: only a date-like expression counts.

"Team keeps missing deadlines", "Deadline? none really" or "renewal rates dropping" name no
date, so they unlock nothing; "before the new clinic opens in May", "contract ends in June",
"by the 15th" or "end of the quarter" do. The urgency close quotes what was found, so the
coach never invents a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from companion.core.call import Call

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
# "May" only with its capital: "we may 3 times" is not a date.
_MONTH = r"(?:january|february|march|april|(?-i:May)|june|july|august|september|october|november|december)"
_MONTH_SHORT = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_PREPOSITION = (r"(?:before|by|until|till|in|on|from|for|ends?|ending|expires?|expiring|due|around"
                r"|early|mid|late|at)")
_DATE = re.compile(rf"""(?<![\w/])(?:
      (?P<end>(?:the\s+)?end\s+of\s+(?:the\s+)?(?:month|quarter|year|q[1-4]|{_MONTH}))
    | (?P<dated>(?:{_MONTH}|{_MONTH_SHORT})\s+{_DAY}(?:,?\s+\d{{4}})? | {_DAY}\s+(?:of\s+)?(?:{_MONTH}|{_MONTH_SHORT})
                (?:\s+\d{{4}})? | \d{{4}}-\d{{2}}-\d{{2}} | \d{{1,2}}/\d{{1,2}}/\d{{2,4}})
    | (?P<prep>{_PREPOSITION})\s+(?P<loose>(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th) | {_MONTH} | q[1-4]
                | (?:monday|tuesday|wednesday|thursday|friday) | next\s+(?:month|quarter|year)
                | \d{{1,2}}/\d{{1,2}})
    )(?![\w/])""", re.IGNORECASE | re.VERBOSE)
# "No deadline in May", "not before June": the date is there, the deadline is not.
_NEGATED = re.compile(r"\b(?:no|not|without|never)\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
# Weekdays and "next month" count only after these: "on Friday we talked" is no deadline.
_FIRM = {"before", "by", "until", "till", "due", "ends", "end", "ending", "expires", "expire", "expiring"}
_CLAUSE_END = re.compile(r"[.,;!?\n]")
SNIPPET_CHARS = 50


@dataclass(frozen=True)
class Deadline:
    when: str        # the date as it can follow "before": "May", "the 15th", "the end of the quarter"
    said: str        # the words around it in the notes, for the reason shown to the rep


# Searched sentence by sentence, each remembered: while the rep types, only the last
# sentence of the notes is new, so a long note costs one short search per keystroke.
_SENTENCE_BREAK = re.compile(r"[.;!?\n]")


def find_deadline(text: str) -> Deadline | None:
    """The first date-like deadline in `text`, or None."""
    for sentence in _SENTENCE_BREAK.split(text):
        found = _find_in_sentence(sentence) if sentence.strip() else None
        if found:
            return found
    return None


@lru_cache(maxsize=1024)
def _find_in_sentence(text: str) -> Deadline | None:
    for match in _DATE.finditer(text):
        if _NEGATED.search(text, max(0, match.start() - 30), match.start()):
            continue
        when = _when(match)
        if when is None:
            continue
        return Deadline(when, _snippet(text, match.start(), match.end()))
    return None


def noted_deadline(call: Call) -> Deadline | None:
    """A deadline from the call's notes or any moment's note, or None."""
    for text in (call.notes, *call.moment_notes.values(), *(m.note for m in call.moments.values())):
        found = find_deadline(text) if text else None
        if found:
            return found
    return None


def _when(match: re.Match[str]) -> str | None:
    if match.group("end"):
        last = match.group("end").split()[-1]
        period = last.upper() if re.fullmatch(r"q[1-4]", last.lower()) else (
            last.capitalize() if last.lower() in _MONTHS else f"the {last.lower()}")
        return f"the end of {period}"
    if match.group("dated"):
        dated = " ".join(match.group("dated").split())
        iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", dated)
        if iso and 1 <= int(iso.group(2)) <= 12:       # said aloud as "1 April", not digits
            return f"{int(iso.group(3))} {_MONTHS[int(iso.group(2)) - 1].capitalize()}"
        return dated
    loose = " ".join(match.group("loose").split())
    preposition = match.group("prep").lower()
    lowered = loose.lower()
    if re.match(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)$", lowered):
        return f"the {lowered.removeprefix('the').strip()}"
    if lowered in _MONTHS:
        return loose[0].upper() + loose[1:]
    if lowered.startswith("q"):
        return loose.upper()
    if preposition not in _FIRM:
        return None
    if lowered.startswith("next") or "/" in loose:
        return loose
    return loose.capitalize()                 # a weekday


def _snippet(text: str, start: int, end: int) -> str:
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    clause_end = _CLAUSE_END.search(text, end)
    clause = text[clause_start:clause_end.start() if clause_end else len(text)].strip()
    if len(clause) > SNIPPET_CHARS:
        head = text[clause_start:end].strip()
        clause = head[-SNIPPET_CHARS:].split(" ", 1)[-1] if len(head) > SNIPPET_CHARS else head
    return clause
