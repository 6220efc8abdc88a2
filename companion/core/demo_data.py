"""Realistic made-up calls, for screenshots, trying the app, and the 1,000,000-call benchmark.

Deterministic by seed. Uses the built-in playbooks' moment and close ids, so the review,
the coach and exports see what a real rep's database looks like: repeat contacts, a
commitment rate that drifts from day to day, closes this rep favours (and two never tried),
vague next steps for the audit to catch, and some commitments left overdue.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from companion.core.call import Call, NextStep

if TYPE_CHECKING:
    from companion.core.playbook import Playbook

FIRST_NAMES = (
    "Ann", "Ben", "Carla", "David", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi",
    "Lars", "Maya", "Nikhil", "Olivia", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Uma",
    "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bruno", "Chloé", "Dmitri",
)
LAST_NAMES = (
    "Smith", "Okafor", "Jensen", "García", "Novak", "Haddad", "Kowalski", "Lindqvist", "Moreau",
    "Nakamura", "O'Brien", "Patel", "Rossi", "Schmidt", "Tanaka", "Umarov", "Van Dijk", "Weber",
    "Young", "Zhang", "Müller-Lang", "Fischer", "Costa", "Dubois",
)
COMPANIES = (
    "Acme Logistics", "Northwind Foods", "Brightpath Clinics", "Helios Energy", "Kestrel Bank",
    "Lumen Architects", "Meridian Insurance", "Nordlicht GmbH", "Orbit Retail", "Pinecrest Schools",
    "Quanta Robotics", "Riverbend Hotels", "Solace Health", "Tidewater Shipping", "Umbra Studios",
    "Vantage Legal", "Willow & Finch", "Yellowstone Outdoor", "Zenith Telecom", "Cobalt Software",
)
_NOTES = (
    "Runs month-end reporting by hand in spreadsheets; takes about two days.",
    "Frustrated with mistakes in the manual hand-off between sales and finance.",
    "Worried it is too expensive next to what they pay today.",
    "No budget until the new fiscal year starts in April.",
    "Already talking to a competitor; they liked their dashboards.",
    "Decision sits with the head of finance; she was not on the call.",
    "Their dev team works in C++ and asked whether there is an SDK.",
    "Happy with the current setup, does not see a reason to change now.",
    "Wants to see it on their own numbers before going further.",
    "Timing is tight: go-live has to happen before the end of the quarter.",
    "Very positive about the approval workflow; said it would save hours a week.",
    "Asked about single sign-on and data residency in the EU.",
    "New VP of operations since last month, reshuffling priorities.",
    "Mentioned a failed rollout of a similar tool two years ago.",
    "Needs sign-off from procurement for anything above 20k.",
)
# (action, what the customer does) for real, dated commitments, by playbook.
_COMMITMENTS = {
    "discovery": (
        ("45-minute demo of the reporting module with the finance team", "Brings the CFO and last quarter's numbers"),
        ("Working session on their own data with the operations lead", "Sends an export of last month's orders"),
        ("Technical deep-dive with their IT architect", "Invites the head of IT and lists the systems to connect"),
        ("Business case review with the CFO", "Confirms the budget range with finance"),
        ("Walk-through of the approval workflow for team leads", "Shares the current process map"),
    ),
    "proposal": (
        ("Sign the order form and book the kickoff", "Countersigns and names the project owner"),
        ("Review the revised proposal with procurement", "Sends procurement's questions in advance"),
        ("Reference call with a customer in their industry", "Prepares their three main concerns"),
        ("Pilot set-up call for two teams", "Picks the two pilot teams and their leads"),
        ("Contract review with their legal team", "Returns the redlined contract"),
    ),
}
_VAGUE_ACTIONS = ("Follow up next week", "Touch base after their board meeting", "Send more info",
                  "Check in about pricing", "Circle back in Q2")
_REP_ONLY_ACTIONS = ("Send the security questionnaire answers", "Email the case study and pricing sheet",
                     "Prepare a quote for 40 seats")
# How often this rep reaches for each close, and how often it lands. Ben Franklin and
# puppy dog are never tried, so the Techniques tab has something to suggest.
_CLOSE_HABITS = {
    "alternative": (9, 0.70), "summary": (8, 0.62), "trial": (10, 0.50), "question": (5, 0.40),
    "assumptive": (4, 0.33), "direct": (4, 0.30), "minor_point": (2, 0.35), "sharp_angle": (2, 0.25),
    "urgency": (3, 0.12), "takeaway": (1, 0.20),
}
_DISPOSITIONS = (("left_voicemail", 45), ("no_answer", 35), ("busy", 10),
                 ("left_live_message", 7), ("wrong_number", 3))


@dataclass(frozen=True)
class DemoPlaybook:
    """The parts of a playbook the generator needs: its id, moments and close ids."""

    id: str
    moments: tuple[tuple[str, str, str], ...]       # (id, label, stage), in playbook order
    closes: tuple[str, ...]
    objections: tuple[tuple[str, str], ...] = ()    # (id, label)


def outline(playbook: Playbook) -> DemoPlaybook:
    """A DemoPlaybook from a loaded companion.core.playbook.Playbook."""
    return DemoPlaybook(playbook.id, tuple((m.id, m.label, m.stage) for m in playbook.moments),
                        tuple(c.id for c in playbook.closes),
                        tuple((o.id, o.label) for o in playbook.objections))


class DemoCalls:
    """Makes calls one at a time; `detail=False` skips moments and objections (for speed)."""

    def __init__(self, playbooks: list[DemoPlaybook], seed: int = 1, contacts: int = 45,
                 detail: bool = True):
        if not playbooks:
            raise ValueError("the demo needs at least one playbook")
        self.rng = random.Random(seed)
        self.playbooks = playbooks
        self.detail = detail
        rng = self.rng
        self.people = [(name, rng.choice(COMPANIES)) for name in _unique_names(rng, contacts)]
        self.form = 0.0          # the rep's day-to-day form: a slow random walk
        close_ids = list(_CLOSE_HABITS)
        self._close_ids = close_ids
        self._close_weights = [_CLOSE_HABITS[c][0] for c in close_ids]

    # -- days ------------------------------------------------------------------------------
    def days(self, days: int, now: datetime, tz: tzinfo | None = None,
             per_day: tuple[int, int] = (6, 14)) -> list[Call]:
        """Calls on the working days of the last `days` days up to `now` (today included)."""
        today = now.astimezone(tz).date()
        calls: list[Call] = []
        for back in range(days - 1, -1, -1):
            calls += self.day(today - timedelta(days=back), now, tz, per_day)
        return calls

    def day(self, day: date, now: datetime, tz: tzinfo | None = None,
            per_day: tuple[int, int] = (6, 14)) -> list[Call]:
        if day.weekday() >= 5:
            return []
        rng = self.rng
        self.form = max(-0.25, min(0.25, self.form + rng.uniform(-0.08, 0.08)))
        count = rng.randint(*per_day)
        start = _local(day, time(9, 0), tz)
        span = timedelta(hours=8, minutes=30) / count
        calls = []
        for i in range(count):
            started = start + span * i + timedelta(minutes=rng.randint(0, 20))
            call = self.call(started.astimezone(timezone.utc), now, tz)
            if call.ended_at is not None and call.ended_at <= now:
                calls.append(call)
        return calls

    # -- one call --------------------------------------------------------------------------
    def call(self, started_at: datetime, now: datetime, tz: tzinfo | None = None) -> Call:
        rng = self.rng
        contact, company = rng.choice(self.people)
        playbook = self.playbooks[0] if len(self.playbooks) == 1 or rng.random() < 0.6 \
            else rng.choice(self.playbooks[1:])
        call = Call(contact=contact, company=company, playbook_id=playbook.id,
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), started_at=started_at)
        if rng.random() < 0.38:
            call.outcome = "no_connect"
            call.disposition = _weighted(rng, _DISPOSITIONS)
            call.ended_at = started_at + timedelta(seconds=rng.randint(20, 90))
            if call.disposition == "left_voicemail" and rng.random() < 0.3:
                call.notes = "Left a voicemail about the reporting demo."
            return call
        minutes = rng.randint(8, 40)
        call.ended_at = started_at + timedelta(minutes=minutes)
        call.disposition = "connected"
        call.outcome = self._outcome(playbook.id)
        call.notes = " ".join(rng.sample(_NOTES, rng.randint(1, 3)))
        if rng.random() < 0.3:
            call.set_deal_value(float(rng.randrange(5, 120) * 1000))
        if self.detail:
            self._add_moments(call, playbook, minutes)
            self._add_objections(call, playbook)
        self._add_closes(call, playbook)
        call.next_step = self._next_step(call, playbook.id, now, tz)
        return call

    def _outcome(self, playbook_id: str) -> str:
        rng, form = self.rng, self.form
        if playbook_id == "proposal":
            table = (("order", 15 + 30 * form), ("advance", 32 + 40 * form),
                     ("continuation", 33 - 40 * form), ("no_sale", 20 - 30 * form))
        else:
            table = (("advance", 38 + 60 * form), ("continuation", 37 - 40 * form),
                     ("no_sale", 25 - 20 * form), ("order", 0))
        return _weighted(rng, table)

    def _add_moments(self, call: Call, playbook: DemoPlaybook, minutes: int) -> None:
        rng = self.rng
        assert call.outcome is not None, "moments are added after the outcome is drawn"
        reach = {"order": 1.0, "advance": 0.8, "continuation": 0.5, "no_sale": 0.3}[call.outcome]
        count = max(1, round(len(playbook.moments) * reach * rng.uniform(0.6, 1.0)))
        step = timedelta(minutes=minutes) / (count + 1)
        for i, (moment_id, label, stage) in enumerate(playbook.moments[:count]):
            call.agree(moment_id, call.started_at + step * (i + 1), label=label, stage=stage)

    def _add_objections(self, call: Call, playbook: DemoPlaybook) -> None:
        rng = self.rng
        for objection_id, label in rng.sample(playbook.objections, min(len(playbook.objections),
                                                                          rng.choice((0, 0, 1, 1, 2)))):
            raised = call.started_at + timedelta(minutes=rng.randint(2, 6))
            call.raise_objection(objection_id, raised, label=label)
            if rng.random() < 0.6:
                call.resolve_objection(objection_id, raised + timedelta(minutes=rng.randint(1, 5)))

    def _add_closes(self, call: Call, playbook: DemoPlaybook) -> None:
        rng = self.rng
        tries = rng.choice((0, 1, 1, 2, 2, 3))
        committed = call.outcome in ("order", "advance")
        for n in range(tries):
            close_id = rng.choices(self._close_ids, self._close_weights)[0]
            if close_id not in playbook.closes:
                continue
            acceptance = _CLOSE_HABITS[close_id][1] + (0.1 if committed else -0.1)
            roll = rng.random()
            result = "accepted" if roll < acceptance else ("deferred" if roll < acceptance + 0.3
                                                             else "declined")
            at = call.started_at + timedelta(minutes=5 + 3 * n)
            call.record_close_attempt(close_id, result, at)

    def _next_step(self, call: Call, playbook_id: str, now: datetime,
                   tz: tzinfo | None) -> NextStep | None:
        rng = self.rng
        if call.outcome == "no_sale" and rng.random() < 0.8:
            return None
        if call.outcome in ("order", "advance"):
            roll = rng.random()
            if roll < 0.72:
                action, customer = rng.choice(_COMMITMENTS[playbook_id])
                owner = "both"
            elif roll < 0.86:
                action, customer, owner = rng.choice(_REP_ONLY_ACTIONS), "", "rep"
            else:
                action, customer, owner = rng.choice(_VAGUE_ACTIONS), "", "both"
            due: datetime | None = self._due_after(call.started_at, tz)
        else:
            if rng.random() < 0.45:
                return None
            action, customer, owner = rng.choice(_VAGUE_ACTIONS + _REP_ONLY_ACTIONS), "", "rep"
            due = self._due_after(call.started_at, tz) if rng.random() < 0.4 else None
        status = "open"
        if due is not None and due < now:
            # Recent misses stay open (the Overdue list); old ones were long since settled.
            left_open = 0.2 if due > now - timedelta(days=30) else 0.01
            roll = rng.random()
            status = "open" if roll < left_open else ("cancelled" if roll < left_open + 0.08
                                                       else "done")
        elif due is None and call.started_at < now - timedelta(days=14) and rng.random() < 0.7:
            status = "done"
        return NextStep(action, owner, customer, due, status)

    def _due_after(self, started_at: datetime, tz: tzinfo | None) -> datetime:
        rng = self.rng
        day = started_at.astimezone(tz).date() + timedelta(days=rng.choice((1, 1, 2, 2, 3, 5, 7, 10)))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        slot = time(rng.randint(9, 16), rng.choice((0, 30)))
        return _local(day, slot, tz).astimezone(timezone.utc)


def _unique_names(rng: random.Random, count: int) -> list[str]:
    """`count` different people; middle initials join in when first and last names run out."""
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    if count <= len(pairs):
        return rng.sample(pairs, count)
    initials = "ABCDEFGHIJKLMNOPRSTVW"
    triples = [f"{first} {i}. {last}" for first in FIRST_NAMES for i in initials for last in LAST_NAMES]
    if count > len(triples):
        raise ValueError(f"at most {len(triples)} demo contacts")
    return rng.sample(triples, count)


def demo_calls(playbooks: list[DemoPlaybook], days: int, now: datetime, seed: int = 1,
               tz: tzinfo | None = None) -> list[Call]:
    return DemoCalls(playbooks, seed).days(days, now, tz)


def _local(day: date, at: time, tz: tzinfo | None) -> datetime:
    naive = datetime.combine(day, at)
    return naive.astimezone() if tz is None else naive.replace(tzinfo=tz)


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    names = [name for name, _ in table]
    weights = [max(0.0, float(w)) for _, w in table]
    return rng.choices(names, weights)[0]
