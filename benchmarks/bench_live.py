"""During a call and at its end: key press to updated window, suggest(), the draft write,
and the wrap-up save, with a large database behind the window.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_live.py BIG.sqlite3 [--ticks 1000]
        [--drafts 1000] [--saves 200]

What is timed, in one process, on the window the app builds (companion.ui.app.build_main_window)
over BIG.sqlite3 (make it with benchmarks/generate_db.py):

- tick: QTest.keyClick of keys 1-9 on the focused checklist (the rep ticking yes moments)
  until the checklist and the coach show the new state and the window has been repainted
  (processEvents, a full repaint, processEvents: the same settling as bench_review.py, so a
  little pessimistic). The draft saver's timer fires inside these ticks as it would in the
  app, so its writes count. Every 25 ticks, outside the clock, the window is checked against
  the call (check boxes, and the top close against the coach computed afresh). The playbook is
  bench_suggest.py's: 30 moments, 12 closes, the call already 14 moments in.
  Baseline: the same keyClick and settling on a bare window whose shortcut "1" toggles one
  QCheckBox.
- suggest: bench_suggest.py's two cases (notes unchanged, notes changing), p99; baseline its
  trivial 12-tuple function.
- draft write: DraftStore.save of the changing call (the call changes before each write);
  baseline: the same on an empty database.
- save at wrap-up: CallStore.save_call (with the hooks the app attaches) of finished calls
  with moments, objections, closes tried, notes and a next step; baseline: the same on an
  empty database. Those calls are deleted again afterwards, so BIG.sqlite3 keeps its rows.

All figures are in milliseconds; p99 is the 99th percentile (the 10th worst of 1,000).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
sys.path.insert(0, str(BENCH_DIR))

import bench_suggest  # noqa: E402  (reused: its playbook, mid-call state and timing helpers)
from bench_memory import protect_none_refcount  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeySequence, QShortcut  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget  # noqa: E402

from companion.core.call import Call, CloseAttempt, NextStep, utcnow  # noqa: E402
from companion.core.playbook import PlaybookSet  # noqa: E402
from companion.core.settings import Settings  # noqa: E402
from companion.paths import AppPaths  # noqa: E402
from companion.store.calls import CallStore  # noqa: E402
from companion.store.db import open_database  # noqa: E402
from companion.store.drafts import DraftStore  # noqa: E402
from companion.ui.app import build_main_window, create_application, load_all_playbooks  # noqa: E402
from companion.ui.services import build_services  # noqa: E402

KEYS = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]
BENCH_CONTACT = "Benchmark Wrapup"       # calls saved here are found and deleted by this name


@dataclass
class Timings:
    """Milliseconds, one per repetition."""
    values: list[float] = field(default_factory=list)

    def p(self, share: float) -> float:
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * share)) - 1))]

    @property
    def p99(self) -> float:
        return self.p(0.99)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def worst(self) -> float:
        return max(self.values)


def settle(app: QApplication, window: QWidget) -> None:
    app.processEvents()
    window.repaint()
    app.processEvents()


def wait_active(app: QApplication, window: QWidget, seconds: float = 5.0) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
    deadline = time.monotonic() + seconds
    while not window.isActiveWindow() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    settle(app, window)


def data_folder(root: Path, db_file: Path | None) -> AppPaths:
    """A data folder for the window; with `db_file`, its database is a link to that file."""
    paths = AppPaths(data_dir=root, config_dir=root, log_dir=root / "logs")
    paths.ensure()
    if db_file is not None and not paths.db_path.exists():
        paths.db_path.symlink_to(db_file.resolve())
    return paths


# -- ticks ------------------------------------------------------------------------------------

def time_ticks(app: QApplication, window, ticks: int) -> tuple[Timings, int]:
    """keyClick 1-9 in turn on the window's focused widget; returns timings and checks made."""
    wait_active(app, window)          # the bare window may have taken the activation
    timings, checks = Timings(), 0
    clock = time.perf_counter
    for index in range(ticks):
        target = window.focusWidget() or window
        moment = window.checklist.ordered_moment_ids()[index % 9]
        was_agreed = window.call.is_agreed(moment)
        began = clock()
        QTest.keyClick(target, KEYS[index % 9])
        settle(app, window)
        timings.values.append((clock() - began) * 1000)
        if window.call.is_agreed(moment) == was_agreed:
            raise AssertionError(f"key {index % 9 + 1} did not tick or untick {moment}")
        if index % 25 == 0:
            check_window_shows_call(window)
            checks += 1
    return timings, checks


def check_window_shows_call(window) -> None:
    call = window.call
    for row in window.checklist.rows:
        if row.check.isChecked() != call.is_agreed(row.moment.id):
            raise AssertionError(f"checklist shows {row.moment.id} wrongly after a tick")
    expected = window.session.coach_view(utcnow())
    top = expected.suggestions[0].close_id if expected.suggestions else None
    if window.coach_panel.top_close_id() != top:
        raise AssertionError(f"coach shows {window.coach_panel.top_close_id()}, expected {top}")


