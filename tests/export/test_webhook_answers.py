"""The webhook against receivers that misbehave, and the outbox's keys, pruning and deletes."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from helpers.call_samples import varied_calls
from helpers.loopback_server import Receiver
from test_webhook import TOKEN, Clock

from companion.integrations.webhook import Outbox, WebhookDelivery, describe_outbox, outbox_summary
from companion.store.outbox import DELIVERED_KEEP_DAYS

MALFORMED = {
    "garbage status line": b"garbage\r\n",
    "70 KB header line": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
    "150 headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % n for n in range(150)) + b"\r\n",
    "bad chunked body": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n",
}


def queued(db, store, count: int, clock=None) -> list:
    store.after_write.append(Outbox(db, clock or Clock()).enqueue)
    calls = varied_calls(count)
    for call in calls:
        store.save_call(call)
    return calls


def rows(db) -> list[tuple]:
    return db.execute("SELECT call_id, status, attempts, last_error, next_attempt_at, created_at"
                      " FROM outbox ORDER BY id").fetchall()


@pytest.mark.parametrize("answer", list(MALFORMED.values()), ids=list(MALFORMED))
def test_a_malformed_answer_is_recorded_on_its_row_and_the_others_still_go(db, paths, store, answer):
    clock = Clock()
    calls = queued(db, store, 3, clock)
    with Receiver(raw_answers=[answer]) as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN,
                                   clock=clock, base_delay=30)
        assert delivery.deliver_due() == 2                   # the two behind it went out
        delivery.close()
        assert sorted(b["calls"][0]["id"] for b in receiver.accepted) == sorted(c.id for c in calls[1:])
    first = rows(db)[0]
    call_id, status, attempts, error, next_attempt, _created = first
    assert (call_id, status, attempts) == (calls[0].id, "pending", 1)
    assert "not valid HTTP" in error
    assert next_attempt == (clock.now + timedelta(seconds=30)).isoformat(timespec="microseconds")
    assert "not valid HTTP" in describe_outbox(outbox_summary(db))   # what the status line shows


def test_the_timeout_covers_the_whole_answer_not_each_read(db, paths, store):
    clock = Clock()
    queued(db, store, 2, clock)
    drip = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"z" * 400 + b"\r\n\r\n"
    with Receiver(drip_answer=drip, drip_interval=0.1) as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN,
                                   clock=clock, timeout=1.0)
        began = time.monotonic()
        delivered = delivery.deliver_due()
        took = time.monotonic() - began
        delivery.close()
    # Each byte came well within the 1 s read timeout; the whole answer would take 40 s.
    assert took < 6, f"a dripping server held the delivery for {took:.1f} s"
    assert delivered == 1
    assert "within 1 s" in rows(db)[0][3]


def test_each_saved_version_gets_its_own_idempotency_key(db, paths, store):
    clock = Clock()
    store.after_write.append(Outbox(db, clock).enqueue)
    call = varied_calls(1)[0]
    with Receiver(fail_first=1) as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN,
                                   clock=clock, base_delay=0)
        call.notes = "first save"
        store.save_call(call, updated_at="2024-05-14T09:00:00+00:00")
        delivery.deliver_due()                                # refused with HTTP 500...
        delivery.deliver_due()                                # ...and sent again
        call.notes = "second save, the same second"
        store.save_call(call, updated_at="2024-05-14T09:00:00+00:00")
        delivery.deliver_due()
        delivery.close()
        keys = [h["Idempotency-Key"] for h in receiver.headers]
    assert len(keys) == 3
    assert keys[0] == keys[1]                                 # a retry repeats its key
    assert keys[2] != keys[1]                                 # a new save has a new one
    assert all(key.startswith(f"{call.id}/2024-05-14T09:00:00+00:00/") for key in keys)


def test_delivered_rows_are_pruned_after_the_keeping_period(db, paths, store):
    clock = Clock()
    queued(db, store, 2, clock)
    with Receiver() as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN, clock=clock)
        assert delivery.deliver_due() == 2
        clock.now += timedelta(days=DELIVERED_KEEP_DAYS) - timedelta(minutes=1)
        assert delivery.prune_delivered() == 0                # still within the period
        clock.now += timedelta(minutes=2)
        assert delivery.prune_delivered() == 2
        delivery.close()
    assert rows(db) == []


def test_a_save_prunes_delivered_rows_past_the_period_too(db, paths, store):
    clock = Clock()
    calls = queued(db, store, 1, clock)
    with Receiver() as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN, clock=clock)
        delivery.deliver_due()
        delivery.close()
    clock.now += timedelta(days=DELIVERED_KEEP_DAYS + 1)
    other = varied_calls(2, seed=3)[1]
    store.save_call(other)
    assert [row[0] for row in rows(db)] == [other.id]
    assert calls[0].id != other.id


def test_deleting_a_call_deletes_all_its_outbox_rows(db, paths, store):
    clock = Clock()
    call = queued(db, store, 1, clock)[0]
    with Receiver() as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: TOKEN, clock=clock)
        delivery.deliver_due()
        delivery.close()
    call.notes = "edited after delivery"
    store.save_call(call)                                     # a pending row beside the delivered one
    assert {row[1] for row in rows(db)} == {"delivered", "pending"}
    store.delete_call(call.id)
    assert rows(db) == []
    assert call.id not in "\n".join(db.conn.iterdump())
