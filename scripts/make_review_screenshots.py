"""Screenshots of every review tab over realistic demo data (not a test; run by hand).

    xvfb-run -a env QT_QPA_PLATFORM=xcb python scripts/make_review_screenshots.py [OUT_DIR]

The demo data and the review's clock are pinned to one evening, so the pictures are the
same on every run: `docs/screenshots/review-<tab>.png`.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from companion.core.demo_data import DemoCalls, outline
from companion.resources import resource_path
from companion.store.calls import CallStore
from companion.store.db import open_database
from companion.store.playbook_files import load_playbooks
from companion.ui.app import create_application

NOW = datetime(2026, 11, 26, 17, 40, tzinfo=timezone.utc)
SIZE = (1180, 740)


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    playbooks = load_playbooks(resource_path("playbooks"), None)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "calls.sqlite3")
        store = CallStore(db)
        with db.atomic():
            for call in DemoCalls([outline(p) for p in playbooks.playbooks], seed=7).days(30, NOW):
                store.save_call(call)
        from companion.ui.review.window import ReviewWindow

        window = ReviewWindow(store, playbooks, clock=lambda: NOW)
        window.resize(*SIZE)
        window.show()
        for key in window.pages:
            window.show_tab(key)
            if key == "audit":
                window.audit.count_spin.setValue(10)
            if key == "search":
                window.search.box.setText("budget")
                window.search.search()
            for _ in range(5):
                app.processEvents()
            path = out_dir / f"review-{key}.png"
            window.grab().save(str(path))
            print(path)
        if "--detail" in sys.argv:
            from companion.ui.review.call_detail import CallDetailDialog

            call = store.load_call(window.today.model.call_at(1).call_id)
            dialog = CallDetailDialog(store, window.queries, call, lambda: NOW, window)
            dialog.show()
            app.processEvents()
            dialog.grab().save(str(out_dir / "review-call.png"))
            print(out_dir / "review-call.png")
        window.close()
        db.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else Path("docs/screenshots"))
