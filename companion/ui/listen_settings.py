"""Settings › Listening: what listening does, turning it on, sources with a level meter,
and the speech model. Without the speech extra it says how to add it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from companion.core.settings import Settings
from companion.listen.model_files import speech_extra_missing
from companion.listen.setup import SOURCE_CHOICES
from companion.ui.live.listen_panel import CONFIRM_KEY, DISMISS_KEY, PAUSE_KEY

STATEMENT = (
    "<b>What listening does.</b> While a call is running, Call Companion listens to the call "
    "and suggests the yes moments and objections it hears, as chips you confirm or dismiss. "
    "Nothing is ticked or flagged until you confirm it.<br><br>"
    "<b>Private by design.</b> Audio is processed on this computer only. It is never stored "
    "and never sent anywhere. No transcript is kept: the last minute of words can be shown on "
    "screen if you want it, and is gone when the call ends.<br><br>"
    "<b>Consent.</b> Some places require every party's consent before a call is listened to, "
    "even by software that keeps nothing. Check the rules where you and the other side are, "
    "and tell them when it is on."
)
INSTALL_HINT = (
    "Listening needs the optional speech extra ({missing}), which is not installed. "
    "Add it with <code>pip install 'call-companion[speech]'</code> (from a checkout: "
    "<code>.venv/bin/pip install '.[speech]'</code>), then restart Call Companion. It needs a "
    "PulseAudio or PipeWire sound server."
)


class ListenSettingsSection(QWidget):
    _level = Signal(str, float)       # from the level-check threads
    _level_done = Signal(str, str)

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self._checks: dict[str, object] = {}
        form = QFormLayout(self)
        statement = QLabel(STATEMENT)
        statement.setWordWrap(True)
        statement.setAccessibleName("What listening does, privacy and consent")
        form.addRow(statement)
        self.missing = speech_extra_missing()
        self.install_label = QLabel(INSTALL_HINT.format(missing=", ".join(self.missing)))
        self.install_label.setObjectName("finding")
        self.install_label.setProperty("blocking", "false")
        self.install_label.setWordWrap(True)
        self.install_label.setVisible(bool(self.missing))
        form.addRow(self.install_label)
        self.enable_check = QCheckBox("Listen during calls")
        self.enable_check.setAccessibleName("Listen during calls")
        self.enable_check.setToolTip(f"Off by default. During a call: {CONFIRM_KEY} confirms the newest chip, "
                                     f"{DISMISS_KEY} dismisses it, {PAUSE_KEY} pauses listening.")
        self.enable_check.setChecked(settings.listen_enabled and not self.missing)
        self.enable_check.setEnabled(not self.missing)
        form.addRow(self.enable_check)
        self.source_combo = QComboBox()
        self.source_combo.setAccessibleName("Listen to")
        for key, text in SOURCE_CHOICES.items():
            self.source_combo.addItem(text, key)
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(settings.listen_sources)))
        form.addRow("Listen to", self.source_combo)
        self.meters: dict[str, QProgressBar] = {}
        self.device_combos: dict[str, QComboBox] = {}
        for key, name in (("call", "Call audio"), ("microphone", "Microphone")):
            combo = QComboBox()
            combo.setAccessibleName(f"{name} device")
            combo.setToolTip("Check levels lists the devices of your sound server")
            chosen = settings.listen_call_device if key == "call" else settings.listen_microphone_device
            combo.addItem("Default" if not chosen else chosen, chosen)
            self.device_combos[key] = combo
            form.addRow(f"{name} device", combo)
            meter = QProgressBar()
            meter.setObjectName("level")
            meter.setRange(0, 100)
            meter.setTextVisible(False)
            meter.setFixedHeight(8)
            meter.setAccessibleName(f"{name} level")
            self.meters[key] = meter
            form.addRow(name, meter)
        self.check_button = QPushButton("Check levels")
        self.check_button.setAccessibleName("Check the audio levels for ten seconds")
        self.check_button.setToolTip("Reads the chosen sources for ten seconds and shows how loud they are; "
                                     "nothing is recognised or kept")
        self.check_button.setEnabled(not self.missing)
        self.check_button.clicked.connect(self.check_levels)
        self.level_message = QLabel()
        self.level_message.setObjectName("muted")
        self.level_message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.level_message, 1)
        form.addRow(row)
        self.transcript_check = QCheckBox("Show the last minute of words during the call (on screen only)")
        self.transcript_check.setAccessibleName("Show a rolling transcript")
        self.transcript_check.setChecked(settings.listen_show_transcript)
        form.addRow(self.transcript_check)
        self.model_edit = QLineEdit(settings.listen_model_folder)
        self.model_edit.setPlaceholderText("Bundled: Whisper tiny.en (English)")
        self.model_edit.setAccessibleName("Speech model folder")
        self.model_edit.setToolTip("Leave empty for the bundled model (checked by SHA-256 before loading), "
                                   "or choose a folder with another CTranslate2 Whisper model")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose a speech model folder")
        choose.setToolTip("Choose a folder with a CTranslate2 Whisper model")
        choose.clicked.connect(self.choose_model)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_edit, 1)
        model_row.addWidget(choose)
        form.addRow("Speech model", model_row)
        self.model_problem = QLabel()
        self.model_problem.setObjectName("finding")
        self.model_problem.setProperty("blocking", "true")
        self.model_problem.setWordWrap(True)
        self.model_problem.setVisible(False)
        form.addRow(self.model_problem)
        self._level.connect(lambda key, value: self.meters[key].setValue(round(value * 100)))
        self._level_done.connect(self._check_done)

    def choose_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Speech model folder", self.model_edit.text())
        if folder:
            self.model_edit.setText(folder)

    def check_levels(self) -> None:
        from companion.listen.pulse_source import CALL, MICROPHONE, PulseSource, list_devices, preload
        from companion.listen.setup import LevelCheck
        from companion.listen.sources import SourceProblem

        self.stop_checks()
        try:
            preload()
            self._fill_devices(list_devices())
        except SourceProblem as exc:
            self.level_message.setText(str(exc))
            return
        choice = self.source_combo.currentData()
        kinds = [CALL, MICROPHONE] if choice == "both" else [choice]
        self.level_message.setText("Speak, or play something on the call…")
        for kind in kinds:
            device = self.device_combos[kind].currentData()
            check = LevelCheck(PulseSource(kind, device or None),
                               lambda value, k=kind: self._level.emit(k, value),
                               lambda problem, k=kind: self._level_done.emit(k, problem))
            self._checks[kind] = check
            check.start()

    def _fill_devices(self, devices) -> None:
        for key, combo in self.device_combos.items():
            chosen = combo.currentData()
            combo.clear()
            combo.addItem("Default", "")
            for device in devices:
                if device.is_monitor == (key == "call"):
                    combo.addItem(device.name, device.id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def _check_done(self, kind: str, problem: str) -> None:
        self._checks.pop(kind, None)
        self.meters[kind].setValue(0)
        if problem:
            self.level_message.setText(problem)
        elif not self._checks:
            self.level_message.setText("Done. A bar that moved while someone spoke is working.")

    def stop_checks(self) -> None:
        for check in self._checks.values():
            check.stop()

    def save(self) -> bool:
        """False (with the reason shown) when the chosen model folder holds no model."""
        from companion.listen.model_files import ModelProblem, verified_model

        folder = self.model_edit.text().strip()
        if folder:
            try:
                verified_model(folder)
            except ModelProblem as exc:
                self.model_problem.setText(str(exc))
                self.model_problem.setVisible(True)
                return False
        self.stop_checks()
        s = self.settings
        s.listen_enabled = self.enable_check.isChecked()
        s.listen_sources = self.source_combo.currentData()
        s.listen_call_device = self.device_combos["call"].currentData() or ""
        s.listen_microphone_device = self.device_combos["microphone"].currentData() or ""
        s.listen_show_transcript = self.transcript_check.isChecked()
        s.listen_model_folder = self.model_edit.text().strip()
        return True
