"""Everything the live window shows from the coach, computed in one call.

Keeps the window free of coaching logic: it hands over the call and the settings and
gets back ranked suggestions, the nudge, the wrap-up's last-chance line and the
objections detected in the notes (minus the ones the rep dismissed or already flagged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from companion.core.call import Call
from companion.core.coach import CoachSettings, Suggestion, last_chance_line, nudge, suggest
from companion.core.objection_detect import detect_objections
from companion.core.playbook import Playbook
from companion.core.settings import Settings, parse_hhmm


@dataclass(frozen=True)
class CoachView:
    suggestions: list[Suggestion]
    nudge: str | None
    last_chance: str | None
    detected_objections: list[tuple[str, str]]     # (objection id, label)


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
               dismissed: set[str] = frozenset()) -> CoachView:
    tuned = coach_settings(settings)
    local_now = now.astimezone()
    already = set(call.objections) | set(dismissed)
    detected = [
        (objection_id, playbook.objection(objection_id).label)
        for objection_id in detect_objections(playbook, call.notes, already)
        if playbook.objection(objection_id) is not None
    ]
    return CoachView(
        suggestions=suggest(playbook, call, local_now, tuned),
        nudge=nudge(playbook, call, local_now, tuned),
        last_chance=last_chance_line(playbook, call, local_now, tuned),
        detected_objections=detected,
    )
