"""The end-of-day review's arithmetic: day totals, the commitment rate, where a next step
belongs (overdue, today, upcoming...), the daily trend and how each close performs.

Plain Python: rows come in as small dataclasses from the store, numbers go out to the UI.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Iterable, Mapping

from companion.core.call import OUTCOME_LABELS, NextStep, is_defined_commitment
from companion.core.display_names import close_name

# The widely quoted figure: only about 37% of sales conversations end with a defined commitment.
INDUSTRY_COMMITMENT_RATE = 0.37

# Commitment groups, in the order the review shows them.
OVERDUE, TODAY, UPCOMING, UNDATED, DONE = "overdue", "today", "upcoming", "undated", "done"
STEP_GROUPS = (OVERDUE, TODAY, UPCOMING, UNDATED, DONE)
STEP_GROUP_LABELS = {
    OVERDUE: "Overdue",
    TODAY: "Due today",
    UPCOMING: "Upcoming",
    UNDATED: "Open, no date",
    DONE: "Done or cancelled",
}

# A close needs this many tries before it can be called one of "your three closes":
# one lucky yes is not a pattern.
MIN_TRIES_FOR_BEST = 3
BEST_COUNT = 3
_WILSON_Z = 1.96         # 95%: three yes out of three is not yet a pattern

# Where a row sits in the store's ordering, to fetch the page after it; () for a row that
# was not read from the store.
CallKey = tuple[str, int]              # (started_at, rowid)
StepKey = tuple[str | None, int]       # (due_at, rowid); undated steps have no due_at
NoKey = tuple[()]


@dataclass(frozen=True)
class CallRow:
    """A saved call as the review lists it (no moments or objections: those load on demand)."""

    call_id: str
    started_at: datetime
    contact: str
    company: str
    outcome: str | None
    disposition: str | None
    step: NextStep | None
    # Position in the store's ordering, used to fetch the next page after this row.
    key: CallKey | NoKey = ()

    @property
    def connected(self) -> bool:
        return is_connected(self.outcome)

    @property
    def ended_with_commitment(self) -> bool:
        return is_defined_commitment(self.outcome, self.step)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or "", "Not saved")


@dataclass(frozen=True)
class StepRow:
    """A next step with enough of its call to recognise it in a list."""

    call_id: str
    contact: str
    company: str
    step: NextStep
    key: StepKey | NoKey = ()


def is_connected(outcome: str | None) -> bool:
    return outcome is not None and outcome != "no_connect"


# -- days --------------------------------------------------------------------------------
def day_bounds_utc(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """The UTC instants where the rep's local `day` starts and the next one starts.

    Computed from local midnights (not start + 24 h), so days with a DST change are right.
    With tz None the system's local time zone is used.
    """
    def midnight(d: date) -> datetime:
        naive = datetime.combine(d, time())
        local = naive.astimezone() if tz is None else naive.replace(tzinfo=tz)
        return local.astimezone(timezone.utc)

    return midnight(day), midnight(day + timedelta(days=1))


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    return moment.astimezone(tz).date()


# -- the day summary -----------------------------------------------------------------------
@dataclass(frozen=True)
class DaySummary:
    calls: int = 0
    connects: int = 0
    committed: int = 0

    @property
    def without_commitment(self) -> int:
        return self.connects - self.committed

    @property
    def commitment_rate(self) -> float | None:
        """Committed over connected calls; None when nobody was reached (not 0%)."""
        return self.committed / self.connects if self.connects else None


def summarize(rows: Iterable[tuple[str | None, NextStep | None]]) -> DaySummary:
    """Totals over (outcome, next step) pairs: any set of calls, a day or a month."""
    calls = connects = committed = 0
    for outcome, step in rows:
        calls += 1
        if is_connected(outcome):
            connects += 1
            if is_defined_commitment(outcome, step):
                committed += 1
    return DaySummary(calls, connects, committed)


def format_rate(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def rate_verdict(rate: float | None) -> str:
    """One line that puts the rep's rate beside the industry figure."""
    if rate is None:
        return "No connected calls yet."
    industry = round(INDUSTRY_COMMITMENT_RATE * 100)
    mine = round(rate * 100)
    if mine > industry:
        return f"Above the ~{industry}% industry figure."
    if mine == industry:
        return f"Level with the ~{industry}% industry figure."
    return f"Below the ~{industry}% industry figure: ask for a dated next step."


# -- the trend ------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayPoint:
    day: date
    summary: DaySummary


# -- commitments ----------------------------------------------------------------------------
def step_group(step: NextStep, now: datetime, end_of_today: datetime) -> str:
    """Where a next step belongs in the Commitments tab. Must agree with the store's queries."""
    if step.status != "open":
        return DONE
    if step.due is None:
        return UNDATED
    if step.due < now:
        return OVERDUE
    if step.due < end_of_today:
        return TODAY
    return UPCOMING


