"""Saying the rep's notes back to the prospect: "loses 6 hours a week" -> "you lose 6 hours a week".

Reps note what the prospect said in the third person, as fragments, with names as typed. A
recap spoken to the prospect needs the second person, a subject, and the names exactly as
written (only a common word at the start of a note loses its capital).
"""

from __future__ import annotations

import re

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

# Reps note what the prospect said in the third person ("wants it live before Q2"); said back
# to the prospect, that needs a subject and the second person ("you want it live before Q2").
_SAID_BACK = {
    "wants": "want", "needs": "need", "has": "have", "uses": "use", "spends": "spend", "loses": "lose",
    "plans": "plan", "expects": "expect", "prefers": "prefer", "likes": "like", "hopes": "hope",
    "hates": "hate", "agrees": "agree", "worries": "worry", "struggles": "struggle", "does": "do",
    "doesn't": "don't", "can't": "can't", "can": "can", "will": "will", "won't": "won't", "must": "must",
    "should": "should", "would": "would", "sends": "send", "decides": "decide", "brings": "bring",
    "thinks": "think", "feels": "feel", "knows": "know", "manages": "manage", "handles": "handle",
    "misses": "miss", "says": "say", "loves": "love", "needed": "needed", "wanted": "wanted", "had": "had",
    "re-keys": "re-key", "rekeys": "re-key", "chases": "chase", "juggles": "juggle", "tracks": "track",
}
# "is frustrated with the spreadsheets" is about the prospect, "is too slow" about the problem.
_FEELINGS = frozenset({"frustrated", "worried", "happy", "unhappy", "keen", "interested", "tired", "fed",
                       "sick", "concerned", "excited", "sceptical", "skeptical", "busy", "stuck", "annoyed"})
# Verbs whose subject in a note is the problem or the product, not the prospect:
# "takes two days a month" is said back as "it takes two days a month".
_IT_VERBS = frozenset({"is", "was", "takes", "took", "costs", "cost", "pays", "saves", "works", "runs",
                       "gets", "keeps", "breaks", "fails", "eats", "causes", "means", "makes", "adds",
                       "comes", "goes", "looks", "sounds", "fits", "covers", "would've", "isn't", "wasn't"})


def as_clause(text: str, name: str = "", *, said_back: bool = True) -> str:
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
            partner = re.match(r"and (?:her|his|their) (.+)", rest)
            if partner:                      # "Maria and her partner Tom decide" -> "you and your partner Tom decide"
                return f"you and your {partner.group(1)}"
        said = _SAID_BACK.get(first.lower())
        if said is not None and rest:
            return f"you {said} {rest}"
        if first.lower() in ("is", "was") and subject.lower() in _FEELINGS:
            return f"you {'are' if first.lower() == 'is' else 'were'} {rest}"
        if first.lower() in _IT_VERBS and rest:
            return f"it {first.lower()} {rest}"
    return f"{first} {rest}".strip()



_VERB_WORDS = frozenset(_SAID_BACK) | frozenset(_SAID_BACK.values()) | _IT_VERBS | frozenset(
    {"are", "were", "be", "been", "do", "did", "decide", "take", "cost", "pay", "save", "work", "run", "get",
     "keep", "like", "love", "lose", "want", "need", "have", "send", "bring", "think", "know", "said"})



def is_noun_phrase(note: str) -> bool:
    """"about 1,200 a month", "speed of rollout and support": no verb, so it fits inside a
    phrase. "Tom decides", "wants it live" are clauses and do not."""
    words = [w.lower().strip(",.;:") for w in note.split()]
    return len(words) <= 10 and not any(w in _VERB_WORDS for w in words)


def is_clause(note: str) -> bool:
    """A note that can be said back as a clause has a verb ("loses 6 hours", "Tom decides");
    a bare "roughly 1,200 a month" would be a fragment on its own."""
    return any(w.lower().strip(",.;:") in _VERB_WORDS for w in note.split())
