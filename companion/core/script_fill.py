"""Fill a close's script with what this call has produced, so the rep can say it as is.

Placeholders: {contact} (first name), {company}, {agreed_points} (the agreed yes moments,
in the rep's own note words where there are notes), {slot_1}, {slot_2}. Scripts come from
user-edited playbooks, so anything else in braces is left exactly as written: a typo in a
playbook shows up in the line, it never breaks the live window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from companion.core.call import Call
from companion.core.playbook import Playbook

# Doubled braces are literal braces, as in str.format (which the playbook checks use).
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}")
COMPANY_FALLBACK = "your company"
AGREED_POINTS_FALLBACK = "what we've covered so far"
NAME_FALLBACK = "you"
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"}
_KEEP_CAPITAL = {"I", "I'm", "I'd", "I'll", "I've"}
_PLAIN_WORD_TAIL = re.compile(r"[a-z'\u2019-]*")   # "Manual" is lowered; "Q2", "CFO", "McKinsey" are not
_GREETINGS = {"hi", "hello", "hey", "thanks", "thank", "so", "well", "ok", "okay", "great", "right"}
# Moment labels describe the prospect ("Confirms the pain"); in a recap spoken to them
# they become "you confirm the pain". Only verbs known to start labels are turned, so a
# label that starts with a plural noun ("Deciders are on the call") is left alone.
_LABEL_VERBS = {
    "agrees": "agree", "confirms": "confirm", "accepts": "accept", "sees": "see",
    "shares": "share", "names": "name", "puts": "put", "picks": "pick", "maps": "map",
    "says": "say", "wants": "want", "needs": "need", "likes": "like", "commits": "commit",
    "approves": "approve", "owns": "own", "understands": "understand", "expects": "expect",
    "has": "have", "is": "are", "will": "will", "can": "can", "would": "would",
}


def fill_script(template: str, values: Mapping[str, str]) -> str:
    """Replace the known {placeholders}; leave unknown or malformed ones untouched."""
    if values.get("contact", None) == "":
        template = _drop_missing_name(template)
        values = {**values, "contact": NAME_FALLBACK}
    return PLACEHOLDER.sub(lambda m: _replacement(m, values), template)


def _replacement(match: re.Match, values: Mapping[str, str]) -> str:
    name = match.group(1)
    if name is None:
        return match.group(0)[0]         # "{{" or "}}"
    return values.get(name, match.group(0))


def script_values(call: Call, playbook: Playbook | None, slots: Iterable[str] = (),
                  points: list[str] | None = None) -> dict[str, str]:
    """The placeholder values for this call; `slots` are already formatted ("Tuesday at 10:00"),
    `points` are the recap points when the caller has already worked them out."""
    if points is None:
        points = recap_points(call, playbook)
    values = {
        "contact": first_name(call.contact),
        "company": call.company.strip() or COMPANY_FALLBACK,
        "agreed_points": join_naturally(points) or AGREED_POINTS_FALLBACK,
    }
    for number, slot in enumerate(slots, start=1):
        values[f"slot_{number}"] = slot
    return values


def first_name(contact: str) -> str:
    """"Jane Smith" -> "Jane"; "Dr. Jane Smith" -> "Jane"; "Dr. Smith" stays "Dr. Smith"."""
    words = [w.strip(",;") for w in contact.split()]
    titled = bool(words) and words[0].rstrip(".").lower() in _TITLES
    names = [w for w in (words[1:] if titled else words) if w]
    if not names:
        return ""
    if titled and len(names) == 1:
        return f"{words[0]} {names[0]}"      # a title and a surname is how they are addressed
    return names[0]


def recap_points(call: Call, playbook: Playbook | None) -> list[str]:
    """The agreed yes moments as short clauses, in the order they were agreed.

    A moment's note is the rep's own words and wins; otherwise its label is rephrased.
    Opening moments without a note ("Agrees to the agenda") are left out: they are rapport,
    not value, and would only pad the recap.
    """
    moments = {m.id: m for m in playbook.moments} if playbook else {}
    points = []
    for agreed in call.agreed_in_order():
        note = agreed.note.strip()
        if note:
            points.append(_as_clause(note))
            continue
        moment = moments.get(agreed.moment_id)
        stage = moment.stage if moment else agreed.stage
        if stage != "opening":
            points.append(_label_as_clause(moment.label if moment else agreed.label))
    return [p for p in points if p]


def join_naturally(items: list[str]) -> str:
    """"a", "a and b", "a, b, and c". Two long items (clauses, as notes usually are) get a
    comma before "and", which keeps the second clause from running into the first."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        clauses = any(len(item.split()) >= 4 for item in items)
        return f"{items[0]}{',' if clauses else ''} and {items[1]}"
    return f"{', '.join(items[:-1])}, and {items[-1]}"


# Reps note what the prospect said in the third person ("wants it live before Q2"); said back
# to the prospect, that needs a subject and the second person ("you want it live before Q2").
_SAID_BACK = {
    "wants": "want", "needs": "need", "has": "have", "is": "are", "was": "were",
    "uses": "use", "spends": "spend", "loses": "lose", "plans": "plan", "expects": "expect",
    "prefers": "prefer", "likes": "like", "hopes": "hope", "hates": "hate", "runs": "run",
    "pays": "pay", "agrees": "agree", "worries": "worry", "struggles": "struggle",
    "does": "do", "doesn't": "don't", "can't": "can't", "can": "can", "will": "will",
    "won't": "won't", "must": "must", "should": "should", "would": "would",
}


def _as_clause(text: str) -> str:
    """A note as a clause inside a sentence: no trailing full stop, no leading capital
    unless the first word is a name or an acronym the rep typed on purpose; a note that
    starts with a verb ("wants...") gets "you" and the verb form that goes with it."""
    text = " ".join(text.split()).rstrip(" .;:!")
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and _PLAIN_WORD_TAIL.fullmatch(first[1:]) and first not in _KEEP_CAPITAL:
        first = first[0].lower() + first[1:]
    said_back = _SAID_BACK.get(first.lower())
    if said_back is not None and rest:
        return f"you {said_back} {rest}"
    return f"{first} {rest}".strip()


def _label_as_clause(label: str) -> str:
    first, _, rest = " ".join(label.split()).partition(" ")
    verb = _LABEL_VERBS.get(first.lower())
    if verb is not None:
        return _as_clause(f"you {verb} {rest}")
    return _as_clause(label)


def _drop_missing_name(template: str) -> str:
    """Without a contact name, take {contact} out so the line still reads well.

    "Does that work, {contact}?" -> "Does that work?"; "{contact}, shall we...?" -> "Shall we...?";
    "Thanks {contact}, ..." -> "Thanks, ..."; anywhere else the caller puts "you".
    """
    template = re.sub(r",\s*\{contact\}(?=\s*(?:[.?!;:,]|$))", "", template)
    template = re.sub(r"(^|[.?!]\s+)\{contact\}\s*,\s*(\w?)",
                      lambda m: m.group(1) + m.group(2).upper(), template)
    template = re.sub(r"\b(\w+)\s+\{contact\}(?=[,.!?])",
                      lambda m: m.group(1) if m.group(1).lower() in _GREETINGS else m.group(0), template)
    return template
