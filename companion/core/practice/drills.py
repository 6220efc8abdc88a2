"""Building a session's drills, deterministically for a seed, from the rep's data and the playbook.

Three kinds of situation, each ending in "What do you say now?":
- replay: a recent call that ended without a defined commitment, anonymised and stopped at
  the last yes moment (when the rep should have asked);
- objection: one of the objections this rep logs most, raised in a call built from the playbook;
- playbook: a call built from the playbook at the point where the close fits.
The coach ranks the closes for that situation (companion.core.coach.suggest); four are offered,
and the close to say is the one the coach ranks best of the four.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from companion.core.call import STAGES, Call
from companion.core.coach import Suggestion, suggest
from companion.core.playbook import Playbook
from companion.core.practice.anonymise import anonymised, cut_at
from companion.core.practice.schedule import CardState, card_key
from companion.core.script_fill import recap_points

REPLAY, OBJECTION, PLAYBOOK = "replay", "objection", "playbook"
KINDS = (REPLAY, OBJECTION, PLAYBOOK)
KIND_LABELS = {REPLAY: "Replay a call", OBJECTION: "Objection", PLAYBOOK: "From the playbook"}
DEFAULT_FOCUS = ("alternative", "summary", "trial")
FOCUS_SIZE = 3
SESSION_DRILLS = 5            # about a minute each: a 5-minute session
OFFERED = 4
MAX_REPLAY_CALLS = 10


@dataclass(frozen=True)
class PracticeData:
    """Everything a session is built from: the rep's own data and the playbooks, nothing else."""

    playbook: Playbook                             # the rep's default playbook
    focus: tuple[str, ...]                         # the closes to master
    playbooks: dict[str, Playbook] = field(default_factory=dict)
    replays: tuple[Call, ...] = ()                 # connected calls without a defined commitment
    objection_counts: tuple[tuple[str, int], ...] = ()   # most logged first
    cards: dict[str, CardState] = field(default_factory=dict)
    large_deal: float = 50000.0


@dataclass(frozen=True)
class Situation:
    kind: str
    title: str
    agreed_points: tuple[str, ...]
    open_objections: tuple[str, ...]               # labels
    deal_value: float | None
    minutes_gone: int
    call: Call                                     # what the coach reads (already anonymised)
    playbook: Playbook
    at: datetime                                   # the moment the call stands at
    prospect_says: str = ""

    @property
    def authority_open(self) -> bool:
        return any(o.objection_id == "authority" for o in self.call.open_objections())


@dataclass(frozen=True)
class Drill:
    key: str                                       # the card rated at the end
    close_id: str                                  # the close to say: the coach's best of `offered`
    situation: Situation
    offered: tuple[str, ...]
    ranking: tuple[Suggestion, ...]                # the coach's whole ranking, best first

    @property
    def kind(self) -> str:
        return self.situation.kind

    def suggestion(self, close_id: str) -> Suggestion | None:
        return next((s for s in self.ranking if s.close_id == close_id), None)

    def ranked(self, close_id: str) -> Suggestion:
        """The coach's view of one of the closes offered."""
        found = self.suggestion(close_id)
        if found is None:
            raise KeyError(close_id)
        return found

    def rank(self, close_id: str) -> int:
        """1 for the coach's first choice."""
        return next(i for i, s in enumerate(self.ranking, 1) if s.close_id == close_id)


def default_focus(best: tuple[str, ...], playbook: Playbook) -> tuple[str, ...]:
    """"Your three closes" from the techniques view when there are three, else the standard
    alternative, summary and trial (topped up from the playbook's own closes)."""
    known = [c.id for c in playbook.closes]
    if len(best) >= FOCUS_SIZE and all(c in known for c in best[:FOCUS_SIZE]):
        return tuple(best[:FOCUS_SIZE])
    chosen = [c for c in DEFAULT_FOCUS if c in known]
    chosen += [c for c in known if c not in chosen]
    return tuple(chosen[:FOCUS_SIZE])


# -- choosing which drills -------------------------------------------------------------------
def available_kinds(data: PracticeData) -> tuple[str, ...]:
    kinds = [OBJECTION, PLAYBOOK] if data.playbook.objections else [PLAYBOOK]
    return (REPLAY, *kinds) if data.replays else tuple(kinds)


