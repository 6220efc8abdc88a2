"""Practice over the weeks: mastery per close at the end of each week, drills done, the streak."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from companion.core.practice.schedule import MASTERED_AFTER_DAYS

WEEKS_SHOWN = 8
_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ReviewEntry:
    """One rating as the store keeps it: when, which drill, and the scheduler's stability after."""

    at: datetime
    key: str
    close_id: str
    rating: str
    stability: float | None


@dataclass(frozen=True)
class CloseProgress:
    close_id: str
    weekly: tuple[float | None, ...]     # mastery at each week's end, oldest first; None: not yet

    @property
    def now(self) -> float:
        return next((m for m in reversed(self.weekly) if m is not None), 0.0)

    def sparkline(self) -> str:
        return "".join(" " if m is None else _BARS[min(len(_BARS) - 1, int(m * len(_BARS)))]
                       for m in self.weekly)


@dataclass(frozen=True)
class PracticeProgress:
    closes: tuple[CloseProgress, ...]
    drills_done: int
    streak_days: int
    last_practice: datetime | None


def _mastery(stability: float | None) -> float:
    return min(1.0, (stability or 0.0) / MASTERED_AFTER_DAYS)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def progress(entries: list[ReviewEntry], closes: tuple[str, ...], now: datetime,
             tz: tzinfo | None = None, weeks: int = WEEKS_SHOWN) -> PracticeProgress:
    """`entries` in any order; `closes` are the ones to report (the rep's focus first)."""
    entries = sorted(entries, key=lambda e: e.at)
    this_week = week_start(now.astimezone(tz).date())
    starts = [this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    rows = []
    for close_id in closes:
        mine = [e for e in entries if e.close_id == close_id]
        weekly = []
        for start in starts:
            end_day = start + timedelta(days=7)
            latest: dict[str, float | None] = {}
            for entry in mine:
                if entry.at.astimezone(tz).date() < end_day:
                    latest[entry.key] = entry.stability
            weekly.append(sum(_mastery(s) for s in latest.values()) / len(latest) if latest else None)
        rows.append(CloseProgress(close_id, tuple(weekly)))
    return PracticeProgress(tuple(rows), len(entries), streak(entries, now, tz),
                            entries[-1].at if entries else None)


def streak(entries: list[ReviewEntry], now: datetime, tz: tzinfo | None = None) -> int:
    """Days in a row with at least one drill, ending today (or yesterday: today is not over)."""
    days = {e.at.astimezone(tz).date() for e in entries}
    day = now.astimezone(tz).date()
    if day not in days:
        day -= timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def meter(value: float, width: int = 10) -> str:
    """"▰▰▰▱▱▱▱▱▱▱" for 0.3: a mastery meter that reads in plain text and to screen readers."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "▰" * filled + "▱" * (width - filled)
