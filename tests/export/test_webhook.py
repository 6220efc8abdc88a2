"""Webhook push: outbox in the save's transaction, retries with backoff, exactly-once content,
state that survives a restart, and a token that never leaves the keyring."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import keyring
import pytest
from helpers.call_samples import varied_calls
from helpers.loopback_server import Receiver
from keyring.backends import fail

from companion.core.settings import Settings
from companion.export.json_export import call_record
from companion.integrations.secrets import set_secret
from companion.integrations.webhook import (
    TOKEN_NAME,
    Outbox,
    WebhookDelivery,
    check_webhook_url,
    outbox_summary,
    retry_delay,
    retry_failed,
)
from companion.integrations.webhook_service import WebhookService
from companion.store.calls import CallStore
from companion.store.settings_file import save_settings

TOKEN = "s3cret-token-value"


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the webhook")
        time.sleep(0.02)


class Clock:
    def __init__(self):
        self.now = datetime(2024, 5, 14, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def test_fails_then_accepts_and_each_call_arrives_exactly_once(db, paths, caplog):
    set_secret(TOKEN_NAME, TOKEN)
    with Receiver(fail_first=3) as receiver:
        settings = Settings(webhook_url=receiver.url, webhook_enabled=True)
        service = WebhookService(db, paths.db_path, settings, poll_seconds=0.05, base_delay=0.02, max_delay=0.1)
        store = CallStore(db, paths.db_path, after_write=[service.after_write])
        calls = varied_calls(6)
        try:
            for call in calls:
                store.save_call(call)
                service.call_saved(call.id)
            wait_for(lambda: outbox_summary(db).delivered == len(calls))
        finally:
            service.stop()
        assert receiver.requests > len(calls)                       # the failures were retried
        delivered = [body["calls"][0] for body in receiver.accepted]
        assert sorted(c["id"] for c in delivered) == sorted(c.id for c in calls)
        for record in delivered:
            stored = store.load_call(record["id"])
            updated_at = db.execute("SELECT updated_at FROM calls WHERE id = ?", [record["id"]]).fetchone()[0]
            assert record == call_record(stored, updated_at)
        assert {h["Authorization"] for h in receiver.headers} == {f"Bearer {TOKEN}"}
        assert all(h["Idempotency-Key"].startswith(tuple(c.id for c in calls)) for h in receiver.headers)
    summary = outbox_summary(db)
    assert (summary.pending, summary.failed, summary.last_error) == (0, 0, None)
    # The token is in the keyring only: not in the database, the settings file or the log.
    save_settings(paths.settings_path, settings)
    assert TOKEN not in "\n".join(db.conn.iterdump())
    assert TOKEN not in paths.settings_path.read_text()
    assert TOKEN not in caplog.text


def test_pending_deliveries_survive_a_restart(db, paths, store):
    set_secret(TOKEN_NAME, TOKEN)
    clock = Clock()
    outbox = Outbox(db, clock)
    call = varied_calls(1)[0]
    store.after_write.append(outbox.enqueue)
    store.save_call(call)
    with Receiver(fail_first=100) as down:
        first_run = WebhookDelivery(paths.db_path, url=lambda: down.url, token=lambda: TOKEN, clock=clock,
                                    base_delay=30)
        assert first_run.deliver_due() == 0
        first_run.close()
    summary = outbox_summary(db)
    assert summary.pending == 1 and "HTTP 500" in summary.last_error
    with Receiver() as up:
        second_run = WebhookDelivery(paths.db_path, url=lambda: up.url, token=lambda: TOKEN, clock=clock,
                                     base_delay=30)
        assert second_run.deliver_due() == 0                   # still backing off
        assert second_run.seconds_until_due() == pytest.approx(30)
        clock.now += timedelta(seconds=31)
        assert second_run.deliver_due() == 1
        second_run.close()
        assert [b["calls"][0]["id"] for b in up.accepted] == [call.id]
    assert outbox_summary(db).delivered == 1


def test_client_errors_fail_at_once_and_can_be_retried(db, paths, store):
    outbox = Outbox(db)
    store.after_write.append(outbox.enqueue)
    store.save_call(varied_calls(1)[0])
    with Receiver(fail_first=1, fail_status=401) as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: "wrong")
        delivery.deliver_due()
        summary = outbox_summary(db)
        assert summary.failed == 1 and "401" in summary.last_error
        assert retry_failed(db) == 1
        assert delivery.deliver_due() == 1
        delivery.close()


def test_redirects_are_not_followed(db, paths, store):
    store.after_write.append(Outbox(db).enqueue)
    store.save_call(varied_calls(1)[0])
    with Receiver() as elsewhere, Receiver(redirect_to=elsewhere.url) as redirecting:
        delivery = WebhookDelivery(paths.db_path, url=lambda: redirecting.url, token=lambda: TOKEN)
        delivery.deliver_due()
        delivery.close()
        assert elsewhere.requests == 0                         # the token was not sent on
    assert "redirect" in outbox_summary(db).last_error


def test_outbox_row_is_written_with_the_call_or_not_at_all(db, store):
    outbox = Outbox(db)

    def broken_hook(call, updated_at):
        raise RuntimeError("after the outbox row, before commit")

    store.after_write[:] = [outbox.enqueue, broken_hook]
    call = varied_calls(1)[0]
    with pytest.raises(RuntimeError):
        store.save_call(call)
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    store.after_write[:] = [outbox.enqueue]
    store.save_call(call)
    call.notes = "second save, before delivery"
    store.save_call(call)
    rows = db.execute("SELECT status, payload FROM outbox").fetchall()
    assert len(rows) == 1 and "second save" in rows[0][1]        # the newer save supersedes


def test_disabled_webhook_queues_nothing(db, paths):
    service = WebhookService(db, paths.db_path, Settings(webhook_url="https://crm.example/hook"))
    store = CallStore(db, after_write=[service.after_write])
    store.save_call(varied_calls(1)[0])
    assert outbox_summary(db).pending == 0


def test_without_a_keyring_nothing_is_sent_and_the_reason_shows(db, paths, store):
    keyring.set_keyring(fail.Keyring())
    store.after_write.append(Outbox(db).enqueue)
    store.save_call(varied_calls(1)[0])
    from companion.integrations.secrets import get_secret

    with Receiver() as receiver:
        delivery = WebhookDelivery(paths.db_path, url=lambda: receiver.url, token=lambda: get_secret(TOKEN_NAME))
        assert delivery.deliver_due() == 0
        delivery.close()
        assert receiver.requests == 0
    assert "No secret store" in outbox_summary(db).last_error


@pytest.mark.parametrize("url, ok", [
    ("https://hooks.example.com/abc", True),
    ("http://localhost:8080/hook", True),
    ("http://127.0.0.1:9/x", True),
    ("http://hooks.example.com/abc", False),
    ("ftp://hooks.example.com", False),
    ("https://user:pw@hooks.example.com", False),
    ("https://", False),
    ("", False),
    ("https://host:notaport/", False),
])
def test_url_rules(url, ok):
    assert (check_webhook_url(url) is None) == ok


def test_backoff_doubles_up_to_the_cap():
    assert [retry_delay(n, 30, 3600) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]
