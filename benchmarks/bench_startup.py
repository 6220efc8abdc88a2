"""Cold start: process start until the live window is shown and painted, against a bare
PySide6 script that shows one empty QWidget (bare_qt_window.py).

    python benchmarks/bench_startup.py [--runs N] [--platform offscreen|xcb|both] [--db PATH]

Each run is a fresh `python` process; the app and the baseline alternate (app, bare, app,
bare...) so that noise from other work on the machine falls on both alike. A run's time goes
from just before the parent starts the process to the child's `PAINTED` line, which carries
`time.monotonic()` (one clock for the whole machine) taken after the first paint of the
window has finished. The app side runs the real `companion` entry point (companion.cli.main)
with --data-dir pointing at a prepared folder, so it pays for the argument parser, the
folders, the database, settings, playbooks, the tray and everything else a user's start does.

Under xcb one Xvfb server is started for the whole run (xvfb-run per process would add its
own start-up to both sides).

The child side lives in this file too (`--child app DATA_DIR`): its module level imports
nothing but `sys`, so it pays no more than bare_qt_window.py does for being measured.
"""

from __future__ import annotations

import sys

HERE = __file__.rsplit("/", 1)[0] or "."


def _child_app(data_dir: str, on_painted=None) -> int:
    """Runs inside the measured process: the real entry point, with a paint probe put on
    the QApplication as soon as the bootstrap has made it. Nothing is imported before the
    app imports it, so the app's own import order (and what PySide6 does for each module
    imported after it) is measured as it is. `on_painted(window)` (bench_memory.py) replaces
    the default: print the marker and quit."""
    sys.path.insert(0, HERE)
    sys.path.insert(1, HERE + "/..")
    import companion.ui.app as bootstrap

    create_application = bootstrap.create_application

    def create_application_with_probe(qt_args):
        app = create_application(qt_args)
        from bare_qt_window import PaintProbe, report_painted

        def painted(window) -> None:
            report_painted()
            if on_painted is None:
                app.quit()
            else:
                on_painted(window)

        PaintProbe(app, "LiveCallWindow", painted)
        return app

    bootstrap.create_application = create_application_with_probe
    from companion.cli import main

    return main(["--data-dir", data_dir])


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--child":
    sys.exit(_child_app(sys.argv[3]))


# ---------------------------------------------------------------------------------------
# The parent: everything below runs only in the process that measures.

import argparse  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
BARE = BENCH_DIR / "bare_qt_window.py"
THIS = Path(__file__).resolve()
TIMEOUT_S = 60


@dataclass
class StartupResult:
    platform: str
    label: str            # "empty database" or "1,000,000 calls"
    app_s: list[float]
    bare_s: list[float]

    @property
    def app_median(self) -> float:
        return statistics.median(self.app_s)

    @property
    def bare_median(self) -> float:
        return statistics.median(self.bare_s)

    @property
    def ratio(self) -> float:
        return self.app_median / self.bare_median


