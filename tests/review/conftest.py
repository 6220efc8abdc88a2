"""Helpers for the review tests: saved calls with just the parts a test cares about."""

from datetime import timedelta

import pytest
from helpers.review_fixtures import NOW

from companion.core.call import Call
from companion.store.calls import CallStore
from companion.store.review_store import ReviewStore


@pytest.fixture
def store(db, paths) -> CallStore:
    return CallStore(db, paths.db_path)


@pytest.fixture
def queries(db) -> ReviewStore:
    return ReviewStore(db)


@pytest.fixture
def add_call(store):
    """add_call(contact, started_at, outcome, step=..., notes=...) -> the saved Call."""

    def add(contact="Ann Smith", started_at=NOW - timedelta(hours=1), outcome="advance",
            step=None, notes="", company="Acme", closes=()):
        call = Call(contact=contact, company=company, playbook_id="discovery", started_at=started_at)
        call.ended_at = started_at + timedelta(minutes=20)
        call.outcome = outcome
        call.disposition = "connected" if outcome != "no_connect" else "no_answer"
        call.notes = notes
        call.next_step = step
        for close_id, result in closes:
            call.record_close_attempt(close_id, result, started_at + timedelta(minutes=5))
        store.save_call(call)
        return call

    return add
