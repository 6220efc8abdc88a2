"""Where the call stands: exploring, value agreed, asking, next step agreed, confirming details.

Worked out from what the rep recorded (ticked yes moments, close attempts and their results,
the next step, objections), never from guesses about the conversation. Two distinctions
matter most to the coach:

- An accepted trial close is readiness (the prospect likes what they hear), not a commitment;
  it never counts as a next step.
- Once a next step is agreed (a close that asked for one was accepted, a moment marked as the
  step was ticked, or the next step was written down), asking for one again only annoys; what
  is left is confirming when, who, and what the customer does before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from companion.core.call import STAGES, Call, CloseAttempt
from companion.core.deadline_detect import Deadline, noted_deadline

EXPLORING, VALUE_AGREED, ASKING, STEP_AGREED, CONFIRMING = (
    "exploring", "value_agreed", "asking", "step_agreed", "confirming")
STATES = (EXPLORING, VALUE_AGREED, ASKING, STEP_AGREED, CONFIRMING)
STATE_LABELS = {
    EXPLORING: "Exploring", VALUE_AGREED: "Value agreed", ASKING: "Asking",
    STEP_AGREED: "Next step agreed", CONFIRMING: "Confirming details",
}
# What a close asks for, when accepted, that makes a next step (an opinion or a detail does not).
COMMITTING_ASKS = frozenset({"step", "order", "concession"})
STALL = "stall"
# Two asks put off in a row, with nothing accepted since, is a prospect stalling.
PUT_OFF_TO_STALL = 2
EARLY_STAGES = ("opening", "discovery")
COMMITMENT = "commitment"


@dataclass(frozen=True)
class StepDetails:
    """What is known about the next step so far."""
    agreed: bool = False
    agreed_at: datetime | None = None
    when: bool = False
    who: bool = False
    customer_action: bool = False

    @property
    def missing(self) -> tuple[str, ...]:
        """The details still to confirm, in the order a rep would confirm them."""
        return tuple(part for part, known in (("when", self.when), ("who", self.who),
                                              ("customer_action", self.customer_action)) if not known)


@dataclass(frozen=True)
class CallReading:
    state: str
    agreed: int
    total: int
    stage: str                       # the furthest stage with an agreed moment
    early: bool
    value_points: int                # value-stage moments agreed
    open_objections: tuple[str, ...]   # most recently raised first
    deadline: Deadline | None
    last_attempts: dict[str, CloseAttempt]
    ready: bool                      # a close asking an opinion (a trial close) was accepted
    step: StepDetails
    stalling: str | None             # why the call looks stalled, or None
    late: bool                       # the nudge's share of the call is gone with no commitment
    large_deal: bool
    tz: tzinfo | None                # None: the computer's own timezone

    @property
    def step_agreed(self) -> bool:
        return self.step.agreed


def read_call(call: Call, *, moment_stages: dict[str, str], step_parts: dict[str, str],
              asks: dict[str, str], total_moments: int, now: datetime, nudge_after: timedelta,
              large_deal_threshold: float, tz: tzinfo | None = None) -> CallReading:
    """`moment_stages`/`step_parts` come from the playbook's moments, `asks` maps close ids to
    what they ask for; `nudge_after` is the share of the expected call length."""
    stages = [moment_stages.get(m.moment_id, m.stage) for m in call.moments.values()]
    reached = max((STAGES.index(s) for s in stages if s in STAGES), default=0)
    agreed, stage = len(stages), STAGES[reached]
    last = {a.close_id: a for a in call.close_attempts}       # later attempts overwrite earlier
    step = _step_details(call, step_parts, asks)
    committed = COMMITMENT in stages
    late = not step.agreed and not committed and \
        timedelta(seconds=call.duration_seconds(now)) >= nudge_after
    value_points = stages.count("value")
    ready = any(a.result == "accepted" and asks.get(a.close_id) == "opinion" for a in call.close_attempts)
    open_objections = tuple(o.objection_id for o in sorted(call.open_objections(),
                                                           key=lambda o: o.raised_at, reverse=True))
    return CallReading(
        state=_state(call, step, stages, ready, late, asks),
        agreed=agreed, total=total_moments, stage=stage,
        early=stage in EARLY_STAGES and agreed * 2 < total_moments,
        value_points=value_points,
        open_objections=open_objections,
        deadline=noted_deadline(call),
        last_attempts=last, ready=ready, step=step,
        stalling=_stalling(call, open_objections, asks, late, agreed, total_moments),
        late=late,
        large_deal=call.deal_value is not None and call.deal_value >= large_deal_threshold,
        tz=tz or now.tzinfo,
    )


def _step_details(call: Call, step_parts: dict[str, str], asks: dict[str, str]) -> StepDetails:
    ticked = {step_parts[m] for m in call.moments if m in step_parts}
    written = call.next_step
    accepted = [a for a in call.close_attempts if a.result == "accepted"]
    committing = [a for a in accepted if asks.get(a.close_id) in COMMITTING_ASKS]
    ticked_at = [m.agreed_at for m in call.moments.values() if step_parts.get(m.moment_id) == "action"]
    agreed_at = min([a.at for a in committing] + ticked_at, default=None)
    has_action = written is not None and bool(written.action.strip())
    agreed = bool(committing) or "action" in ticked or has_action
    return StepDetails(
        agreed=agreed,
        agreed_at=agreed_at,
        # Offering two times and hearing yes settles when; so does a date on the next step.
        when="when" in ticked or (written is not None and written.due is not None)
        or any(a.close_id == "alternative" for a in committing),
        # A step agreed while someone else decides is the step that brings them in.
        who="who" in ticked or any(asks.get(a.close_id) == "detail" for a in accepted)
        or (bool(committing) and "authority" in call.objections),
        customer_action="customer_action" in ticked
        or (written is not None and bool(written.customer_action.strip())),
    )


def _state(call: Call, step: StepDetails, stages: list[str], ready: bool, late: bool,
           asks: dict[str, str]) -> str:
    if step.agreed:
        return CONFIRMING if len(step.missing) < 3 else STEP_AGREED
    asked = any(asks.get(a.close_id, "step") != "opinion" for a in call.close_attempts)
    if asked or COMMITMENT in stages or late:
        return ASKING
    if "value" in stages or (ready and "discovery" in stages):
        return VALUE_AGREED
    return EXPLORING


def _stalling(call: Call, open_objections: tuple[str, ...], asks: dict[str, str], late: bool,
              agreed: int, total: int) -> str | None:
    if STALL in open_objections:
        return "Stall open"
    put_off = 0
    for attempt in reversed(call.close_attempts):
        if attempt.result == "accepted":
            break
        if asks.get(attempt.close_id, "step") != "opinion":
            put_off += 1
    if put_off >= PUT_OFF_TO_STALL:
        return f"{put_off} asks put off"
    if late and agreed * 3 < total:
        return "Most of the call gone, little agreed"
    return None
