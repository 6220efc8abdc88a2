"""A saved call made safe to replay: the contact's first name only, no company, no free notes.

A replay shows what the rep chose to write against the yes moments (their own note words),
the open objections, the deal value and the minutes gone. Everything else stays out: the call's
free notes are never copied, and the note words lose the contact's other names, the company's
name, e-mail addresses and phone numbers, so a screen shared in a team meeting gives nobody away.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from companion.core.call import AgreedMoment, Call, CloseAttempt, RaisedObjection

CONTACT_STAND_IN = "the contact"
COMPANY_STAND_IN = "their company"
EMAIL_STAND_IN = "[e-mail]"
PHONE_STAND_IN = "[phone]"
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ()/.-]{5,}\d")
# Words of a company name too common to give it away on their own ("the", "of"...) are left alone
# when they stand apart from the name; the whole name is always replaced.
_MIN_NAME_WORD = 3


def safe_first_name(contact: str) -> str:
    """"Ann Fischer" -> "Ann"; "Dr. Ann Fischer" -> "Ann"; "Dr. Fischer" -> "" (a surname)."""
    words = [w.strip(",;") for w in contact.split()]
    if words and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
        if len(words) <= 1:
            return ""                    # a title and one name: that name is the surname
    return words[0] if words else ""


def _other_names(contact: str, first: str) -> list[str]:
    names = [w.strip(",;.") for w in contact.split()]
    return [n for n in names if n and n != first and n.rstrip(".").lower() not in _TITLES]


def _company_words(company: str) -> list[str]:
    return [w for w in re.findall(r"[\w&'-]+", company) if len(w) >= _MIN_NAME_WORD]


def _replace_words(text: str, words: list[str], stand_in: str) -> str:
    for word in sorted(set(words), key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", stand_in, text, flags=re.IGNORECASE)
    return text


def scrub(text: str, contact: str, company: str) -> str:
    """`text` without the contact's other names, the company, e-mail addresses or phone numbers."""
    first = safe_first_name(contact)
    text = _EMAIL.sub(EMAIL_STAND_IN, text)
    text = _PHONE.sub(PHONE_STAND_IN, text)
    if company.strip():
        text = _replace_words(text, [company.strip()], COMPANY_STAND_IN)
        text = _replace_words(text, _company_words(company), COMPANY_STAND_IN)
    if contact.strip():
        if first and contact.strip() != first:
            text = _replace_words(text, [contact.strip()], first)
        text = _replace_words(text, _other_names(contact, first), first or CONTACT_STAND_IN)
    # "their company their company" from a name split over two replaced words.
    text = re.sub(rf"({re.escape(COMPANY_STAND_IN)})(\s+\1)+", r"\1", text)
    return " ".join(text.split())


def anonymised(call: Call) -> Call:
    """A copy of the call to replay: first name, the moments with scrubbed notes, objections,
    close attempts and deal value; no company, no free notes, no next step, no outcome."""
    moments = {
        key: AgreedMoment(m.moment_id, m.label, m.stage, m.agreed_at,
                          scrub(m.note, call.contact, call.company))
        for key, m in call.moments.items()
    }
    return Call(
        contact=safe_first_name(call.contact), company="", playbook_id=call.playbook_id,
        id=call.id, started_at=call.started_at, ended_at=call.ended_at, moments=moments,
        objections={k: replace(o) for k, o in call.objections.items()},
        close_attempts=[CloseAttempt(a.close_id, a.result, a.at) for a in call.close_attempts],
        deal_value=call.deal_value,
        moment_notes={k: m.note for k, m in moments.items() if m.note},
    )


def cut_at(call: Call, stop: datetime) -> Call:
    """The call as it stood at `stop`: moments agreed and attempts made by then, objections
    raised by then (open if they were resolved later), nothing after."""
    objections = {}
    for key, o in call.objections.items():
        if o.raised_at <= stop:
            resolved = o.resolved_at if o.resolved_at is not None and o.resolved_at <= stop else None
            objections[key] = RaisedObjection(o.objection_id, o.label, o.raised_at, resolved)
    moments = {k: m for k, m in call.moments.items() if m.agreed_at <= stop}
    return Call(
        contact=call.contact, company=call.company, playbook_id=call.playbook_id, id=call.id,
        started_at=call.started_at, ended_at=None, moments=moments, objections=objections,
        close_attempts=[a for a in call.close_attempts if a.at <= stop],
        deal_value=call.deal_value,
        moment_notes={k: m.note for k, m in moments.items() if m.note},
    )
