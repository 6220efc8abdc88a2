"""Every line every shipped playbook can put in the rep's mouth, over many call states, read
by the rules a person would apply before saying it to a customer."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.call import Call, NextStep
from companion.core.coach import CoachSettings, last_chance_line, suggest
from companion.store.playbook_files import read_playbook_file

PLAYBOOK_FILES = sorted((Path(__file__).resolve().parents[2] / "resources" / "playbooks").glob("*.toml"))
CET = timezone(timedelta(hours=1), "CET")
# Monday morning, Thursday late afternoon, Friday afternoon and evening, a Sunday.
MOMENTS_IN_TIME = [datetime(2025, 3, 3, 9, 5, tzinfo=CET), datetime(2025, 3, 6, 16, 50, tzinfo=CET),
                   datetime(2025, 3, 7, 14, 29, tzinfo=CET), datetime(2025, 3, 7, 18, 10, tzinfo=CET),
                   datetime(2025, 3, 9, 11, 0, tzinfo=CET)]
SETTINGS = [CoachSettings(tz=CET), CoachSettings(tz=CET, working_days=(1, 3)),
            CoachSettings(tz=CET, large_deal_threshold=10_000)]
CONTACTS = ["Maria Lopez", "Dr. Anna de Vries", "Tom", "", "Jean-Luc Picard"]
# Notes reps really type on a moment: third person, names, numbers, asides, long ramblings.
MOMENT_NOTES = [
    "", "loses about 6 hours a week", "Maria and her partner Tom decide together",
    "front desk re-keys every booking into the billing system", "she didn't say how much",
    "roughly 1,200 a month in staff time", "wants it live before the new clinic opens in May",
    "Tom likes the billing sync", "takes two days a month", "CFO wants it before Q2",
    "is frustrated with the spreadsheets, they keep breaking whenever someone adds a column and "
    "nobody knows which version is current", "ask about SSO?", "pays back in about 8 months",
]
# The general notes are private by nature: none of these words may ever be said aloud.
PRIVATE = "Zanzibar"
GENERAL_NOTES = [f"{PRIVATE}: she hates our logo", f"{PRIVATE} contract ends in June, no budget yet",
                 f"{PRIVATE} can you just send me some info"]
NAMES_AS_WRITTEN = ["Maria", "Tom", "Anna", "Jean-Luc", "CFO"]
ASKING_STARTS = re.compile(r"^(?:would|shall|can|could|should|what|who|how|does|do|is|are|which|if)\b",
                           re.IGNORECASE)
MAX_WORDS = 42


def _call_states(playbook, seed: int, count: int):
    rng = random.Random(seed)
    moments = [m for m in playbook.moments]
    for _ in range(count):
        start = rng.choice(MOMENTS_IN_TIME)
        call = Call(contact=rng.choice(CONTACTS), company=rng.choice(["Lopez Dental", ""]),
                    playbook_id=playbook.id, started_at=start.astimezone(timezone.utc))
        ticked = rng.sample(moments, rng.randint(0, len(moments)))
        for offset, moment in enumerate(ticked):
            call.agree(moment.id, start + timedelta(minutes=offset), label=moment.label, stage=moment.stage,
                       note=rng.choice(MOMENT_NOTES))
        for objection in rng.sample(list(playbook.objections), rng.randint(0, 2)):
            call.raise_objection(objection.id, start + timedelta(minutes=rng.randint(0, 20)), label=objection.label)
        for _ in range(rng.randint(0, 3)):
            call.record_close_attempt(rng.choice(playbook.closes).id, rng.choice(["accepted", "deferred", "declined"]),
                                      start + timedelta(minutes=rng.randint(0, 25)))
        call.set_notes(rng.choice(GENERAL_NOTES))
        call.set_deal_value(rng.choice([None, 8_000, 250_000]))
        call.next_step = rng.choice([None, NextStep(action="Demo with Tom"),
                                     NextStep(action="Demo", customer_action="sends the booking export",
                                              due=start + timedelta(days=3))])
        yield call, start + timedelta(minutes=rng.randint(1, 50)), rng.choice(SETTINGS)


def _week(day: date) -> tuple[int, int]:
    return day.isocalendar()[:2]


def _check_line(line: str, call: Call, now: datetime, settings: CoachSettings, where: str) -> None:
    words = line.split()
    assert len(words) <= MAX_WORDS, f"{where}: {len(words)} words: {line}"
    assert "{" not in line and "}" not in line, f"{where}: placeholder left: {line}"
    assert line[:1].isupper(), f"{where}: does not start with a capital: {line}"
    asks = "?" in line or ASKING_STARTS.match(line)
    assert not asks or line.endswith("?"), f"{where}: asks but does not end with a question: {line}"
    assert PRIVATE.lower() not in line.lower() and "logo" not in line, f"{where}: general notes said aloud: {line}"
    assert "said what we've covered" not in line, f"{where}: filler: {line}"
    assert "didn't say" not in line and "SSO" not in line, f"{where}: the rep's aside said aloud: {line}"
    for name in NAMES_AS_WRITTEN:
        assert not re.search(rf"\b{re.escape(name.lower())}\b", line), f"{where}: {name} lower-cased: {line}"
    assert not re.search(r"\s[,.;?!]|\s{2}|,,|\.\.", line), f"{where}: broken punctuation: {line}"
    today = now.astimezone(settings.tz).date()
    next_working = next(today + timedelta(days=d) for d in range(1, 9)
                        if (today + timedelta(days=d)).weekday() in settings.working_days)
    if "this week" in line:
        assert _week(next_working) == _week(today), f"{where}: 'this week' on {today:%A}: {line}"
    if "next week" in line:
        assert _week(next_working) == _week(today + timedelta(days=7)), f"{where}: 'next week' on {today:%A}: {line}"
    if "tomorrow" in line:
        assert next_working == today + timedelta(days=1), f"{where}: 'tomorrow' on {today:%A}: {line}"
    today_name = f"{today:%A}"
    assert not re.search(rf"\b{today_name}\b(?! \d)", line), f"{where}: names today ({today_name}) as a day: {line}"


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=lambda p: p.stem)
def test_every_line_a_shipped_playbook_produces_can_be_said_aloud(path):
    playbook = read_playbook_file(path, builtin=True)
    seen: set[str] = set()
    for number, (call, now, settings) in enumerate(_call_states(playbook, seed=len(path.stem), count=400)):
        for suggestion in suggest(playbook, call, now, settings):
            if suggestion.script:
                _check_line(suggestion.script, call, now, settings, f"{path.stem} #{number} {suggestion.close_id}")
                seen.add(suggestion.close_id)
            else:
                assert suggestion.demoted, f"{path.stem} #{number}: {suggestion.close_id} offered without a line"
        last = last_chance_line(playbook, call, now, settings)
        if last:
            _check_line(last, call, now, settings, f"{path.stem} #{number} last chance")
    assert seen == {c.id for c in playbook.closes}, "some closes never produced a line"


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=lambda p: p.stem)
def test_every_written_line_of_a_shipped_playbook_is_reached(path):
    """Each [closes.lines] entry is said in some call state, so none is dead text."""
    playbook = read_playbook_file(path, builtin=True)
    said = set()
    for call, now, settings in _call_states(playbook, seed=7, count=600):
        said.update(s.script for s in suggest(playbook, call, now, settings)[:3])
    for close in playbook.closes:
        for key, template in close.lines:
            fixed = re.split(r"\{[a-z_0-9]+\}", template)[0]
            assert any(line.startswith(fixed) for line in said), f"{close.id} lines.{key} never said"
