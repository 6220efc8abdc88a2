"""The close coach: which closes fit this call right now, why, and the line to say.

Plain Python, no Qt, no I/O. Everything is driven by the playbook's data (each close's
stages, min/max yes moments, the objections it answers, what it asks for, pressure, deadline,
weight, and its lines per objection or per detail of the next step), so a team tunes the coach
by editing TOML. The rules themselves are in coach_rules.py; where the call stands is worked
out in call_state.py; the words filled into a line come from coach_words.py.

Scoring, per close: weight * (1 + fit points) - penalties. The order then honours overriding
rules: demoted closes (declined, no real deadline, a signature ask on a large deal, asking
again after a next step was agreed, ...) go last with their reason; a close put off a moment
ago rests below the others; once a next step is agreed, the close that confirms what is
missing of it comes first; closes that answer an open objection come next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from companion.core.call import Call
from companion.core.call_state import STATE_LABELS, CallReading, read_call
from companion.core.coach_rules import (
    Tally,
    Tuned,
    rule_history,
    rule_objections,
    rule_pressure,
    rule_progress,
    rule_step_agreed,
    rule_timing,
    tune,
)
from companion.core.coach_words import DEFAULT_STEP_LINES, coach_values, fill_line
from companion.core.objection_detect import answering_closes, per_playbook
from companion.core.playbook import Playbook
from companion.core.script_fill import RecapCandidate, pain_point, recap_candidates, recap_points

NUDGE_NEXT_STEP = "Ask for the next step"


@dataclass(frozen=True)
class CoachSettings:
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)      # Monday = 0
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    large_deal_threshold: float = 50000.0
    nudge_share: float = 0.6       # of playbook.expected_minutes, after which to nudge
    tz: tzinfo | None = None       # None: the timezone of the `now` passed in

    def __post_init__(self) -> None:
        if not self.working_days or not set(self.working_days) <= set(range(7)):
            raise ValueError("working_days must name at least one day, 0 (Monday) to 6")
        if self.day_start >= self.day_end:
            raise ValueError("day_end must be after day_start")
        if self.nudge_share <= 0:
            raise ValueError("nudge_share must be above 0")


DEFAULT_SETTINGS = CoachSettings()


@dataclass(frozen=True)
class Suggestion:
    """One close, ranked. `score` is its fit (higher fits better); the list order also applies
    the overriding rules, so a close answering an open objection can sit above a higher score."""
    close_id: str
    name: str
    score: float
    reasons: tuple[str, ...]       # demotion reasons first, then why it fits, then caveats
    script: str                    # the line to say; "" when the call has nothing to fill it with
    description: str
    demoted: bool


@dataclass(frozen=True)
class _Prepared:
    closes: tuple[Tuned, ...]
    answered_by: dict[str, frozenset[str]]      # objection id -> ids of closes answering it
    moment_stages: dict[str, str]
    step_parts: dict[str, str]
    asks: dict[str, str]
    objection_labels: dict[str, str]
    confirmers: dict[str, str]                  # step line key -> id of the close that says it


STEP_KEYS = {"when": "confirm_when", "who": "confirm_who", "customer_action": "confirm_customer_action"}


@per_playbook
def _prepare(playbook: Playbook) -> _Prepared:
    closes = tuple(tune(close) for close in playbook.closes)
    return _Prepared(
        closes=closes,
        answered_by=answering_closes(playbook),
        moment_stages={m.id: m.stage for m in playbook.moments},
        step_parts={m.id: m.step_part for m in playbook.moments if m.step_part},
        asks={t.close.id: t.asks for t in closes},
        objection_labels={o.id: o.label for o in playbook.objections},
        confirmers=_confirmers(closes),
    )


def _confirmers(closes: tuple[Tuned, ...]) -> dict[str, str]:
    """Which close confirms each detail of an agreed next step: one whose lines say so, else
    the close offering times (for when) or the one asking a detail (minor point)."""
    found: dict[str, str] = {}
    for key in (*STEP_KEYS.values(), "step_complete"):
        written = next((t for t in closes if t.close.line_for(key)), None)
        fallback = next((t for t in closes if t.schedules), None) if key == "confirm_when" else None
        fallback = fallback or next((t for t in closes if t.asks == "detail"), None)
        confirmer = written or fallback
        if confirmer is not None:
            found[key] = confirmer.close.id
    return found


def _read(playbook: Playbook, prepared: _Prepared, call: Call, now: datetime,
          settings: CoachSettings) -> CallReading:
    return read_call(
        call, moment_stages=prepared.moment_stages, step_parts=prepared.step_parts, asks=prepared.asks,
        total_moments=len(playbook.moments), now=now,
        nudge_after=timedelta(minutes=settings.nudge_share * playbook.expected_minutes),
        large_deal_threshold=settings.large_deal_threshold, tz=settings.tz,
    )


def _step_key(reading: CallReading) -> str | None:
    if not reading.step_agreed:
        return None
    missing = reading.step.missing
    return STEP_KEYS[missing[0]] if missing else "step_complete"


def _line(tuned: Tuned, reading: CallReading, prepared: _Prepared, step_key: str | None,
          values: dict[str, str]) -> tuple[str | None, bool]:
    """The line to say and whether it is an objection's own line (which asks for a step)."""
    close = tuned.close
    if step_key is not None and prepared.confirmers.get(step_key) == close.id:
        template = close.line_for(step_key) or (close.script if tuned.schedules and step_key == "confirm_when"
                                                else DEFAULT_STEP_LINES[step_key])
        line = fill_line(template, values)
        if line:
            return line, False
    for objection_id in reading.open_objections:
        answer = close.line_for(objection_id)
        if answer and close.id in prepared.answered_by.get(objection_id, ()):
            line = fill_line(answer, values)
            if line:
                return line, True
    return fill_line(close.script, values), False


