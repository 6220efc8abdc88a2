"""Concrete meeting slots for the alternative close ("Tuesday at 10:00 or Wednesday at 14:00?").

Plain Python, no I/O. Slots fall on the rep's next working days (never today: a slot an hour
from now rarely suits the prospect) at times a person would actually propose.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

# A mid-morning and an early-afternoon offer: the prospect gets a real choice of time of day,
# and neither collides with the first or last hour, when people clear their inbox.
PREFERRED_TIMES = (time(10, 0), time(14, 0))
# The latest a slot may start is this long before the day ends, so the meeting fits.
MEETING_ROOM = timedelta(minutes=30)
DEFAULT_WORKING_DAYS = (0, 1, 2, 3, 4)


def next_slots(now: datetime, working_days: Iterable[int] = DEFAULT_WORKING_DAYS,
               day_start: time = time(9, 0), day_end: time = time(17, 0), *,
               tz: tzinfo | None = None, count: int = 2) -> list[datetime]:
    """`count` slots, one per working day after today, alternating 10:00 and 14:00.

    Times are clamped into the working hours. Slots are aware datetimes in `tz`, or in
    `now`'s own timezone when `tz` is None.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    days = frozenset(working_days)
    if not days or not days <= set(range(7)):
        raise ValueError(f"working days must be a non-empty set of 0 (Monday) to 6, not {sorted(days)}")
    if day_start >= day_end:
        raise ValueError(f"the working day must end after it starts ({day_start} to {day_end})")
    zone = tz or now.tzinfo
    dates = _working_dates_after(now.astimezone(zone).date(), days, count)
    return [
        datetime.combine(day, _clamp(PREFERRED_TIMES[i % len(PREFERRED_TIMES)], day_start, day_end),
                         tzinfo=zone)
        for i, day in enumerate(dates)
    ]


def format_slot(slot: datetime, now: datetime | None = None) -> str:
    """"Tuesday at 10:00"; the date is added when the day name alone would be ambiguous,
    that is when the slot is a week or more after `now`."""
    day = DAY_NAMES[slot.weekday()]
    if now is not None and (slot.date() - now.astimezone(slot.tzinfo).date()).days >= 7:
        day = f"{day} {slot.day} {MONTH_NAMES[slot.month - 1]}"
    return f"{day} at {slot:%H:%M}"


def _working_dates_after(today: date, working_days: frozenset[int], count: int) -> list[date]:
    found: list[date] = []
    day = today
    while len(found) < count:
        day += timedelta(days=1)
        if day.weekday() in working_days:
            found.append(day)
    return found


def _clamp(preferred: time, day_start: time, day_end: time) -> time:
    """The preferred time, moved inside narrow working hours when it falls outside them."""
    latest = _minus(day_end, MEETING_ROOM)
    latest = max(latest, day_start)
    return min(max(preferred, day_start), latest)


def _minus(moment: time, span: timedelta) -> time:
    # time has no arithmetic; go through an arbitrary date (the result never crosses midnight
    # here because callers clamp it to day_start afterwards).
    shifted = datetime.combine(date(2000, 1, 2), moment) - span
    return shifted.time() if shifted.date() == date(2000, 1, 2) else time(0, 0)


QUICK_PICK_DAYS = {"tomorrow": 1, "two_days": 2, "next_week": 7}


def quick_pick_date(kind: str, today: date,
                    working_days: Iterable[int] = DEFAULT_WORKING_DAYS) -> date:
    """The wrap-up's quick picks: counted in working days, so "in 2 days" on a Thursday
    lands on Monday rather than a Saturday nobody will be at their desk.

    A date, not a time: the caller puts the hour on it in the rep's zone for that day, so a
    clock change in between does not shift the meeting by an hour."""
    days = frozenset(working_days) or frozenset(DEFAULT_WORKING_DAYS)
    if kind == "next_week":
        target = today + timedelta(days=QUICK_PICK_DAYS[kind])
        while target.weekday() not in days:
            target += timedelta(days=1)
        return target
    return _working_dates_after(today, days, QUICK_PICK_DAYS[kind])[-1]
