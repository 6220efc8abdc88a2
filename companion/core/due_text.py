"""What a rep types as a due date, read as they meant it or refused with the reason.

"tomorrow 14:00", "fri", "12/03", "3 Dec 2027 9am", "in 2 weeks" and the app's own
"Tue 01 Dec 10:00" all read as one moment; anything the reader does not understand (a
stray word, 25:61, 99/99) is refused rather than guessed. A date alone means 10:00; a time
alone means today. A day and month without a year mean the next time that date comes round.
A reading in the past or far ahead is valid but asks the rep to confirm it.

Plain Python: the caller passes the time now (aware) and whether dates are month first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from companion.core.schedule import DAY_NAMES, DEFAULT_WORKING_DAYS, MONTH_NAMES, quick_pick_date

DEFAULT_HOUR = 10
CONFIRM_BEYOND_MONTHS = 18
EXAMPLES = "a date like tomorrow, fri, 12/03 or 3 Dec, and a time like 14:30 or 2pm"

_MONTHS = {name.lower()[:3]: i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTH_WORD = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAYS = {name.lower()[:3]: i for i, name in enumerate(DAY_NAMES)}
_WEEKDAY_WORD = (r"(?P<weekday>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|"
                 r"fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?")
_FILLER = {"at", "on", "the", "by", "of", "due"}

_TIME_PATTERNS = (
    re.compile(r"\b(?P<hour>\d{1,2})[:h](?P<minute>\d{2})\s*(?P<half>am|pm)?(?![\d/.])"),
    re.compile(r"\b(?P<hour>\d{1,2})\s*(?P<half>am|pm)\b"),
    re.compile(r"\b(?P<word>noon|midday)\b"),
)
_DATE_PATTERNS = (
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")),
    ("numeric", re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<year>\d{4}|\d{2}))?(?![\d:/.])")),
    ("day_month", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_WORD
                             + r"(?:\s+(?P<year>\d{4}))?(?![\d:])")),
    ("month_day", re.compile(r"\b" + _MONTH_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
                             r"(?:,?\s+(?P<year>\d{4}))?(?![\d:])")),
    ("relative", re.compile(r"\bin\s+(?P<count>\d{1,3})\s+(?P<unit>days?|weeks?|months?)\b")),
    ("word", re.compile(r"\b(?P<word>today|tomorrow|tmrw|next\s+week)\b")),
)
_WEEKDAY_PATTERN = re.compile(r"\b(?P<next>next\s+)?" + _WEEKDAY_WORD + r"(?![a-z])")


@dataclass(frozen=True)
class DueReading:
    """`when` is the moment read (aware, local), None for an empty field or a refusal;
    `problem` says why the text was refused, in words for the rep."""

    when: datetime | None = None
    problem: str = ""

    @property
    def is_empty(self) -> bool:
        return self.when is None and not self.problem


def parse_due(text: str, now: datetime, *, month_first: bool = False,
              working_days: Iterable[int] = DEFAULT_WORKING_DAYS) -> DueReading:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    rest = " " + " ".join(text.lower().replace(",", " ").split()) + " "
    if not rest.strip():
        return DueReading()
    local_now = now.astimezone()
    try:
        at, rest = _take_time(rest)
        day, rest = _take_date(rest, local_now.date(), month_first, working_days)
        weekday, rest = _take_weekday(rest)
    except _Refusal as refusal:
        return DueReading(problem=str(refusal))
    leftover = [word for word in rest.split() if word not in _FILLER]
    if leftover:
        return DueReading(problem=f"“{' '.join(leftover)}” is not part of a date: type {EXAMPLES}.")
    if day is None and weekday is not None:
        next_week = weekday[1]
        day = _next_weekday(local_now.date(), weekday[0], skip_week=next_week)
    elif day is not None and weekday is not None and day.weekday() != weekday[0]:
        return DueReading(problem=f"{_day_month_year(day)} is a {DAY_NAMES[day.weekday()]}, "
                                  f"not a {DAY_NAMES[weekday[0]]}.")
    if day is None and at is None:
        return DueReading(problem=f"Type {EXAMPLES}.")
    day = day or local_now.date()
    at = at or time(DEFAULT_HOUR, 0)
    # The zone is the one in force on that day, so a daylight-saving change in between is respected.
    return DueReading(when=datetime.combine(day, at).astimezone())


def needs_confirmation(when: datetime, now: datetime) -> str:
    """Why a readable due date deserves a second look before it is saved ("" when it does not)."""
    if when < now.replace(second=0, microsecond=0):
        return f"{format_due(when, now)} is in the past."
    if when > add_months(now, CONFIRM_BEYOND_MONTHS):
        return f"{format_due(when, now)} is more than {CONFIRM_BEYOND_MONTHS} months ahead."
    return ""


def format_due(when: datetime, now: datetime) -> str:
    """"Tue 01 Dec 10:00"; the year is added when it is not the current one. English names
    on purpose: the same words `parse_due` reads back."""
    local = when.astimezone()
    text = f"{DAY_NAMES[local.weekday()][:3]} {local.day:02d} {MONTH_NAMES[local.month - 1][:3]}"
    if local.year != now.astimezone().year:
        text += f" {local.year}"
    return f"{text} {local:%H:%M}"


def field_text(when: datetime) -> str:
    """The due date as the editable field shows it: always with its year, so reading it
    back can never move it to another year."""
    local = when.astimezone()
    return (f"{DAY_NAMES[local.weekday()][:3]} {local.day:02d} {MONTH_NAMES[local.month - 1][:3]} "
            f"{local.year} {local:%H:%M}")


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, _days_in_month(year, month))
    return moment.replace(year=year, month=month, day=day)


# -- the pieces -----------------------------------------------------------------------------


class _Refusal(ValueError):
    pass


def _take_time(rest: str) -> tuple[time | None, str]:
    found: list[tuple[re.Match[str], time]] = []
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(rest):
            found.append((match, _time_of(match)))
            rest = rest[:match.start()] + " " * (match.end() - match.start()) + rest[match.end():]
    if len(found) > 1:
        raise _Refusal(f"Two times: “{found[0][0].group(0).strip()}” and “{found[1][0].group(0).strip()}”; "
                       "type one.")
    return (found[0][1] if found else None), rest


def _time_of(match: re.Match[str]) -> time:
    groups = match.groupdict()
    if groups.get("word"):
        return time(12, 0)
    hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
    half = groups.get("half")
    shown = match.group(0).strip()
    if half:
        if not 1 <= hour <= 12:
            raise _Refusal(f"“{shown}” is not a time of day: with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise _Refusal(f"“{shown}” is not a time of day: hours go from 00 to 23, minutes from 00 to 59.")
    return time(hour, minute)


def _take_date(rest: str, today: date, month_first: bool,
               working_days: Iterable[int]) -> tuple[date | None, str]:
    found: list[tuple[str, date]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(rest):
            found.append((match.group(0).strip(), _date_of(kind, match, today, month_first, working_days)))
            rest = rest[:match.start()] + " " * (match.end() - match.start()) + rest[match.end():]
    if len(found) > 1:
        raise _Refusal(f"Two dates: “{found[0][0]}” and “{found[1][0]}”; type one.")
    return (found[0][1] if found else None), rest


def _date_of(kind: str, match: re.Match[str], today: date, month_first: bool,
             working_days: Iterable[int]) -> date:
    groups = match.groupdict()
    shown = match.group(0).strip()
    if kind == "word":
        word = " ".join(groups["word"].split())
        if word == "today":
            return today
        if word == "next week":
            return quick_pick_date("next_week", today, working_days)
        return today + timedelta(days=1)
    if kind == "relative":
        count, unit = int(groups["count"]), groups["unit"].rstrip("s")
        if unit == "month":
            return add_months(datetime.combine(today, time()), count).date()
        return today + timedelta(days=count * (7 if unit == "week" else 1))
    if kind == "iso":
        month, day = int(groups["a"]), int(groups["b"])
    elif kind == "numeric":
        first, second = int(groups["a"]), int(groups["b"])
        month, day = (first, second) if month_first else (second, first)
    else:
        month, day = _MONTHS[groups["month"][:3]], int(groups["day"])
    year_text = groups.get("year")
    year = None
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    order = "month/day" if month_first else "day/month"
    if not 1 <= month <= 12:
        raise _Refusal(f"“{shown}” is not a date: there is no month {month}"
                       + (f" (dates are read {order})." if kind == "numeric" else "."))
    if year is not None and not 1970 <= year <= 2999:
        raise _Refusal(f"“{shown}” is not a date: the year {year} is out of reach.")
    candidate_year = year or today.year
    if not 1 <= day <= _days_in_month(candidate_year, month):
        raise _Refusal(f"“{shown}” is not a date: {MONTH_NAMES[month - 1]} has no day {day}"
                       + (f" (dates are read {order})." if kind == "numeric" else "."))
    result = date(candidate_year, month, day)
    if year is None and result < today:
        # "12/03" typed in November means next March, not eight months ago.
        next_year = today.year + 1
        result = date(next_year, month, min(day, _days_in_month(next_year, month)))
    return result


def _take_weekday(rest: str) -> tuple[tuple[int, bool] | None, str]:
    matches = list(_WEEKDAY_PATTERN.finditer(rest))
    if len(matches) > 1:
        raise _Refusal(f"Two days: “{matches[0].group(0).strip()}” and “{matches[1].group(0).strip()}”; type one.")
    if not matches:
        return None, rest
    match = matches[0]
    rest = rest[:match.start()] + " " + rest[match.end():]
    return (_WEEKDAYS[match.group("weekday")[:3]], bool(match.group("next"))), rest


def _next_weekday(today: date, weekday: int, *, skip_week: bool) -> date:
    """The coming `weekday` after today ("fri" on a Friday is a week later); "next fri"
    is the one in the following week."""
    ahead = (weekday - today.weekday()) % 7 or 7
    day = today + timedelta(days=ahead)
    if skip_week and (day - today).days < 7 and day.isocalendar()[1] == today.isocalendar()[1]:
        day += timedelta(days=7)
    return day


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _day_month_year(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


# -- quick picks --------------------------------------------------------------------------

# One numbering everywhere a due date is picked (wrap-up, saved-call editor, Reschedule):
# Alt+1 to Alt+4, in this order.
QUICK_PICKS = (("tomorrow", "Tomorrow"), ("two_days", "In 2 days"), ("next_week", "Next week"),
               ("in_hour", "In 1 hour"))


def quick_due(kind: str, now: datetime, working_days: Iterable[int] = DEFAULT_WORKING_DAYS) -> datetime:
    """Day picks land at 10:00 local on a working day, a time people keep; "in 1 hour" on
    the hour. The naive local time gets its zone only on that day, so DST changes are respected."""
    if kind == "in_hour":
        return (now.astimezone() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    day = quick_pick_date(kind, now.astimezone().date(), working_days)
    return datetime.combine(day, time(DEFAULT_HOUR, 0)).astimezone()
