"""Export speed on 100,000 calls: CSV against SQLite's own CSV output, JSON export and import.

    python benchmarks/bench_export.py [--calls N] [--seed S] [--repeat R]

The calls are generated here by seed (bulk executemany, so set-up takes seconds). The CSV
yardstick is `sqlite3 -csv` running the very query the CSV export reads (store/export_queries.py CSV_ROWS_SQL),
so both sides produce the same rows; each side writes a file and the best of R runs counts.
The import runs in a child process, which reports its own peak memory (VmHWM, on Linux).
The issue's bar: the CSV export takes at most 3x as long as sqlite3.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.core.call import CLOSE_RESULTS, DISPOSITIONS, OUTCOMES, OWNERS, to_iso  # noqa: E402
from companion.export.formats import export_to_file  # noqa: E402
from companion.export.selection import CallSelection  # noqa: E402
from companion.store.db import open_database  # noqa: E402
from companion.store.export_queries import CSV_ROWS_SQL  # noqa: E402

WORDS = ("pain", "budget", "CFO", "pilot", "reporting", "spreadsheets", "=SUM(A1)", "team", "Q3",
         "renewal", "😀", "contract", "security review", "timeline", "integration", "\"quoted\"")
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"
IMPORT_CHILD = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); "
                "from companion.export.importer import import_file; from companion.store.db import open_database; "
                "db = open_database(sys.argv[1]); result = import_file(db, sys.argv[2]); db.close(); "
                "from pathlib import Path; "
                # VmHWM is this program's own peak; ru_maxrss would include the parent's size at fork.
                "peak = [line.split()[1] for line in Path('/proc/self/status').read_text().splitlines() "
                "        if line.startswith('VmHWM:')]; "
                "print(f'{result.added:,} added, peak memory {int(peak[0]) // 1024} MB' if peak "
                "      else f'{result.added:,} added')")


def generate(db_path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    db = open_database(db_path)
    start = datetime(2023, 1, 2, 8, 0, tzinfo=timezone.utc)
    calls, moments, objections, closes, steps = [], [], [], [], []
    for index in range(count):
        call_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        started = start + timedelta(minutes=index * 7 + rng.randrange(5))
        stamp = to_iso(started)
        outcome = rng.choice(OUTCOMES)
        notes = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 60)))
        calls.append((call_id, f"Contact {rng.randrange(20000)}", f"Company {rng.randrange(3000)}", "discovery",
                      stamp, to_iso(started + timedelta(minutes=rng.randrange(2, 45))), outcome,
                      rng.choice(DISPOSITIONS), notes, rng.choice([None, 1200.0, 50000.0]), stamp))
        for number in range(rng.randrange(4)):
            moments.append((call_id, f"m{number}", f"Yes moment {number}", "discovery",
                            to_iso(started + timedelta(minutes=number)), rng.choice(["", notes[:40]])))
        if rng.random() < 0.5:
            objections.append((call_id, "price", "Price", stamp, rng.choice([None, stamp])))
        for _ in range(rng.randrange(3)):
            closes.append((call_id, rng.choice(["trial", "summary"]), rng.choice(CLOSE_RESULTS), stamp))
        if rng.random() < 0.7:
            steps.append((call_id, "Demo with the finance team", rng.choice(OWNERS), "Brings the CFO",
                          to_iso(started + timedelta(days=2)), "open", stamp))
    with db.atomic():
        db.conn.executemany("INSERT INTO calls (id, contact, company, playbook, started_at, ended_at, outcome,"
                            " disposition, notes, deal_value, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", calls)
        db.conn.executemany("INSERT INTO call_moments VALUES (?,?,?,?,?,?)", moments)
        db.conn.executemany("INSERT INTO call_objections VALUES (?,?,?,?,?)", objections)
        db.conn.executemany("INSERT INTO close_attempts (call_id, close_id, result, at) VALUES (?,?,?,?)", closes)
        db.conn.executemany("INSERT INTO next_steps VALUES (?,?,?,?,?,?,?)", steps)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db_path = folder / "calls.sqlite3"
        began = time.perf_counter()
        generate(db_path, args.calls, args.seed)
        print(f"generated {args.calls:,} calls (seed {args.seed}) in {time.perf_counter() - began:.1f} s")

        db = open_database(db_path)
        everything = CallSelection.everything()
        query = CSV_ROWS_SQL.format(where="1")

        def sqlite_csv():
            with open(folder / "sqlite.csv", "wb") as out:
                subprocess.run([SQLITE3, "-csv", "-header", str(db_path), query], stdout=out, check=True)

        def our_csv():
            export_to_file(db, "csv", everything, folder / "ours.csv")

        sqlite_time = best_of(args.repeat, sqlite_csv)
        ours_time = best_of(args.repeat, our_csv)
        sqlite_lines = (folder / "sqlite.csv").read_bytes().count(b"\n")
        print(f"CSV  sqlite3 -csv: {sqlite_time:.3f} s ({sqlite_lines:,} lines)")
        print(f"CSV  companion   : {ours_time:.3f} s")
        ratio = ours_time / sqlite_time
        print(f"CSV  ratio       : {ratio:.2f}x (bar: 3.00x) {'OK' if ratio <= 3 else 'TOO SLOW'}")

        json_path = folder / "calls.json"
        json_time = best_of(1, lambda: export_to_file(db, "json", everything, json_path))
        size_mb = json_path.stat().st_size / 1e6
        print(f"JSON export      : {json_time:.2f} s, {args.calls / json_time:,.0f} calls/s, {size_mb:.0f} MB")
        db.close()

        # The import runs as `companion import` does, in a child process, so its peak memory
        # (the file is streamed, never held whole) can be read back.
        began = time.perf_counter()
        child = subprocess.run([sys.executable, "-c", IMPORT_CHILD, str(folder / "imported.sqlite3"), str(json_path)],
                               capture_output=True, text=True, check=True)
        import_time = time.perf_counter() - began
        print(f"JSON import      : {import_time:.2f} s, {args.calls / import_time:,.0f} calls/s,"
              f" {child.stdout.strip()}")
        return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
