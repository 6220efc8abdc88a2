"""Checks on the line the rep types in a "Say it" drill, against the rules of the close.

Each check says whether it applies, whether the line passes, and one sentence of why. They
are deliberately simple and visible: the rep should be able to predict them after a week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 40
# Closes that push for a decision; the playbook's `pressure` field overrides this list.
PRESSURE_CLOSES = frozenset({"urgency", "assumptive", "direct"})
_WORD = re.compile(r"[\w'’-]+")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
         "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
         "today", "tomorrow", "morning", "afternoon", "evening", "week", "month", "noon")
_CONCRETE = re.compile(r"\d|\b(?:" + "|".join(_DAYS) + r")\b", re.IGNORECASE)
_PRESSURE_WORDS = re.compile(
    r"\b(?:sign (?:it |this |the \w+ )?(?:today|now)|today only|right now|last chance|"
    r"(?:offer|price|discount) (?:ends|expires|goes up)|only (?:until|till|valid)|"
    r"limited time|before (?:it'?s|the price) (?:gone|goes up)|now or never|"
    r"i'?ll (?:go ahead and )?send (?:you )?the contract|let'?s (?:get (?:you|this) )?signed|"
    r"you(?:'d| would) be (?:crazy|foolish)|don'?t miss)\b", re.IGNORECASE)
_STOP = frozenset("""a an the and or but of to in on at for with by from as is are was were be
been it its this that these those you your we our they their he she his her i my me us them
so very really just also not no yes can could would should will shall do does did have has had
what which who when where how about into over than then there here more most some any all
""".split())


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    message: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def asks_question(line: str) -> Check:
    ok = "?" in line
    return Check("question", ok, "Ends with a question: the prospect has to answer."
                 if ok else "No question: a close asks for something; end on a question mark.")


def offers_two_options(line: str) -> Check:
    """The alternative close: "A or B?", where A and B are both concrete (a day, a time, a number)."""
    for match in re.finditer(r"\bor\b", line, re.IGNORECASE):
        before, after = line[:match.start()], line[match.end():]
        left = re.split(r"[.!?;]", before)[-1]
        right = re.split(r"[.!?;]", after)[0]
        if _CONCRETE.search(left) and _CONCRETE.search(right):
            return Check("two options", True, "Offers two concrete options.")
    return Check("two options", False,
                 'Offer two concrete options joined by "or", like "Tuesday at 10:00 or Thursday at 14:00?".')


def _significant(text: str) -> set[str]:
    return {w.lower() for w in words(text) if len(w) >= 3 and w.lower() not in _STOP}


def recaps_points(line: str, points: list[str]) -> Check:
    """The summary close: the line names at least two of the agreed points (one if only one)."""
    if not points:
        return Check("recap", True, "Nothing agreed yet to recap.")
    said = _significant(line)
    recapped = [p for p in points if _significant(p) & said]
    needed = min(2, len(points))
    if len(recapped) >= needed:
        return Check("recap", True, f"Recaps {len(recapped)} of the {len(points)} agreed points.")
    missing = [p for p in points if p not in recapped][:2]
    return Check("recap", False, f"Recap at least {needed} agreed points in their words, "
                 f"e.g. {'; '.join(missing)}.")


def no_pressure(line: str, close_is_pressure: bool, large_deal: bool, authority_open: bool) -> Check:
    why = "a large deal" if large_deal else "the decision maker missing"
    if close_is_pressure:
        return Check("no pressure", False,
                     f"A pressure close with {why} tends to get a no; recap value or bring in the decider.")
    if _PRESSURE_WORDS.search(line):
        return Check("no pressure", False, f"Sounds like pressure, with {why}; ask, don't push.")
    return Check("no pressure", True, f"No pressure, right with {why}.")


def short_enough(line: str) -> Check:
    count = len(words(line))
    if count == 0:
        return Check("short", False, "Type the line you would say.")
    if count <= MAX_WORDS:
        return Check("short", True, f"{count} words: easy to say in one breath.")
    return Check("short", False, f"{count} words: keep it under {MAX_WORDS} so it lands.")


def check_line(line: str, close_id: str, *, points: list[str], close_is_pressure: bool,
               large_deal: bool, authority_open: bool) -> list[Check]:
    """Every check that applies to this close in this situation, in the order shown."""
    checks = [asks_question(line)]
    if close_id == "alternative":
        checks.append(offers_two_options(line))
    if close_id == "summary":
        checks.append(recaps_points(line, points))
    if large_deal or authority_open:
        checks.append(no_pressure(line, close_is_pressure, large_deal, authority_open))
    checks.append(short_enough(line))
    return checks


def is_pressure_close(close_id: str, pressure_field: bool | None) -> bool:
    return pressure_field if pressure_field is not None else close_id in PRESSURE_CLOSES
