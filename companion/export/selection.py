"""Which calls an export covers: a range of the rep's local days, or a given list of calls.

A selection becomes the store's CallFilter (a list of ids, or UTC bounds on the start), so
every format reads its calls with a few bulk queries whatever the size of the range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from companion.core.call import to_iso
from companion.store.export_queries import CallFilter


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """The start of `day` in `tz` (the computer's time zone when None), as an aware time."""
    if tz is None:
        # A naive time's astimezone() reads it as local time, DST included.
        return datetime.combine(day, time(0)).astimezone()
    return datetime.combine(day, time(0), tzinfo=tz)


@dataclass(frozen=True)
class CallSelection:
    """Calls whose start lies in [first_day, last_day] (local days, both optional), or the
    calls named in `call_ids`. With nothing set, every call."""

    first_day: date | None = None
    last_day: date | None = None
    call_ids: tuple[str, ...] | None = None
    tz: tzinfo | None = None

    @classmethod
    def everything(cls) -> "CallSelection":
        return cls()

    @classmethod
    def days(cls, first_day: date | None, last_day: date | None,
             tz: tzinfo | None = None) -> "CallSelection":
        if first_day and last_day and first_day > last_day:
            raise ValueError(f"the first day ({first_day}) is after the last day ({last_day})")
        return cls(first_day=first_day, last_day=last_day, tz=tz)

    @classmethod
    def today(cls, tz: tzinfo | None = None, now: datetime | None = None) -> "CallSelection":
        day = (now or datetime.now().astimezone()).astimezone(tz).date()
        return cls(first_day=day, last_day=day, tz=tz)

    @classmethod
    def of_calls(cls, call_ids) -> "CallSelection":
        return cls(call_ids=tuple(call_ids))

    def to_filter(self) -> CallFilter:
        """The same calls as the store's filter: local days become UTC start bounds."""
        if self.call_ids is not None:
            return CallFilter(call_ids=self.call_ids)
        return CallFilter(
            starts_from=to_iso(local_midnight(self.first_day, self.tz)) if self.first_day else None,
            starts_before=(to_iso(local_midnight(self.last_day + timedelta(days=1), self.tz))
                           if self.last_day else None),
        )

    def describe(self) -> str:
        """Words for a document title: "Tue 14 May 2024", "14 May 2024 to 20 May 2024"..."""
        if self.call_ids is not None:
            count = len(self.call_ids)
            return f"{count} selected call" + ("" if count == 1 else "s")
        first, last = self.first_day, self.last_day
        if first and last and first == last:
            return f"{first:%a %d %b %Y}"
        if first and last:
            return f"{first:%d %b %Y} to {last:%d %b %Y}"
        if first:
            return f"from {first:%d %b %Y}"
        if last:
            return f"up to {last:%d %b %Y}"
        return "all calls"
