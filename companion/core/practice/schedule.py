"""When a drill comes back: the FSRS scheduler (the `fsrs` package) behind a small facade.

The rest of practice sees `CardState` (plain data, stored as columns by the store) and four
ratings; only this module knows the scheduler's own types, so the stored form never depends
on the package's internals.

One learning step of a minute: a drill rated "again" (or "hard" the first time) is due again
within the 5-minute session and comes back in it; "good" graduates it to days later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

AGAIN, HARD, GOOD, EASY = "again", "hard", "good", "easy"
RATINGS = (AGAIN, HARD, GOOD, EASY)
RATING_LABELS = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
_FSRS_RATING = {AGAIN: Rating.Again, HARD: Rating.Hard, GOOD: Rating.Good, EASY: Rating.Easy}
LEARNING_STEP = timedelta(minutes=1)
# A close counts as mastered once the scheduler expects it to be remembered this long.
MASTERED_AFTER_DAYS = 21.0

_SCHEDULER = Scheduler(learning_steps=(LEARNING_STEP,), relearning_steps=(LEARNING_STEP,),
                       # No random spread of intervals: the same ratings give the same dates.
                       enable_fuzzing=False)
_STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}
_STATES = {name: state for state, name in _STATE_NAMES.items()}


@dataclass(frozen=True)
class CardState:
    """One drill's place in the schedule. A card never reviewed has `reviews == 0`."""

    key: str                  # "<close id>/<kind>", e.g. "alternative/replay"
    close_id: str
    due: datetime
    state: str = "learning"
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reviews: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reviews == 0

    @property
    def mastery(self) -> float:
        """0 to 1: how long the scheduler trusts the rep to remember it, over three weeks."""
        if not self.stability:
            return 0.0
        return min(1.0, self.stability / MASTERED_AFTER_DAYS)


def card_key(close_id: str, kind: str) -> str:
    return f"{close_id}/{kind}"


def new_card(key: str, close_id: str, now: datetime) -> CardState:
    return CardState(key=key, close_id=close_id, due=now)


def review(card: CardState, rating: str, now: datetime) -> CardState:
    """The card after the rep rated their recall `rating` at `now` (aware)."""
    if rating not in _FSRS_RATING:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    fsrs_card = Card(card_id=1, state=_STATES.get(card.state, State.Learning), step=card.step,
                     stability=card.stability, difficulty=card.difficulty, due=card.due,
                     last_review=card.last_review)
    if card.is_new:
        fsrs_card = Card(card_id=1, due=now)
    after, _log = _SCHEDULER.review_card(fsrs_card, _FSRS_RATING[rating], now)
    lapsed = rating == AGAIN and card.state == "review"
    return replace(card, due=after.due.replace(microsecond=0), state=_STATE_NAMES[after.state],
                   step=after.step, stability=after.stability, difficulty=after.difficulty,
                   last_review=now, reviews=card.reviews + 1, lapses=card.lapses + int(lapsed))


def close_mastery(cards: list[CardState], close_id: str) -> float:
    """The mean mastery of the close's drills that were practised at least once."""
    practised = [c.mastery for c in cards if c.close_id == close_id and not c.is_new]
    return sum(practised) / len(practised) if practised else 0.0
