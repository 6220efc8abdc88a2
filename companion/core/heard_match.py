"""What was heard on the call -> yes moments and objections it may reveal.

Speech recognition gets words wrong ("see a fo" for "CFO", "too expansive"), so a playbook's
spoken `phrases` are matched fuzzily, word window by word window, against each clause of an
utterance. A phrase preceded in its clause by a negation ("it's not that we'd need to check
with our CFO") does not count, and a question ("is that a problem for you?") never confirms a
yes moment. Objection keywords go through the coach's own detection (objection_detect, with
its negation, pain and stall rules), so typed notes and speech find objections the same way.

Everything returned is a suggestion: the rep confirms or dismisses each one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from companion.core.objection_detect import detect_objections, per_playbook
from companion.core.playbook import Playbook

MOMENT, OBJECTION = "moment", "objection"
# Similarity (0..1, over the letters of the words) a window of speech needs to count as the
# phrase. Tuned on synthetic speech: 0.8 lets one wrong short word or two wrong letters
# through in a four-word phrase, and keeps "we need a new CRM" apart from "we need to check".
MIN_SIMILARITY = 0.8
# How many words before a phrase a negation still reaches ("not that we would need to...").
NEGATION_REACH = 4
NEGATIONS = frozenset({"not", "no", "never", "without", "hardly", "nobody", "nothing", "neither", "nor"})
QUOTE_WORDS = 12

# Recognisers write contractions; playbook authors write either form. Both become the long form.
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"), (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcannot\b"), "can not"), (re.compile(r"n't\b"), " not"),
    (re.compile(r"'d\b"), " would"), (re.compile(r"'re\b"), " are"), (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"), (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\b(it|that|there|what|here)'s\b"), r"\1 is"),
)
_STRAIGHTEN = str.maketrans({"\u2019": "'", "\u2018": "'"})
_CLAUSE = re.compile(r"[^,.;:!?]+[,.;:!?]*")
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class HeardSuggestion:
    kind: str          # MOMENT or OBJECTION
    target_id: str
    label: str
    quote: str         # the words heard, as recognised, shortened to a glance
    similarity: float  # 1.0 for an exact phrase or a keyword

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.target_id)


def words_of(text: str) -> list[str]:
    """Lower-case words with contractions spelled out; punctuation dropped."""
    text = text.translate(_STRAIGHTEN).lower()
    for pattern, long_form in _CONTRACTIONS:
        text = pattern.sub(long_form, text)
    return _WORD.findall(text)


@dataclass(frozen=True)
class _Phrase:
    kind: str
    target_id: str
    label: str
    words: tuple[str, ...]
    joined: str


@per_playbook
def spoken_phrases(playbook: Playbook) -> tuple[_Phrase, ...]:
    """Every spoken phrase of the playbook, normalised once per playbook."""
    found = []
    for moment in playbook.moments:
        for phrase in moment.phrases:
            found.append((MOMENT, moment.id, moment.label, tuple(words_of(phrase))))
    for objection in playbook.objections:
        for phrase in objection.phrases:
            found.append((OBJECTION, objection.id, objection.label, tuple(words_of(phrase))))
    return tuple(_Phrase(kind, tid, label, words, " ".join(words)) for kind, tid, label, words in found if words)


def match_utterance(playbook: Playbook, text: str, skip: Collection[tuple[str, str]] = ()) -> list[HeardSuggestion]:
    """Moments and objections an utterance may reveal, best first, one per target.

    `skip` holds (kind, id) pairs not to offer: moments already ticked, objections already
    flagged, suggestions the rep dismissed.
    """
    best: dict[tuple[str, str], HeardSuggestion] = {}
    quote = _quote(text)
    words, clauses, questions = _clause_words(text)
    for phrase in spoken_phrases(playbook):
        key = (phrase.kind, phrase.target_id)
        if key in skip:
            continue
        similarity = _best_window(phrase, words, clauses, questions if phrase.kind == MOMENT else frozenset())
        if similarity >= MIN_SIMILARITY and similarity > getattr(best.get(key), "similarity", 0.0):
            best[key] = HeardSuggestion(phrase.kind, phrase.target_id, phrase.label, quote, similarity)
    already = {target for kind, target in skip if kind == OBJECTION} | {t for k, t in best if k == OBJECTION}
    for objection_id in _keyword_objections(playbook, text, already):
        objection = playbook.objection(objection_id)
        if objection is not None:
            best[(OBJECTION, objection_id)] = HeardSuggestion(OBJECTION, objection_id, objection.label, quote, 1.0)
    return sorted(best.values(), key=lambda s: -s.similarity)


def _clause_words(text: str) -> tuple[list[str], list[int], frozenset[int]]:
    """The utterance's words, the clause each belongs to, and which clauses are questions.
    Phrases may run across a comma ("sounds good, let's do that"); negation may not."""
    words: list[str] = []
    clauses: list[int] = []
    questions = set()
    for index, clause in enumerate(_CLAUSE.findall(text)):
        clause_words = words_of(clause)
        words += clause_words
        clauses += [index] * len(clause_words)
        if clause.rstrip().endswith("?"):
            questions.add(index)
    return words, clauses, frozenset(questions)


def _keyword_objections(playbook: Playbook, text: str, already: Collection[str]) -> list[str]:
    """Objections the coach's detection finds in what was said, kept only if it still finds
    them in the clauses cut at their first negation. Spoken sentences run longer than notes:
    "it's not that we will need to check with our CFO" negates from further away than the
    coach's reach for typed notes. Spoken objections that carry their own negation ("not
    right now") belong in `phrases`."""
    found = detect_objections(playbook, text, already)
    if not found:
        return []
    affirmed = []
    for clause in _CLAUSE.findall(text):
        words = words_of(clause)
        negation = next((i for i, w in enumerate(words) if w in NEGATIONS), len(words))
        affirmed.append(" ".join(words[:negation]))
    still = set(detect_objections(playbook, ". ".join(affirmed), already))
    return [objection_id for objection_id in found if objection_id in still]


