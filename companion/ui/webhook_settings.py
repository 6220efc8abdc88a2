"""Settings section for pushing saved calls to a webhook (CRM, Zapier, n8n...).

The address and the on/off switch go into Settings; the token goes into the OS keyring
only. Without a usable keyring the section says so plainly and stays off. The settings
dialog embeds this widget and calls `save()` (then writes the settings file itself).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from companion.core.settings import Settings
from companion.integrations.secrets import (
    SecretStoreUnavailable,
    delete_secret,
    get_secret,
    secret_store_status,
    set_secret,
)
from companion.integrations.webhook import TOKEN_NAME, check_webhook_url
from companion.ui.controls import push_button
from companion.ui.style import repolish


class WebhookSettingsSection(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setAccessibleName("Webhook settings")
        self.enable_check = QCheckBox("S&end each saved call to a webhook")
        self.enable_check.setAccessibleName("Send saved calls to a webhook")
        self.enable_check.setToolTip("Off by default: calls stay on this computer (Alt+E)")
        self.url_edit = QLineEdit(settings.webhook_url)
        self.url_edit.setAccessibleName("Webhook address")
        self.url_edit.setPlaceholderText("https://hooks.example.com/…")
        self.url_edit.setToolTip("The address your CRM or automation tool gave you (https)")
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName("Webhook token")
        self.token_edit.setToolTip("Sent as 'Authorization: Bearer …'; kept in the system keyring only")
        self.remove_button = push_button("Re&move token", "Delete the stored token from the keyring",
                                         self.remove_token, keys="Alt+M", bind_keys=False,
                                         name="Remove the webhook token from the keyring")
        self.store_label = QLabel()
        self.store_label.setWordWrap(True)
        self.store_label.setObjectName("muted")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("finding")
        self.problem_label.setProperty("blocking", True)
        self.problem_label.setWordWrap(True)

        token_row = QHBoxLayout()
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.remove_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.enable_check)
        url_label = QLabel("&Address:")
        url_label.setBuddy(self.url_edit)
        form.addRow(url_label, self.url_edit)
        token_label = QLabel("&Token:")
        token_label.setBuddy(self.token_edit)
        form.addRow(token_label, token_row)
        form.addRow(self.store_label)
        form.addRow(self.problem_label)

        self.available = False
        self.has_token = False
        self._read_store()
        self.enable_check.setChecked(settings.webhook_enabled and self.available)

    def _read_store(self) -> None:
        status = secret_store_status()
        self.available = status.available
        message = status.message
        if status.available:
            try:
                self.has_token = bool(get_secret(TOKEN_NAME))
            except SecretStoreUnavailable as exc:
                self.available, message = False, str(exc)
        for widget in (self.enable_check, self.url_edit, self.token_edit, self.remove_button):
            widget.setEnabled(self.available)
        if not self.available:
            self.enable_check.setChecked(False)
            self.store_label.setText(message)
            return
        self.remove_button.setEnabled(self.has_token)
        self.token_edit.setPlaceholderText("A token is stored; type to replace it" if self.has_token
                                           else "Paste the token")
        self.store_label.setText(f"The token is kept in {status.backend}, never in Call Companion's files.")

    def _problem(self, text: str) -> bool:
        self.problem_label.setText(text)
        repolish(self.problem_label)
        return not text

    def remove_token(self) -> None:
        try:
            delete_secret(TOKEN_NAME)
        except SecretStoreUnavailable as exc:
            self._problem(str(exc))
            return
        self.enable_check.setChecked(False)
        self.settings.webhook_enabled = False
        self._read_store()

    def save(self) -> bool:
        """Apply the section to Settings (and the token to the keyring). False, with the
        reason shown, when something needs fixing first; nothing is changed then."""
        if not self.available:
            self.settings.webhook_enabled = False
            return True
        url = self.url_edit.text().strip()
        enabled = self.enable_check.isChecked()
        token = self.token_edit.text().strip()
        if enabled or url:
            problem = check_webhook_url(url)
            if problem:
                return self._problem(problem)
        if enabled and not token and not self.has_token:
            return self._problem("Enter the token your CRM or automation tool gave you.")
        if token:
            try:
                set_secret(TOKEN_NAME, token)
            except SecretStoreUnavailable as exc:
                self._read_store()
                return self._problem(str(exc))
            self.token_edit.clear()
        self.settings.webhook_url = url
        self.settings.webhook_enabled = enabled
        self._read_store()
        return self._problem("")
