"""Quick picks keep 10:00 on the wall clock across a daylight-saving change."""

import os
import time
from datetime import datetime, timezone

import pytest

from companion.core.due_text import quick_due


@pytest.fixture
def berlin_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_in_two_days_across_the_spring_change_is_still_ten_oclock(berlin_time):
    assert os.environ["TZ"] == "Europe/Berlin"
    thursday_before_change = datetime(2025, 3, 27, 15, 0, tzinfo=timezone.utc)   # clocks go forward 30 Mar
    due = quick_due("two_days", thursday_before_change)
    local = due.astimezone()
    assert local.date().isoformat() == "2025-03-31"
    assert (local.hour, local.minute) == (10, 0)
    assert local.utcoffset().total_seconds() == 2 * 3600
