"""Due dates as reps type them: read as meant, or refused with the reason; never guessed."""

from datetime import datetime

import pytest

from companion.core.due_text import field_text, format_due, needs_confirmation, parse_due

# Sunday 29 November 2026, 15:00 local time.
NOW = datetime(2026, 11, 29, 15, 0).astimezone()


def local(*args) -> datetime:
    return datetime(*args).astimezone()


@pytest.mark.parametrize("text, expected", [
    ("tomorrow", local(2026, 11, 30, 10, 0)),
    ("tomorrow 14:00", local(2026, 11, 30, 14, 0)),
    ("14:00 tomorrow", local(2026, 11, 30, 14, 0)),
    ("Tomorrow at 2pm", local(2026, 11, 30, 14, 0)),
    ("today 16:30", local(2026, 11, 29, 16, 30)),
    ("16:30", local(2026, 11, 29, 16, 30)),
    ("fri", local(2026, 12, 4, 10, 0)),
    ("Friday 9am", local(2026, 12, 4, 9, 0)),
    ("sun", local(2026, 12, 6, 10, 0)),          # today is Sunday: the coming one, a week on
    ("next wed", local(2026, 12, 2, 10, 0)),      # today is Sunday: Wednesday is already next week
    ("12/03", local(2027, 3, 12, 10, 0)),        # a date, never 12:03; March is next year
    ("12/03 14:30", local(2027, 3, 12, 14, 30)),
    ("3.12.2026", local(2026, 12, 3, 10, 0)),
    ("2026-12-03 08:15", local(2026, 12, 3, 8, 15)),
    ("3 Dec", local(2026, 12, 3, 10, 0)),
    ("Dec 3rd, 2027 noon", local(2027, 12, 3, 12, 0)),
    ("in 2 weeks", local(2026, 12, 13, 10, 0)),
    ("in 3 days 11:00", local(2026, 12, 2, 11, 0)),
    ("next week", local(2026, 12, 7, 10, 0)),
    ("Thu 03 Dec 2026 10:00", local(2026, 12, 3, 10, 0)),
    ("12:30am tomorrow", local(2026, 11, 30, 0, 30)),
])
def test_readable_dates_are_read_as_meant(text, expected):
    reading = parse_due(text, NOW)
    assert reading.problem == ""
    assert reading.when == expected


def test_next_weekday_skips_the_current_week():
    monday = datetime(2026, 11, 23, 9, 0).astimezone()
    assert parse_due("fri", monday).when == local(2026, 11, 27, 10, 0)
    assert parse_due("next fri", monday).when == local(2026, 12, 4, 10, 0)


def test_month_first_when_the_rep_writes_dates_that_way():
    assert parse_due("12/03", NOW, month_first=True).when == local(2026, 12, 3, 10, 0)
    assert "no month 13" in parse_due("13/03", NOW, month_first=True).problem


@pytest.mark.parametrize("text, words", [
    ("zz 99/99/9999 25:61 tomorrow", "not a time of day"),
    ("zz tomorrow", "“zz” is not part of a date"),
    ("99/99/9999", "no month 99"),
    ("31/04", "April has no day 31"),
    ("25:61", "not a time of day"),
    ("13pm", "1 to 12"),
    ("tomorrow fri", "is a Monday, not a Friday"),
    ("tomorrow 3 Dec", "Two dates"),
    ("10:00 14:00", "Two times"),
    ("next", "“next” is not part of a date"),
    ("Fri 03 Dec 2026 10:00", "is a Thursday, not a Friday"),
    ("1/1/0000", "out of reach"),
    ("at", "Type a date"),
])
def test_what_cannot_be_read_is_refused_with_the_reason(text, words):
    reading = parse_due(text, NOW)
    assert reading.when is None
    assert words in reading.problem


def test_an_empty_field_means_no_due_date():
    assert parse_due("   ", NOW).is_empty
    assert not parse_due("zz", NOW).is_empty


def test_past_and_far_ahead_ask_for_confirmation():
    assert "in the past" in needs_confirmation(local(2026, 11, 29, 9, 0), NOW)
    assert needs_confirmation(local(2026, 11, 29, 15, 0), NOW) == ""
    assert needs_confirmation(local(2028, 5, 29, 15, 0), NOW) == ""
    assert "more than 18 months ahead" in needs_confirmation(local(2028, 5, 29, 15, 1), NOW)
    assert "2561" in needs_confirmation(local(2561, 11, 9, 10, 0), NOW)


def test_the_year_is_shown_only_when_it_is_not_this_year():
    assert format_due(local(2026, 12, 1, 10, 0), NOW) == "Tue 01 Dec 10:00"
    assert format_due(local(2027, 3, 12, 10, 0), NOW) == "Fri 12 Mar 2027 10:00"


def test_the_field_text_reads_back_to_the_same_moment_even_for_past_dates():
    for moment in (local(2026, 1, 5, 9, 30), local(2026, 12, 1, 10, 0), local(2027, 2, 28, 23, 59)):
        assert parse_due(field_text(moment), NOW).when == moment