def _best_window(phrase: _Phrase, words: list[str], clauses: list[int], skip_clauses: frozenset[int]) -> float:
    """The highest similarity of the phrase to any run of words of about its length that is
    not negated; 0.0 when none comes close."""
    best = 0.0
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(phrase.joined)
    for start, end in _windows(len(words), len(phrase.words)):
        if clauses[start] in skip_clauses or clauses[end - 1] in skip_clauses:
            continue
        matcher.set_seq1(" ".join(words[start:end]))
        if matcher.real_quick_ratio() < MIN_SIMILARITY or matcher.quick_ratio() < MIN_SIMILARITY:
            continue
        similarity = matcher.ratio()
        if similarity > best and not _negated(words, clauses, start, end, phrase.words):
            best = similarity
    return best


def _windows(count: int, size: int) -> Iterator[tuple[int, int]]:
    # A recogniser may split one word in two ("see a fo") or merge two, so windows one word
    # shorter and longer than the phrase are tried as well.
    for length in {max(1, size - 1), size, size + 1}:
        for start in range(0, max(1, count - length + 1)):
            if start < count:
                yield start, min(count, start + length)


def _negated(words: list[str], clauses: list[int], start: int, end: int, phrase_words: tuple[str, ...]) -> bool:
    own = NEGATIONS.intersection(phrase_words)
    if phrase_words and phrase_words[0] in NEGATIONS:
        return False     # the phrase carries its own negation ("not right now")
    before = range(max(0, start - NEGATION_REACH), start)
    inside = range(start, end)
    return (any(words[i] in NEGATIONS and clauses[i] == clauses[start] for i in before)
            or any(words[i] in NEGATIONS and words[i] not in own for i in inside))


def _quote(text: str) -> str:
    words = text.split()
    shortened = " ".join(words[:QUOTE_WORDS])
    return shortened + ("…" if len(words) > QUOTE_WORDS else "")