def plan_keys(data: PracticeData, now: datetime, seed: int, size: int = SESSION_DRILLS) -> list[str]:
    """The card keys to drill, due ones first (oldest due first), then new ones spread over the
    closes and kinds, then the ones due soonest: a session is never empty."""
    rng = random.Random(seed)
    kinds = available_kinds(data)
    due, new, later = [], [], []
    for index, close_id in enumerate(data.focus):
        for kind_index, kind in enumerate(kinds):
            key = card_key(close_id, kind)
            card = data.cards.get(key)
            if card is None or card.is_new:
                new.append(((kind_index - index) % len(kinds), index, rng.random(), key))
            elif card.due <= now:
                due.append((card.due, rng.random(), key))
            else:
                later.append((card.due, rng.random(), key))
    ordered = [k for *_, k in sorted(due)] + [k for *_, k in sorted(new)] + [k for *_, k in sorted(later)]
    return ordered[:size]


def build_session(data: PracticeData, now: datetime, seed: int,
                  size: int = SESSION_DRILLS) -> list[Drill]:
    rng = random.Random(seed)
    used_calls: set[str] = set()
    objections = _objection_order(data)
    drills = []
    for number, key in enumerate(plan_keys(data, now, seed, size)):
        close_id, kind = key.split("/", 1)
        if kind == REPLAY:
            situation = _replay_situation(data, now, rng, used_calls, close_id)
        elif kind == OBJECTION:
            objection_id = _objection_for(data.playbook, close_id, objections, number)
            situation = _objection_situation(data, now, rng, objection_id)
        else:
            situation = _playbook_situation(data, now, rng, close_id)
        drills.append(_drill(situation, close_id, rng))
    return drills


def _drill(situation: Situation, target: str, rng: random.Random) -> Drill:
    ranking = tuple(suggest(situation.playbook, situation.call, situation.at))
    ids = [s.close_id for s in ranking]
    if target not in ids:
        target = ids[0]
    # Three the coach ranks below the target, so the target is the right pick; when too few
    # rank below it, the nearest ones above fill in (and the right pick is one of them).
    below = ids[ids.index(target) + 1:]
    above = ids[:ids.index(target)]
    others = rng.sample(below, min(OFFERED - 1, len(below)))
    others += above[::-1][:OFFERED - 1 - len(others)]
    offered = [target, *others]
    rng.shuffle(offered)
    best = next(c for c in ids if c in offered)
    return Drill(card_key(best, situation.kind), best, situation, tuple(offered), ranking)


# -- situations --------------------------------------------------------------------------------
def _objection_order(data: PracticeData) -> list[str]:
    known = [o.id for o in data.playbook.objections]
    logged = [oid for oid, _ in data.objection_counts if oid in known]
    return logged + [oid for oid in known if oid not in logged] or ["price"]


def _objection_for(playbook: Playbook, close_id: str, order: list[str], number: int) -> str:
    """The most logged objection this close answers (per the playbook), else the next in turn."""
    for objection_id in order:
        objection = playbook.objection(objection_id)
        close = playbook.close(close_id)
        if (objection and close_id in objection.closes) or (close and objection_id in close.answers):
            return objection_id
    return order[number % len(order)]


def _replay_situation(data: PracticeData, now: datetime, rng: random.Random,
                      used: set[str], target: str) -> Situation:
    candidates = list(data.replays[:MAX_REPLAY_CALLS])
    fresh = [c for c in candidates if c.id not in used] or candidates
    order = {c.id: rng.random() for c in fresh}
    # The call where the coach ranks the close to practise highest: the replay teaches that close.
    situations = [_replay_at_stop(raw, data, now) for raw in fresh]
    situation = min(situations, key=lambda s: (_coach_rank(s, target), order[s.call.id]))
    used.add(situation.call.id)
    return situation


def _coach_rank(situation: Situation, close_id: str) -> int:
    ranking = [s.close_id for s in suggest(situation.playbook, situation.call, situation.at)]
    return ranking.index(close_id) if close_id in ranking else len(ranking)


