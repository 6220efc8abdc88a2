"""Make a large, realistic call database for the review benchmark: 1,000,000 calls by default.

    python benchmarks/generate_db.py OUT.sqlite3 [--calls 1000000] [--years 8] [--seed 1]
                                     [--now 2026-11-26T17:40:00+00:00]

Calls come from the demo generator (companion.core.demo_data: names, companies, notes,
outcomes, next steps, closes tried), spread over the working days of the last YEARS years
up to NOW, so "today" has calls. The same seed and --now give the same database.
Yes moments and objections are left out (the review never lists them; they only make the
file bigger). Rows go in with executemany, in transactions of BATCH calls; the full-text
triggers index as they go, exactly as in the app. Prints the time taken and the file size.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.core.call import to_iso  # noqa: E402
from companion.core.demo_data import DemoCalls, outline  # noqa: E402
from companion.resources import resource_path  # noqa: E402
from companion.store.db import open_database  # noqa: E402
from companion.store.playbook_files import load_playbooks  # noqa: E402

BATCH = 50_000
CONTACTS = 15_000        # about 65 calls each over the years


def working_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def call_times(total: int, years: float, now: datetime, rng: random.Random):
    """`total` start times over the working days up to `now`, 08:00-18:00 UTC, in order."""
    days = working_days((now - timedelta(days=round(365 * years))).date(), now.date())
    per_day, extra = divmod(total, len(days))
    for number, day in enumerate(days):
        count = per_day + (1 if number < extra else 0)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=timezone.utc)
        span = 10 * 3600 / max(1, count)
        if day == now.date():        # today: only calls that already happened
            span = max(1.0, (now - start).total_seconds() * 0.95) / max(1, count)
        for i in range(count):
            yield start + timedelta(seconds=span * i + rng.random() * span * 0.5)


def rows_of(call):
    calls = (call.id, call.contact, call.company, call.playbook_id, to_iso(call.started_at),
             to_iso(call.ended_at), call.outcome, call.disposition, call.notes, call.deal_value,
             to_iso(call.ended_at))
    step = call.next_step
    steps = [] if step is None else [(call.id, step.action, step.owner, step.customer_action,
                                      to_iso(step.due), step.status, to_iso(call.ended_at))]
    closes = [(call.id, a.close_id, a.result, to_iso(a.at)) for a in call.close_attempts]
    return calls, steps, closes


def generate(out: Path, total: int, years: float, seed: int, now: datetime) -> None:
    if out.exists():
        raise SystemExit(f"{out} exists; remove it first (this script only makes new databases)")
    out.parent.mkdir(parents=True, exist_ok=True)
    db = open_database(out)
    db.execute("PRAGMA synchronous = OFF")       # a benchmark file: speed over durability
    db.execute("PRAGMA cache_size = -400000")
    playbooks = [outline(p) for p in load_playbooks(resource_path("playbooks"), None).playbooks]
    demo = DemoCalls(playbooks, seed=seed, contacts=CONTACTS, detail=False)
    began = time.perf_counter()
    made = 0
    batch_calls, batch_steps, batch_closes = [], [], []

    def flush():
        with db.atomic():
            db.conn.executemany("INSERT INTO calls (id, contact, company, playbook, started_at, ended_at,"
                                " outcome, disposition, notes, deal_value, updated_at)"
                                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_calls)
            db.conn.executemany("INSERT INTO next_steps (call_id, action, owner, customer_action, due_at,"
                                " status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", batch_steps)
            db.conn.executemany("INSERT INTO close_attempts (call_id, close_id, result, at)"
                                " VALUES (?, ?, ?, ?)", batch_closes)
        batch_calls.clear()
        batch_steps.clear()
        batch_closes.clear()

    for started in call_times(total, years, now, random.Random(seed)):
        calls, steps, closes = rows_of(demo.call(started, now))
        batch_calls.append(calls)
        batch_steps += steps
        batch_closes += closes
        made += 1
        if made % BATCH == 0:
            flush()
            print(f"  {made:>9,} calls  {time.perf_counter() - began:6.1f} s", flush=True)
    flush()
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("calls", "next_steps", "close_attempts")}
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    elapsed = time.perf_counter() - began
    size = out.stat().st_size / 1e6
    print(f"Generated {counts['calls']:,} calls, {counts['next_steps']:,} next steps, "
          f"{counts['close_attempts']:,} close attempts in {elapsed:.1f} s: {out} ({size:,.0f} MB)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--years", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", type=datetime.fromisoformat, default=None,
                        help="the moment the data ends (default: now)")
    args = parser.parse_args(argv)
    now = (args.now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    generate(args.out, args.calls, args.years, args.seed, now)
    return 0


if __name__ == "__main__":
    sys.exit(main())
