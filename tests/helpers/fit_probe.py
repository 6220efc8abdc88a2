"""Child process for the screen-fit test: opens each window and dialog on the screen the
environment describes (QT_QPA_PLATFORM=offscreen:configfile=..., QT_SCALE_FACTOR) and prints,
per window, whether it fits the available area and its primary action is inside it.

Usage: python fit_probe.py DATA_DIR
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path


def main(data_dir: str) -> None:
    from PySide6.QtCore import QRect

    from companion.core.call import Call, NextStep, utcnow
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.store.calls import CallStore
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.services import build_services

    app = create_application([])
    paths = AppPaths.resolve(Path(data_dir))
    paths.ensure()
    db = open_database(paths.db_path)
    store = CallStore(db, paths.db_path)
    saved = Call("Dana Whitfield", "Northwind", playbook_id="discovery", started_at=utcnow() - timedelta(hours=2))
    saved.ended_at = saved.started_at + timedelta(minutes=20)
    saved.outcome, saved.disposition = "advance", "connected"
    saved.next_step = NextStep("Demo of the reporting module", "both", "Brings the CFO", utcnow() + timedelta(days=2))
    store.save_call(saved)
    services = build_services(paths, db, Settings(), load_all_playbooks(paths))
    area = app.primaryScreen().availableGeometry()
    results = []

    def settle():
        for _ in range(6):
            app.processEvents()

    def check(name, window, primary):
        window.show()
        settle()
        frame = window.frameGeometry()
        inside = QRect(primary.mapTo(window, primary.rect().topLeft()), primary.size())
        results.append({
            "window": name,
            "fits": area.contains(frame),
            "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "area": [area.width(), area.height()],
            "primary_visible": primary.isVisible() and window.rect().contains(inside),
        })

    from companion.ui.export_dialog import ExportDialog
    from companion.ui.live.start_dialog import StartCallDialog
    from companion.ui.review.call_detail import CallDetailDialog
    from companion.ui.review.reschedule_dialog import RescheduleDialog
    from companion.ui.review.window import ReviewWindow
    from companion.ui.settings_dialog import SettingsDialog
    from companion.ui.wrapup import WrapUpDialog

    live = build_main_window(services)
    live.show()
    live.begin(Call("Dana Whitfield", "Northwind"))
    check("live window", live, live.end_button)
    wrap = WrapUpDialog(Call("Dana Whitfield"), lambda c: None, last_chance="Tuesday at 10:00 or Wednesday at 14:00?")
    wrap.outcome_group.button(1).setChecked(True)
    wrap.step_fields.action_edit.setText("ping")
    wrap.step_fields.due_field.edit.setText("1/1/2020")
    check("wrap-up", wrap, wrap.save_button)
    start = StartCallDialog(store, services.playbooks, "discovery")
    start.contact_edit.setText("Dana Whitfield")
    start._show_last_time()
    check("start call", start, start.ok_button)
    export = ExportDialog(db, Settings())
    check("export", export, export.export_button)
    review = ReviewWindow(store, services.playbooks)
    check("review", review, review.tabs)
    detail = CallDetailDialog(store, review.queries, store.load_call(saved.id), utcnow)
    check("saved-call editor", detail, detail.save_button)
    reschedule = RescheduleDialog("Dana: demo", None, utcnow())
    check("reschedule", reschedule, reschedule.ok_button)
    settings = SettingsDialog(Settings(), services.playbooks, paths.playbooks_dir, services.reload_playbooks)
    buttons = [b for b in settings.findChildren(type(detail.save_button)) if b.text().replace("&", "") == "Save"]
    check("settings", settings, buttons[0] if buttons else settings)
    print("RESULTS " + json.dumps(results))
    live.draft_saver.flush()
    db.close()


if __name__ == "__main__":
    main(sys.argv[1])
