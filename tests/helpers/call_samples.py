"""Varied calls for export tests, including text chosen to break naive exporters."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from companion.core.call import CLOSE_RESULTS, DISPOSITIONS, OUTCOMES, OWNERS, STEP_STATUSES, Call, NextStep

HOSTILE_TEXTS = (
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(A1:A9)",
    "+1+1",
    "-2 (negative)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    'quotes "double" and \'single\'',
    "line one\nline two\r\nline three",
    "# Not a heading\n===\n- not a list\n1. not ordered\n> not a quote\n    not code\n---\n"
    "[not a link](http://x.example) ![img](y.png) <b>no html</b> | a | b |\n|---|---|\n```\nfence",
    "emoji 😀👍🏽 and ünïcödé, 中文, עברית",
    "comma, semicolon; colon: and backslash \\ end\\",
    "<script>alert(1)</script>",
    "very long " * 5000,
    "",
)
BASE = datetime(2024, 5, 13, 8, 0, tzinfo=timezone.utc)


def varied_calls(count: int, seed: int = 7, base: datetime = BASE) -> list[Call]:
    rng = random.Random(seed)
    calls = []
    for index in range(count):
        text = HOSTILE_TEXTS[index % len(HOSTILE_TEXTS)]
        started = base + timedelta(hours=index * 5, minutes=rng.randrange(60))
        call = Call(contact=f"{text[:40]} contact {index}" if index % 3 else text or "Ann",
                    company=text[:60] if index % 2 else "Acme", playbook_id=rng.choice(["discovery", "proposal", ""]),
                    started_at=started)
        for number in range(rng.randrange(4)):
            call.agree(f"m{number}", started + timedelta(minutes=number), label=f"Moment {number} {text[:20]}",
                       stage="discovery", note=text if number == 0 else "")
        for number, objection in enumerate(rng.sample(["price", "timing", "authority"], rng.randrange(3))):
            call.raise_objection(objection, started + timedelta(minutes=number + 1), label=objection.title())
            if rng.random() < 0.5:
                call.resolve_objection(objection, started + timedelta(minutes=number + 5))
        for number in range(rng.randrange(3)):
            call.record_close_attempt(rng.choice(["trial", "summary", "ben_franklin"]),
                                      rng.choice(CLOSE_RESULTS), started + timedelta(minutes=10 + number))
        call.notes = text
        call.outcome = rng.choice((None,) + OUTCOMES)
        call.disposition = rng.choice((None,) + DISPOSITIONS)
        call.deal_value = rng.choice([None, 0.0, 1250.5, 50000.0])
        if rng.random() < 0.8:
            call.ended_at = started + timedelta(minutes=rng.randrange(1, 60))
        if rng.random() < 0.7:
            call.next_step = NextStep(
                action=rng.choice(["Demo meeting with the CFO", "Send the proposal", text[:80]]),
                owner=rng.choice(OWNERS), customer_action=rng.choice(["", "Brings the CFO", text[:50]]),
                due=rng.choice([None, started + timedelta(days=2, hours=2)]),
                status=rng.choice(STEP_STATUSES))
        calls.append(call)
    return calls


def save_all(store, calls: list[Call]) -> None:
    for call in calls:
        store.save_call(call)
