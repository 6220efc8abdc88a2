"""Settings: calls and coaching, playbooks, reminders, webhook."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QTime, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.core.deal_value import parse_deal_value
from companion.core.playbook import PlaybookSet
from companion.core.settings import Settings, parse_hhmm
from companion.errors import PlaybookError
from companion.store.playbook_files import import_playbook_file
from companion.ui.fit_screen import cap_to_screen, scrolling

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _time_edit(text: str, name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    parsed = parse_hhmm(text)
    if parsed is not None:
        edit.setTime(QTime(parsed.hour, parsed.minute))
    edit.setAccessibleName(name)
    return edit


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, playbooks: PlaybookSet, playbooks_dir: Path,
                 reload_playbooks: Callable[[], PlaybookSet], parent=None, shortcuts=None):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self.playbooks = playbooks
        self.playbooks_dir = playbooks_dir
        self._reload_playbooks = reload_playbooks
        self.tabs = QTabWidget()
        self.tabs.addTab(self._calls_tab(), "&Calls")
        self.tabs.addTab(self._playbooks_tab(), "&Playbooks")
        self.tabs.addTab(self._reminders_tab(), "&Reminders")
        from companion.ui.shortcut_settings import ShortcutSettings

        self.shortcut_section = ShortcutSettings(settings, shortcuts)
        self.tabs.addTab(self.shortcut_section, "&Shortcuts")
        self.webhook_section = self._webhook_section()
        if self.webhook_section is not None:
            self.tabs.addTab(self.webhook_section, "&Webhook")
        from companion.ui.listen_settings import ListenSettingsSection

        self.listen_section = ListenSettingsSection(settings)
        self.tabs.addTab(self.listen_section, "&Listening")
        self.finished.connect(self.listen_section.stop_checks)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save the settings (Ctrl+S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip("Close without saving (Esc)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        self.error_label = QLabel()
        self.error_label.setObjectName("finding")
        self.error_label.setProperty("blocking", "true")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        layout = QVBoxLayout(self)
        # The tabs scroll only on a screen too small for them; Save never leaves the screen.
        layout.addWidget(scrolling(self.tabs), 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(420, 440)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        cap_to_screen(self)

    # -- tabs ----------------------------------------------------------------------------
    def _calls_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.playbook_combo = QComboBox()
        self.playbook_combo.setAccessibleName("Default playbook")
        self._fill_playbooks()
        form.addRow("Default playbook", self.playbook_combo)
        days = QHBoxLayout()
        self.day_checks = []
        for index, name in enumerate(DAY_NAMES):
            check = QCheckBox(name)
            check.setChecked(index in self.settings.working_days)
            check.setAccessibleName(f"Working day {name}")
            days.addWidget(check)
            self.day_checks.append(check)
        form.addRow("Working days", days)
        hours = QHBoxLayout()
        self.day_start_edit = _time_edit(self.settings.day_start, "Working day starts")
        self.day_end_edit = _time_edit(self.settings.day_end, "Working day ends")
        hours.addWidget(self.day_start_edit)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.day_end_edit)
        hours.addStretch(1)
        form.addRow("Working hours", hours)
        hint = QLabel("The alternative close offers meeting times inside these hours.")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.threshold_edit = QLineEdit(f"{self.settings.large_deal_threshold:,.0f}")
        self.threshold_edit.setAccessibleName("Large deal threshold")
        self.threshold_edit.setToolTip("From this deal value on, pushy closes (urgency, assumptive, direct) "
                                       "are held back: pressure tends to hurt large, complex sales.")
        form.addRow("Large deal from", self.threshold_edit)
        self.nudge_spin = QSpinBox()
        self.nudge_spin.setRange(10, 100)
        self.nudge_spin.setSuffix(" % of the call")
        self.nudge_spin.setValue(round(self.settings.nudge_share * 100))
        self.nudge_spin.setAccessibleName("Nudge after share of the expected call length")
        self.nudge_spin.setToolTip("\"Ask for the next step\" appears after this share of the playbook's "
                                   "expected call length when nothing is agreed in the commitment stage.")
        form.addRow("Nudge after", self.nudge_spin)
        return page

    def _fill_playbooks(self) -> None:
        current = self.playbook_combo.currentData() or self.settings.default_playbook
        self.playbook_combo.clear()
        for playbook in self.playbooks.playbooks:
            self.playbook_combo.addItem(playbook.name, playbook.id)
        index = self.playbook_combo.findData(current)
        self.playbook_combo.setCurrentIndex(max(index, 0))

    def _playbooks_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        folder = QLabel(f"Your playbooks folder:<br><code>{self.playbooks_dir}</code>")
        folder.setWordWrap(True)
        folder.setTextInteractionFlags(
            folder.textInteractionFlags() | folder.textInteractionFlags().TextSelectableByMouse)
        open_button = QPushButton("Open folder")
        open_button.setAccessibleName("Open the playbooks folder")
        open_button.setToolTip("Open the folder in your file manager; edits are picked up without a restart")
        open_button.clicked.connect(self.open_folder)
        import_button = QPushButton("Import playbook…")
        import_button.setAccessibleName("Import a playbook file")
        import_button.setToolTip("Check a playbook file and copy it into your folder")
        import_button.clicked.connect(self.import_playbook)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(import_button)
        buttons.addStretch(1)
        self.playbook_list = QLabel()
        self.playbook_list.setWordWrap(True)
        self.playbook_list.setAccessibleName("Loaded playbooks and problems")
        layout.addWidget(folder)
        layout.addLayout(buttons)
        layout.addWidget(self.playbook_list)
        layout.addStretch(1)
        self._show_playbooks()
        return page

    def _show_playbooks(self) -> None:
        lines = [f"✓ {p.name}" + (" (built-in)" if p.builtin else f" — {Path(p.source).name}")
                 for p in self.playbooks.playbooks]
        lines += [f"✖ {e}" for e in self.playbooks.errors]
        self.playbook_list.setText("\n".join(lines))

    def _reminders_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.review_check = QCheckBox("Remind me to review the day at")
        self.review_check.setChecked(self.settings.review_reminder_enabled)
        self.review_check.setAccessibleName("End-of-day review reminder")
        self.review_time_edit = _time_edit(self.settings.review_reminder_time, "Review reminder time")
        row = QHBoxLayout()
        row.addWidget(self.review_check)
        row.addWidget(self.review_time_edit)
        row.addStretch(1)
        form.addRow(row)
        self.due_check = QCheckBox("Notify me when a next step falls due")
        self.due_check.setChecked(self.settings.due_reminders_enabled)
        self.due_check.setAccessibleName("Due next step notifications")
        form.addRow(self.due_check)
        self.login_check = QCheckBox("Start Call Companion when I log in")
        self.login_check.setChecked(self.settings.start_at_login)
        self.login_check.setAccessibleName("Start at login")
        form.addRow(self.login_check)
        return page

    def _webhook_section(self) -> QWidget | None:
        from companion.ui.webhook_settings import WebhookSettingsSection

        return WebhookSettingsSection(self.settings)

    # -- actions -------------------------------------------------------------------------
    def open_folder(self) -> None:
        self.playbooks_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.playbooks_dir)))

    def import_playbook(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import playbook", str(Path.home()),
                                              "Playbooks (*.toml);;All files (*)")
        if name:
            self.import_playbook_from(Path(name))

    def import_playbook_from(self, source: Path, replace: bool | None = None) -> bool:
        try:
            import_playbook_file(source, self.playbooks_dir, replace=bool(replace))
        except PlaybookError as exc:
            QMessageBox.warning(self, "Playbook not imported", f"{exc}\n\nFix the file and import it again.")
            return False
        except FileExistsError as exc:
            if replace is None and QMessageBox.question(
                    self, "Replace playbook?", f"{Path(str(exc)).name} already exists. Replace it?") \
                    == QMessageBox.StandardButton.Yes:
                return self.import_playbook_from(source, replace=True)
            return False
        except OSError as exc:
            QMessageBox.warning(self, "Playbook not imported",
                                f"Could not write to {self.playbooks_dir}: {exc.strerror or exc}")
            return False
        self.playbooks = self._reload_playbooks()
        self._fill_playbooks()
        self._show_playbooks()
        return True

    def save(self) -> None:
        try:
            threshold = parse_deal_value(self.threshold_edit.text())
        except ValueError:
            threshold = None
        days = [i for i, check in enumerate(self.day_checks) if check.isChecked()]
        start, end = self.day_start_edit.time(), self.day_end_edit.time()
        problems = []
        if threshold is None:
            problems.append("Large deal from: type an amount such as 50000 or 50k.")
        if not days:
            problems.append("Working days: tick at least one day.")
        if end <= start:
            problems.append("Working hours: the day must end after it starts.")
        if problems:
            self.tabs.setCurrentIndex(0)
            self.error_label.setText("\n".join(problems))
            self.error_label.setVisible(True)
            return
        if not self.listen_section.save():
            self.tabs.setCurrentWidget(self.listen_section)
            return
        if self.webhook_section is not None and not self.webhook_section.save():
            self.tabs.setCurrentWidget(self.webhook_section)
            return
        s = self.settings
        s.default_playbook = self.playbook_combo.currentData() or s.default_playbook
        s.working_days = days
        s.day_start, s.day_end = start.toString("HH:mm"), end.toString("HH:mm")
        s.large_deal_threshold = threshold
        s.nudge_share = self.nudge_spin.value() / 100
        s.review_reminder_enabled = self.review_check.isChecked()
        s.review_reminder_time = self.review_time_edit.time().toString("HH:mm")
        s.due_reminders_enabled = self.due_check.isChecked()
        self.shortcut_section.save(s)
        if s.start_at_login != self.login_check.isChecked():
            s.start_at_login = self.login_check.isChecked()
            from companion.autostart import apply_setting

            try:
                apply_setting(s.start_at_login)
            except OSError as exc:
                QMessageBox.warning(self, "Start at login", f"Could not change the autostart entry: {exc}")
        self.accept()
