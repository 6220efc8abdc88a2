"""Push saved calls to a CRM or automation tool's webhook, reliably and off the UI thread.

The path of a call: `Outbox.enqueue` runs inside CallStore.save_call's transaction (an
after_write hook), so a saved call always has its outbox row and a failed save has none.
A `WebhookWorker` thread then POSTs each pending row as a one-call JSON export, with
`Authorization: Bearer <token>` (the token read from the keyring at send time).
Failures wait with exponential backoff; all state lives in the outbox table, so it
survives restarts. Each request carries an Idempotency-Key (the call id and the time of
the save), so a receiver can drop the copy that a lost response forces us to resend.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from sqlite_utils import Database

from companion import __version__
from companion.core.call import Call
from companion.export.json_export import call_record, export_document
from companion.store.db import write_transaction

log = logging.getLogger(__name__)

TOKEN_NAME = "webhook-token"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
# Answers worth trying again; any other 4xx needs the user (address, token) and fails at once.
RETRY_STATUSES = {408, 425, 429}


def check_webhook_url(url: str) -> str | None:
    """What is wrong with a webhook address, in words for the settings page; None if fine."""
    url = url.strip()
    if not url:
        return "Enter the webhook address."
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port                            # raises on a malformed port
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


class Outbox:
    def __init__(self, db: Database, clock: Callable[[], datetime] = _now):
        self.db = db
        self.clock = clock

    def enqueue(self, call: Call, updated_at: str) -> None:
        """Queue the call as saved. Call inside the save's transaction (CallStore.after_write)."""
        payload = json.dumps(export_document([call_record(call, updated_at)], self.clock()),
                             ensure_ascii=False)
        # A newer save supersedes what is still waiting (or gave up) for the same call.
        self.db.execute("DELETE FROM outbox WHERE call_id = ? AND status != 'delivered'", [call.id])
        now = _stamp(self.clock())
        self.db.execute(
            "INSERT INTO outbox (call_id, payload, created_at, status, attempts, next_attempt_at)"
            " VALUES (?, ?, ?, 'pending', 0, ?)", [call.id, payload, now, now])


@dataclass(frozen=True)
class OutboxSummary:
    pending: int = 0
    delivered: int = 0
    failed: int = 0
    last_error: str | None = None           # of the newest entry not delivered, if any

    def describe(self) -> str:
        text = f"{self.pending} waiting, {self.delivered} delivered, {self.failed} failed"
        return text + (f". Last error: {self.last_error}" if self.last_error else ".")


def outbox_summary(db: Database) -> OutboxSummary:
    counts = dict(db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())
    row = db.execute("SELECT last_error FROM outbox WHERE status != 'delivered'"
                     " AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    return OutboxSummary(counts.get("pending", 0), counts.get("delivered", 0),
                         counts.get("failed", 0), row[0] if row else None)


def retry_failed(db: Database) -> int:
    """Give the entries that gave up a fresh start (after fixing the address or token)."""
    with write_transaction(db):
        cursor = db.execute("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?"
                            " WHERE status = 'failed'", [_stamp(_now())])
    return cursor.rowcount


# -- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    ok: bool
    error: str = ""
    retry: bool = True


@lru_cache(maxsize=None)
def _opener():
    """Built at the first delivery: importing urllib.request is a cost the app's start
    (where this module is imported) need not pay (benchmarks/bench_startup.py)."""
    import urllib.request

    class _NoRedirects(urllib.request.HTTPRedirectHandler):
        # urllib would resend the Authorization header to wherever a redirect points.
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            return None

    return urllib.request.build_opener(_NoRedirects)


def post_payload(url: str, payload: str, token: str, idempotency_key: str,
                 timeout: float = 10.0) -> Attempt:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=payload.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": idempotency_key,
        "User-Agent": f"CallCompanion/{__version__}",
    })
    try:
        with _opener().open(request, timeout=timeout) as response:
            response.read(65536)
            return Attempt(True)
    except urllib.error.HTTPError as exc:
        exc.close()
        if 300 <= exc.code < 400:
            return Attempt(False, f"HTTP {exc.code}: the address redirects elsewhere; "
                           "enter the final address", retry=False)
        retry = exc.code >= 500 or exc.code in RETRY_STATUSES
        return Attempt(False, f"HTTP {exc.code} {exc.reason}", retry=retry)
    except urllib.error.URLError as exc:
        return Attempt(False, f"cannot reach the server: {exc.reason}")
    except (OSError, ValueError) as exc:        # timeouts, resets, malformed answers
        return Attempt(False, f"{type(exc).__name__}: {exc}")


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
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            from companion.store.db import connect

            self._conn = connect(self.db_path)
            self._conn.isolation_level = None       # autocommit: each update lands at once
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def deliver_due(self, limit: int = 20) -> int:
        """Send what is due now; returns how many were delivered."""
        if not self.enabled():
            return 0
        url = self.url()
        if check_webhook_url(url) is not None:
            return 0
        rows = self.conn.execute(
            "SELECT id, call_id, payload, attempts FROM outbox WHERE status = 'pending'"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT ?",
            [_stamp(self.clock()), limit]).fetchall()
        if not rows:
            return 0
        try:
            token = self.token()
        except Exception as exc:        # SecretStoreUnavailable, or a keyring that broke
            token, problem = None, str(exc)
        else:
            problem = "There is no webhook token in the keyring. Enter it in Settings."
        if not token:
            self._note_problem([row[0] for row in rows], problem)
            return 0
        delivered = 0
        for outbox_id, call_id, payload, attempts in rows:
            updated_at = json.loads(payload)["calls"][0]["updated_at"]
            result = post_payload(url, payload, token, f"{call_id}/{updated_at}", self.timeout)
            self._record(outbox_id, attempts + 1, result)
            delivered += result.ok
        return delivered

    def _note_problem(self, ids: list[int], problem: str) -> None:
        # Not an attempt (nothing was sent), but shown, and looked at again later.
        later = _stamp(self.clock() + timedelta(seconds=self.base_delay))
        self.conn.executemany("UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
                              [(problem, later, outbox_id) for outbox_id in ids])

    def _record(self, outbox_id: int, attempts: int, result: Attempt) -> None:
        now = self.clock()
        if result.ok:
            self.conn.execute("UPDATE outbox SET status = 'delivered', attempts = ?, delivered_at = ?,"
                              " last_error = NULL WHERE id = ?", [attempts, _stamp(now), outbox_id])
            return
        gave_up = not result.retry or attempts >= self.max_attempts
        later = now + timedelta(seconds=retry_delay(attempts, self.base_delay, self.max_delay))
        self.conn.execute(
            "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
            ["failed" if gave_up else "pending", attempts, result.error[:500], _stamp(later), outbox_id])
        log.info("Webhook delivery of outbox entry %s failed (attempt %s): %s",
                 outbox_id, attempts, result.error)

    def seconds_until_due(self) -> float | None:
        row = self.conn.execute("SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'").fetchone()
        if row is None or row[0] is None:
            return None
        due = datetime.fromisoformat(row[0])
        return max(0.0, (due - self.clock()).total_seconds())


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
                    while self.delivery.deliver_due() and not self._stop.is_set():
                        pass                          # a full batch went out: look for more
                    due = self.delivery.seconds_until_due()
                except Exception:                     # a bug: log it, keep the thread alive
                    log.exception("Webhook delivery pass failed")
                    due = None
                wait = self.poll_seconds if due is None else min(self.poll_seconds, due)
                self._wake.wait(max(wait, 0.01))
                self._wake.clear()
        finally:
            self.delivery.close()
