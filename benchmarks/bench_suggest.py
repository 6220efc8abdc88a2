"""How long one suggest() takes for a 30-moment, 12-close playbook in the middle of a call.

Run: python benchmarks/bench_suggest.py [runs]

Prints the median and p99 latency in microseconds, for a call whose notes do not change
between runs (the coach re-ranking after a tick or a timer) and for notes that change on
every run (the rep typing), and for a call whose next step is agreed (the coach confirming
details). As a baseline measured in the same run on the same machine, it times a trivial
function that builds one tuple per close, and prints the ratios, so the numbers can be
compared across machines.

Each run is timed twice: wall-clock time, and the thread's CPU time. On a shared, loaded
machine the wall-clock p99 mostly measures how long the process waited for a core; the CPU
time is the coach's own work, what a rep's otherwise idle laptop would see.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from companion.core.call import STAGES, Call  # noqa: E402
from companion.core.coach import CoachSettings, suggest  # noqa: E402
from companion.core.playbook import Playbook, parse_playbook  # noqa: E402

CLOSES = (
    # id, stages, min_agreed, answers, pressure, needs_deadline, script
    ("trial", ["opening", "discovery", "value"], 0, ["need"], False, False,
     "Does this sound like it could help, {contact}?"),
    ("alternative", ["commitment"], 3, ["timing"], False, False, "Would {slot_1} or {slot_2} work better?"),
    ("assumptive", ["commitment"], 6, [], True, False, "I'll send the invite to {company} today."),
    ("summary", ["value", "commitment"], 4, ["price", "competitor"], False, False,
     "So you said {agreed_points}. Shall we?"),
    ("direct", ["commitment"], 5, [], True, False, "{contact}, shall we go ahead?"),
    ("question", ["discovery", "value", "commitment"], 2, ["authority"], False, False, "Who else should see this?"),
    ("ben_franklin", ["value", "commitment"], 3, ["competitor", "status_quo"], False, False,
     "Shall we list pros and cons?"),
    ("urgency", ["commitment"], 4, ["timing"], True, True, "To make your deadline we'd start next week."),
    ("puppy_dog", ["value", "commitment"], 3, ["price", "status_quo"], False, False, "How about a pilot at {company}?"),
    ("sharp_angle", ["commitment"], 3, ["price"], False, False, "If I get you that, can we agree today?"),
    ("takeaway", ["value", "commitment"], 2, ["need"], False, False, "Maybe this isn't a priority?"),
    ("minor_point", ["value", "commitment"], 2, ["authority"], False, False, "Invite to you or the team?"),
)
OBJECTIONS = ("price", "timing", "authority", "need", "competitor", "status_quo")


def build_playbook() -> Playbook:
    lines = ['format = 1', 'id = "bench"', 'name = "Bench"', 'expected_minutes = 30']
    for i in range(30):
        stage = STAGES[min(i * len(STAGES) // 30, len(STAGES) - 1)]
        lines += ["[[moments]]", f'id = "m{i}"', f'label = "Confirms point {i}"', f'stage = "{stage}"',
                  f'keywords = ["word{i}", "phrase number {i}"]']
    for close_id, stages, min_agreed, answers, pressure, deadline, script in CLOSES:
        lines += ["[[closes]]", f'id = "{close_id}"', f'name = "{close_id} close"', f'script = "{script}"',
                  f"stages = {json.dumps(stages)}", f"min_agreed = {min_agreed}", f"answers = {json.dumps(answers)}",
                  f"pressure = {str(pressure).lower()}", f"needs_deadline = {str(deadline).lower()}"]
    for objection_id in OBJECTIONS:
        lines += ["[[objections]]", f'id = "{objection_id}"', f'label = "{objection_id}"',
                  f'keywords = ["{objection_id} worry"]', "responses = []"]
    return parse_playbook("\n".join(lines))


def mid_call(playbook: Playbook, start: datetime) -> Call:
    call = Call(contact="Jane Smith", company="Acme", started_at=start)
    for i, moment in enumerate(playbook.moments[:14]):
        note = f"they spend {i} hours a week on manual reporting" if i % 3 == 0 else None
        call.agree(moment.id, start + timedelta(minutes=i), label=moment.label, stage=moment.stage, note=note)
    call.raise_objection("price", start + timedelta(minutes=12))
    call.record_close_attempt("direct", "declined", start + timedelta(minutes=13))
    call.set_deal_value(30000)
    call.set_notes(" ".join(["Talked through the current process and who is involved."] * 12)
                   + " Contract renewal in June.")
    return call


def time_runs(function, runs: int, clock=time.perf_counter_ns) -> list[float]:
    """Microseconds per call, one measurement per run."""
    timings = []
    for i in range(runs):
        started = clock()
        function(i)
        timings.append((clock() - started) / 1000)
    return timings


def summarise(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def main(runs: int = 20_000) -> None:
    playbook = build_playbook()
    start = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
    now = start + timedelta(minutes=15)
    call = mid_call(playbook, start)
    settings = CoachSettings()
    base_notes = call.notes
    closes = playbook.closes

    def steady(_i):
        return suggest(playbook, call, now, settings)

    def typing(i):
        call.notes = f"{base_notes} {i}"          # a new text every run, as while typing
        return suggest(playbook, call, now, settings)

    def baseline(_i):
        return [(c.id, c.name, c.weight, c.script) for c in closes]

    agreed = mid_call(playbook, start)
    agreed.record_close_attempt("alternative", "accepted", start + timedelta(minutes=14))

    def confirming(_i):
        return suggest(playbook, agreed, now, settings)

    for warm in (steady, confirming, baseline):
        time_runs(warm, 500)
    cases = {"suggest, notes unchanged": steady, "suggest, notes changing": typing,
             "suggest, next step agreed": confirming, "baseline: 12 tuples": baseline}
    wall = {name: summarise(time_runs(case, runs)) for name, case in cases.items()}
    cpu = {name: summarise(time_runs(case, runs, time.thread_time_ns)) for name, case in cases.items()}
    base_median = wall["baseline: 12 tuples"][0]
    print(f"{runs} runs, 30 moments, 12 closes, 14 agreed, 1 open objection")
    print(f"{'':28}{'median µs':>11}{'p99 µs':>10}{'cpu p50 µs':>12}{'cpu p99 µs':>12}{'x baseline':>12}")
    for name, (median, p99) in wall.items():
        cpu_median, cpu_p99 = cpu[name]
        print(f"{name:28}{median:11.1f}{p99:10.1f}{cpu_median:12.1f}{cpu_p99:12.1f}{median / base_median:12.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
