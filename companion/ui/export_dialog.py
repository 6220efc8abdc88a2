"""The export dialog: which format, which calls, where to. Remembers the last choices.

The work is done by companion.export (the same code as `companion export`); this module
only collects the choices and reports the result.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from companion.core.display_names import DisplayNames
from companion.core.settings import Settings
from companion.errors import DatabaseProblem, EnvironmentProblem
from companion.export.call_reader import count_calls
from companion.export.formats import FORMATS, export_to_file
from companion.export.selection import CallSelection
from companion.ui.controls import push_button

log = logging.getLogger(__name__)
RANGES = ("today", "range", "selection")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def default_folder(settings: Settings) -> Path:
    """The folder used last, else the user's documents folder as the desktop names it
    (XDG_DOCUMENTS_DIR, "Dokumente", ...), else home when neither exists."""
    from platformdirs import user_documents_dir

    for folder in (settings.export_folder, user_documents_dir()):
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


class ExportDialog(QDialog):
    def __init__(self, db, settings: Settings, *, call_ids: list[str] | None = None,
                 save_settings: Callable[[], None] = lambda: None,
                 choose_file: Callable[[str, str], str] | None = None, today: date | None = None,
                 parent: QWidget | None = None, names: DisplayNames | None = None):
        """`names`: how the installed playbooks call themselves and their closes."""
        super().__init__(parent)
        self.db = db
        self.names = names
        self.settings = settings
        self.call_ids = list(call_ids or [])
        self._save_settings = save_settings
        self._choose_file = choose_file or self._ask_for_file
        self.today = today or date.today()
        self.result_message = ""
        self._auto_name = True           # the file name follows the choices until edited by hand
        self.setWindowTitle("Export notes")
        self.setAccessibleName("Export notes")

        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Export format")
        self.format_combo.setToolTip("What to write (Alt+F)")
        for fmt in FORMATS.values():
            self.format_combo.addItem(fmt.label, fmt.key)
        index = self.format_combo.findData(settings.export_format)
        self.format_combo.setCurrentIndex(max(0, index))
        self.bom_check = QCheckBox("Add a &byte order mark (helps Excel read accents and emoji)")
        self.bom_check.setAccessibleName("CSV with byte order mark")
        self.bom_check.setToolTip("For spreadsheet programs (Alt+B)")
        self.bom_check.setChecked(settings.export_csv_bom)

        self.range_group = QButtonGroup(self)
        self.today_radio = QRadioButton("&Today")
        self.today_radio.setToolTip("The calls started today (Alt+T)")
        self.range_radio = QRadioButton("&Days")
        self.range_radio.setToolTip("The calls of a range of days, both included (Alt+D)")
        self.selection_radio = QRadioButton(f"The &selected calls ({len(self.call_ids)})")
        self.selection_radio.setToolTip("The calls picked in the review (Alt+S)")
        self.selection_radio.setVisible(bool(self.call_ids))
        for radio, name in ((self.today_radio, "today"), (self.range_radio, "range"),
                            (self.selection_radio, "selection")):
            radio.setAccessibleName(f"Calls: {radio.text().replace('&', '')}")
            radio.setProperty("range", name)
            self.range_group.addButton(radio)
        self.from_edit = QDateEdit(_qdate(self.today - timedelta(days=6)))
        self.to_edit = QDateEdit(_qdate(self.today))
        for edit, name in ((self.from_edit, "First day"), (self.to_edit, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd dd MMM yyyy")
            edit.setAccessibleName(name)
            edit.setToolTip(f"{name} of the range, in your local time")
        chosen = "selection" if self.call_ids else settings.export_range
        {"range": self.range_radio, "selection": self.selection_radio}.get(chosen, self.today_radio).setChecked(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Export to file")
        self.path_edit.setToolTip("Where the file goes (Alt+O)")
        self.path_edit.textEdited.connect(self._path_typed)
        self.browse_button = push_button("C&hoose…", "Pick the folder and file name", self.browse,
                                         keys="Alt+H", bind_keys=False, name="Choose the file")
        self.browse_button.setAutoDefault(False)     # Enter exports; it never opens the file picker
        self.problem_label = QLabel()
        self.problem_label.setObjectName("finding")
        self.problem_label.setProperty("blocking", True)
        self.problem_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        self.export_button.setAccessibleName("Export")
        self.export_button.setToolTip("Write the file (Enter or Alt+E)")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setToolTip("Close without exporting (Esc)")
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self._layout()

        self.format_combo.currentIndexChanged.connect(self._refresh)
        self.range_group.buttonToggled.connect(lambda *_: self._refresh())
        self.from_edit.dateChanged.connect(self._refresh)
        self.to_edit.dateChanged.connect(self._refresh)
        self._refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The button box picks its own default when shown; Enter must export, not cancel.
        self.export_button.setDefault(True)

    def _layout(self) -> None:
        form = QFormLayout()
        format_label = QLabel("&Format:")
        format_label.setBuddy(self.format_combo)
        form.addRow(format_label, self.format_combo)
        form.addRow("", self.bom_check)
        calls = QGridLayout()
        calls.addWidget(self.today_radio, 0, 0)
        calls.addWidget(self.range_radio, 1, 0)
        days = QHBoxLayout()
        days.addWidget(self.from_edit)
        days.addWidget(QLabel("to"))
        days.addWidget(self.to_edit)
        calls.addLayout(days, 1, 1)
        calls.addWidget(self.selection_radio, 2, 0, 1, 2)
        calls.addWidget(self.count_label, 3, 0, 1, 2)
        form.addRow("Calls:", calls)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        path_label = QLabel("Save t&o:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def preset_days(self, first: date, last: date) -> None:
        """Start on a range of days (the review's day on screen), whatever was chosen last."""
        self.from_edit.setDate(_qdate(first))
        self.to_edit.setDate(_qdate(last))
        self.range_radio.setChecked(True)
        self._refresh()

    # -- the choices --------------------------------------------------------------------
    @property
    def format_key(self) -> str:
        return self.format_combo.currentData()

    @property
    def range_kind(self) -> str:
        checked = self.range_group.checkedButton()
        return checked.property("range") if checked else "today"

    def selection(self) -> CallSelection:
        kind = self.range_kind
        if kind == "selection":
            return CallSelection.of_calls(self.call_ids)
        if kind == "range":
            return CallSelection.days(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))
        return CallSelection.days(self.today, self.today)

    def _suggested_name(self) -> str:
        kind, suffix = self.range_kind, FORMATS[self.format_key].suffix
        if kind == "range":
            first, last = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
            span = first.isoformat() if first == last else f"{first.isoformat()}-to-{last.isoformat()}"
        elif kind == "selection":
            span = f"{self.today.isoformat()}-selected"
        else:
            span = self.today.isoformat()
        stem = "next-steps" if self.format_key == "ics" else "calls"
        return f"{stem}-{span}{suffix}"

    def _path_typed(self, _text: str) -> None:
        self._auto_name = False

    def _refresh(self, *_args) -> None:
        self.bom_check.setVisible(self.format_key == "csv")
        in_range = self.range_kind == "range"
        self.from_edit.setEnabled(in_range)
        self.to_edit.setEnabled(in_range)
        problem = ""
        if in_range and self.from_edit.date() > self.to_edit.date():
            problem = "The first day is after the last day."
            self.count_label.setText("")
        else:
            try:
                count = count_calls(self.db, self.selection())
                self.count_label.setText(f"{count} call{'' if count == 1 else 's'}"
                                         + (", only their open next steps go into the calendar"
                                            if self.format_key == "ics" else ""))
                if count == 0:
                    problem = self._nothing_to_export()
            except DatabaseProblem as exc:
                self.count_label.setText(f"Calls cannot be counted: {exc}")
        if self._auto_name:
            folder = Path(self.path_edit.text()).parent if self.path_edit.text() else default_folder(self.settings)
            self.path_edit.setText(str(folder / self._suggested_name()))
        else:
            current = Path(self.path_edit.text())
            if current.suffix.lower() in {f.suffix for f in FORMATS.values()}:
                self.path_edit.setText(str(current.with_suffix(FORMATS[self.format_key].suffix)))
        self.problem_label.setText(problem)
        self.export_button.setEnabled(not problem)

    def _nothing_to_export(self) -> str:
        where = {"today": "today", "range": "on these days", "selection": "in the selection"}[self.range_kind]
        return f"No calls {where}: nothing to export. Choose other days."

    # -- actions ------------------------------------------------------------------------
    def _ask_for_file(self, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", suggested, file_filter)
        return path

    def browse(self) -> None:
        chosen = self._choose_file(self.path_edit.text(), FORMATS[self.format_key].file_filter)
        if chosen:
            self.path_edit.setText(chosen)
            self._auto_name = False

    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.problem_label.setText("Choose where to save the file.")
            return
        path = Path(text).expanduser()
        fmt = FORMATS[self.format_key]
        try:
            if count_calls(self.db, self.selection()) == 0:
                # Calls may have gone since the dialog opened: an empty file helps nobody.
                self._refresh()
                return
        except DatabaseProblem:
            pass                        # the export below reports the database problem
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            count = export_to_file(self.db, fmt.key, self.selection(), path, bom=self.bom_check.isChecked(),
                                   names=self.names)
        except DatabaseProblem as exc:
            self.problem_label.setText(f"{exc} Nothing was written.")
            return
        except EnvironmentProblem as exc:
            self.problem_label.setText(str(exc))
            return
        finally:
            self.unsetCursor()
        self.result_message = f"Exported {fmt.counted(count)} to {path}"
        log.info("Exported %s as %s to %s", fmt.counted(count), fmt.key, path)
        self._remember(path)
        self.accept()

    def _remember(self, path: Path) -> None:
        self.settings.export_format = self.format_key
        if self.range_kind in ("today", "range"):
            self.settings.export_range = self.range_kind
        self.settings.export_folder = str(path.parent)
        self.settings.export_csv_bom = self.bom_check.isChecked()
        self._save_settings()


def open_export_dialog(parent, db, settings: Settings, save_settings: Callable[[], None],
                       call_ids: list[str] | None = None, names: DisplayNames | None = None) -> str:
    """Show the dialog; returns the message to show once an export is done ("" if cancelled).
    The review can call this with the ids of the calls picked there."""
    dialog = ExportDialog(db, settings, call_ids=call_ids, save_settings=save_settings, parent=parent,
                          names=names)
    dialog.exec()
    return dialog.result_message
