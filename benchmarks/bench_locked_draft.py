"""The live window while another process holds the database's write lock.

    python benchmarks/bench_locked_draft.py [--hold 4]

A child process holds BEGIN IMMEDIATE for --hold seconds (what a 100,000-call import does
for about 30 s) while the rep keeps ticking moments and typing notes in the real window
(offscreen). A 5 ms timer on the UI thread records the longest gap between its ticks: the
longest freeze. The baseline is the same run with no lock held. Target: two frames (33 ms).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_MS = 33
HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def longest_gap_ms(window, app, hold_s: float, lock_path: Path | None) -> int:
    from PySide6.QtCore import QElapsedTimer, QTimer

    holder = None
    if lock_path is not None:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path), str(hold_s)],
                                  stdout=subprocess.PIPE, text=True)
        holder.stdout.readline()
    clock = QElapsedTimer()
    clock.start()
    state = {"last": 0, "longest": 0}

    def tick():
        now = clock.elapsed()
        state["longest"] = max(state["longest"], now - state["last"])
        state["last"] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    moments = window.checklist.ordered_moment_ids()
    end = time.monotonic() + hold_s * 0.9
    step = 0
    while time.monotonic() < end:
        window.session.set_moment(moments[step % len(moments)], step % 2 == 0)
        window.notes_edit.setPlainText(f"note {step}")
        step += 1
        until = time.monotonic() + 0.35          # past the saver's 300 ms debounce
        while time.monotonic() < until:
            app.processEvents()
            time.sleep(0.001)
    timer.stop()
    if holder is not None:
        holder.wait()
    return state["longest"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", type=float, default=4.0)
    args = parser.parse_args()

    from companion.core.call import Call
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.store.db import open_database
    from companion.ui.app import build_main_window, create_application, load_all_playbooks
    from companion.ui.services import build_services

    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.resolve(folder)
        paths.ensure()
        app = create_application([])
        db = open_database(paths.db_path)
        window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
        window.show()
        window.begin(Call("Dana Whitfield", "Northwind"))
        baseline = longest_gap_ms(window, app, args.hold, None)
        locked = longest_gap_ms(window, app, args.hold, paths.db_path)
        window.draft_saver.track(None)
        db.close()
    ratio = locked / max(baseline, 1)
    print(f"{'figure':<44} {'value':>8} {'baseline':>9} {'ratio':>6} {'target':>8} met")
    print(f"{'longest UI freeze, write lock held ' + format(args.hold, '.0f') + ' s':<44} "
          f"{locked:>6} ms {baseline:>6} ms {ratio:>6.2f} {TARGET_MS:>5} ms "
          f"{'yes' if locked <= TARGET_MS else 'no'}")


if __name__ == "__main__":
    main()
