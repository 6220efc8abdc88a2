"""Resident memory: the app idle with a call open, against the bare PySide6 window; and the
review open on a large database, against the same app idle on that database.

    python benchmarks/bench_memory.py [--runs N] [--db BIG.sqlite3]

Each figure is the median over fresh processes (app and baseline alternate), read from the
process itself (VmRSS) at the same moment on both sides: SETTLE_MS after the window has been
painted. The app side is the real entry point (companion.cli.main with --data-dir): after the
first paint it starts a call, idles SETTLE_MS, reads its memory (idle figure), then, with a
large database, opens the review as Ctrl+R does, idles, reads again (review figure), visits
every tab and scrolls each list to its end, idles, reads a third time.

Targets (the issue's): idle with a call at most 40 MB above the bare window; the review open
on 1,000,000 calls at most 100 MB above the idle figure on that database.
"""

from __future__ import annotations

import sys

HERE = __file__.rsplit("/", 1)[0] or "."
SETTLE_MS = 1000
TABS = ("commitments", "audit", "techniques", "trend", "search", "today")


def protect_none_refcount() -> None:
    """Work around a bug of PySide6 6.12.0 on CPython 3.11: every Qt call that returns
    nothing takes one reference from None (3.12 made None immortal, which hides it), so a
    long benchmark would die with "deallocating None". This lends None a billion references,
    which costs no memory. bench_live.py measures the loss and reports it (RESULTS.md)."""
    if sys.version_info < (3, 12):
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1_000_000_000


def _child_app(data_dir: str, review: bool) -> int:
    """The measured process: the real entry point, as bench_startup.py runs it (the paint
    probe goes on the QApplication the bootstrap makes; nothing is imported ahead of it)."""
    sys.path.insert(0, HERE)
    sys.path.insert(1, HERE + "/..")
    protect_none_refcount()
    import companion.ui.app as bootstrap

    create_application = bootstrap.create_application
    state = {}

    def later(then) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(SETTLE_MS, then)

    def painted(window) -> None:
        from bare_qt_window import report_painted

        report_painted()
        begin_when_ready(window)

    def begin_when_ready(window) -> None:
        # The window is painted before the database opens; a call can start once it has.
        if not window.ready:
            later(lambda: begin_when_ready(window))
            return
        from companion.core.call import Call

        window.begin(Call(contact="Jane Smith", company="Acme"))
        later(lambda: idle(window))

    def idle(window) -> None:
        from bare_qt_window import rss_kb

        print(f"RSS idle {rss_kb()}", flush=True)
        if not review:
            finish(window)
            return
        window.review_requested.emit()          # what Ctrl+R and the tray do
        state["app"].processEvents()
        later(lambda: review_open(window))

    def review_window():
        from PySide6.QtWidgets import QApplication

        return next(w for w in QApplication.topLevelWidgets()
                    if type(w).__name__ == "ReviewWindow" and w.isVisible())

    def review_open(window) -> None:
        from bare_qt_window import rss_kb

        print(f"RSS review {rss_kb()}", flush=True)
        shown = review_window()
        app = state["app"]
        for tab in TABS:
            shown.show_tab(tab)
            app.processEvents()
            for view in _lists(shown):
                if view.isVisible():
                    for _ in range(10):          # each step may read the next page
                        view.scrollToBottom()
                        app.processEvents()
        later(lambda: all_tabs(window))

    def all_tabs(window) -> None:
        from bare_qt_window import rss_kb

        print(f"RSS review-all-tabs {rss_kb()}", flush=True)
        finish(window)

    def finish(window) -> None:
        # Leave no draft behind: the next start would otherwise offer to resume the call.
        call = window.call
        window.draft_saver.track(None)
        window.draft_saver.drafts.discard(call.id)
        window.call = None
        state["app"].quit()

    def create_application_with_probe(qt_args):
        app = create_application(qt_args)
        from bare_qt_window import PaintProbe

        state["app"] = app
        PaintProbe(app, "LiveCallWindow", painted)
        return app

    bootstrap.create_application = create_application_with_probe
    from companion.cli import main

    return main(["--data-dir", data_dir])


