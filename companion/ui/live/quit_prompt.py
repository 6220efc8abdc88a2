"""Closing the live window: to the tray, or quitting, and the question asked before
quitting during a call (the draft is kept either way)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from companion import APP_NAME


def confirm_quit(window) -> bool:
    """True when the app may quit: no call runs, or the rep said so."""
    if window.call is None:
        return True
    if not window.draft_saver.flush():
        # The disk refuses (full, read-only, locked): quitting now would lose the call.
        answer = QMessageBox.warning(
            window, "The call is not saved",
            f"The call with {window.call.contact} could not be written to disk, so if you quit "
            f"now, what you entered is lost.\n\n{window.draft_saver.last_error}\n\n"
            "Once that is fixed, quit again: the call is saved first.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard
    answer = QMessageBox.question(
        window, "Quit during a call?",
        f"The call with {window.call.contact} is still running. Quit anyway?\n\n"
        "Everything you entered is kept; the next start offers to resume the call.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def request_quit(window) -> bool:
    """The Quit action (menu or tray): ask if a call runs, save, end the app."""
    if not confirm_quit(window):
        return False
    window._quitting = True
    window.close()
    QApplication.quit()
    return True


def keep_open(window, event) -> bool:
    """Whether a close of the window is refused: hidden to the tray instead, or the rep
    chose to stay in the call. The draft is written first either way."""
    if window.call is not None:
        window.draft_saver.flush()
    window.remember_geometry()
    # Only a close by the rep (title bar, Alt+F4) is spontaneous. Closes sent by code
    # (Qt's quit, log-out, tests) must neither be swallowed by the tray nor block on a
    # question; the draft is flushed above, so nothing is lost either way.
    by_rep = event.spontaneous() and not window._quitting
    if by_rep and window._tray_hint is not None:
        window.hide()
        if not window.settings.tray_hint_shown:
            window._tray_hint(APP_NAME, "Still running in the tray. Click its icon to bring "
                              "the window back; use Quit to end the app.")
            window.settings.tray_hint_shown = True
            window.settings_changed.emit()
        return True
    return by_rep and not confirm_quit(window)
