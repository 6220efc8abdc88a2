"""Push saved calls to a CRM or automation tool's webhook, reliably and off the UI thread.

The path of a call: `Outbox.enqueue` runs inside CallStore.save_call's transaction (an
after_write hook), so a saved call always has its outbox row and a failed save has none.
A `WebhookWorker` thread then POSTs each pending row as a one-call JSON export, with
`Authorization: Bearer <token>` (the token read from the keyring at send time).
Failures wait with exponential backoff; all state lives in the outbox table (store/outbox.py),
so it survives restarts. Each request carries an Idempotency-Key, one per saved version,
so a receiver can drop the copy that a lost response forces us to resend.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from sqlite_utils import Database

from companion.core.call import Call
from companion.errors import EnvironmentProblem
from companion.export.json_export import call_record, export_document
from companion.integrations.webhook_http import Attempt, post_payload
from companion.store import outbox as outbox_table
from companion.store.outbox import OutboxCounts

log = logging.getLogger(__name__)

TOKEN_NAME = "webhook-token"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
__all__ = ["Attempt", "post_payload"]       # re-exported: the sending side lives in webhook_http


def check_webhook_url(url: str) -> str | None:
    """What is wrong with a webhook address, in words for the settings page; None if fine."""
    url = url.strip()
    if not url:
        return "Enter the webhook address."
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port                        # raises on a malformed port
    except ValueError:
        return "That is not a valid web address."
    if parts.scheme not in ("https", "http") or not host:
        return "The address must start with https:// and name a server."
    if parts.username or parts.password:
        return "Put the token in the token field, not in the address."
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        return "Use https:// (plain http:// is only allowed for localhost, for testing)."
    return None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    # Always microseconds, so the text order of stored times is their time order.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


# -- the outbox table ------------------------------------------------------------------------


def _prune_before(moment: datetime) -> str:
    return _stamp(moment - timedelta(days=outbox_table.DELIVERED_KEEP_DAYS))


class Outbox:
    def __init__(self, db: Database, clock: Callable[[], datetime] = _now):
        self.db = db
        self.clock = clock

    def enqueue(self, call: Call, updated_at: str) -> None:
        """Queue the call as saved. Call inside the save's transaction (CallStore.after_write)."""
        now = self.clock()
        payload = json.dumps(export_document([call_record(call, updated_at)], now), ensure_ascii=False)
        outbox_table.enqueue(self.db, call.id, payload, _stamp(now), _prune_before(now))


def describe_outbox(counts: OutboxCounts) -> str:
    """The webhook status line: waiting, delivered, failed, and the last error if any."""
    text = f"{counts.pending} waiting, {counts.delivered} delivered, {counts.failed} failed"
    return text + (f". Last error: {counts.last_error}" if counts.last_error else ".")


def outbox_summary(db: Database) -> OutboxCounts:
    return outbox_table.counts(db)


def retry_failed(db: Database) -> int:
    """Give the entries that gave up a fresh start (after fixing the address or token)."""
    return outbox_table.retry_failed(db, _stamp(_now()))


def idempotency_key(call_id: str, payload: str) -> str:
    """The same for every retry of one save, different for every save: the call id, the time
    of the save, and a digest of the body (two saves within one second differ in content)."""
    updated_at = json.loads(payload)["calls"][0]["updated_at"]
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
    return f"{call_id}/{updated_at}/{digest}"


# -- sending ---------------------------------------------------------------------------------


def retry_delay(attempts: int, base: float, cap: float) -> float:
    """Exponential backoff: base, 2 base, 4 base... up to cap, after `attempts` failures."""
    return min(cap, base * (2 ** max(0, attempts - 1)))