def _lists(review_window):
    from PySide6.QtWidgets import QAbstractItemView

    return review_window.findChildren(QAbstractItemView)


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--child":
    sys.exit(_child_app(sys.argv[2], "--review" in sys.argv))


# ---------------------------------------------------------------------------------------
# The parent.

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import bench_startup  # noqa: E402  (data folders, environment)

BENCH_DIR = Path(__file__).resolve().parent
THIS = Path(__file__).resolve()
BARE = BENCH_DIR / "bare_qt_window.py"
TIMEOUT_S = 300


@dataclass
class MemoryResult:
    bare_kb: list[int] = field(default_factory=list)
    idle_kb: list[int] = field(default_factory=list)            # empty database
    big_idle_kb: list[int] = field(default_factory=list)        # large database
    review_kb: list[int] = field(default_factory=list)
    review_all_tabs_kb: list[int] = field(default_factory=list)

    @staticmethod
    def mb(values: list[int]) -> float | None:
        return statistics.median(values) / 1024 if values else None


def read_rss(command: list[str], env: dict[str, str]) -> dict[str, int]:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    found = {}
    for line in done.stdout.splitlines():
        if line.startswith("RSS "):
            *name, value = line.split()[1:]
            found[" ".join(name) or "bare"] = int(value)
    if not found:
        raise RuntimeError(f"{command[1]} reported no memory (exit {done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}")
    return found


def run(runs: int = 5, big_db: Path | None = None, big_runs: int = 3,
        platform: str = "offscreen", python: str = sys.executable) -> MemoryResult:
    result = MemoryResult()
    env = bench_startup.platform_env(platform, None)
    with tempfile.TemporaryDirectory() as tmp:
        empty = bench_startup.prepare_data_dir(Path(tmp) / "empty", None, env, python)
        app_cmd = [python, str(THIS), "--child", str(empty)]
        bare_cmd = [python, str(BARE), "--rss-after", str(SETTLE_MS)]
        for index in range(runs):
            pair = ((app_cmd, "idle", result.idle_kb), (bare_cmd, "bare", result.bare_kb))
            for command, key, into in (pair if index % 2 == 0 else pair[::-1]):
                into.append(read_rss(command, env)[key])
        if big_db is not None:
            big = bench_startup.prepare_data_dir(Path(tmp) / "big", big_db, env, python)
            for _ in range(big_runs):
                found = read_rss([python, str(THIS), "--child", str(big), "--review"], env)
                result.big_idle_kb.append(found["idle"])
                result.review_kb.append(found["review"])
                result.review_all_tabs_kb.append(found["review-all-tabs"])
    return result


def print_results(r: MemoryResult) -> None:
    rows = (("bare PySide6 window", r.bare_kb), ("app idle, call open (empty db)", r.idle_kb),
            ("app idle, call open (large db)", r.big_idle_kb), ("review open (large db)", r.review_kb),
            ("review, every tab scrolled (large db)", r.review_all_tabs_kb))
    print(f"{'resident memory, median':40}{'MB':>8}")
    for name, values in rows:
        if values:
            print(f"{name:40}{MemoryResult.mb(values):8.1f}")
    print(f"idle above bare: {MemoryResult.mb(r.idle_kb) - MemoryResult.mb(r.bare_kb):.1f} MB (target <= 40)")
    if r.review_kb:
        print(f"review above idle (large db): "
              f"{MemoryResult.mb(r.review_kb) - MemoryResult.mb(r.big_idle_kb):.1f} MB (target <= 100)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="a large database (benchmarks/generate_db.py)")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter for both sides (default: this one)")
    parser.add_argument("--big-runs", type=int, default=3,
                        help="processes that open the review on the large database")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    result = run(args.runs, args.db, args.big_runs, python=args.python)
    print_results(result)
    if args.json:
        import json
        from dataclasses import asdict

        args.json.write_text(json.dumps(asdict(result), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