def time_to_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before starting `command` to its PAINTED line."""
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    for line in done.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - began
    raise RuntimeError(f"{command[1]} never reported a paint (exit {done.returncode}):\n"
                       f"{done.stdout}\n{done.stderr}")


def prepare_data_dir(folder: Path, db: Path | None, env: dict[str, str],
                     python: str = sys.executable) -> Path:
    """A data folder as after a first start: database, settings, logs. With `db`, the
    database is a link to that (large) file, so a start on a long history is measured."""
    folder.mkdir(parents=True, exist_ok=True)
    if db is not None:
        target = folder / "calls.sqlite3"
        if not target.exists():
            target.symlink_to(db.resolve())
        skip_daily_backup(folder)
        clear_leftover_drafts(db)
    # One start that is not measured: creates what a first start creates (schema, folders).
    time_to_paint([python, str(THIS), "--child", "app", str(folder)], env)
    return folder


def clear_leftover_drafts(db: Path) -> None:
    """A generated database has no drafts; any found were left by an interrupted benchmark
    run, and would make the app ask "Resume call?" and wait for an answer."""
    import sqlite3

    conn = sqlite3.connect(str(db))
    try:
        with conn:
            conn.execute("DELETE FROM drafts")
    finally:
        conn.close()


def skip_daily_backup(folder: Path) -> None:
    """Today's daily backup already exists, as on any start after the first of the day, so
    no child that lives past 3 s copies the large database (the app's own naming, from a
    tiny file)."""
    sys.path.insert(0, str(BENCH_DIR.parent))
    from companion.store.backup import make_backup
    from companion.store.db import open_database

    tiny = folder / "tiny.sqlite3"
    open_database(tiny).close()
    make_backup(tiny, folder / "backups", kind="daily")
    tiny.unlink()


@contextmanager
def xvfb_display():
    """One Xvfb server for the whole run; yields its DISPLAY."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24",
                               "-nolisten", "tcp"], pass_fds=[write_fd],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


PYCACHE = BENCH_DIR / "out" / "pycache"


def platform_env(platform: str, display: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COMPANION_DATA_DIR", None)
    # An installed app starts from compiled bytecode. A machine that sets
    # PYTHONDONTWRITEBYTECODE (this one does) would make every start compile the app's
    # modules again (~65 ms); both sides get a bytecode cache of their own instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    env["QT_QPA_PLATFORM"] = platform
    if display is not None:
        env["DISPLAY"] = display
    return env


def measure(platform: str, runs: int, data_dir: Path, env: dict[str, str], label: str,
            python: str = sys.executable) -> StartupResult:
    app_cmd = [python, str(THIS), "--child", "app", str(data_dir)]
    bare_cmd = [python, str(BARE)]
    # Warm the page cache and .pyc files on both sides; not counted.
    time_to_paint(app_cmd, env)
    time_to_paint(bare_cmd, env)
    app_s, bare_s = [], []
    for index in range(runs):
        # Alternate which goes first, so neither always follows the other.
        order = ((app_cmd, app_s), (bare_cmd, bare_s))
        for command, into in (order if index % 2 == 0 else order[::-1]):
            into.append(time_to_paint(command, env))
    return StartupResult(platform, label, app_s, bare_s)


def run(runs: int = 11, platforms: tuple[str, ...] = ("offscreen", "xcb"),
        big_db: Path | None = None, work_dir: Path | None = None,
        python: str = sys.executable) -> list[StartupResult]:
    """`python` runs both sides (run_all.py passes a clean install's interpreter)."""
    results = []
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        for platform in platforms:
            display_cm = xvfb_display() if platform == "xcb" else _no_display()
            with display_cm as display:
                env = platform_env(platform, display)
                empty = prepare_data_dir(Path(tmp) / f"{platform}-empty", None, env, python)
                results.append(measure(platform, runs, empty, env, "empty database", python))
                if big_db is not None:
                    big = prepare_data_dir(Path(tmp) / f"{platform}-big", big_db, env, python)
                    results.append(measure(platform, runs, big, env, "large database", python))
    return results


@contextmanager
def _no_display():
    yield None


def print_results(results: list[StartupResult]) -> None:
    print(f"{'platform':10}{'database':18}{'app median ms':>15}{'bare median ms':>16}{'ratio':>8}")
    for r in results:
        print(f"{r.platform:10}{r.label:18}{r.app_median * 1000:15.0f}{r.bare_median * 1000:16.0f}"
              f"{r.ratio:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--platform", choices=("offscreen", "xcb", "both"), default="both")
    parser.add_argument("--db", type=Path, help="also start on this (large) database")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter for both sides (default: this one)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    platforms = ("offscreen", "xcb") if args.platform == "both" else (args.platform,)
    results = run(args.runs, platforms, args.db, python=args.python)
    print_results(results)
    if args.json:
        import json
        from dataclasses import asdict

        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
