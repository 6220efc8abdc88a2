"""The close coach's rules: how each close of a playbook fits the call as it stands.

Each rule reads the CallReading (where the call stands) and adds fit points, caveats or a
demotion with its reason to one close's tally. The defaults for the standard close ids and
the rules come from selling practice; a close id the engine does not know is scored from its
playbook fields alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from companion.core.call import STAGES
from companion.core.call_state import COMMITTING_ASKS, EARLY_STAGES, CallReading
from companion.core.playbook import Close

T = TypeVar("T")

# A close put off by the prospect rests this long below the others before it comes back.
DEFER_REST = timedelta(minutes=5)


@dataclass(frozen=True)
class Profile:
    stages: tuple[str, ...] = ()
    min_agreed: int = 0
    max_agreed: int | None = None
    pressure: bool = False
    needs_deadline: bool = False


_VALUE_ON = ("value", "commitment")
# Defaults for the standard closes, used for each tuning field a playbook leaves out.
STANDARD_PROFILES = {
    "trial": Profile(("opening", "discovery", "value")),
    "alternative": Profile(_VALUE_ON, 2),
    "assumptive": Profile(("commitment",), 5, pressure=True),
    "summary": Profile(_VALUE_ON, 3),
    "direct": Profile(("commitment",), 4, pressure=True),
    "question": Profile(("discovery", "value", "commitment"), 1),
    "ben_franklin": Profile(_VALUE_ON, 3),
    "urgency": Profile(("commitment",), 3, pressure=True, needs_deadline=True),
    "puppy_dog": Profile(_VALUE_ON, 2),
    "sharp_angle": Profile(_VALUE_ON, 2),
    "takeaway": Profile(_VALUE_ON, 2),
    "minor_point": Profile(_VALUE_ON, 2),
}
STANDARD_ASKS = {"trial": "opinion", "question": "opinion", "ben_franklin": "opinion",
                 "takeaway": "opinion", "minor_point": "detail", "sharp_angle": "concession"}
# Granting something in exchange only makes sense once the prospect asked for something.
STANDARD_ANSWERS_ONLY = {"sharp_angle"}
# Suggesting it may not be a fit is for a prospect who stalls, never for a healthy call.
ONLY_WHEN_STALLING = {"takeaway"}
# What to do with a close when it answers a given objection: shown after "... objection open".
ANSWER_HINTS = {
    ("price", "summary"): "recap the value first", ("price", "puppy_dog"): "offer a low-risk start",
    ("timing", "alternative"): "offer a later, smaller step",
    ("authority", "alternative"): "bring in the decision maker",
    ("authority", "question"): "bring in the decision maker",
    ("need", "trial"): "go back to the need", ("need", "question"): "go back to the need",
    ("stall", "question"): "find out what they need to decide",
    ("stall", "alternative"): "offer a short follow-up", ("stall", "takeaway"): "test whether it matters",
    ("competitor", "summary"): "recap the differences",
    ("status_quo", "ben_franklin"): "weigh the cost of doing nothing", ("status_quo", "puppy_dog"): "offer a pilot",
}
STEP_REASONS = {
    "confirm_when": "Next step agreed: put a time on it",
    "confirm_who": "Next step agreed: confirm who is involved",
    "confirm_customer_action": "Next step agreed: agree what they do before it",
    "step_complete": "Next step agreed, dated, with who and their part: wrap up",
}


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class Tuned:
    """A close with the tuning the engine actually uses."""
    close: Close
    profile: Profile
    asks: str
    answers_only: bool
    only_when_stalling: bool
    final_ask: bool     # an ask for the business: fits only once value is on the table
    recaps: bool        # its line recaps the agreed points
    schedules: bool     # its line offers meeting slots


def tune(close: Close) -> Tuned:
    standard = STANDARD_PROFILES.get(close.id, Profile())

    def given(value: T | None, default: T) -> T:
        return default if value is None else value

    profile = Profile(
        stages=given(close.stages, standard.stages),
        min_agreed=given(close.min_agreed, standard.min_agreed),
        max_agreed=given(close.max_agreed, standard.max_agreed),
        pressure=given(close.pressure, standard.pressure),
        needs_deadline=given(close.needs_deadline, standard.needs_deadline),
    )
    schedules = close.id == "alternative" or "{slot_1}" in close.script
    default_asks = STANDARD_ASKS.get(close.id, "step" if close.id in STANDARD_PROFILES or schedules else "opinion")
    final_ask = close.id != "trial" and bool(profile.stages) and not set(profile.stages) & set(EARLY_STAGES)
    return Tuned(close, profile, given(close.asks, default_asks),
                 given(close.answers_only, close.id in STANDARD_ANSWERS_ONLY),
                 close.id in ONLY_WHEN_STALLING, final_ask,
                 recaps=close.id == "summary" or "{agreed_points}" in close.script, schedules=schedules)


@dataclass
class Tally:
    fit: float = 0.0
    penalty: float = 0.0
    tier: int = 0          # 3: confirms the agreed next step, 2: answers the latest objection, 1: an older one
    resting: bool = False  # put off a moment ago: below the others for a while
    reasons: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    demotions: list[str] = field(default_factory=list)

    def add(self, points: float, reason: str) -> None:
        self.fit += points
        self.reasons.append(reason)

    def lower(self, points: float, caveat: str) -> None:
        self.penalty += points
        self.caveats.append(caveat)


def rule_step_agreed(tuned: Tuned, reading: CallReading, step_key: str | None, confirmer: bool,
                     tally: Tally) -> None:
    """Once a next step is agreed, only confirming it is left; asking again is demoted."""
    if not reading.step_agreed:
        return
    if confirmer and step_key is not None:
        tally.tier = 3
        tally.add(3.0, STEP_REASONS[step_key])
        return
    at = reading.step.agreed_at
    when = f" at {at.astimezone(reading.tz):%H:%M}" if at is not None else ""
    tally.demotions.append(f"Next step agreed{when}: confirm it, don't ask again")


def rule_objections(tuned: Tuned, reading: CallReading, answered_by: dict[str, frozenset[str]],
                    labels: dict[str, str], tally: Tally) -> None:
    """Closes answering an open objection come first; those answering what the prospect said
    last come before the rest, and a close with its own words for it before generic ones."""
    if reading.step_agreed:
        return                  # only confirming the step is left; its reason says so
    for position, objection_id in enumerate(reading.open_objections):
        if tuned.close.id not in answered_by.get(objection_id, ()):
            continue
        if tuned.profile.needs_deadline and not reading.deadline:
            continue                # demoted by the deadline rule; never answer with fake urgency
        if tuned.only_when_stalling and not reading.stalling:
            continue
        tally.tier = max(tally.tier, 2 if position == 0 else 1)
        label = labels.get(objection_id, objection_id.replace("_", " "))
        hint = ANSWER_HINTS.get((objection_id, tuned.close.id))
        reason = f"{label} objection open" if len(label.split()) <= 2 else f"Open objection: {label}"
        own_words = 2.0 if tuned.close.line_for(objection_id) else 0.0
        tally.add(3.0 + own_words, f"{reason}: {hint}" if hint else reason)


def rule_pressure(tuned: Tuned, reading: CallReading, asks: str, answered_by: dict[str, frozenset[str]],
                  labels: dict[str, str], tally: Tally) -> None:
    """`asks` is what the line actually shown asks for (an objection's line asks for a step)."""
    if tuned.profile.needs_deadline:
        if reading.deadline:
            tally.add(1.0, f'Deadline noted: "{reading.deadline.said}"')
        else:
            tally.demotions.append("No real deadline noted")
    pushy = tuned.profile.pressure or asks in ("order", "concession")
    if pushy and "authority" in reading.open_objections:
        # Pressing someone who cannot decide only gets a no; bring the decider in instead.
        tally.demotions.append("Authority objection open: bring in the decision maker first")
    if pushy and reading.large_deal:
        what = {"order": "asking for the signature", "concession": "trading a concession"}.get(asks, "pressure")
        tally.demotions.append(f"Large deal: {what} tends to backfire in complex sales")
    if tuned.answers_only and not any(tuned.close.id in answered_by.get(o, ()) for o in reading.open_objections):
        wanted = sorted(labels.get(o, o) for o, closes in answered_by.items() if tuned.close.id in closes)
        tally.demotions.append(f"Only once they ask for something ({' or '.join(wanted)} objection)"
                               if wanted else "Only once they ask for something")
    if tuned.only_when_stalling and not reading.stalling:
        tally.demotions.append("Call is not stalling: keep this for a prospect who stalls")
    elif tuned.only_when_stalling and tally.tier == 0:
        tally.tier = 1
        tally.add(1.0, f"{reading.stalling}: test whether it matters to them")


def rule_history(tuned: Tuned, reading: CallReading, now: datetime, tally: Tally) -> None:
    attempt = reading.last_attempts.get(tuned.close.id)
    if attempt is None:
        return
    at = f"{attempt.at.astimezone(reading.tz):%H:%M}"
    if attempt.result == "declined":
        tally.demotions.append(f"Declined at {at}")
    elif attempt.result == "deferred" and now - attempt.at < DEFER_REST:
        tally.resting = True
        tally.caveats.insert(0, f"Deferred at {at}: give it a few minutes")
    elif attempt.result == "deferred":
        tally.lower(1.0, f"Deferred at {at}")
    elif tuned.asks not in COMMITTING_ASKS:
        tally.lower(3.0, f"Accepted at {at}")          # no need to ask the same thing twice


def rule_timing(tuned: Tuned, reading: CallReading, tally: Tally) -> None:
    if tuned.schedules and reading.late:
        tally.add(1.0, "Time is running: ask for the next step")
    if reading.early and tuned.close.id == "trial":
        tally.add(1.5, "Little agreed yet: test readiness first")
    elif reading.early and tuned.final_ask and tally.tier == 0:
        tally.demotions.append("Too early for a final ask: test readiness first")
    elif reading.ready and tuned.final_ask and tuned.asks in COMMITTING_ASKS:
        tally.add(0.5, "Trial close accepted: they are ready to hear the ask")


def rule_progress(tuned: Tuned, reading: CallReading, points_to_recap: int, tally: Tally) -> None:
    profile, agreed = tuned.profile, reading.agreed
    if tuned.recaps and points_to_recap >= 2:
        tally.add(0.5 * min(points_to_recap, 4), f"{plural(points_to_recap, 'agreed point')} to recap")
    if agreed < profile.min_agreed:
        tally.lower(min(0.75 * (profile.min_agreed - agreed), 3.0),
                    f"Needs {plural(profile.min_agreed, 'yes moment')} ({agreed} so far)")
    elif profile.max_agreed is not None and agreed > profile.max_agreed:
        tally.lower(1.5, f"Best with up to {plural(profile.max_agreed, 'yes moment')} ({agreed} agreed)")
    elif profile.min_agreed > 0:
        tally.add(1.0, f"{agreed} of {plural(reading.total, 'yes moment')} agreed")
    _rule_stage(profile.stages, reading.stage, tally)


def _rule_stage(stages: tuple[str, ...], stage: str, tally: Tally) -> None:
    if not stages:
        return
    if stage in stages:
        tally.add(2.0, f"Fits the {stage} stage")
    elif STAGES.index(stage) + 1 != min(STAGES.index(s) for s in stages):
        # One stage ahead is "coming up" and costs nothing; anything else is out of place.
        tally.lower(1.5, f"Better at the {' or '.join(stages)} stage")
