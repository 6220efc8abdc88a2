"""Realistic calls, kept as data in coach_corpus/*.toml, run step by step through the coach.

Each file is one call: the playbook, who is on it, when it starts, and steps at given minutes
(moments ticked with the rep's notes, objections raised or resolved, closes tried, the general
notes, the next step). After each step the expectations written there are checked: the top
close, words its line must or must not have, the call state, the nudge, demoted closes and
detected objections. A file documents what a good sales coach would say at that point.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.call import Call, NextStep
from companion.core.coach import CoachSettings, call_state, nudge, suggest
from companion.core.objection_detect import detect_objections
from companion.store.playbook_files import read_playbook_file

CORPUS = sorted((Path(__file__).parent / "coach_corpus").glob("*.toml"))
PLAYBOOKS = Path(__file__).resolve().parents[2] / "resources" / "playbooks"
KNOWN_STEP_KEYS = {
    "minute", "tick", "untick", "notes", "moment_notes", "raise", "resolve", "attempt", "deal_value",
    "next_step", "top", "top_in", "not_top", "top_line_has", "top_line_lacks", "lines_lack", "state",
    "nudge", "demoted", "not_demoted", "top_reason_has", "detected", "usable_before",
}


def test_the_corpus_holds_at_least_thirty_calls():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_call(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    playbook = read_playbook_file(PLAYBOOKS / f"{data['playbook']}.toml", builtin=True)
    start = datetime.fromisoformat(data["start"])
    settings = CoachSettings(tz=start.tzinfo, large_deal_threshold=data.get("large_deal_threshold", 50_000))
    call = Call(contact=data["contact"], company=data.get("company", ""), playbook_id=playbook.id,
                started_at=start.astimezone(timezone.utc))
    assert data["steps"], f"{path.name}: no steps"
    for number, step in enumerate(data["steps"], start=1):
        unknown = set(step) - KNOWN_STEP_KEYS
        assert not unknown, f"{path.name} step {number}: unknown keys {sorted(unknown)}"
        now = start + timedelta(minutes=step["minute"])
        _apply(call, playbook, step, now)
        _check(f"{path.name} step {number} (minute {step['minute']})", playbook, call, step, now, settings)


def _apply(call: Call, playbook, step: dict, now: datetime) -> None:
    notes = step.get("moment_notes", {})
    for offset, moment_id in enumerate(step.get("tick", [])):
        moment = playbook.moment(moment_id)
        assert moment is not None, f"unknown moment {moment_id}"
        call.agree(moment_id, now - timedelta(seconds=30 - offset), label=moment.label, stage=moment.stage,
                   note=notes.get(moment_id))
    for moment_id in step.get("untick", []):
        call.unagree(moment_id)
    if "notes" in step:
        call.set_notes(step["notes"])
    for objection_id in step.get("raise", []):
        call.raise_objection(objection_id, now - timedelta(seconds=20), label=playbook.objection(objection_id).label)
    for objection_id in step.get("resolve", []):
        call.resolve_objection(objection_id, now - timedelta(seconds=10))
    for close_id, result in step.get("attempt", []):
        assert playbook.close(close_id) is not None, f"unknown close {close_id}"
        call.record_close_attempt(close_id, result, now - timedelta(seconds=5))
    if "deal_value" in step:
        call.set_deal_value(step["deal_value"])
    if "next_step" in step:
        written = dict(step["next_step"])
        due = written.pop("due", None)
        call.next_step = NextStep(**written, due=datetime.fromisoformat(due) if due else None)


def _check(where: str, playbook, call: Call, step: dict, now: datetime, settings: CoachSettings) -> None:
    ranked = suggest(playbook, call, now, settings)
    top = ranked[0]
    shown = f"{where}: top {top.close_id} {top.script!r} {top.reasons}"
    if "top" in step:
        assert top.close_id == step["top"], shown
    if "top_in" in step:
        assert top.close_id in step["top_in"], shown
    assert top.close_id not in step.get("not_top", []), shown
    for words in step.get("top_line_has", []):
        assert words.lower() in top.script.lower(), f"{shown}: line lacks {words!r}"
    for words in step.get("top_line_lacks", []):
        assert words.lower() not in top.script.lower(), f"{shown}: line has {words!r}"
    for words in step.get("lines_lack", []):
        said = [s for s in ranked if words.lower() in s.script.lower() and not s.demoted]
        assert not said, f"{where}: {words!r} in {[(s.close_id, s.script) for s in said]}"
    for words in step.get("top_reason_has", []):
        assert any(words.lower() in r.lower() for r in top.reasons), f"{shown}: no reason with {words!r}"
    if "state" in step:
        assert call_state(playbook, call, now, settings).state == step["state"], where
    if "nudge" in step:
        assert (nudge(playbook, call, now, settings) is not None) == step["nudge"], where
    by_id = {s.close_id: s for s in ranked}
    for close_id in step.get("demoted", []):
        assert by_id[close_id].demoted, f"{where}: {close_id} not demoted: {by_id[close_id].reasons}"
    for close_id in step.get("not_demoted", []):
        assert not by_id[close_id].demoted, f"{where}: {close_id} demoted: {by_id[close_id].reasons}"
    for first, second in step.get("usable_before", []):
        order = [s.close_id for s in ranked]
        assert order.index(first) < order.index(second), f"{where}: {first} not above {second}: {order}"
    if "detected" in step:
        assert detect_objections(playbook, call.notes, set(call.objections)) == step["detected"], where
