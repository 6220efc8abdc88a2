"""A one-line view of the webhook outbox (waiting, delivered, failed, last error) with a
"Retry failed" button, for the review or the settings to embed."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from companion.errors import EnvironmentProblem
from companion.integrations.webhook import describe_outbox, outbox_summary, retry_failed
from companion.ui.controls import push_button


class OutboxStatus(QWidget):
    def __init__(self, db, parent: QWidget | None = None, refresh_ms: int = 5000,
                 on_retry=lambda: None, hide_when_idle: bool = False):
        super().__init__(parent)
        self.db = db
        self._hide_when_idle = hide_when_idle    # a rep without a webhook should not see it at all
        self._on_retry = on_retry           # e.g. WebhookService.call_saved: send without waiting
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Webhook delivery status")
        self.retry_button = push_button(
            "&Retry failed", "Send the deliveries that gave up again, e.g. after fixing the address or token",
            self.retry, keys="Alt+R", bind_keys=False, name="Retry failed webhook deliveries")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        # Deliveries happen on another thread; a cheap count query every few seconds follows them.
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        try:
            summary = outbox_summary(self.db)
        except EnvironmentProblem as exc:
            # A locked or closing database: say so and try again on the next tick.
            self.label.setText(f"Webhook: status unavailable ({exc}).")
            return
        idle = summary.pending + summary.delivered + summary.failed == 0
        if self._hide_when_idle:
            self.setVisible(not idle)
        if idle:
            self.label.setText("Webhook: nothing sent yet.")
        else:
            self.label.setText(f"Webhook: {describe_outbox(summary)}")
        self.retry_button.setVisible(summary.failed > 0)

    def retry(self) -> None:
        try:
            retry_failed(self.db)
        except EnvironmentProblem as exc:
            self.label.setText(f"Webhook: could not retry ({exc}).")
            return
        self._on_retry()
        self.refresh()

    # Counting only while the status is on screen; a hidden or closed review costs nothing.
    def showEvent(self, event) -> None:
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:
        if not self._hide_when_idle:
            self.timer.stop()
        super().hideEvent(event)
