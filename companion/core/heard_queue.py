"""The heard-phrase chips of one call: which are showing, and what confirming one does.

Only the rep's confirmation changes the call: confirming a moment ticks it, confirming an
objection flags it, both through the live call session so the draft and the coach follow.
A dismissed suggestion stays quiet for a while, so the same words do not bring it straight
back; a moment already ticked or an objection already flagged is never offered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from companion.core.call import Call
from companion.core.heard_match import MOMENT, OBJECTION, HeardSuggestion, match_utterance
from companion.core.playbook import Playbook

MAX_SHOWN = 3
QUIET_AFTER_DISMISS_S = 120.0


class CallSession(Protocol):
    """The part of the live call session that heard suggestions drive."""

    def set_moment(self, moment_id: str, agreed: bool) -> object: ...
    def accept_detected_objection(self, objection_id: str) -> object: ...


@dataclass(frozen=True)
class Chip:
    suggestion: HeardSuggestion
    heard_at: float      # seconds on the caller's clock

    @property
    def text(self) -> str:
        return f"Heard: '{self.suggestion.quote}' → {self.suggestion.label}?"


class HeardQueue:
    def __init__(self, playbook: Playbook, settled: Callable[[], set[tuple[str, str]]]):
        """`settled` returns the (kind, id) pairs already in the call: ticked moments and
        flagged objections."""
        self.playbook = playbook
        self._settled = settled
        self._chips: list[Chip] = []
        self._quiet_until: dict[tuple[str, str], float] = {}

    @property
    def chips(self) -> list[Chip]:
        return list(self._chips)

    def hear(self, text: str, now: float) -> list[Chip]:
        """Match one utterance here and offer what it reveals."""
        return self.offer(match_utterance(self.playbook, text), now)

    def offer(self, suggestions: list[HeardSuggestion], now: float) -> list[Chip]:
        """Suggestions matched elsewhere (the listening thread); returns the chips added.
        Newest chips come first in `chips`; only MAX_SHOWN stay."""
        skip = self._settled() | {key for key, until in self._quiet_until.items() if until > now}
        skip |= {chip.suggestion.key for chip in self._chips}
        added = []
        for suggestion in suggestions:
            if suggestion.key not in skip:
                skip.add(suggestion.key)
                added.append(Chip(suggestion, now))
        self._chips = (list(reversed(added)) + self._chips)[:MAX_SHOWN]
        return [c for c in added if c in self._chips]

    def confirm(self, index: int, session: CallSession) -> HeardSuggestion | None:
        """Apply chip `index` (0 = newest) to the call through the session."""
        chip = self._take(index)
        if chip is None:
            return None
        s = chip.suggestion
        if s.kind == MOMENT:
            session.set_moment(s.target_id, True)
        elif s.kind == OBJECTION:
            session.accept_detected_objection(s.target_id)
        self.forget_settled()
        return s

    def dismiss(self, index: int, now: float) -> HeardSuggestion | None:
        chip = self._take(index)
        if chip is None:
            return None
        self._quiet_until[chip.suggestion.key] = now + QUIET_AFTER_DISMISS_S
        return chip.suggestion

    def forget_settled(self) -> None:
        """Drop chips for moments or objections the rep has settled some other way."""
        settled = self._settled()
        self._chips = [c for c in self._chips if c.suggestion.key not in settled]

    def _take(self, index: int) -> Chip | None:
        if not 0 <= index < len(self._chips):
            return None
        return self._chips.pop(index)


def settled_in(call: Call) -> set[tuple[str, str]]:
    """What a call already has: ticked moments and flagged objections (open or resolved)."""
    return {(MOMENT, m) for m in call.moments} | {(OBJECTION, o) for o in call.objections}
