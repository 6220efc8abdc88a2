"""The question asked before quitting during a call (the draft is kept either way)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


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
