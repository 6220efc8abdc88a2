"""Meeting slots for the alternative close: next working days, sensible times, local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.schedule import format_slot, next_slots

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2025, 3, 3, 11, 0, tzinfo=BERLIN)


def test_two_slots_on_the_next_two_working_days_at_ten_and_two():
    assert next_slots(MONDAY) == [
        datetime(2025, 3, 4, 10, 0, tzinfo=BERLIN),
        datetime(2025, 3, 5, 14, 0, tzinfo=BERLIN),
    ]


def test_never_today_even_before_working_hours():
    early_monday = MONDAY.replace(hour=6)
    assert all(slot.date() > early_monday.date() for slot in next_slots(early_monday))


def test_the_weekend_is_skipped():
    friday = MONDAY + timedelta(days=4)
    assert [s.weekday() for s in next_slots(friday)] == [0, 1]


def test_only_the_reps_working_days_are_used():
    slots = next_slots(MONDAY, working_days=(0, 2, 4))
    assert [s.weekday() for s in slots] == [2, 4]


def test_a_late_start_moves_the_morning_slot_to_the_start_of_the_day():
    slots = next_slots(MONDAY, day_start=time(12, 0), day_end=time(20, 0))
    assert [s.time() for s in slots] == [time(12, 0), time(14, 0)]


def test_an_early_end_moves_the_afternoon_slot_so_the_meeting_fits():
    slots = next_slots(MONDAY, day_start=time(7, 0), day_end=time(13, 0))
    assert [s.time() for s in slots] == [time(10, 0), time(12, 30)]


def test_narrow_hours_keep_both_slots_inside_them():
    slots = next_slots(MONDAY, day_start=time(15, 0), day_end=time(15, 20))
    assert [s.time() for s in slots] == [time(15, 0), time(15, 0)]


def test_count_gives_that_many_slots_on_successive_working_days():
    slots = next_slots(MONDAY, count=4)
    assert [s.weekday() for s in slots] == [1, 2, 3, 4]


def test_slots_are_in_the_timezone_of_now():
    tokyo = ZoneInfo("Asia/Tokyo")
    slots = next_slots(MONDAY.astimezone(tokyo))
    assert all(slot.tzinfo is tokyo for slot in slots)
    assert slots[0] == datetime(2025, 3, 4, 10, 0, tzinfo=tokyo)


def test_an_explicit_timezone_decides_which_day_today_is():
    # 23:30 UTC on Monday is already Tuesday in Tokyo, so the first slot is Wednesday there.
    monday_night_utc = datetime(2025, 3, 3, 23, 30, tzinfo=timezone.utc)
    tokyo = ZoneInfo("Asia/Tokyo")
    slots = next_slots(monday_night_utc, tz=tokyo)
    assert slots[0] == datetime(2025, 3, 5, 10, 0, tzinfo=tokyo)


def test_slot_keeps_its_wall_clock_time_across_a_daylight_saving_change():
    # Europe/Berlin moves to summer time on Sunday 30 March 2025.
    friday_before = datetime(2025, 3, 28, 11, 0, tzinfo=BERLIN)
    first = next_slots(friday_before)[0]
    assert (first.hour, first.utcoffset()) == (10, timedelta(hours=2))


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        next_slots(datetime(2025, 3, 3, 11, 0))


@pytest.mark.parametrize("kwargs", [
    {"working_days": ()},
    {"working_days": (5, 9)},
    {"day_start": time(17, 0), "day_end": time(9, 0)},
])
def test_impossible_working_time_is_refused(kwargs):
    with pytest.raises(ValueError):
        next_slots(MONDAY, **kwargs)


def test_format_slot_names_the_day_and_time():
    assert format_slot(datetime(2025, 3, 4, 10, 0, tzinfo=BERLIN)) == "Tuesday at 10:00"


def test_format_slot_adds_the_date_when_a_week_or_more_away():
    slot = datetime(2025, 3, 10, 14, 0, tzinfo=BERLIN)
    assert format_slot(slot, now=MONDAY) == "Monday 10 March at 14:00"


def test_format_slot_leaves_the_date_out_within_the_week():
    slot = datetime(2025, 3, 9, 14, 0, tzinfo=BERLIN)
    assert format_slot(slot, now=MONDAY) == "Sunday at 14:00"


@given(
    now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                     timezones=st.sampled_from([timezone.utc, BERLIN, ZoneInfo("America/New_York")])),
    days=st.sets(st.integers(0, 6), min_size=1),
    start_minutes=st.integers(0, 22 * 60),
    length=st.integers(1, 10 * 60),
)
def test_slots_always_fall_on_later_working_days_within_working_hours(now, days, start_minutes, length):
    start = time(*divmod(start_minutes, 60))
    end_minutes = min(start_minutes + length, 23 * 60 + 59)
    end = time(*divmod(end_minutes, 60))
    slots = next_slots(now, working_days=days, day_start=start, day_end=end)
    assert len(slots) == 2
    assert slots[0].date() > now.date() and slots[1].date() > slots[0].date()
    assert all(slot.weekday() in days for slot in slots)
    assert all(start <= slot.time() < end for slot in slots)


def test_quick_picks_count_working_days():
    from datetime import date

    from companion.core.schedule import quick_pick_date

    thursday = date(2026, 11, 26)
    assert quick_pick_date("tomorrow", thursday) == date(2026, 11, 27)
    assert quick_pick_date("two_days", thursday) == date(2026, 11, 30)
    assert quick_pick_date("next_week", thursday) == date(2026, 12, 3)
    saturday = date(2026, 11, 21)                                     # Saturday + 7 = Saturday
    assert quick_pick_date("next_week", saturday) == date(2026, 11, 30)
    assert quick_pick_date("tomorrow", thursday, working_days=[0, 1, 2, 3]) == date(2026, 11, 30)
