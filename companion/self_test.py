"""`companion --self-test`: proves that this copy of the app works, without a screen.

Run by the build script on the freshly built bundle, and useful to anyone who installed
the app and wonders whether it is complete. It uses a throw-away data folder, so a
rep's own database, settings and playbooks are never touched, and it runs Qt offscreen,
so it needs no display and opens nothing on the desktop.

Each check prints one line; the first failure stops the run with exit code 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from companion import APP_NAME, __version__


class SelfTestFailure(Exception):
    """A check found something wrong (as opposed to crashing)."""


class _Run:
    """The state the checks hand on to each other."""

    def __init__(self, folder: Path):
        from companion.paths import AppPaths

        self.paths = AppPaths.resolve(folder)
        self.playbooks = None
        self.db = None
        self.call = None


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def check_resources(run: _Run) -> str:
    from companion.resources import resource_path, resources_root

    for name in ("app", "tray"):
        _check(resource_path("icons", f"{name}.svg").is_file(), f"icon {name}.svg is missing")
    return str(resources_root())


def check_playbooks(run: _Run) -> str:
    from companion.resources import resource_path
    from companion.store.playbook_files import load_playbooks

    run.paths.ensure()
    run.playbooks = load_playbooks(resource_path("playbooks"), run.paths.playbooks_dir)
    _check(not run.playbooks.errors, "; ".join(str(e) for e in run.playbooks.errors))
    _check(bool(run.playbooks.playbooks), "no built-in playbook was found")
    return ", ".join(sorted(p.id for p in run.playbooks.playbooks))


def check_database(run: _Run) -> str:
    from companion.core.call import Call
    from companion.store.calls import CallStore
    from companion.store.db import open_database, schema_version

    run.db = open_database(run.paths.db_path)
    playbook = run.playbooks.default()
    call = Call(contact="Self Test", company="Example Ltd", playbook_id=playbook.id)
    for moment in playbook.moments[:3]:
        call.agree(moment.id, label=moment.label, stage=moment.stage)
    store = CallStore(run.db, run.paths.db_path)
    store.save_call(call)
    loaded = store.load_call(call.id)
    _check(loaded is not None and loaded.contact == call.contact, "a saved call did not read back")
    run.call = call
    return f"schema {schema_version(run.db)}, a call written and read back"


def check_coach(run: _Run) -> str:
    from companion.core.call import utcnow
    from companion.core.coach_view import coach_view
    from companion.core.settings import Settings

    playbook = run.playbooks.get(run.call.playbook_id)
    view = coach_view(playbook, run.call, utcnow(), Settings())
    _check(bool(view.suggestions), "the coach suggested no close")
    best = view.suggestions[0]
    _check(bool(best.script.strip()), f"the suggested close {best.close_id} has no line to say")
    return f"suggests {best.close_id}: {best.script[:60]}"


def check_main_window(run: _Run) -> str:
    from companion.core.settings import Settings
    from companion.ui.app import build_main_window, create_application, qt_version
    from companion.ui.services import build_services
    from companion.ui.style import icon

    app = create_application([])
    _check(not icon("app").isNull(), "the SVG icon could not be loaded (Qt's SVG plugin missing?)")
    window = build_main_window(build_services(run.paths, run.db, Settings(), run.playbooks))
    window.show()
    window.begin(run.call)
    app.processEvents()
    _check(window.isVisible() and window.call is run.call, "the live window did not show the call")
    window.draft_saver.flush()
    window.close()
    app.processEvents()
    _check(not window.isVisible(), "the live window did not close")
    window.deleteLater()
    app.processEvents()
    return f"Qt {qt_version()}, platform {app.platformName()}"


CHECKS: list[tuple[str, Callable[[_Run], str]]] = [
    ("resources", check_resources),
    ("playbooks", check_playbooks),
    ("database", check_database),
    ("coach", check_coach),
    ("main window", check_main_window),
]


def run_self_test(out=None) -> int:
    out = out or sys.stdout
    # Offscreen even on a desktop: the check must not flash a window at the user, and must
    # work on a build machine without a display (where Qt would otherwise abort).
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    frozen = " (bundle)" if getattr(sys, "frozen", False) else ""
    print(f"{APP_NAME} {__version__}{frozen}: self-test", file=out)
    with tempfile.TemporaryDirectory(prefix="companion-self-test-") as folder:
        run = _Run(Path(folder))
        try:
            for name, check in CHECKS:
                try:
                    detail = check(run)
                except SelfTestFailure as exc:
                    print(f"FAIL {name}: {exc}", file=out)
                    return 1
                except Exception:   # a crash is a failure too; show where it happened
                    print(f"FAIL {name}: crashed\n{traceback.format_exc()}", file=out)
                    return 1
                print(f"ok   {name}: {detail}", file=out)
        finally:
            if run.db is not None:
                run.db.close()
    print("self-test passed", file=out)
    return 0
