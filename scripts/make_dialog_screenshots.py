"""Screenshots of the wrap-up (with every kind of message), Start call with a returning
contact, and the live window at its minimum size (not a test; run by hand).

    QT_QPA_PLATFORM=offscreen COMPANION_COLOR_SCHEME=dark QT_SCALE_FACTOR=2 \\
        python scripts/make_dialog_screenshots.py OUT_DIR --suffix=-dark@2x
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from companion.core.call import Call, NextStep, utcnow
from companion.core.settings import Settings
from companion.paths import AppPaths
from companion.store.calls import CallStore
from companion.store.db import open_database
from companion.ui.app import build_main_window, create_application, load_all_playbooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--suffix", default="")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from companion.ui.live.start_dialog import StartCallDialog
    from companion.ui.services import build_services
    from companion.ui.wrapup import WrapUpDialog

    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.resolve(Path(folder))
        paths.ensure()
        db = open_database(paths.db_path)
        store = CallStore(db, paths.db_path)
        earlier = Call("Dana Whitfield", "Northwind Logistics", playbook_id="discovery",
                       started_at=utcnow() - timedelta(days=6))
        earlier.ended_at = earlier.started_at + timedelta(minutes=24)
        earlier.outcome, earlier.disposition = "advance", "connected"
        earlier.next_step = NextStep("45-minute demo of the reporting module", "both",
                                     "Brings the CFO", utcnow() - timedelta(days=1))
        store.save_call(earlier)

        def settle() -> None:
            for _ in range(5):
                QApplication.processEvents()
                QTimer.singleShot(30, lambda: None)

        call = Call("Dana Whitfield", "Northwind Logistics")
        wrap = WrapUpDialog(call, lambda c: None,
                            last_chance="Would Tuesday at 10:00 or Wednesday at 14:00 suit you?")
        wrap.show()
        wrap.outcome_group.button(1).setChecked(True)             # Advance
        wrap.step_fields.action_edit.setText("Follow up")
        wrap.step_fields.due_field.edit.setText("3 Mar 2021 10:00")
        for _ in range(10):
            settle()
        wrap.grab().save(str(args.folder / f"wrap-up{args.suffix}.png"))
        wrap.step_fields.due_field.edit.setText("zz 99/99/9999 25:61 tomorrow")
        for _ in range(10):
            settle()
        wrap.grab().save(str(args.folder / f"wrap-up-refused{args.suffix}.png"))
        wrap.done(0)

        start = StartCallDialog(store, load_all_playbooks(paths), "discovery")
        start.show()
        start.contact_edit.setText("Dana Whitfield")
        start._show_last_time()
        for _ in range(10):
            settle()
        start.grab().save(str(args.folder / f"start-call-returning{args.suffix}.png"))
        start.done(0)

        window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
        window.show()
        window.resize(window.minimumSize())
        window.begin(Call("Dana Whitfield", "Northwind Logistics"))
        for number in (1, 2, 3):
            window.toggle_moment_number(number)
        window.notes_edit.setPlainText("too expensive; need to run it by my boss")
        for _ in range(10):
            settle()
        window.grab().save(str(args.folder / f"live-call-minimum{args.suffix}.png"))
        window.draft_saver.flush()
        window.hide()
        db.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
