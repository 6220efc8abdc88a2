"""Shared builders for the practice tests: the built-in playbook and saved calls with markers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from companion.core.call import Call, NextStep
from companion.core.playbook import PlaybookSet
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=timezone.utc)     # a Wednesday


def builtin_playbooks() -> PlaybookSet:
    return load_playbooks(resource_path("playbooks"), None)


def missed_call(contact="Ann Fischer", company="Nordlicht GmbH", days_ago=2, *,
                notes=("3 people spend 2 days", "Fischer wants it live before Q2 at Nordlicht"),
                objection="price", deal_value=64000.0, outcome="continuation") -> Call:
    """A connected discovery call that ended without a defined commitment."""
    start = NOW - timedelta(days=days_ago, hours=3)
    call = Call(contact=contact, company=company, playbook_id="discovery", started_at=start)
    call.ended_at = start + timedelta(minutes=31)
    moments = (("pain_confirmed", "Confirms the pain", "discovery"),
               ("pain_costs", "Agrees pain is real", "discovery"),
               ("sees_fit", "Sees how it would help", "value"))
    for minute, (moment_id, label, stage) in enumerate(moments, start=6):
        note = notes[minute - 6] if minute - 6 < len(notes) else ""
        call.agree(moment_id, start + timedelta(minutes=minute * 2), label=label, stage=stage, note=note)
    if objection:
        call.raise_objection(objection, start + timedelta(minutes=9), label=objection.capitalize())
    call.notes = "Deal note: CFO hates vendor lock-in; call mobile +49 170 1234567"
    call.deal_value = deal_value
    call.outcome = outcome
    call.disposition = "connected"
    call.next_step = NextStep("Follow up", "rep", "", None)
    return call
