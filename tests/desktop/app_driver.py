"""The real app on a real X display, plus a report of where its controls are.

Usage: python app_driver.py DATA_DIR REPORT_JSON

Runs the app exactly as `companion` does (companion.ui.app.run_app). Every 100 ms it
writes REPORT_JSON: the screen position of each moment row, objection and button, the
status line, the mode and size, so the test can click and read like a person looking at
the screen. It changes nothing in the app.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["QT_QPA_PLATFORM"] = "xcb"


def centre(widget) -> list[int] | None:
    if not widget.isVisible():
        return None
    point = widget.mapToGlobal(widget.rect().center())
    return [point.x(), point.y()]


def result_menu(window) -> dict:
    """Where each entry of the open "Tried it" menu is, once it is open."""
    menu = getattr(window.coach_panel, "_result_menu", None)
    if menu is None or not menu.isVisible():
        return {}
    entries = {}
    for action in menu.actions():
        rect = menu.actionGeometry(action)
        point = menu.mapToGlobal(rect.center())
        entries[action.text().replace("&", "")] = [point.x(), point.y()]
    return entries


def describe(window) -> dict:
    from PySide6.QtWidgets import QWidget

    problems = window.global_shortcuts.problems() if window.global_shortcuts is not None else None
    return {
        "window_id": int(window.windowHandle().winId()),
        "visible": window.isVisible(),
        "active": window.isActiveWindow(),
        "accepting_focus": window.presence.focus.accepting(),
        "status": window.statusBar().currentMessage(),
        "problems": problems,
        "compact": window.settings.compact,
        "size": [window.width(), window.height()],
        "on_top": window.presence.is_on_top(),
        "in_call": window.session is not None,
        "moments": {row.moment.id: centre(row.check) for row in window.checklist.rows},
        "objections": {oid: centre(button) for oid, button in window.objection_bar.buttons.items()},
        "buttons": {name: centre(widget) for name, widget in (
            ("pin", window.pin_button), ("compact", window.call_page.compact_button),
            ("expand", window.compact_page.expand_button), ("copy", window.coach_panel.copy_button),
            ("tried", window.coach_panel.tried_button), ("notes", window.notes_edit))},
        "flashing": sorted(row.moment.id for row in window.checklist.rows if row.property("flashing")),
        "result_menu": result_menu(window),
        "anything_flashing": any(w.property("flashing") for w in window.findChildren(QWidget)),
    }


def main() -> int:
    from companion.paths import AppPaths
    from companion.ui import app as app_module

    data_dir, report = Path(sys.argv[1]), Path(sys.argv[2])
    build_shell = app_module.build_window_shell

    def build_and_watch(settings):
        from PySide6.QtCore import QTimer

        window = build_shell(settings)
        timer = QTimer(window)
        timer.setInterval(100)

        def write() -> None:
            temporary = report.with_suffix(".tmp")
            temporary.write_text(json.dumps(describe(window)), encoding="utf-8")
            temporary.replace(report)
        timer.timeout.connect(write)
        timer.start()
        return window

    app_module.build_window_shell = build_and_watch
    return app_module.run_app(AppPaths.resolve(data_dir), [])


if __name__ == "__main__":
    sys.exit(main())