class WebhookDelivery:
    """One delivery pass at a time over its own connection (never the UI thread's)."""

    def __init__(self, db_path: Path | str, url: Callable[[], str], token: Callable[[], str | None],
                 *, enabled: Callable[[], bool] = lambda: True, base_delay: float = 30.0,
                 max_delay: float = 3600.0, max_attempts: int = 20, timeout: float = 10.0,
                 clock: Callable[[], datetime] = _now):
        self.db_path = db_path
        self.url, self.token, self.enabled = url, token, enabled
        self.base_delay, self.max_delay = base_delay, max_delay
        self.max_attempts, self.timeout, self.clock = max_attempts, timeout, clock
        self.outbox = outbox_table.OutboxConnection(db_path)

    def close(self) -> None:
        self.outbox.close()

    def prune_delivered(self, outbox: outbox_table.OutboxConnection | None = None) -> int:
        """Delete what was delivered more than DELIVERED_KEEP_DAYS ago; returns how many."""
        return (outbox or self.outbox).prune_delivered(_prune_before(self.clock()))

    def deliver_due(self, limit: int = 20) -> int:
        """Send what is due now; returns how many were delivered."""
        if not self.enabled():
            return 0
        url = self.url()
        if check_webhook_url(url) is not None:
            return 0
        rows = self.outbox.due(_stamp(self.clock()), limit)
        if not rows:
            return 0
        try:
            token = self.token()
        except Exception as exc:        # SecretStoreUnavailable, or a keyring that broke
            token, problem = None, str(exc)
        else:
            problem = "There is no webhook token in the keyring. Enter it in Settings."
        if not token:
            later = _stamp(self.clock() + timedelta(seconds=self.base_delay))
            self.outbox.postpone([row.id for row in rows], problem, later)
            return 0
        delivered = 0
        for row in rows:
            try:
                result = post_payload(url, row.payload, token, idempotency_key(row.call_id, row.payload),
                                      self.timeout)
            except Exception as exc:        # a bug: recorded on this row, the others still go
                log.exception("Webhook delivery of outbox entry %s failed unexpectedly", row.id)
                result = Attempt(False, f"unexpected error: {type(exc).__name__}: {exc}")
            self._record(row.id, row.attempts + 1, result)
            delivered += result.ok
        return delivered

    def _record(self, outbox_id: int, attempts: int, result: Attempt) -> None:
        now = self.clock()
        if result.ok:
            self.outbox.mark_delivered(outbox_id, attempts, _stamp(now))
            return
        gave_up = not result.retry or attempts >= self.max_attempts
        later = now + timedelta(seconds=retry_delay(attempts, self.base_delay, self.max_delay))
        self.outbox.mark_failed(outbox_id, attempts, result.error, _stamp(later), gave_up)
        log.info("Webhook delivery of outbox entry %s failed (attempt %s): %s",
                 outbox_id, attempts, result.error)

    def seconds_until_due(self) -> float | None:
        due = self.outbox.next_due()
        if due is None:
            return None
        return max(0.0, (datetime.fromisoformat(due) - self.clock()).total_seconds())


class WebhookWorker:
    """A background thread running delivery passes: woken after each save, else polling."""

    def __init__(self, delivery: WebhookDelivery, poll_seconds: float = 30.0):
        self.delivery = delivery
        self.poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="webhook-delivery", daemon=True)
        self._thread.start()

    def prune_only(self) -> None:
        """One pruning of delivered rows, for when no delivery thread runs. Over a connection
        of its own: the delivery thread may start meanwhile and must not share one."""
        connection = outbox_table.OutboxConnection(self.delivery.db_path)
        try:
            self.delivery.prune_delivered(connection)
        except EnvironmentProblem as exc:
            log.warning("Pruning delivered webhook entries postponed: %s", exc)
        finally:
            connection.close()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        """Returns within `timeout`; a request still in flight is resent on the next start."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._thread = None       # else start() waits for it rather than run two

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.delivery.prune_delivered()
                    while self.delivery.deliver_due() and not self._stop.is_set():
                        pass                          # a full batch went out: look for more
                    due = self.delivery.seconds_until_due()
                except EnvironmentProblem as exc:      # locked, disk full: try again next poll
                    log.warning("Webhook delivery pass postponed: %s", exc)
                    due = None
                except Exception:                     # a bug: log it, keep the thread alive
                    log.exception("Webhook delivery pass failed")
                    due = None
                wait = self.poll_seconds if due is None else min(self.poll_seconds, due)
                self._wake.wait(max(wait, 0.01))
                self._wake.clear()
        finally:
            self.delivery.close()
