"""The webhook as the app runs it: settings decide, the keyring holds the token.

Plain Python (the UI connects its signals to these methods): `after_write` goes into
CallStore's hooks, `call_saved` is called once a save has committed.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlite_utils import Database

from companion.core.settings import Settings
from companion.integrations.secrets import get_secret
from companion.integrations.webhook import (
    TOKEN_NAME,
    Outbox,
    WebhookDelivery,
    WebhookWorker,
    check_webhook_url,
)


class WebhookService:
    def __init__(self, db: Database, db_path: Path | str, settings: Settings, *,
                 poll_seconds: float = 30.0, **delivery_options):
        self.settings = settings
        self.outbox = Outbox(db)
        self.db = db
        delivery = WebhookDelivery(db_path, url=lambda: settings.webhook_url,
                                   token=lambda: get_secret(TOKEN_NAME), enabled=self.is_enabled,
                                   **delivery_options)
        self.worker = WebhookWorker(delivery, poll_seconds)

    def is_enabled(self) -> bool:
        # Read at each use, so turning it on or off in Settings takes effect at once.
        return self.settings.webhook_enabled and check_webhook_url(self.settings.webhook_url) is None

    def after_write(self, call, updated_at: str) -> None:
        if self.is_enabled():
            self.outbox.enqueue(call, updated_at)
            # Saves made outside the live window (the review) get no call_saved; a running
            # worker still finds them on its next poll.
            self.worker.start()

    def call_saved(self, *_args) -> None:
        if self.is_enabled():
            self.worker.start()
            self.worker.wake()

    def start(self) -> None:
        """At app start: resume deliveries left pending by the last run. With the webhook off,
        still delete delivered copies past their keeping time (on a thread of their own)."""
        if self.is_enabled():
            self.worker.start()
        else:
            threading.Thread(target=self.worker.prune_only, name="webhook-prune", daemon=True).start()

    def stop(self) -> None:
        self.worker.stop()
