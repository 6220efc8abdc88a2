"""Playbooks and calls for the coach tests, built from inline TOML (no conftest magic)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from companion.core.call import Call
from companion.core.playbook import Playbook, parse_playbook

# Rep's local time: UTC+1. Monday 3 March 2025, 09:00 local.
LOCAL = timezone(timedelta(hours=1), "CET")
MONDAY_9 = datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL)

MOMENTS = """
[[moments]]
id = "agenda"
label = "Agrees to the agenda"
stage = "opening"

[[moments]]
id = "pain"
label = "Confirms the pain"
stage = "discovery"
recap = ["{note}", "this is a real problem for your team"]

[[moments]]
id = "pain_cost"
label = "Agrees pain is real"
stage = "discovery"
recap = ["{note}", "it costs your team real time"]

[[moments]]
id = "fit"
label = "Sees how it would help"
stage = "value"
recap = ["{note}", "this would help your team"]

[[moments]]
id = "gain"
label = "Puts a number on the gain"
stage = "value"

[[moments]]
id = "next_meeting"
label = "Agrees to a demo"
stage = "commitment"
"""

# The twelve standard closes, tuned the way the built-in playbooks tune them.
TUNED_CLOSES = """
[[closes]]
id = "trial"
name = "Trial close"
script = "Does this sound like it could help?"
stages = ["opening", "discovery", "value"]
max_agreed = 3

[[closes]]
id = "alternative"
name = "Alternative close"
script = "Would {slot_1} or {slot_2} work better?"
stages = ["commitment"]
min_agreed = 3

[[closes]]
id = "assumptive"
name = "Assumptive close"
script = "I'll send the invite to {company} today."
stages = ["commitment"]
min_agreed = 5
pressure = true

[[closes]]
id = "summary"
name = "Summary close"
script = "So you said {agreed_points}. Shall we take the next step?"
stages = ["value", "commitment"]
min_agreed = 3

[[closes]]
id = "direct"
name = "Direct close"
script = "{contact}, shall we go ahead?"
stages = ["commitment"]
min_agreed = 4
pressure = true

[[closes]]
id = "question"
name = "Question close"
script = "What would you need to see to move ahead?"
stages = ["discovery", "value", "commitment"]
min_agreed = 1

[[closes]]
id = "ben_franklin"
name = "Ben Franklin close"
script = "Shall we list the reasons for and against?"
stages = ["value", "commitment"]
min_agreed = 3

[[closes]]
id = "urgency"
name = "Urgency close"
script = "To make your deadline we'd need to start next week."
stages = ["commitment"]
min_agreed = 3
pressure = true
needs_deadline = true

[[closes]]
id = "puppy_dog"
name = "Puppy dog close"
script = "How about a pilot with one team?"
stages = ["value", "commitment"]
min_agreed = 2

[[closes]]
id = "sharp_angle"
name = "Sharp angle close"
script = "If I can get you that, can we agree today?"
stages = ["commitment"]
min_agreed = 2

[[closes]]
id = "takeaway"
name = "Takeaway close"
script = "Maybe this isn't a priority right now?"
stages = ["value", "commitment"]
min_agreed = 2

[[closes]]
id = "minor_point"
name = "Minor point close"
script = "Should the invite go to you or to the whole team?"
stages = ["value", "commitment"]
min_agreed = 2
"""

OBJECTIONS = """
[[objections]]
id = "price"
label = "Price"
keywords = ["expensive", "no budget"]
responses = []
closes = ["summary", "sharp_angle", "puppy_dog"]

[[objections]]
id = "timing"
label = "Timing"
keywords = ["not now", "next quarter"]
responses = []
closes = ["alternative", "urgency"]

[[objections]]
id = "authority"
label = "Authority"
keywords = ["my boss", "sign off"]
responses = []
closes = ["alternative", "question"]

[[objections]]
id = "need"
label = "Need"
keywords = ["don't need"]
responses = []
closes = ["trial", "takeaway"]

[[objections]]
id = "competitor"
label = "Competitor"
keywords = ["competitor"]
responses = []
closes = ["ben_franklin", "summary"]

[[objections]]
id = "status_quo"
label = "Status quo"
keywords = ["works fine"]
responses = []
closes = ["ben_franklin", "puppy_dog"]
"""

STANDARD_CLOSE_IDS = ("trial", "alternative", "assumptive", "summary", "direct", "question",
                      "ben_franklin", "urgency", "puppy_dog", "sharp_angle", "takeaway", "minor_point")
PRESSURE_CLOSES = {"urgency", "assumptive", "direct"}
FINAL_ASKS = {"alternative", "assumptive", "summary", "direct", "ben_franklin", "urgency",
              "puppy_dog", "sharp_angle", "takeaway", "minor_point"}


def header(playbook_id: str = "test", expected_minutes: int = 30) -> str:
    return f'format = 1\nid = "{playbook_id}"\nname = "Test"\nexpected_minutes = {expected_minutes}\n'


def make_playbook(*parts: str, expected_minutes: int = 30) -> Playbook:
    return parse_playbook(header(expected_minutes=expected_minutes) + "\n".join(parts))


def standard_playbook() -> Playbook:
    return make_playbook(MOMENTS, TUNED_CLOSES, OBJECTIONS)


def untuned_playbook() -> Playbook:
    """The twelve standard closes with none of the tuning fields, and objections without closes."""
    closes = "".join(
        f'\n[[closes]]\nid = "{close_id}"\nname = "{close_id.replace("_", " ").title()} close"\n'
        f'script = "Line for {close_id}."\n'
        for close_id in STANDARD_CLOSE_IDS
    )
    objections = "".join(
        f'\n[[objections]]\nid = "{o}"\nlabel = "{o}"\nkeywords = ["{o}"]\nresponses = []\n'
        for o in ("price", "timing", "authority", "need", "competitor", "status_quo")
    )
    return make_playbook(MOMENTS, closes, objections)


def new_call(contact: str = "Jane Smith", company: str = "Acme", started: datetime = MONDAY_9) -> Call:
    return Call(contact=contact, company=company, started_at=started.astimezone(timezone.utc))


def agree(call: Call, playbook: Playbook, *moment_ids: str, at: datetime = MONDAY_9,
          notes: dict[str, str] | None = None) -> None:
    """Tick moments the way the live window does: label and stage from the playbook."""
    for offset, moment_id in enumerate(moment_ids):
        moment = playbook.moment(moment_id)
        call.agree(moment_id, at + timedelta(minutes=offset), label=moment.label, stage=moment.stage,
                   note=(notes or {}).get(moment_id))


def ids(suggestions) -> list[str]:
    return [s.close_id for s in suggestions]


def by_id(suggestions, close_id: str):
    return next(s for s in suggestions if s.close_id == close_id)
