"""How fast the end-of-day review feels on a big database, against an empty one.

    python benchmarks/generate_db.py /tmp/bench/calls-1m.sqlite3          # once, ~2 minutes
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_review.py /tmp/bench/calls-1m.sqlite3

Times, in milliseconds, what a rep does: open the review, switch to each tab (first visit
reads, later visits do not), scroll each list to its end (each step reads the next page),
search, switch days and mark a step done. Every timing includes the events and the repaint
that follow, so it is what the rep waits for. The same steps run on an empty database in the
same process as the baseline; the ratio shows what the data costs. Target: under 200 ms each.

The application is set up like the app's (style sheet, icon) but without companion.ui.theme's
Python QProxyStyle: with PySide6 6.12.0 on Python 3.11 every call from Python into a Qt
method returning void drops one reference to None, and that style makes such a call for
every primitive drawn, so a few hundred repaints of a list abort the process
("none_dealloc"). PySide6 6.11.3 does not have the bug.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from companion.core.review import DONE  # noqa: E402
from companion.resources import resource_path  # noqa: E402
from companion.store.calls import CallStore  # noqa: E402
from companion.store.db import open_database  # noqa: E402
from companion.store.playbook_files import load_playbooks  # noqa: E402
from companion.ui.style import icon, style_sheet  # noqa: E402

LIMIT_MS = 200
SCROLL_STEPS = 10
SEARCHES = ("budget", "Nakamura", "bud", "C++", "\"ann-marie\" OR *", "zzzzqx")


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(icon("app"))
    return app


def settle(app: QApplication, window) -> None:
    app.processEvents()
    window.repaint()          # paint now, so the time includes drawing what changed
    app.processEvents()


def timed(app, window, action) -> float:
    began = time.perf_counter()
    action()
    settle(app, window)
    return (time.perf_counter() - began) * 1000


def scroll_steps(app, window, view, steps: int = SCROLL_STEPS) -> list[float]:
    return [timed(app, window, view.scrollToBottom) for _ in range(steps)]


def run(app, db_path: Path, playbooks) -> dict[str, float]:
    from companion.ui.review.window import ReviewWindow

    db = open_database(db_path)
    store = CallStore(db, db_path)
    results: dict[str, float] = {}
    holder = {}

    def open_review():
        window = ReviewWindow(store, playbooks)
        window.resize(1180, 740)
        window.show()
        holder["window"] = window

    began = time.perf_counter()
    open_review()
    settle(app, holder["window"])
    results["open the review (Today tab)"] = (time.perf_counter() - began) * 1000
    window = holder["window"]

    for key in ("commitments", "audit", "techniques", "trend", "search", "today"):
        results[f"switch to {key} (first visit)"] = timed(app, window, lambda k=key: window.show_tab(k))
    results["switch tabs again (worst)"] = max(
        timed(app, window, lambda k=key: window.show_tab(k))
        for key in ("commitments", "audit", "techniques", "trend", "search", "today"))

    window.show_tab("today")
    results["scroll Today to the end (worst step)"] = max(scroll_steps(app, window, window.today.table))
    results["previous day"] = timed(app, window, window.today.previous_button.click)

    window.show_tab("commitments")
    table = window.commitments.table
    model = window.commitments.model
    first_overdue = model.index(1, 0)                  # under the Overdue header
    if model.step_at(first_overdue) is not None:
        table.setCurrentIndex(first_overdue)
        results["mark a step done"] = timed(app, window, lambda: window.commitments.set_status("done"))
    results["unfold Done"] = timed(app, window, lambda: window.commitments.toggle_group(DONE))
    steps = scroll_steps(app, window, table)
    results["scroll Commitments to the end (worst step)"] = max(steps)

    window.show_tab("audit")
    results["audit the last 1,000"] = timed(app, window, lambda: window.audit.count_spin.setValue(1000))
    results["scroll Audit to the end (worst step)"] = max(scroll_steps(app, window, window.audit.table, 5))

    window.show_tab("techniques")
    combo = window.techniques.period_combo
    results["techniques over 12 months"] = timed(app, window, lambda: combo.setCurrentIndex(combo.count() - 1))

    window.show_tab("search")
    box = window.search.box
    for text in SEARCHES:
        def search(t=text):
            box.setText(t)
            window.search.search()
        results[f"search {text!r}"] = timed(app, window, search)
    box.setText("budget")
    window.search.search()
    results["scroll search results to the end (worst step)"] = max(
        scroll_steps(app, window, window.search.table))
    window.close()
    db.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Time the review on a big database.")
    parser.add_argument("db", type=Path, help="a database made by benchmarks/generate_db.py")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db} not found; make it with benchmarks/generate_db.py", file=sys.stderr)
        return 2
    app = make_application()
    playbooks = load_playbooks(resource_path("playbooks"), None)
    probe = open_database(args.db)
    calls = probe.execute("SELECT count(*) FROM calls").fetchone()[0]
    steps = probe.execute("SELECT count(*) FROM next_steps").fetchone()[0]
    probe.close()
    size_mb = args.db.stat().st_size / 1e6
    with tempfile.TemporaryDirectory() as folder:
        run(app, Path(folder) / "warm-up.sqlite3", playbooks)      # imports, fonts, first paint
        empty = run(app, Path(folder) / "empty.sqlite3", playbooks)
    big = run(app, args.db, playbooks)
    print(f"Review benchmark: {calls:,} calls, {steps:,} next steps, {size_mb:,.0f} MB "
          f"({args.db}); baseline: an empty database, same run.")
    width = max(len(name) for name in big)
    print(f"{'operation':<{width}}  {'big ms':>8}  {'empty ms':>8}  {'ratio':>6}  under {LIMIT_MS} ms")
    slow = 0
    for name, ms in big.items():
        base = empty.get(name)
        ratio = f"{ms / base:5.1f}x" if base else "   n/a"
        ok = ms < LIMIT_MS
        slow += not ok
        base_text = f"{base:8.1f}" if base is not None else "     n/a"
        print(f"{name:<{width}}  {ms:8.1f}  {base_text}  {ratio:>6}  {'yes' if ok else 'NO'}")
    print(f"{len(big) - slow} of {len(big)} under {LIMIT_MS} ms.")
    return 0 if slow == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
