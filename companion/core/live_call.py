"""The live call as the rep drives it, without a screen.

The window, global shortcuts, compact mode and tests all change a call through one
`LiveCallSession`: tick a moment by its number, cycle an objection, record a close
attempt, type a deal value. The session applies the playbook's rules (which moment key 3
means, what the next click on an objection does) and tells its listeners what changed,
so every way of driving it repaints the same window and saves the same draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from companion.core.call import Call, utcnow
from companion.core.deal_value import format_deal_value, parse_deal_value
from companion.core.display_names import close_name
from companion.core.playbook import Playbook
from companion.core.settings import Settings

if TYPE_CHECKING:
    from companion.core.coach_view import CoachView

DEAL_VALUE_HINT = "Deal value: type an amount such as 25000, 25k or 1.2m"


@dataclass(frozen=True)
class SessionChange:
    """What a listener needs to know to redraw: which part of the call changed."""

    what: str                        # "moment", "note", "objection", "attempt", "deal_value", "notes", "detection"
    subject: str = ""                # the moment, objection or close id concerned, if any
    message: str = ""                # a short line for the status bar, when there is one to say

    @property
    def checklist_changed(self) -> bool:
        return self.what == "moment"


Listener = Callable[[SessionChange], None]


class LiveCallSession:
    """One running call and the playbook it follows."""

    def __init__(self, call: Call, playbook: Playbook, settings: Settings,
                 clock: Callable[[], datetime] = utcnow):
        call.playbook_id = playbook.id
        self.call = call
        self.playbook = playbook
        self.settings = settings
        self._clock = clock
        self._dismissed_detections: set[str] = set()
        self._listeners: list[Listener] = []
        self.moment_ids = [m.id for _stage, moments in playbook.moments_by_stage() for m in moments]
        self.objection_ids = [o.id for o in playbook.objections]

    # -- listeners -----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _changed(self, change: SessionChange) -> SessionChange:
        for listener in list(self._listeners):
            listener(change)
        return change

    # -- yes moments ---------------------------------------------------------------------
    def moment_id_for_number(self, number: int) -> str | None:
        """Keys 1-9 address moments in the order shown: grouped by stage."""
        if 1 <= number <= len(self.moment_ids):
            return self.moment_ids[number - 1]
        return None

    def toggle_moment_number(self, number: int) -> SessionChange | None:
        moment_id = self.moment_id_for_number(number)
        if moment_id is None:
            return None
        return self.set_moment(moment_id, not self.call.is_agreed(moment_id))

    def set_moment(self, moment_id: str, agreed: bool) -> SessionChange | None:
        moment = self.playbook.moment(moment_id)
        if moment is None or self.call.is_agreed(moment_id) == agreed:
            return None
        if agreed:
            self.call.agree(moment_id, self._clock(), label=moment.label, stage=moment.stage)
        else:
            self.call.unagree(moment_id)
        verb = "Agreed" if agreed else "Unticked"
        return self._changed(SessionChange("moment", moment_id, f"{verb}: {moment.label}"))

    def set_moment_note(self, moment_id: str, note: str) -> SessionChange | None:
        if self.playbook.moment(moment_id) is None:
            return None
        self.call.set_moment_note(moment_id, note)
        return self._changed(SessionChange("note", moment_id))

    # -- objections ----------------------------------------------------------------------
    def objection_id_for_number(self, number: int) -> str | None:
        if 1 <= number <= len(self.objection_ids):
            return self.objection_ids[number - 1]
        return None

    def cycle_objection_number(self, number: int) -> SessionChange | None:
        objection_id = self.objection_id_for_number(number)
        return None if objection_id is None else self.cycle_objection(objection_id)

    def cycle_objection(self, objection_id: str) -> SessionChange | None:
        """Raised, then resolved, then cleared: one key for the whole life of an objection."""
        objection = self.playbook.objection(objection_id)
        if objection is None:
            return None
        current = self.call.objections.get(objection_id)
        if current is None:
            self.call.raise_objection(objection_id, self._clock(), label=objection.label)
            message = f"Objection raised: {objection.label}"
        elif current.is_open:
            self.call.resolve_objection(objection_id, self._clock())
            message = f"Objection resolved: {objection.label}"
        else:
            self.call.withdraw_objection(objection_id)
            message = f"Objection cleared: {objection.label}"
        return self._changed(SessionChange("objection", objection_id, message))

    def objection_states(self) -> dict[str, str]:
        """objection id -> "open" | "resolved"; objections never raised are absent."""
        return {o: ("open" if r.is_open else "resolved") for o, r in self.call.objections.items()}

    def accept_detected_objection(self, objection_id: str) -> SessionChange | None:
        """The rep confirmed an objection the notes revealed: flag it as raised."""
        if objection_id in self.call.objections:
            return None
        return self.cycle_objection(objection_id)

    def dismiss_detected_objection(self, objection_id: str) -> SessionChange:
        self._dismissed_detections.add(objection_id)
        return self._changed(SessionChange("detection", objection_id))

    # -- closes --------------------------------------------------------------------------
    def record_close_attempt(self, close_id: str, result: str) -> SessionChange:
        self.call.record_close_attempt(close_id, result, self._clock())
        close = self.playbook.close(close_id)
        name = close.name if close is not None else close_name(close_id)
        return self._changed(SessionChange("attempt", close_id, f"{name} {result}"))

    def declined_lines(self) -> list[str]:
        """"Question close declined at 14:05" for each close whose latest try was declined:
        the card shows why a close dropped, and when."""
        latest = {}
        for attempt in self.call.close_attempts:
            latest[attempt.close_id] = attempt
        lines = []
        for close_id, attempt in latest.items():
            if attempt.result == "declined":
                close = self.playbook.close(close_id)
                name = close.name if close is not None else close_name(close_id)
                lines.append(f"{name} declined at {attempt.at.astimezone():%H:%M}")
        return lines

    # -- deal value and notes --------------------------------------------------------------
    def set_deal_value_text(self, text: str) -> SessionChange:
        """Take the deal value as typed; an amount that cannot be read is refused with a hint
        and the value stays as it was."""
        try:
            value = parse_deal_value(text)
        except ValueError:
            return SessionChange("deal_value", message=DEAL_VALUE_HINT)
        self.call.set_deal_value(value)
        return self._changed(SessionChange("deal_value"))

    @property
    def deal_value_text(self) -> str:
        return format_deal_value(self.call.deal_value)

    def set_notes(self, notes: str) -> SessionChange | None:
        if notes == self.call.notes:
            return None
        self.call.set_notes(notes)
        return self._changed(SessionChange("notes"))

    # -- the coach and the clock ------------------------------------------------------------
    def coach_view(self, now: datetime | None = None) -> CoachView:
        """What the coach shows now. Imported here: the coach loads after the first paint."""
        from companion.core.coach_view import coach_view

        return coach_view(self.playbook, self.call, now or self._clock(), self.settings,
                          self._dismissed_detections)

    def elapsed_text(self, now: datetime | None = None) -> str:
        seconds = self.call.duration_seconds(now or self._clock())
        hours, rest = divmod(seconds, 3600)
        text = f"{rest // 60:02d}:{rest % 60:02d}"
        return f"{hours}:{text}" if hours else text

    def end(self) -> None:
        """The rep hung up: the wrap-up is open. `resume()` undoes it if they go back."""
        self.call.ended_at = self._clock()

    def resume(self) -> None:
        self.call.ended_at = None
