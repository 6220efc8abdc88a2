"""Constants and builders shared by the review tests (fixtures are in conftest.py)."""

from datetime import datetime, timedelta, timezone

from companion.core.call import NextStep

# A fixed "now" for the review's clock; the local zone in the tests is whatever the machine
# has, so helpers work in UTC instants and let the code under test find local days.
NOW = datetime(2026, 3, 11, 12, 0, tzinfo=timezone.utc)


def step(action="Demo of the reporting module for finance", due=NOW + timedelta(days=2),
         status="open", customer="Brings the CFO", owner="both") -> NextStep:
    return NextStep(action, owner, customer, due, status)
