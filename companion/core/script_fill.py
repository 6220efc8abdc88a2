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
NAME_FALLBACK = "you"
MAX_RECAP_POINTS = 3
MAX_POINT_WORDS = 12
RECAPPED_STAGES = ("discovery", "value")
_ASIDE = re.compile(r"\?|\b(?:did(?:n't| not)|does(?:n't| not)|has(?:n't| not)|won't|wouldn't)\s+(?:say|tell|mention|"
                    r"share|know|answer|give)\b|^(?:ask|check|todo|to do|follow up|chase|remember|nb)\b",
                    re.IGNORECASE)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"}
_THIRD_PERSON = {"she", "he", "they"}
# Words that start a note and are no name: only these lose their capital inside a sentence.
COMMON_STARTS = frozenset("""
a an the this that these those our their his her its my your some any every each all most many
much more less few no one two three four five six seven eight nine ten half about around roughly
almost nearly over under up to at least approx we they it there here what when where who why how
front back team teams staff manual reporting reports billing booking bookings invoices invoicing
data spreadsheets spreadsheet people customers clients patients sales support finance ops it's
would could should will can may might must need needs want wants has have had is are was were
lose loses losing spend spends spending takes take taking costs cost saves save saving keeps keep
re-keys rekeys re-key hours days weeks minutes everything nothing something everyone nobody
""".split())
_KEEP_CAPITAL = {"I", "I'm", "I'd", "I'll", "I've"}
_GREETINGS = {"hi", "hello", "hey", "thanks", "thank", "so", "well", "ok", "okay", "great", "right"}


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
    `points` are the recap points when the caller has already worked them out. Without any
    point worth recapping, "agreed_points" is left out, so a line needing it is not offered."""
    if points is None:
        points = recap_points(call, playbook)
    values = {
        "contact": first_name(call.contact),
        "company": call.company.strip() or COMPANY_FALLBACK,
    }
    if points:
        values["agreed_points"] = join_naturally(points)
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


def recap_points(call: Call, playbook: Playbook | None, limit: int = MAX_RECAP_POINTS) -> list[str]:
    """Up to `limit` agreed yes moments worth saying back, as clauses, in the order agreed.

    Only value is recapped: discovery and value moments (pain, cost, gain, fit) by default,
    never opening or commitment moments (rapport and logistics), never a moment that settles
    part of the next step (that is the ask itself), never the general notes (private). A
    moment's `recap` phrase decides how it is said ("" never); otherwise the rep's note is
    said back in the second person. A moment without a note has nothing concrete to say back
    and is left out. Notes are preferred from the value stage, then discovery.
    """
    chosen = sorted(_recap_candidates(call, playbook))[:limit]
    return [point for _, _, point in sorted(chosen, key=lambda c: c[1])]


def pain_point(call: Call, playbook: Playbook | None) -> str | None:
    """The first discovery point worth saying back (the pain, in the rep's words), or None."""
    return next((point for rank, _, point in _recap_candidates(call, playbook) if rank == 1), None)


def _recap_candidates(call: Call, playbook: Playbook | None) -> list[tuple[int, int, str]]:
    """(0 for value, 1 for discovery, order agreed, clause) for each moment worth recapping."""
    moments = {m.id: m for m in playbook.moments} if playbook else {}
    name = first_name(call.contact)
    candidates = []
    for order, agreed in enumerate(call.agreed_in_order()):
        moment = moments.get(agreed.moment_id)
        stage = moment.stage if moment else agreed.stage
        point = _recap_point(agreed.note, stage, moment.recap if moment else None,
                             moment.step_part if moment else None, name)
        if point:
            candidates.append((0 if stage == "value" else 1, order, point))
    return candidates


def _recap_point(note: str, stage: str, recap: tuple[str, ...] | None, step_part: str | None,
                 name: str) -> str:
    note = note.strip()
    if step_part or is_aside(note):
        return ""
    if recap is None:
        return _trimmed(_as_clause(note, name)) if note and stage in RECAPPED_STAGES else ""
    for phrase in recap:
        if "{note}" not in phrase:
            return phrase
        if note:
            # A phrase that starts with the note says it back ("loses 6 hours" -> "you lose 6 hours").
            said = _trimmed(_as_clause(note, name, said_back=phrase.startswith("{note}")))
            return phrase.replace("{note}", said)
    return ""


def is_aside(note: str) -> bool:
    """A note the rep wrote for themselves ("she didn't say how much", "ask about SSO?")."""
    return bool(note) and bool(_ASIDE.search(note))


def _trimmed(clause: str) -> str:
    """A long note keeps its first clause, at most MAX_POINT_WORDS words: a recap is spoken."""
    words = clause.split()
    if len(words) <= MAX_POINT_WORDS:
        return clause
    first = re.split(r"[,;:(\u2014]| - ", clause)[0].split()
    return " ".join(first[:MAX_POINT_WORDS])


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
    "sends": "send", "decides": "decide", "brings": "bring", "gets": "get", "sees": "see",
    "thinks": "think", "feels": "feel", "knows": "know", "manages": "manage", "handles": "handle",
    "works": "work", "takes": "take", "keeps": "keep", "misses": "miss", "says": "say",
    "loves": "love", "needed": "needed", "wanted": "wanted", "had": "had",
}


def _as_clause(text: str, name: str = "", *, said_back: bool = True) -> str:
    """A note as a clause inside a sentence: no trailing full stop; the first word lower-cased
    only when it is a common word (a name or an acronym the rep typed stays as written); with
    `said_back`, a note about the prospect ("wants...", "she loses...", "Maria decides...") gets
    "you" and the verb form that goes with it."""
    text = " ".join(text.split()).rstrip(" .;:!")
    first, _, rest = text.partition(" ")
    if first.lower() in COMMON_STARTS and first not in _KEEP_CAPITAL:
        first = first.lower()
    if said_back:
        subject, _, after = rest.partition(" ")
        if first.lower() in _THIRD_PERSON or (name and first == name and " " not in name):
            verb = _SAID_BACK.get(subject.lower())
            if verb is not None and after:
                return f"you {verb} {after}"
        said = _SAID_BACK.get(first.lower())
        if said is not None and rest:
            return f"you {said} {rest}"
    return f"{first} {rest}".strip()


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
