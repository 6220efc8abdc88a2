"""One practice session: the drills in turn, each situation -> pick the close -> say it -> rate.

The session keeps the order and the results; the scheduler decides when each drill is due. A
drill whose new due time falls inside the session (a rating of "again") goes back in the queue
and comes back before the session ends. Saving each rating is the caller's job (the store),
right after `rate`, so a session stopped by a crash loses nothing already rated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from companion.core.coach import Suggestion
from companion.core.practice.drills import Drill
from companion.core.practice.line_checks import Check, check_line, is_pressure_close
from companion.core.practice.schedule import CardState, new_card, review

SESSION_LENGTH = timedelta(minutes=5)
# A drill due again within this long after its rating comes back in the same session.
SAME_SESSION = timedelta(minutes=10)
# Coming back once or twice helps; five times in five minutes only frustrates.
MAX_RETURNS = 2
SITUATION, PICK, SAY, RATE, DONE = "situation", "pick", "say", "rate", "done"


@dataclass(frozen=True)
class PickFeedback:
    chosen: Suggestion
    best: Suggestion                 # the coach's best of the four offered
    chosen_rank: int                 # in the coach's whole ranking, 1 = first
    total: int
    when: str                        # when the chosen close is right, from the playbook

    @property
    def right(self) -> bool:
        return self.chosen.close_id == self.best.close_id


@dataclass(frozen=True)
class LineFeedback:
    line: str
    checks: tuple[Check, ...]
    coach_line: str

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass(frozen=True)
class DrillResult:
    key: str
    close_id: str
    kind: str
    right_pick: bool
    line_ok: bool
    rating: str
    due: datetime                    # next review, as the scheduler set it
    at: datetime
    returns: bool                    # comes back in this session

    @property
    def right(self) -> bool:
        return self.right_pick and self.line_ok


@dataclass
class PracticeSession:
    session_id: str
    drills: list[Drill]
    cards: dict[str, CardState]
    started_at: datetime
    large_deal: float = 50000.0
    length: timedelta = SESSION_LENGTH
    results: list[DrillResult] = field(default_factory=list)
    stage: str = SITUATION
    _pick: PickFeedback | None = None
    _line: LineFeedback | None = None
    _returns: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.queue = list(self.drills)
        if not self.queue:
            self.stage = DONE

    @property
    def current(self) -> Drill | None:
        return self.queue[0] if self.queue and self.stage != DONE else None

    @property
    def finished(self) -> bool:
        return self.stage == DONE

    @property
    def position(self) -> tuple[int, int]:
        """(this drill's number, drills in the session so far), for "Drill 2 of 5"."""
        done = len(self.results)
        return done + 1, done + len(self.queue)

    def elapsed(self, now: datetime) -> timedelta:
        return max(timedelta(0), now - self.started_at)

    # -- the steps -----------------------------------------------------------------------------
    def show_closes(self) -> None:
        self._expect(SITUATION)
        self.stage = PICK

    def pick(self, close_id: str) -> PickFeedback:
        drill = self._expect(PICK)
        if close_id not in drill.offered:
            raise ValueError(f"{close_id!r} is not one of the closes offered")
        close = drill.situation.playbook.close(close_id)
        self._pick = PickFeedback(
            chosen=drill.ranked(close_id), best=drill.ranked(drill.close_id),
            chosen_rank=drill.rank(close_id), total=len(drill.ranking),
            when=close.when if close is not None else "")
        self.stage = SAY
        return self._pick

    def say(self, line: str) -> LineFeedback:
        drill = self._expect(SAY)
        situation = drill.situation
        close = situation.playbook.close(drill.close_id)
        checks = check_line(
            line, drill.close_id, points=list(situation.agreed_points),
            close_is_pressure=is_pressure_close(drill.close_id, close.pressure if close else None),
            large_deal=situation.deal_value is not None and situation.deal_value >= self.large_deal,
            authority_open=situation.authority_open)
        self._line = LineFeedback(line.strip(), tuple(checks), drill.ranked(drill.close_id).script)
        self.stage = RATE
        return self._line

    def rate(self, rating: str, now: datetime) -> tuple[DrillResult, CardState]:
        """Schedule the drill by the rep's rating; returns the result and the card to save."""
        self._expect(RATE)
        drill = self.queue.pop(0)
        assert self._pick is not None and self._line is not None     # set by pick() and say()
        card = self.cards.get(drill.key) or new_card(drill.key, drill.close_id, now)
        card = review(card, rating, now)
        self.cards[drill.key] = card
        returns = card.due - now <= SAME_SESSION and self._returns.get(drill.key, 0) < MAX_RETURNS
        if returns:
            self._returns[drill.key] = self._returns.get(drill.key, 0) + 1
            # Not straight away: one or two other drills first, so it is recall, not repetition.
            self.queue.insert(min(2, len(self.queue)), drill)
        result = DrillResult(drill.key, drill.close_id, drill.kind, self._pick.right,
                             self._line.passed, rating, card.due, now, returns)
        self.results.append(result)
        self._pick = self._line = None
        out_of_time = self.elapsed(now) >= self.length and not returns
        self.stage = DONE if not self.queue or out_of_time else SITUATION
        return result, card

    def stop(self) -> None:
        self.stage = DONE

    def _expect(self, stage: str) -> Drill:
        """The drill at hand, once the session is at `stage`."""
        if self.stage != stage or not self.queue:
            raise RuntimeError(f"the session is at {self.stage!r}, not {stage!r}")
        return self.queue[0]

    # -- the closing summary -----------------------------------------------------------------
    def summary(self, now: datetime, names: dict[str, str], tz: tzinfo | None = None) -> list[str]:
        """One line per close practised: "Alternative close: 4 of 5 right; next review Thursday"."""
        lines = []
        for close_id in dict.fromkeys(r.close_id for r in self.results):
            mine = [r for r in self.results if r.close_id == close_id]
            right = sum(r.right for r in mine)
            due = min(c.due for c in self.cards.values() if c.close_id == close_id)
            lines.append(f"{names.get(close_id, close_id)}: {right} of {len(mine)} right; "
                         f"next review {describe_day(due, now, tz)}")
        return lines


def describe_day(due: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """"in 1 min", "later today", "tomorrow", "Thursday", or "Mon 14 Dec" beyond a week."""
    local_due, local_now = due.astimezone(tz), now.astimezone(tz)
    days = (local_due.date() - local_now.date()).days
    if due - now <= SAME_SESSION:
        return f"in {max(1, round((due - now).total_seconds() / 60))} min"
    if days <= 0:
        return "later today"
    if days == 1:
        return "tomorrow"
    if days < 7:
        return f"{local_due:%A}"
    return f"{local_due:%a %d %b}"