def describe_due(due: datetime | None, now: datetime, tz: tzinfo | None = None) -> str:
    """'Today 14:00', 'Tomorrow 10:00', 'Mon 02 Dec 10:00', or 'No date'."""
    if due is None:
        return "No date"
    local_due = due.astimezone(tz)
    today = now.astimezone(tz).date()
    delta = (local_due.date() - today).days
    clock = f"{local_due:%H:%M}"
    if delta == 0:
        return f"Today {clock}"
    if delta == 1:
        return f"Tomorrow {clock}"
    if delta == -1:
        return f"Yesterday {clock}"
    if local_due.year != today.year:
        return f"{local_due:%d %b %Y} {clock}"
    return f"{local_due:%a %d %b} {clock}"


def describe_when(moment: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """A call's start for a list: 'Thu 26 Nov 15:46', with the year only when it differs."""
    local = moment.astimezone(tz)
    if local.year == now.astimezone(tz).year:
        return f"{local:%a %d %b %H:%M}"
    return f"{local:%d %b %Y %H:%M}"


def overdue_text(due: datetime, now: datetime) -> str:
    """'3 days late', '2 h late': how overdue, in the coarsest unit that fits."""
    late = now - due
    if late.days >= 1:
        return f"{late.days} day{'s' if late.days != 1 else ''} late"
    hours = late.seconds // 3600
    if hours >= 1:
        return f"{hours} h late"
    return f"{max(1, late.seconds // 60)} min late"


# -- techniques -----------------------------------------------------------------------------
@dataclass(frozen=True)
class TechniqueStat:
    close_id: str
    name: str
    accepted: int = 0
    deferred: int = 0
    declined: int = 0

    @property
    def tried(self) -> int:
        return self.accepted + self.deferred + self.declined

    @property
    def acceptance_rate(self) -> float | None:
        return self.accepted / self.tried if self.tried else None

    @property
    def score(self) -> float:
        """The acceptance rate we can be fairly sure of: the lower bound of its Wilson interval
        (95%). 40 yes out of 60 beats 3 out of 3, which a plain average would rank higher."""
        n = self.tried
        if n == 0:
            return 0.0
        p, z = self.accepted / n, _WILSON_Z
        centre = p + z * z / (2 * n)
        margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        return (centre - margin) / (1 + z * z / n)


@dataclass(frozen=True)
class TechniqueReport:
    stats: tuple[TechniqueStat, ...]       # the best first, then by tries; never-tried last
    best: tuple[str, ...]                  # ids of "your three closes"
    never_tried: tuple[str, ...]

    def stat(self, close_id: str) -> TechniqueStat | None:
        return next((s for s in self.stats if s.close_id == close_id), None)


def technique_report(counts: Mapping[tuple[str, str], int],
                     known: Mapping[str, str]) -> TechniqueReport:
    """`counts` maps (close_id, result) to attempts; `known` maps close ids to names.

    Closes tried but unknown to the playbooks still count, named after their id.
    """
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (close_id, result), n in counts.items():
        totals[close_id][result] += n
    names = dict(known)
    for close_id in totals:
        names.setdefault(close_id, close_name(close_id))
    stats = [TechniqueStat(cid, names[cid], totals[cid]["accepted"], totals[cid]["deferred"],
                           totals[cid]["declined"]) for cid in names]
    ranked = sorted((s for s in stats if s.tried >= MIN_TRIES_FOR_BEST and s.accepted),
                    key=lambda s: (-s.score, -s.tried, s.name))
    best = tuple(s.close_id for s in ranked[:BEST_COUNT])
    never = tuple(sorted((s.close_id for s in stats if s.tried == 0), key=lambda c: names[c]))
    order = {cid: i for i, cid in enumerate(best)}
    stats.sort(key=lambda s: (order.get(s.close_id, BEST_COUNT), s.tried == 0, -s.score, s.name))
    return TechniqueReport(tuple(stats), best, never)


# -- contact history ------------------------------------------------------------------------
def history_line(started_at: datetime, outcome: str | None, step: NextStep | None,
                 now: datetime, tz: tzinfo | None = None) -> str:
    """'Tue 12 Nov 2024 · Advance · Demo with the CFO, due Fri 15 Nov 10:00 (done)'."""
    parts = [f"{started_at.astimezone(tz):%a %d %b %Y}", OUTCOME_LABELS.get(outcome or "", "Not saved")]
    if step is not None and step.action:
        text = step.action
        if step.due is not None:
            text += f", due {describe_due(step.due, now, tz)}"
        if step.status == "open" and step.due is not None and step.due < now:
            text += " (overdue)"
        elif step.status != "open":
            text += f" ({step.status})"
        parts.append(text)
    return " · ".join(parts)