def suggest(playbook: Playbook, call: Call, now: datetime,
            settings: CoachSettings = DEFAULT_SETTINGS) -> list[Suggestion]:
    """All closes of the playbook, best first; demoted ones last, each with its reason.

    `now` must be aware; slots and times in reasons are shown in its timezone (or settings.tz).
    """
    prepared = _prepare(playbook)
    reading = _read(playbook, prepared, call, now, settings)
    candidates = recap_candidates(call, playbook)
    points = recap_points(call, playbook, candidates=candidates)
    values = _values(playbook, call, now, settings, reading, points, candidates)
    step_key = _step_key(reading)
    ranked = []
    for index, tuned in enumerate(prepared.closes):
        tally = Tally()
        script, objection_line = _line(tuned, reading, prepared, step_key, values)
        confirmer = step_key is not None and prepared.confirmers.get(step_key) == tuned.close.id
        asks = "step" if objection_line and tuned.asks == "order" else tuned.asks
        rule_step_agreed(tuned, reading, step_key, confirmer, tally)
        rule_objections(tuned, reading, prepared.answered_by, prepared.objection_labels, tally)
        rule_pressure(tuned, reading, asks, prepared.answered_by, prepared.objection_labels, tally)
        rule_history(tuned, reading, now, tally)
        rule_timing(tuned, reading, tally)          # after the objection rule: it reads the tier
        rule_progress(tuned, reading, len(points), tally)
        if script is None:
            tally.demotions.append("Nothing agreed in their words yet to say back"
                                   if tuned.recaps else "Nothing noted yet to fill in its line")
        suggestion = _suggestion(tuned, tally, script or "")
        ranked.append(((suggestion.demoted, tally.resting, -tally.tier, -suggestion.score, index), suggestion))
    ranked.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in ranked]


def _suggestion(tuned: Tuned, tally: Tally, script: str) -> Suggestion:
    close = tuned.close
    score = close.weight * (1.0 + tally.fit) - tally.penalty
    return Suggestion(
        close_id=close.id, name=close.name, score=round(score, 3),
        reasons=tuple(tally.demotions + tally.reasons + tally.caveats),
        script=script, description=close.description,
        demoted=bool(tally.demotions),
    )


def _values(playbook: Playbook, call: Call, now: datetime, settings: CoachSettings,
            reading: CallReading, points: list[str] | None = None,
            candidates: list[RecapCandidate] | None = None) -> dict[str, str]:
    candidates = recap_candidates(call, playbook) if candidates is None else candidates
    return coach_values(call, playbook, now, working_days=settings.working_days, day_start=settings.day_start,
                        day_end=settings.day_end, tz=settings.tz,
                        points=recap_points(call, playbook, candidates=candidates) if points is None else points,
                        pain=pain_point(call, playbook, candidates), deadline=reading.deadline)


def call_state(playbook: Playbook, call: Call, now: datetime,
               settings: CoachSettings = DEFAULT_SETTINGS) -> CallReading:
    """Where the call stands (see call_state.py), as the coach reads it."""
    return _read(playbook, _prepare(playbook), call, now, settings)


def state_label(reading: CallReading) -> str:
    return STATE_LABELS[reading.state]


def nudge(playbook: Playbook, call: Call, now: datetime,
          settings: CoachSettings = DEFAULT_SETTINGS) -> str | None:
    """"Ask for the next step" once the agreed share of the expected call length is gone
    with no commitment-stage moment agreed and no next step agreed; otherwise None."""
    return NUDGE_NEXT_STEP if call_state(playbook, call, now, settings).late else None


def last_chance_line(playbook: Playbook, call: Call, now: datetime,
                     settings: CoachSettings = DEFAULT_SETTINGS) -> str | None:
    """At wrap-up without a dated next step: the alternative close's line, slots filled in.

    None when the next step is dated, nobody was reached, or the playbook has no close that
    offers slots.
    """
    if (call.next_step is not None and call.next_step.due is not None) or call.outcome == "no_connect":
        return None
    close = playbook.close("alternative") or next(
        (c for c in playbook.closes if "{slot_1}" in c.script), None)
    if close is None:
        return None
    reading = call_state(playbook, call, now, settings)
    return fill_line(close.script, _values(playbook, call, now, settings, reading))