def time_bare_ticks(app: QApplication, ticks: int) -> Timings:
    """The same key press and settling on a bare window whose shortcut toggles a check box."""
    window = QWidget()
    window.resize(360, 640)
    box = QCheckBox("1  A yes moment")
    QVBoxLayout(window).addWidget(box)
    shortcut = QShortcut(QKeySequence("1"), window)
    shortcut.activated.connect(box.toggle)
    wait_active(app, window)
    box.setFocus()
    timings = Timings()
    clock = time.perf_counter
    for _ in range(ticks):
        began = clock()
        QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_1)
        settle(app, window)
        timings.values.append((clock() - began) * 1000)
    window.close()
    window.deleteLater()
    app.processEvents()
    return timings


def bench_playbooks(paths: AppPaths) -> PlaybookSet:
    builtin = load_all_playbooks(paths)
    return PlaybookSet([bench_suggest.build_playbook(), *builtin.playbooks], list(builtin.errors))


def live_window(app: QApplication, paths: AppPaths, db):
    window = build_main_window(build_services(paths, db, Settings(), bench_playbooks(paths)))
    wait_active(app, window)
    start = utcnow() - timedelta(minutes=15)
    call = bench_suggest.mid_call(window.playbooks.get("bench"), start)
    call.playbook_id = "bench"
    window.begin(call)
    settle(app, window)
    return window


def close_window(app: QApplication, window) -> None:
    call = window.call
    window.draft_saver.track(None)
    if call is not None:
        window.draft_saver.drafts.discard(call.id)
    window.call = None
    window.close()
    window.deleteLater()
    app.processEvents()


# -- draft writes and saves ------------------------------------------------------------------

def time_drafts(db, count: int) -> Timings:
    drafts = DraftStore(db)
    playbook = bench_suggest.build_playbook()
    call = bench_suggest.mid_call(playbook, utcnow() - timedelta(minutes=15))
    ids = [m.id for m in playbook.moments]
    timings = Timings()
    clock = time.perf_counter
    for index in range(count):
        moment = ids[index % len(ids)]
        if call.is_agreed(moment):
            call.unagree(moment)
        else:
            call.agree(moment, label=moment, stage="value")
        if index % 10 == 0:
            call.set_notes(call.notes + f" note {index}")
        began = clock()
        drafts.save(call)
        timings.values.append((clock() - began) * 1000)
    drafts.discard(call.id)
    return timings


def finished_call(number: int) -> Call:
    start = utcnow() - timedelta(minutes=40)
    call = Call(contact=BENCH_CONTACT, company=f"Bench Company {number % 50}", playbook_id="discovery",
                started_at=start)
    for i in range(8):
        call.agree(f"m{i}", start + timedelta(minutes=2 + i), label=f"Yes moment {i}", stage="value",
                   note="budget ~20k" if i == 2 else None)
    call.raise_objection("price", start + timedelta(minutes=12), label="Price")
    call.resolve_objection("price", start + timedelta(minutes=14))
    call.close_attempts.append(CloseAttempt("summary", "accepted", start + timedelta(minutes=30)))
    call.set_deal_value(25000)
    call.set_notes("Talked through the reporting process, budget and who signs. " * 8)
    call.ended_at = start + timedelta(minutes=38)
    call.outcome = "advance"
    call.next_step = NextStep("Demo with the finance team", "both", "Brings the CFO",
                              start + timedelta(days=3), "open")
    return call


def time_saves(store: CallStore, count: int) -> Timings:
    timings = Timings()
    clock = time.perf_counter
    for number in range(count):
        call = finished_call(number)
        began = clock()
        store.save_call(call)
        timings.values.append((clock() - began) * 1000)
    return timings


def delete_bench_calls(store: CallStore) -> int:
    ids = [row[0] for row in store.db.execute(
        "SELECT id FROM calls WHERE contact = ? COLLATE NOCASE", [BENCH_CONTACT]).fetchall()]
    for call_id in ids:
        store.delete_call(call_id)
    return len(ids)


# -- the whole run ----------------------------------------------------------------------------

@dataclass
class LiveResults:
    tick: Timings
    bare_tick: Timings
    checks: int
    suggest: dict[str, tuple[float, float]]     # name -> (median µs, p99 µs), from bench_suggest
    draft_big: Timings
    draft_empty: Timings
    draft_in_ticks: Timings                     # the writes the draft saver made during ticks
    save_big: Timings
    save_empty: Timings
    calls: int
    none_refs_lost_per_tick: float              # > 0: the PySide6 6.12.0 bug, see RESULTS.md


