"""What a global shortcut does in the live window, and the feedback it gives.

Every press changes the call through its LiveCallSession, exactly like a click, so the
draft is saved the same way; the window shows what happened in its status line and
flashes the row that changed, since the rep's eyes are on the call, not on the companion.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from companion.core.shortcut_actions import DEFAULTS

FEEDBACK_MS = 5000
FLASH_MS = 900
_FLASH_STYLE = "background: palette(highlight); color: palette(highlighted-text); border-radius: 3px;"


def flash(widget: QWidget | None) -> None:
    """Light a row up for a moment; the glance it takes to see that the key worked."""
    if widget is None or not widget.isVisible():
        return
    widget.setProperty("flashing", True)
    widget.setStyleSheet(_FLASH_STYLE)
    # A timer owned by the widget dies with it: nothing fires into a closed window.
    timer = widget.findChild(QTimer, "flashTimer")
    if timer is None:
        timer = QTimer(widget)
        timer.setObjectName("flashTimer")
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: (widget.setProperty("flashing", False), widget.setStyleSheet("")))
    timer.start(FLASH_MS)


def run_global_action(window, action: str) -> None:
    presence = window.presence
    if action == "show_hide":
        presence.toggle_shown()
        return
    if action == "compact":
        presence.set_compact(not window.settings.compact)
        window.show_feedback("Compact strip" if window.settings.compact else "Full window")
        return
    if QApplication.activeModalWidget() is not None:
        window.show_feedback("Finish the open dialog first (Esc goes back)")
        return
    if action == "start_call":
        if window.session is not None:
            window.show_feedback("A call is already running")
            return
        presence.bring_forward()        # the start dialog needs the contact's name typed
        window.start_call()
        return
    session = window.session
    if session is None:
        start = window.settings.global_shortcuts.get("start_call", DEFAULTS["start_call"])
        hint = f" (start one with {start})" if start else ""
        window.show_feedback(f"No call running{hint}")
        return
    if action == "end_call":
        presence.bring_forward()        # the wrap-up needs typing
        window.end_call()
        return
    _change_call(window, session, action)


def _change_call(window, session, action: str) -> None:
    kind, _, argument = action.partition("_")
    if kind == "moment":
        number = int(argument)
        change = session.toggle_moment_number(number)
        if change is None:
            window.show_feedback(f"No yes moment {number} in this playbook")
            return
        window.show_feedback(change.message)
        flash(window.checklist_row(change.subject))
    elif kind == "objection":
        number = int(argument)
        change = session.cycle_objection_number(number)
        if change is None:
            window.show_feedback(f"No objection {number} in this playbook")
            return
        window.show_feedback(change.message)
        flash(window.objection_bar.buttons.get(change.subject))
    elif action == "copy_line":
        panel = window.coach_panel
        if panel.top_close_id() is None:
            window.show_feedback("No suggested line to copy")
            return
        panel.copy_top()
        window.show_feedback(f"Copied: {panel.name_label.text()} line")
        flash(panel.card)
    elif kind == "tried":
        close_id = window.coach_panel.top_close_id()
        if close_id is None:
            window.show_feedback("No suggested close to record")
            return
        change = session.record_close_attempt(close_id, argument)
        window.show_feedback(f"Tried: {change.message}")
        flash(window.coach_panel.card)


class GlobalActionDispatcher(QObject):
    """Receives the service's signal in a slot of an object that dies with the window (a
    lambda slot outliving its window crashes PySide when the window is deleted)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    @Slot(str)
    def run(self, action: str) -> None:
        self.window.presence.focus.global_shortcut_pressed()
        run_global_action(self.window, action)


def connect_global_shortcuts(window, settings, service=None):
    """Grab the global shortcuts for `window` and say at once which ones could not be had."""
    from companion.ui.global_shortcut_service import GlobalShortcutService

    if service is None:
        service = GlobalShortcutService(parent=window)
    window.global_shortcuts = service
    service.activated.connect(GlobalActionDispatcher(window).run)
    service.apply(settings)
    report_shortcut_problems(window, service)
    QApplication.instance().aboutToQuit.connect(service.close)
    return service


def report_shortcut_problems(window, service) -> None:
    problems = service.problems()
    if problems:
        window.statusBar().showMessage("; ".join(problems) + ". Change them in Settings › Shortcuts.", 30000)
