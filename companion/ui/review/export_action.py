"""Export from the review: the day shown on Today, or the calls selected in a list.

The same dialog as the live window's Calls › Export notes…, preset from what the rep is
looking at, so "export what I see" is one key (Ctrl+Shift+E) in the review too.
"""

from __future__ import annotations

from datetime import date

from companion.core.settings import Settings


def selected_call_ids(window) -> list[str]:
    """The call selected in the current tab's list, if that tab lists calls."""
    page = window.tabs.currentWidget()
    table = getattr(page, "table", None)
    current = getattr(table, "current_call_id", None)
    if current is not None:
        call_id = current()
        return [call_id] if call_id else []
    step = getattr(page, "current_step", None)          # Commitments: the step's call
    row = step() if step is not None else None
    return [row.call_id] if row is not None else []


def export_from_review(window, settings: Settings, save_settings) -> str:
    """Show the export dialog for what the review shows; the message of a done export."""
    from companion.ui.export_dialog import ExportDialog

    ids = selected_call_ids(window)
    today = window.clock().astimezone().date()
    dialog = ExportDialog(window.store.db, settings, call_ids=ids, save_settings=save_settings,
                          today=today, parent=window, names=window.names)
    if window.tabs.currentWidget() is window.today:
        shown: date = window.today.day
        dialog.preset_days(shown, shown)                   # the day on screen comes first
    dialog.exec()
    return dialog.result_message
