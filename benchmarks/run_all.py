"""The benchmark suite in one command: prints one table, every figure against its baseline.

    python benchmarks/run_all.py [--quick] [--no-venv] [--only NAME ...]

Columns: figure, value, baseline (measured in the same run, on the same machine), ratio
(value / baseline), target (the issue's), met?. Absolute times are not comparable between
machines or even between runs on a shared machine; ratios are steadier. A target stated in
milliseconds is still checked in milliseconds, with the baseline alongside for context.

What runs (each in a process of its own, so one Qt application per benchmark):
  startup  bench_startup.py  process start to the live window painted, against a bare
                             PySide6 window; offscreen and under Xvfb (xcb); empty database
                             and 1,000,000 calls
  memory   bench_memory.py   resident memory idle with a call open, and with the review open
  live     bench_live.py     key press to checklist and coach updated; suggest(); draft write;
                             save at wrap-up (1,000,000 calls behind the window)
  review   bench_review.py   open, switch tabs, scroll, search on 1,000,000 calls vs an empty db
  export   bench_export.py   CSV of 100,000 calls vs sqlite3 -csv; JSON export and import

The large database is made once by generate_db.py (deterministic by seed) and kept in
benchmarks/out/ (git-ignored), as is a clean virtual environment with only the app's own
dependencies as pyproject.toml states them (benchmarks/out/venv, made once with pip, remade
when those lines change): the figures are those of an install like scripts/run.sh makes, not
of a development environment with extra packages (see RESULTS.md). --no-venv runs
everything with this interpreter instead.
--quick: fewer repetitions and a 100,000-call database, for a check that everything runs
(about two minutes once the databases exist); its figures are not the reference ones.
The exit status is 0 even when a target is missed: benchmarks never fail a build on time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
VENV = OUT / "venv"
SEED = 1
ALL = ("startup", "memory", "live", "review", "export")


# -- one row of the table ----------------------------------------------------------------------

@dataclass
class Row:
    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None          # None: reported only, no target
    ratio_kind: str = "x"            # "x": value / baseline; "+": value - baseline (memory)

    def cells(self) -> list[str]:
        def number(v):
            if v is None:
                return "n/a"
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"

        value = f"{number(self.value)} {self.unit}" if self.value is not None else "n/a"
        base = f"{number(self.baseline)} {self.unit}" if self.baseline is not None else "—"
        ratio = "—"
        if self.value is not None and self.baseline:
            ratio = (f"{self.value / self.baseline:.2f}x" if self.ratio_kind == "x"
                     else f"+{self.value - self.baseline:.1f} {self.unit}")
        met = "—" if self.met is None else ("yes" if self.met else "NO")
        return [self.figure, value, base, ratio, self.target or "—", met]


def print_table(rows: list[Row], out=sys.stdout) -> str:
    header = ["figure", "value", "baseline", "ratio", "target", "met?"]
    cells = [header] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = []
    for n, line in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    text = "\n".join(lines)
    print(text, file=out)
    return text


# -- environment ---------------------------------------------------------------------------

def runtime_dependencies() -> list[str]:
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def clean_python() -> str:
    """The interpreter of benchmarks/out/venv: the app's dependencies as pyproject.toml
    states them and nothing else (made when missing or when those lines changed)."""
    wanted = runtime_dependencies()
    stamp = VENV / "bench-requirements.txt"
    python = VENV / "bin" / "python"
    if python.exists() and stamp.exists() and stamp.read_text().splitlines() == wanted:
        return str(python)
    print(f"Making {VENV.relative_to(ROOT)} with {', '.join(wanted)} (once) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *wanted], check=True)
    stamp.write_text("\n".join(wanted) + "\n")
    return str(python)


def describe(python: str) -> str:
    """Python and PySide6 versions of the interpreter the benchmarks run with."""
    code = "import sys, PySide6; print(sys.version.split()[0], PySide6.__version__)"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=child_env())
    version, pyside = (done.stdout.split() + ["?", "?"])[:2]
    return f"Python {version}, PySide6 {pyside}"


def big_database(calls: int, python: str) -> Path:
    path = OUT / f"calls-{calls}-seed{SEED}.sqlite3"
    if not path.exists():
        print(f"Generating {path.name} with generate_db.py (once; ~2 minutes for 1,000,000) ...",
              flush=True)
        partial = path.with_suffix(".partial.sqlite3")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        subprocess.run([python, str(BENCH_DIR / "generate_db.py"), str(partial), "--calls", str(calls),
                        "--seed", str(SEED)], check=True)
        partial.rename(path)
    return path


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Compiled bytecode, as an installed app has (see bench_startup.platform_env).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    return env


def run_child(command: list[str], name: str) -> None:
    began = time.perf_counter()
    shown = ["bench_review.py (run() per database)"] if command[1] == "-c" else [
        Path(c).name if c.startswith("/") else c for c in command[1:]]
    print(f"-- {name}: {' '.join(shown)}", flush=True)
    done = subprocess.run(command, env=child_env(), cwd=ROOT, capture_output=True, text=True)
    log = OUT / f"{name}.log"
    log.write_text(done.stdout + "\n--- stderr ---\n" + done.stderr)
    if done.returncode not in (0, 1):      # bench_export/bench_review exit 1 on a missed target
        raise RuntimeError(f"{name} failed (exit {done.returncode}); see {log}")
    print(f"   {time.perf_counter() - began:.0f} s, output in {log.relative_to(ROOT)}", flush=True)


# -- the benchmarks -------------------------------------------------------------------------------

def startup_rows(python: str, db: Path, quick: bool) -> list[Row]:
    out = OUT / "startup.json"
    run_child([python, str(BENCH_DIR / "bench_startup.py"), "--runs", "5" if quick else "11",
               "--db", str(db), "--python", python, "--json", str(out)], "startup")
    rows = []
    for r in json.loads(out.read_text()):
        app = sorted(r["app_s"])[len(r["app_s"]) // 2] * 1000
        bare = sorted(r["bare_s"])[len(r["bare_s"]) // 2] * 1000
        platform = "Xvfb (xcb)" if r["platform"] == "xcb" else r["platform"]
        where = "1,000,000 calls" if r["label"] == "large database" else r["label"]
        if quick and r["label"] == "large database":
            where = "large database"
        rows.append(Row(f"Cold start to painted, {platform}, {where} (median of {len(r['app_s'])})",
                        app, "ms", bare, "≤ 1.5x bare window", app / bare <= 1.5))
    return rows


def memory_rows(python: str, db: Path, quick: bool) -> list[Row]:
    out = OUT / "memory.json"
    run_child([python, str(BENCH_DIR / "bench_memory.py"), "--runs", "3" if quick else "5",
               "--big-runs", "1" if quick else "3", "--db", str(db), "--python", python,
               "--json", str(out)], "memory")
    r = json.loads(out.read_text())

    def mb(values):
        return sorted(values)[len(values) // 2] / 1024

    idle, bare = mb(r["idle_kb"]), mb(r["bare_kb"])
    big_idle, review, tabs = mb(r["big_idle_kb"]), mb(r["review_kb"]), mb(r["review_all_tabs_kb"])
    return [
        Row("Memory (RSS), idle with a call open", idle, "MB", bare, "≤ bare + 40 MB",
            idle - bare <= 40, "+"),
        Row("Memory, review open on the large database", review, "MB", big_idle,
            "≤ idle + 100 MB", review - big_idle <= 100, "+"),
        Row("Memory, review after every tab scrolled to the end", tabs, "MB", big_idle,
            "≤ idle + 100 MB", tabs - big_idle <= 100, "+"),
        Row("Memory, idle on the large database (no scan at start)", big_idle, "MB", idle,
            "", None, "+"),
    ]


def live_rows(python: str, db: Path, quick: bool) -> list[Row]:
    out = OUT / "live.json"
    counts = ["--ticks", "300", "--drafts", "300", "--saves", "60", "--suggest-runs", "5000"] if quick else []
    run_child([python, str(BENCH_DIR / "bench_live.py"), str(db), *counts, "--json", str(out)], "live")
    r = json.loads(out.read_text())

    def p99(t):
        ordered = sorted(t["values"])
        return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * 0.99) - 1))]

    ticks = len(r["tick"]["values"])
    tick = p99(r["tick"])
    rows = [Row(f"Tick (key 1-9) to checklist + coach repainted, p99 of {ticks:,}", tick, "ms",
                p99(r["bare_tick"]), "< 16 ms", tick < 16)]
    base_us = r["suggest"]["baseline"][1]
    for name in ("notes unchanged", "notes changing"):
        value = r["suggest"][name][1]
        rows.append(Row(f"suggest(), {name}, p99 (µs; baseline: 12 tuples)", value, "µs", base_us,
                        "< 1,000 µs", value < 1000))
    # Net change of None's reference count over the ticks; a gain (objects holding None
    # were made) is no loss, so it shows as 0. PySide6 6.12.0 loses ~180 per tick.
    lost = max(0.0, r["none_refs_lost_per_tick"])
    rows.append(Row("Stability: references to None lost per tick (PySide6 6.12.0 bug)",
                    lost, "refs", None, "0", lost < 1))
    draft = p99(r["draft_big"])
    rows.append(Row("Draft write (DraftStore.save), p99, large db (baseline: empty db)", draft, "ms",
                    p99(r["draft_empty"]), "< 5 ms", draft < 5))
    if r["draft_in_ticks"]["values"]:
        worst = max(r["draft_in_ticks"]["values"])
        rows.append(Row("Draft writes on the UI thread during the ticks, worst", worst, "ms", None,
                        "< 16 ms (one frame)", worst < 16))
    save = p99(r["save_big"])
    rows.append(Row("Save at wrap-up (CallStore.save_call), p99, large db (baseline: empty db)", save,
                    "ms", p99(r["save_empty"]), "< 20 ms", save < 20))
    return rows


REVIEW_CHILD = """
import json, sys, tempfile
from pathlib import Path
sys.path[:0] = [{bench!r}, {root!r}]
from bench_memory import protect_none_refcount
protect_none_refcount()
import bench_review
from companion.store.playbook_files import load_playbooks
from companion.resources import resource_path
from companion.ui.app import create_application
app = create_application([])
playbooks = load_playbooks(resource_path("playbooks"), None)
with tempfile.TemporaryDirectory() as folder:
    bench_review.run(app, Path(folder) / "warm-up.sqlite3", playbooks)
    empty = bench_review.run(app, Path(folder) / "empty.sqlite3", playbooks)
