"""The close coach: which closes fit this call right now, why, and the line to say.

Plain Python, no Qt, no I/O. Everything is driven by the playbook's data (each close's
stages, min/max yes moments, the objections it answers, pressure, deadline, weight), so a
team tunes the coach by editing TOML. The standard close and objection ids add defaults for
fields a playbook leaves out, and a few rules from selling practice; a close id the engine
does not know is scored from its data alone.

Scoring, per close: weight * (1 + fit points) - penalties. The order then honours three
overriding rules: demoted closes (declined, no real deadline, pressure on a large deal, ...)
go last with their reason; a close accepted in this call, or a meeting named as the next step
but not dated, puts scheduling first; closes that answer an open objection come next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from companion.core.call import STAGES, Call, CloseAttempt
from companion.core.next_step_kind import MEETING_WORDS as _MEETING_WORDS
from companion.core.objection_detect import answering_closes, noted_deadline, per_playbook
from companion.core.playbook import Close, Playbook
from companion.core.schedule import format_slot, next_slots
from companion.core.script_fill import fill_script, recap_points, script_values

NUDGE_NEXT_STEP = "Ask for the next step"
COMMITMENT = "commitment"


@dataclass(frozen=True)
class CoachSettings:
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)      # Monday = 0
    day_start: time = time(9, 0)
    day_end: time = time(17, 0)
    large_deal_threshold: float = 50000.0
    nudge_share: float = 0.6       # of playbook.expected_minutes, after which to nudge
    tz: tzinfo | None = None       # None: the timezone of the `now` passed in

    def __post_init__(self):
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
    script: str
    description: str
    demoted: bool


@dataclass(frozen=True)
class _Profile:
    stages: tuple[str, ...] = ()
    min_agreed: int = 0
    max_agreed: int | None = None
    pressure: bool = False
    needs_deadline: bool = False


_EARLY, _VALUE_ON = ("opening", "discovery"), ("value", "commitment")
# Defaults for the standard closes, used for each tuning field a playbook leaves out.
STANDARD_PROFILES = {
    "trial": _Profile(("opening", "discovery", "value")),
    "alternative": _Profile(_VALUE_ON, 2),
    "assumptive": _Profile((COMMITMENT,), 5, pressure=True),
    "summary": _Profile(_VALUE_ON, 3),
    "direct": _Profile((COMMITMENT,), 4, pressure=True),
    "question": _Profile(("discovery", "value", COMMITMENT), 1),
    "ben_franklin": _Profile(_VALUE_ON, 3),
    "urgency": _Profile((COMMITMENT,), 3, pressure=True, needs_deadline=True),
    "puppy_dog": _Profile(_VALUE_ON, 2),
    "sharp_angle": _Profile(_VALUE_ON, 2),
    "takeaway": _Profile(_VALUE_ON, 2),
    "minor_point": _Profile(_VALUE_ON, 2),
}
# What to do with a close when it answers a given objection: shown after "... objection open".
ANSWER_HINTS = {
    ("price", "summary"): "recap the value first", ("price", "puppy_dog"): "offer a low-risk start",
    ("timing", "alternative"): "offer a smaller step",
    ("authority", "alternative"): "bring in the decision maker",
    ("authority", "question"): "bring in the decision maker",
    ("competitor", "summary"): "recap the differences",
    ("status_quo", "ben_franklin"): "weigh the cost of doing nothing", ("status_quo", "puppy_dog"): "offer a pilot",
}


@dataclass(frozen=True)
class _Tuned:
    """A close with the tuning the engine actually uses."""
    close: Close
    profile: _Profile
    final_ask: bool     # an ask for the business: fits only once value is on the table
    recaps: bool        # its line recaps the agreed points
    schedules: bool     # its line offers meeting slots


@dataclass(frozen=True)
class _Prepared:
    closes: tuple[_Tuned, ...]
    answered_by: dict[str, frozenset[str]]      # objection id -> ids of closes answering it
    moment_stages: dict[str, str]
    objection_labels: dict[str, str]


@per_playbook
def _prepare(playbook: Playbook) -> _Prepared:
    return _Prepared(
        closes=tuple(_tune(close) for close in playbook.closes),
        answered_by=answering_closes(playbook),
        moment_stages={m.id: m.stage for m in playbook.moments},
        objection_labels={o.id: o.label for o in playbook.objections},
    )


def _tune(close: Close) -> _Tuned:
    standard = STANDARD_PROFILES.get(close.id, _Profile())
    def given(value, default):
        return default if value is None else value

    profile = _Profile(
        stages=given(close.stages, standard.stages),
        min_agreed=given(close.min_agreed, standard.min_agreed),
        max_agreed=given(close.max_agreed, standard.max_agreed),
        pressure=given(close.pressure, standard.pressure),
        needs_deadline=given(close.needs_deadline, standard.needs_deadline),
    )
    final_ask = close.id != "trial" and bool(profile.stages) and not set(profile.stages) & set(_EARLY)
    return _Tuned(close, profile, final_ask,
                  recaps=close.id == "summary" or "{agreed_points}" in close.script,
                  schedules=close.id == "alternative" or "{slot_1}" in close.script)


@dataclass(frozen=True)
class _CallState:
    """What the rules need to know about the call, worked out once per suggest()."""
    agreed: int
    total: int
    stage: str                      # the furthest stage with an agreed moment
    early: bool
    open_objections: tuple[str, ...]
    deadline: str | None
    last_attempts: dict[str, CloseAttempt]
    accepted_name: str | None       # the close accepted most recently, if any
    step_dated: bool
    meeting_step: bool
    late: bool
    large_deal: bool
    tz: tzinfo


def _call_state(playbook: Playbook, prepared: _Prepared, call: Call, now: datetime,
                settings: CoachSettings) -> _CallState:
    stages = [prepared.moment_stages.get(m.moment_id, m.stage) for m in call.moments.values()]
    reached = max((STAGES.index(s) for s in stages if s in STAGES), default=0)
    agreed, total = len(stages), len(playbook.moments)
    last = {a.close_id: a for a in call.close_attempts}       # later attempts overwrite earlier
    accepted = [a for a in call.close_attempts if a.result == "accepted"]
    step = call.next_step
    return _CallState(
        agreed=agreed, total=total, stage=STAGES[reached],
        early=STAGES[reached] in _EARLY and agreed * 2 < total,
        open_objections=tuple(o.objection_id for o in call.open_objections()),
        deadline=noted_deadline(call),
        last_attempts=last,
        accepted_name=_close_name(playbook, accepted[-1].close_id) if accepted else None,
        step_dated=_has_dated_next_step(call),
        meeting_step=step is not None and bool(_MEETING_WORDS.search(f"{step.action} {step.customer_action}")),
        late=_late_without_commitment(playbook, prepared, call, now, settings),
        large_deal=call.deal_value is not None and call.deal_value >= settings.large_deal_threshold,
        tz=settings.tz or now.tzinfo,
    )


def _late_without_commitment(playbook: Playbook, prepared: _Prepared, call: Call, now: datetime,
                             settings: CoachSettings) -> bool:
    if _has_dated_next_step(call):
        return False
    if any(prepared.moment_stages.get(m.moment_id, m.stage) == COMMITMENT for m in call.moments.values()):
        return False
    return call.duration_seconds(now) >= settings.nudge_share * playbook.expected_minutes * 60


def _has_dated_next_step(call: Call) -> bool:
    return call.next_step is not None and call.next_step.due is not None


def _close_name(playbook: Playbook, close_id: str) -> str:
    close = playbook.close(close_id)
    return close.name if close else close_id


@dataclass
class _Tally:
    fit: float = 0.0
    penalty: float = 0.0
    tier: int = 0                   # 2: date the next step, 1: answers an open objection
    reasons: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    demotions: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.fit += points
        self.reasons.append(reason)

    def lower(self, points: float, caveat: str) -> None:
        self.penalty += points
        self.caveats.append(caveat)


def _rule_lock_in(tuned: _Tuned, state: _CallState, tally: _Tally) -> None:
    # Once the prospect said yes to something, or a meeting is named but not dated,
    # the best next move is putting a date on it.
    if not tuned.schedules or state.step_dated:
        return
    accepted_self = state.last_attempts.get(tuned.close.id)
    if state.accepted_name and not (accepted_self and accepted_self.result == "accepted"):
        tally.tier = 2
        tally.add(1.0, f"{state.accepted_name} accepted: lock in the next step")
    if state.meeting_step:
        tally.tier = 2
        tally.add(1.0, "Next step is a meeting: offer two times")


def _rule_objections(tuned: _Tuned, state: _CallState, prepared: _Prepared, tally: _Tally) -> None:
    for objection_id in state.open_objections:
        if tuned.close.id not in prepared.answered_by.get(objection_id, ()):
            continue
        if tuned.profile.needs_deadline and not state.deadline:
            continue                # demoted by the deadline rule; never answer with fake urgency
        tally.tier = max(tally.tier, 1)
        label = prepared.objection_labels.get(objection_id, objection_id.replace("_", " "))
        hint = ANSWER_HINTS.get((objection_id, tuned.close.id))
        reason = f"{label} objection open" if len(label.split()) <= 2 else f"Open objection: {label}"
        tally.add(3.0, f"{reason}: {hint}" if hint else reason)


def _rule_pushbacks(tuned: _Tuned, state: _CallState, tally: _Tally) -> None:
    if tuned.profile.needs_deadline:
        if state.deadline:
            tally.add(1.0, f'Deadline noted: "{state.deadline}"')
        else:
            tally.demotions.append("No real deadline noted")
    if tuned.profile.pressure and "authority" in state.open_objections:
        # Pressing someone who cannot decide only gets a no; bring the decider in instead.
        tally.demotions.append("Authority objection open: bring in the decision maker first")
    if tuned.profile.pressure and state.large_deal:
        tally.demotions.append("Large deal: pressure tends to backfire in complex sales")


def _rule_history(tuned: _Tuned, state: _CallState, tally: _Tally) -> None:
    attempt = state.last_attempts.get(tuned.close.id)
    if attempt is None:
        return
    at = f"{attempt.at.astimezone(state.tz):%H:%M}"
    if attempt.result == "declined":
        tally.demotions.append(f"Declined at {at}")
    elif attempt.result == "deferred":
        tally.lower(2.0, f"Deferred at {at}")
    else:
        tally.lower(3.0, f"Accepted at {at}")          # no need to ask the same thing twice


def _rule_timing(tuned: _Tuned, state: _CallState, tally: _Tally) -> None:
    if tuned.schedules and state.late:
        tally.add(1.0, "Time is running: ask for the next step")
    if state.early and tuned.close.id == "trial":
        tally.add(1.5, "Little agreed yet: test readiness first")
    elif state.early and tuned.final_ask and tally.tier == 0:
        tally.demotions.append("Too early for a final ask: test readiness first")


def _rule_progress(tuned: _Tuned, state: _CallState, points_to_recap: int, tally: _Tally) -> None:
    profile, agreed = tuned.profile, state.agreed
    if tuned.recaps and points_to_recap >= 2:
        tally.add(0.5 * min(points_to_recap, 4), f"{points_to_recap} agreed points to recap")
    if agreed < profile.min_agreed:
        tally.lower(min(0.75 * (profile.min_agreed - agreed), 3.0),
                    f"Needs {profile.min_agreed} yes moments ({agreed} so far)")
    elif profile.max_agreed is not None and agreed > profile.max_agreed:
        tally.lower(1.5, f"Best with up to {profile.max_agreed} yes moments ({agreed} agreed)")
    elif profile.min_agreed > 0:
        tally.add(1.0, f"{agreed} of {state.total} yes moments agreed")
    _rule_stage(profile.stages, state.stage, tally)


def _rule_stage(stages: tuple[str, ...], stage: str, tally: _Tally) -> None:
    if not stages:
        return
    if stage in stages:
        tally.add(2.0, f"Fits the {stage} stage")
    elif STAGES.index(stage) + 1 != min(STAGES.index(s) for s in stages):
        # One stage ahead is "coming up" and costs nothing; anything else is out of place.
        tally.lower(1.5, f"Better at the {' or '.join(stages)} stage")


def suggest(playbook: Playbook, call: Call, now: datetime,
            settings: CoachSettings = DEFAULT_SETTINGS) -> list[Suggestion]:
    """All closes of the playbook, best first; demoted ones last, each with its reason.

    `now` must be aware; slots and times in reasons are shown in its timezone (or settings.tz).
    """
    prepared = _prepare(playbook)
    state = _call_state(playbook, prepared, call, now, settings)
    points = recap_points(call, playbook)
    values = _script_values(playbook, call, now, settings, points)
    ranked = []
    for index, tuned in enumerate(prepared.closes):
        tally = _Tally()
        _rule_lock_in(tuned, state, tally)
        _rule_objections(tuned, state, prepared, tally)
        _rule_pushbacks(tuned, state, tally)
        _rule_history(tuned, state, tally)
        _rule_timing(tuned, state, tally)          # after the objection rule: it reads the tier
        _rule_progress(tuned, state, len(points), tally)
        suggestion = _suggestion(tuned, tally, values)
        ranked.append(((suggestion.demoted, -tally.tier, -suggestion.score, index), suggestion))
    ranked.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in ranked]


def _suggestion(tuned: _Tuned, tally: _Tally, values: dict[str, str]) -> Suggestion:
    close = tuned.close
    score = close.weight * (1.0 + tally.fit) - tally.penalty
    return Suggestion(
        close_id=close.id, name=close.name, score=round(score, 3),
        reasons=tuple(tally.demotions + tally.reasons + tally.caveats),
        script=fill_script(close.script, values), description=close.description,
        demoted=bool(tally.demotions),
    )


def _script_values(playbook: Playbook, call: Call, now: datetime, settings: CoachSettings,
                   points: list[str] | None = None) -> dict[str, str]:
    slots = next_slots(now, settings.working_days, settings.day_start, settings.day_end, tz=settings.tz)
    return script_values(call, playbook, [format_slot(slot, now) for slot in slots], points)


def nudge(playbook: Playbook, call: Call, now: datetime,
          settings: CoachSettings = DEFAULT_SETTINGS) -> str | None:
    """"Ask for the next step" once the agreed share of the expected call length is gone
    with no commitment-stage moment agreed (and no dated next step); otherwise None."""
    late = _late_without_commitment(playbook, _prepare(playbook), call, now, settings)
    return NUDGE_NEXT_STEP if late else None


def last_chance_line(playbook: Playbook, call: Call, now: datetime,
                     settings: CoachSettings = DEFAULT_SETTINGS) -> str | None:
    """At wrap-up without a dated next step: the alternative close's line, slots filled in.

    None when the next step is dated, nobody was reached, or the playbook has no close that
    offers slots.
    """
    if _has_dated_next_step(call) or call.outcome == "no_connect":
        return None
    close = playbook.close("alternative") or next(
        (c for c in playbook.closes if "{slot_1}" in c.script), None)
    if close is None:
        return None
    return fill_script(close.script, _script_values(playbook, call, now, settings))