def suggest_timings(runs: int) -> dict[str, tuple[float, float]]:
    """bench_suggest's measurement, reused as is (its main() only prints)."""
    playbook = bench_suggest.build_playbook()
    from datetime import datetime, timezone

    start = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
    now = start + timedelta(minutes=15)
    call = bench_suggest.mid_call(playbook, start)
    settings = bench_suggest.CoachSettings()
    base_notes = call.notes

    def steady(_i):
        return bench_suggest.suggest(playbook, call, now, settings)

    def typing(i):
        call.notes = f"{base_notes} {i}"
        return bench_suggest.suggest(playbook, call, now, settings)

    def baseline(_i):
        return [(c.id, c.name, c.weight, c.script) for c in playbook.closes]

    for warm in (steady, typing, baseline):
        bench_suggest.time_runs(warm, 500)
    return {name: bench_suggest.summarise(bench_suggest.time_runs(function, runs))
            for name, function in (("notes unchanged", steady), ("notes changing", typing),
                                   ("baseline", baseline))}


def run(big_db: Path, ticks: int = 1000, drafts: int = 1000, saves: int = 200,
        suggest_runs: int = 20_000) -> LiveResults:
    protect_none_refcount()
    app = QApplication.instance() or create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        empty_paths = data_folder(tmp / "empty", None)
        big_paths = data_folder(tmp / "big", big_db)
        empty_db = open_database(empty_paths.db_path)
        big_db_handle = open_database(big_paths.db_path)
        calls = big_db_handle.execute("SELECT count(*) FROM calls").fetchone()[0]
        try:
            delete_bench_calls(CallStore(big_db_handle))     # left by an interrupted run
            big_db_handle.execute("DELETE FROM drafts")         # (a generated file has none)
            big_db_handle.conn.commit()
            window = live_window(app, big_paths, big_db_handle)
            draft_in_ticks = Timings()
            drafts_store = window.draft_saver.drafts
            plain_save = drafts_store.save

            def timed_save(call):
                began = time.perf_counter()
                try:
                    plain_save(call)
                finally:
                    draft_in_ticks.values.append((time.perf_counter() - began) * 1000)

            drafts_store.save = timed_save
            time_ticks(app, window, 50)                        # warm-up, not counted
            bare_tick = time_bare_ticks(app, 50)
            # Interleaved halves, so that a busy moment of the machine hits both sides.
            half = ticks // 2
            none_before = sys.getrefcount(None)
            tick, checks = time_ticks(app, window, half)
            none_lost = (none_before - sys.getrefcount(None)) / max(1, half)
            bare_tick = time_bare_ticks(app, half)
            more, more_checks = time_ticks(app, window, ticks - half)
            bare_more = time_bare_ticks(app, ticks - half)
            tick.values += more.values
            bare_tick.values += bare_more.values
            checks += more_checks
            drafts_store.save = plain_save
            store = window.store
            close_window(app, window)

            time_drafts(empty_db, 50)                          # warm-up
            draft_empty = time_drafts(empty_db, drafts // 2)
            draft_big = time_drafts(big_db_handle, drafts // 2)
            draft_empty.values += time_drafts(empty_db, drafts - drafts // 2).values
            draft_big.values += time_drafts(big_db_handle, drafts - drafts // 2).values

            empty_store = CallStore(empty_db, empty_paths.db_path)
            time_saves(empty_store, 10)                        # warm-up
            save_empty = time_saves(empty_store, saves // 2)
            save_big = time_saves(store, saves // 2)
            save_empty.values += time_saves(empty_store, saves - saves // 2).values
            save_big.values += time_saves(store, saves - saves // 2).values
        finally:
            delete_bench_calls(CallStore(big_db_handle))
            big_db_handle.close()
            empty_db.close()
    return LiveResults(tick, bare_tick, checks, suggest_timings(suggest_runs), draft_big, draft_empty,
                       draft_in_ticks, save_big, save_empty, calls, none_lost)


def print_results(r: LiveResults) -> None:
    print(f"Live call benchmark: database of {r.calls:,} calls; {len(r.tick.values)} ticks "
          f"({r.checks} checked against the call).")
    print(f"{'':42}{'median ms':>10}{'p99 ms':>9}{'worst ms':>10}")
    rows = (("tick -> checklist + coach repainted", r.tick), ("  baseline: bare check box", r.bare_tick),
            ("draft write (DraftStore.save), big db", r.draft_big), ("  baseline: empty db", r.draft_empty),
            ("  draft writes made during the ticks", r.draft_in_ticks),
            ("save at wrap-up (save_call), big db", r.save_big), ("  baseline: empty db", r.save_empty))
    for name, t in rows:
        if t.values:
            print(f"{name:42}{t.median:10.2f}{t.p99:9.2f}{t.worst:10.2f}")
    for name, (median, p99) in r.suggest.items():
        print(f"{'suggest, ' + name + ' (µs)':42}{median:10.1f}{p99:9.1f}")
    print(f"references to None lost per tick: {r.none_refs_lost_per_tick:.0f} (0 expected; see RESULTS.md)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="a database made by benchmarks/generate_db.py")
    parser.add_argument("--ticks", type=int, default=1000)
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--suggest-runs", type=int, default=20_000)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db} not found; make it with benchmarks/generate_db.py", file=sys.stderr)
        return 2
    results = run(args.db, args.ticks, args.drafts, args.saves, args.suggest_runs)
    print_results(results)
    if args.json:
        import json
        from dataclasses import asdict

        args.json.write_text(json.dumps(asdict(results), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
