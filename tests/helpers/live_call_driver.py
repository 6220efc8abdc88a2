"""Plays a rep during a live call in the real window, offscreen, until it is killed.

Usage: python live_call_driver.py DATA_DIR SEED

Builds the window exactly as the app does (companion.ui.app.build_main_window), begins
a call, then on a timer types notes, ticks yes moments, raises and resolves objections,
notes moments and records close attempts, with bursts and pauses. After each change it
prints one line: `CHANGE <seq> <time.time()> <kind> <state as JSON>`. Every change only
adds to the call, so each printed state is distinct and later states contain earlier ones.
The parent test kills this process with SIGKILL and checks the draft against the lines.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

WORDS = ("budget", "reporting", "three", "people", "two", "days", "CFO", "decides", "pilot",
         "Tuesday", "integration", "Salesforce", "export", "renewal", "March", "team")
GAPS_MS = (10, 20, 40, 80, 150, 350, 700)    # bursts of typing, and pauses to think


def call_state(call) -> dict:
    """What the parent compares with the draft; grows with every change."""
    return {
        "notes": call.notes,
        "moments": sorted(call.moments),
        "objections": {k: ("open" if v.is_open else "resolved") for k, v in sorted(call.objections.items())},
        "attempts": [[a.close_id, a.result] for a in call.close_attempts],
        "moment_notes": dict(sorted(call.moment_notes.items())),
    }


def main(data_dir: str, seed: int) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest

    from companion.core.call import Call
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.services import build_services

    rng = random.Random(seed)
    paths = AppPaths.resolve(data_dir)
    paths.ensure()
    app = create_application([])
    db = open_database(paths.db_path)
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    window.show()
    window.begin(Call(contact="Ann Fischer", company="Nordlicht GmbH", playbook_id="discovery"))
    seq = 0

    def report(kind: str) -> None:
        nonlocal seq
        seq += 1
        print(f"CHANGE {seq} {time.time():.6f} {kind} {json.dumps(call_state(window.call))}", flush=True)

    report("begin")
    moments = list(window.checklist.ordered_moment_ids())
    objections = list(window.objection_bar.ordered_ids())

    def type_word() -> str:
        QTest.keyClicks(window.notes_edit, rng.choice(WORDS) + " ")
        return "type"

    def tick() -> str:
        open_ones = [n for n, m in enumerate(moments, 1) if not window.call.is_agreed(m)]
        if not open_ones:
            return type_word()
        window.toggle_moment_number(open_ones[0])
        return "tick"

    def objection() -> str:
        for number, objection_id in enumerate(objections, 1):
            current = window.call.objections.get(objection_id)
            if current is None or current.is_open:       # raise, later resolve; never clear
                window.cycle_objection_number(number)
                return "objection"
        return type_word()

    def moment_note() -> str:
        moment_id = rng.choice(moments)
        before = window.call.moment_notes.get(moment_id, "")
        window.session.set_moment_note(moment_id, before + rng.choice(WORDS) + " ")
        return "moment-note"

    def close_attempt() -> str:
        window.session.record_close_attempt(rng.choice(("trial", "alternative", "summary")),
                                    rng.choice(("accepted", "deferred", "declined")))
        return "close-attempt"

    actions = [type_word] * 5 + [tick] * 2 + [objection, moment_note, close_attempt]

    def step() -> None:
        report(rng.choice(actions)())
        QTimer.singleShot(rng.choice(GAPS_MS), step)

    QTimer.singleShot(rng.choice(GAPS_MS), step)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