big = bench_review.run(app, Path({db!r}), playbooks)
Path({out!r}).write_text(json.dumps({{"big": big, "empty": empty}}, indent=1))
print("\\n".join(f"{{k}}: {{v:.1f}} ms (empty {{empty.get(k, float('nan')):.1f}})" for k, v in big.items()))
"""


def review_rows(python: str, db: Path, quick: bool) -> list[Row]:
    """bench_review.py (another benchmark's code) called as it is: its run() per database."""
    out = OUT / "review.json"
    code = REVIEW_CHILD.format(bench=str(BENCH_DIR), root=str(ROOT), db=str(db), out=str(out))
    run_child([python, "-c", code], "review")
    r = json.loads(out.read_text())
    limit = 200
    return [Row(f"Review: {name}", ms, "ms", r["empty"].get(name), f"< {limit} ms", ms < limit)
            for name, ms in r["big"].items()]


def export_rows(python: str, quick: bool) -> list[Row]:
    calls = 20_000 if quick else 100_000
    run_child([python, str(BENCH_DIR / "bench_export.py"), "--calls", str(calls),
               "--repeat", "1" if quick else "3"], "export")
    text = (OUT / "export.log").read_text()
    found = {}
    for line in text.splitlines():
        head, _, rest = line.partition(":")
        key = " ".join(head.split())
        found[key] = rest.strip()

    def seconds(key):
        return float(found[key].split()[0])

    ours, sqlite_s = seconds("CSV companion"), seconds("CSV sqlite3 -csv")
    rows = [Row(f"CSV export of {calls:,} calls (baseline: sqlite3 -csv, same rows)", ours, "s",
                sqlite_s, "≤ 3x", ours / sqlite_s <= 3)]
    for key, label in (("JSON export", "JSON export"), ("JSON import", "JSON import (re-import)")):
        rate = next(part for part in found[key].split(", ") if part.endswith("calls/s"))
        rows.append(Row(f"{label} of {calls:,} calls, throughput", float(rate.split()[0].replace(",", "")),
                        "calls/s", None, "reported", None))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 100,000-call database")
    parser.add_argument("--no-venv", action="store_true",
                        help="run the benchmarks with this interpreter, not a clean venv")
    parser.add_argument("--only", nargs="+", choices=ALL, default=list(ALL))
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    if args.no_venv:
        python, where = sys.executable, "this interpreter (--no-venv)"
    else:
        try:
            python, where = clean_python(), "clean venv (pyproject dependencies only)"
        except (subprocess.CalledProcessError, OSError) as exc:
            python, where = sys.executable, f"this interpreter (no clean venv: {exc})"
    where = f"{describe(python)}, {where}"
    db = big_database(100_000 if args.quick else 1_000_000, python)
    rows: list[Row] = []
    for name in args.only:
        try:
            if name == "startup":
                rows += startup_rows(python, db, args.quick)
            elif name == "memory":
                rows += memory_rows(python, db, args.quick)
            elif name == "live":
                rows += live_rows(python, db, args.quick)
            elif name == "review":
                rows += review_rows(python, db, args.quick)
            elif name == "export":
                rows += export_rows(python, args.quick)
        except Exception as exc:        # one broken benchmark must not hide the others
            print(f"   {name} did not complete: {exc}", flush=True)
            rows.append(Row(f"{name}: did not complete ({type(exc).__name__})", None, "", None, "", False))
    print()
    print(f"Call Companion benchmarks{' (--quick)' if args.quick else ''}: {db.name}; {where}; "
          f"{time.perf_counter() - began:.0f} s")
    table = print_table(rows)
    missed = [r.figure for r in rows if r.met is False]
    print(f"\n{sum(r.met is True for r in rows)} of {sum(r.met is not None for r in rows)} targets met."
          + (f" Missed: {'; '.join(missed)}." if missed else ""))
    (OUT / "last-run.md").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
