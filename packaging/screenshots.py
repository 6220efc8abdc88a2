"""Take the screenshots in docs/screenshots/ from the real window, with a sample call.

Meant to run under Xvfb, so the window is a real X11 window with the platform's fonts:

    xvfb-run -a python packaging/screenshots.py docs/screenshots
    QT_SCALE_FACTOR=2 xvfb-run -a python packaging/screenshots.py /tmp/shots --suffix=@2x

Each scheme runs in its own process (COMPANION_COLOR_SCHEME=light|dark), so every shot
starts from a fresh application, as the app does when the desktop is in that scheme.
A throw-away data folder keeps the rep's own calls out of the pictures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shoot(target: Path) -> None:
    """Open the live window on a call in progress and save what it shows."""
    from PySide6.QtCore import QTimer

    from companion.core.call import Call, utcnow
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.resources import resource_path
    from companion.store.db import open_database
    from companion.store.playbook_files import load_playbooks
    from companion.ui.app import build_main_window, create_application
    from companion.ui.services import build_services

    app = create_application([])
    with tempfile.TemporaryDirectory(prefix="companion-shots-") as folder:
        paths = AppPaths.resolve(folder)
        paths.ensure()
        db = open_database(paths.db_path)
        playbooks = load_playbooks(resource_path("playbooks"), None)
        window = build_main_window(build_services(paths, db, Settings(), playbooks))
        window.move(40, 40)
        window.show()
        call = Call(contact="Dana Whitfield", company="Northwind Logistics",
                    playbook_id="discovery", started_at=utcnow() - timedelta(minutes=17, seconds=42))
        window.begin(call)
        for moment in ("agenda_agreed", "time_confirmed", "pain_confirmed", "pain_costs", "sees_fit"):
            window.session.set_moment(moment, True)
        window.session.set_moment_note("pain_costs", "2 analysts, 3 days a month on reports")
        window.notes_edit.setPlainText("Uses spreadsheets today. Worried it is too expensive "
                                       "next to their current tool.")
        window.session.cycle_objection("timing")
        window.session.cycle_objection("timing")      # raised, then resolved: shows both states
        window.session.cycle_objection("authority")

        def grab() -> None:
            image = window.grab()
            target.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(target), "PNG"):
                raise SystemExit(f"could not write {target}")
            print(f"{target}  {image.width()}x{image.height()} px "
                  f"(device pixel ratio {image.devicePixelRatio():g})")
            window.draft_saver.flush()
            window.close()
            app.quit()

        QTimer.singleShot(800, grab)          # let the window manager map it and fonts settle
        app.exec()
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the live call window.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--suffix", default="", help="added to the file names, e.g. @2x")
    parser.add_argument("--one", metavar="FILE", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        shoot(args.one)
        return 0
    for scheme in ("light", "dark"):
        target = args.folder / f"live-call-{scheme}{args.suffix}.png"
        env = dict(os.environ, COMPANION_COLOR_SCHEME=scheme)
        subprocess.run([sys.executable, __file__, str(args.folder), "--one", str(target)],
                       env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
