"""Reminders: when to speak up, and what to say. The tray (Qt) only asks and shows.

Two kinds: a next step that falls due while the app runs, and the once-a-day nudge to
review the day at the rep's chosen time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from companion.core.call_text import counted
from companion.core.review import DaySummary, StepRow
from companion.core.settings import Settings, parse_hhmm

# A daily reminder missed by this much (app started late, laptop asleep) is skipped:
# a "review your day" at midnight helps nobody.
DAILY_GRACE = timedelta(hours=3)
MAX_LISTED_STEPS = 3


@dataclass(frozen=True)
class Notice:
    title: str
    text: str


def due_notice(steps: list[StepRow]) -> Notice | None:
    """One notification for the steps that just fell due (several are folded into one)."""
    if not steps:
        return None
    if len(steps) == 1:
        row = steps[0]
        who = row.contact + (f" ({row.company})" if row.company else "")
        return Notice("Next step due", f"{who}: {row.step.action or 'next step'}")
    lines = [f"• {row.contact}: {row.step.action or 'next step'}" for row in steps[:MAX_LISTED_STEPS]]
    if len(steps) > MAX_LISTED_STEPS:
        lines.append(f"… and {len(steps) - MAX_LISTED_STEPS} more")
    return Notice(f"{counted(len(steps), 'next step')} due", "\n".join(lines))


def daily_notice(summary: DaySummary) -> Notice:
    """'End-of-day review: 6 calls, 2 without a commitment'."""
    if summary.calls == 0:
        return Notice("End-of-day review", "End-of-day review: no calls today. Plan tomorrow's?")
    calls = f"{summary.calls} call{'s' if summary.calls != 1 else ''}"
    missing = summary.without_commitment
    if summary.connects == 0:
        tail = "nobody reached"
    elif missing == 0:
        tail = "every connect ended with a commitment"
    else:
        tail = f"{missing} without a commitment"
    return Notice("End-of-day review", f"End-of-day review: {calls}, {tail}")


def daily_reminder_due(settings: Settings, now_local: datetime, last_shown: date | None) -> bool:
    """True once per day, from the set time until DAILY_GRACE later, if the rep wants it."""
    if not settings.review_reminder_enabled:
        return False
    at = parse_hhmm(settings.review_reminder_time)
    if at is None or last_shown == now_local.date():
        return False
    start = now_local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return start <= now_local < start + DAILY_GRACE


def next_daily_reminder(settings: Settings, now_local: datetime,
                        last_shown: date | None) -> datetime | None:
    """When the daily reminder will next fire (local time), for a tooltip; None if off."""
    if not settings.review_reminder_enabled:
        return None
    at = parse_hhmm(settings.review_reminder_time)
    if at is None:
        return None
    candidate = now_local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if last_shown == now_local.date() or candidate + DAILY_GRACE <= now_local:
        candidate += timedelta(days=1)
    return candidate