def _replay_at_stop(raw: Call, data: PracticeData, now: datetime) -> Situation:
    playbook = data.playbooks.get(raw.playbook_id, data.playbook)
    call = anonymised(raw)
    moments = call.agreed_in_order()
    if moments:
        stop = moments[-1].agreed_at
    else:
        end = call.ended_at or call.started_at + timedelta(minutes=playbook.expected_minutes)
        stop = call.started_at + (end - call.started_at) * 0.6
    at_stop = cut_at(call, stop)
    days = (now.date() - raw.started_at.date()).days
    ago = "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
    who = call.contact or "a prospect"
    return Situation(
        kind=REPLAY, title=f"Replay: your call with {who}, {ago}",
        agreed_points=tuple(recap_points(at_stop, playbook)),
        open_objections=tuple(o.label for o in at_stop.open_objections()),
        deal_value=at_stop.deal_value, minutes_gone=_minutes(stop - call.started_at),
        call=at_stop, playbook=playbook, at=stop)


def _minutes(delta: timedelta) -> int:
    return max(0, round(delta.total_seconds() / 60))


def _built_call(playbook: Playbook, now: datetime, minutes: int, upto_stage: str,
                count: int) -> Call:
    """A call from the playbook alone: its first `count` yes moments up to `upto_stage`,
    agreed a minute or two apart, no names."""
    start = now - timedelta(minutes=minutes)
    call = Call(contact="", playbook_id=playbook.id, started_at=start)
    # Rapport moments are taken for granted; the rest are spread over the stages reached, so
    # the recap reads like a real call (some pain, some value, the ask still to come).
    reachable = [m for m in playbook.moments if m.stage != "opening"
                 and STAGES.index(m.stage) <= STAGES.index(upto_stage)]
    count = min(count, len(reachable))
    picks = {round(i * (len(reachable) - 1) / (count - 1)) for i in range(count)} if count > 1 \
        else ({len(reachable) // 2} if count == 1 and reachable else set())
    ordered = [m for i, m in enumerate(reachable) if i in picks]
    step = timedelta(minutes=max(1, minutes // (len(ordered) + 1)))
    for number, moment in enumerate(ordered, 1):
        call.agree(moment.id, min(start + step * number, now), label=moment.label, stage=moment.stage)
    return call


def _playbook_situation(data: PracticeData, now: datetime, rng: random.Random,
                        close_id: str) -> Situation:
    playbook = data.playbook
    close = playbook.close(close_id)
    stages = (close.stages if close and close.stages else None) or ("value",)
    stage = max(stages, key=STAGES.index) if close_id != "trial" else stages[0]
    need = (close.min_agreed if close and close.min_agreed is not None else 3)
    count = max(need, 1 if close_id == "trial" else 3) + rng.randint(0, 1)
    minutes = round(playbook.expected_minutes * rng.uniform(0.4, 0.8))
    call = _built_call(playbook, now, minutes, stage, count)
    return Situation(
        kind=PLAYBOOK, title=f"A {playbook.name.lower()}, {stage} stage",
        agreed_points=tuple(recap_points(call, playbook)), open_objections=(),
        deal_value=None, minutes_gone=minutes, call=call, playbook=playbook, at=now)


def _objection_situation(data: PracticeData, now: datetime, rng: random.Random,
                         objection_id: str) -> Situation:
    playbook = data.playbook
    objection = playbook.objection(objection_id)
    minutes = round(playbook.expected_minutes * rng.uniform(0.3, 0.6))
    call = _built_call(playbook, now, minutes, "value", rng.randint(2, 4))
    label = objection.label if objection else objection_id.replace("_", " ").capitalize()
    call.raise_objection(objection_id, now - timedelta(minutes=1), label=label)
    said = rng.choice(objection.keywords) if objection and objection.keywords else label.lower()
    return Situation(
        kind=OBJECTION, title=f"Objection: {label}",
        agreed_points=tuple(recap_points(call, playbook)), open_objections=(label,),
        deal_value=None, minutes_gone=minutes, call=call, playbook=playbook, at=now,
        prospect_says=f"“… {said} …”")
