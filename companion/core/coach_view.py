"""Everything the live window shows from the coach, computed in one call: the CoachView.

Keeps the window free of coaching logic: it hands over the call and the settings and
gets back ranked suggestions, where the call stands, the nudge, the wrap-up's last-chance
line, and what the notes suggest: objections to flag and yes moments to tick (minus the ones
the rep dismissed, flagged or ticked already), each confirmed by one click.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from companion.core.call import Call
from companion.core.call_state import STATE_LABELS
from companion.core.coach import NUDGE_NEXT_STEP, CoachSettings, Suggestion, call_state, last_chance_line, suggest
from companion.core.objection_detect import detect_moments, detect_objections
from companion.core.playbook import Playbook
from companion.core.settings import Settings, parse_hhmm


@dataclass(frozen=True)
class CoachView:
    suggestions: list[Suggestion]
    nudge: str | None
    last_chance: str | None
    detected_objections: list[tuple[str, str]]     # (objection id, label)
    # Yes moments whose keywords are in the notes and not ticked yet: a "tick this moment?"
    # chip each, (moment id, label); clicking it ticks the moment, nothing is ticked for the rep.
    detected_moments: Sequence[tuple[str, str]] = ()
    state: str = "exploring"        # call_state.STATES: exploring ... confirming
    state_label: str = "Exploring"  # "Next step agreed", for showing


def coach_settings(settings: Settings) -> CoachSettings:
    defaults = CoachSettings()
    try:
        return CoachSettings(
            working_days=tuple(settings.working_days) or defaults.working_days,
            day_start=parse_hhmm(settings.day_start) or defaults.day_start,
            day_end=parse_hhmm(settings.day_end) or defaults.day_end,
            large_deal_threshold=settings.large_deal_threshold,
            nudge_share=settings.nudge_share,
        )
    except ValueError:
        # A hand-edited settings file (day ending before it starts...) must not stop a call.
        return defaults


def coach_view(playbook: Playbook, call: Call, now: datetime, settings: Settings,
               dismissed: AbstractSet[str] = frozenset(),
               dismissed_moments: AbstractSet[str] = frozenset()) -> CoachView:
    """`dismissed` are objection ids whose chips the rep closed; `dismissed_moments` the same
    for moment chips."""
    tuned = coach_settings(settings)
    local_now = now.astimezone()
    already = set(call.objections) | set(dismissed)
    detected = [
        (objection_id, objection.label)
        for objection_id in detect_objections(playbook, call.notes, already)
        if (objection := playbook.objection(objection_id)) is not None
    ]
    moments = [
        (moment_id, moment.label)
        for moment_id in detect_moments(playbook, call.notes, set(call.moments) | set(dismissed_moments))
        if (moment := playbook.moment(moment_id)) is not None      # detected ids are the playbook's own
    ]
    reading = call_state(playbook, call, local_now, tuned)
    return CoachView(
        suggestions=suggest(playbook, call, local_now, tuned),
        nudge=NUDGE_NEXT_STEP if reading.late else None,
        last_chance=last_chance_line(playbook, call, local_now, tuned),
        detected_objections=detected,
        detected_moments=moments,
        state=reading.state,
        state_label=STATE_LABELS[reading.state],
    )
