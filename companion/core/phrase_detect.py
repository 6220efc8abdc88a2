"""Finding a playbook's keywords in typed notes the way a person reads them.

A keyword counts only where it means what it says: "not too expensive" and "I don't think
price is an issue" are no price objection; "spending too much time on manual reports" and
"mistakes are expensive" describe the prospect's pain, which is good news, not an objection;
"no need to rush" is politeness, not a missing need. The rules are simple on purpose: a
negation a few words before, the words right after, and what the clause is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Notes typed on a Mac or pasted from a mail client carry curly apostrophes;
# keywords are written with straight ones ("can't afford").
STRAIGHTEN = str.maketrans({"\u2019": "'", "\u2018": "'"})

NEGATORS = frozenset({"not", "no", "never", "isn't", "wasn't", "aren't", "don't", "doesn't", "didn't",
                      "won't", "without", "hardly", "nor", "neither"})
NEGATION_REACH = 3            # words before the keyword that can negate it
_WORD = re.compile(r"[\w']+")
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s*(?:but|and|although|though)\b|\bbut\b", re.IGNORECASE)
# After the keyword: "too much time", "costs too much effort", "no need to rush".
_PAIN_AFTER = re.compile(
    r"\s+(?:of\s+(?:our|their|his|her|my|the)\s+)?(?:time|hours?|days?|work|effort|admin|paperwork|"
    r"manual|re-?keying|spreadsheets?|overtime|mistakes|errors)\b"
    r"|\s+to\s+(?:rush|worry|hurry|apologi[sz]e|panic)\b", re.IGNORECASE)
# Earlier in the clause: the prospect's current problem is the subject ("mistakes are expensive").
_PAIN_BEFORE = re.compile(
    r"\b(?:mistakes?|errors?|delays?|downtime|re-?keying|manual|overtime|churn|no-?shows?|"
    r"the\s+current|today's|the\s+old|our\s+current|spending|wasting|losing)\b", re.IGNORECASE)


def compile_keywords(keywords: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a list of keywords: whole words or phrases, any case, any spacing."""
    phrases = {_phrase_pattern(k) for k in keywords}
    phrases.discard("")
    if not phrases:
        return None
    # Longest first, so "no budget" wins over "budget" where both are listed.
    alternatives = "|".join(sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def meant(text: str, match: re.Match[str], *, pain_is_no_match: bool = True) -> bool:
    """Whether a keyword match means what it says (see the module's docstring). Pain rules
    apply to objections; yes moments are looking for pain, so they pass False."""
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, match.start())), default=0)
    before = text[clause_start:match.start()]
    keyword_words = _WORD.findall(match.group(0).lower())
    if keyword_words and keyword_words[0] not in NEGATORS:
        if any(word.lower() in NEGATORS for word in _WORD.findall(before)[-NEGATION_REACH:]):
            return False
    if not pain_is_no_match:
        return True
    if _PAIN_AFTER.match(text, match.end()):
        return False
    return not _PAIN_BEFORE.search(before)


def find_meant(text: str, pattern: re.Pattern[str], *, pain_is_no_match: bool = True) -> re.Match[str] | None:
    """The first match of `pattern` in `text` that means what it says, or None."""
    for match in pattern.finditer(text):
        if meant(text, match, pain_is_no_match=pain_is_no_match):
            return match
    return None


def clause_span(text: str, position: int) -> tuple[int, int]:
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    end = _CLAUSE_BREAK.search(text, position)
    return start, end.start() if end else len(text)


# People put a softener inside a phrase: "don't really need", "not actually a priority".
_SOFTENER = r"(?:\s+(?:really|actually|even|just|quite|totally|honestly|that))?\s+"


def _phrase_pattern(keyword: str) -> str:
    # Any run of spaces or a line break between the words of a phrase still matches, and one
    # softener word may sit between them.
    words = keyword.translate(STRAIGHTEN).split()
    return _SOFTENER.join(re.escape(word) for word in words)
