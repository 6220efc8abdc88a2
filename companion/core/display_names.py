"""The names a person reads for playbooks and closes, never their internal ids.

Playbooks give the names ("Discovery call", "Summary close"); a call saved with a playbook
or close that is no longer installed still reads as words ("my_pitch" -> "My pitch").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from companion.core.playbook import Playbook

# The standard closes, named as the built-in playbooks name them.
STANDARD_CLOSE_NAMES = {
    "trial": "Trial close", "alternative": "Alternative close", "assumptive": "Assumptive close",
    "summary": "Summary close", "direct": "Direct close", "question": "Question close",
    "ben_franklin": "Ben Franklin close", "urgency": "Urgency close", "puppy_dog": "Puppy dog close",
    "sharp_angle": "Sharp angle close", "takeaway": "Takeaway close", "minor_point": "Minor point close",
}


def words_of(identifier: str) -> str:
    """An id as words: "my_new-pitch" -> "My new pitch"."""
    words = " ".join(identifier.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def close_name(close_id: str, known: Mapping[str, str] | None = None) -> str:
    """"Summary close" for "summary": the playbooks' name, else the standard one, else words."""
    name = (known or {}).get(close_id) or STANDARD_CLOSE_NAMES.get(close_id)
    if name:
        return name
    words = words_of(close_id)
    return words if words.lower().endswith("close") else f"{words} close"


def playbook_name(playbook_id: str, known: Mapping[str, str] | None = None) -> str:
    return (known or {}).get(playbook_id) or words_of(playbook_id)


@dataclass(frozen=True)
class DisplayNames:
    """Names from the installed playbooks, for everything that writes a call for a person."""

    playbooks: Mapping[str, str] = field(default_factory=dict)
    closes: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, playbooks: Iterable[Playbook]) -> "DisplayNames":
        playbook_names: dict[str, str] = {}
        close_names: dict[str, str] = {}
        for playbook in playbooks:
            playbook_names[playbook.id] = playbook.name
            for close in playbook.closes:
                close_names.setdefault(close.id, close.name)
        return cls(playbook_names, close_names)

    def playbook(self, playbook_id: str) -> str:
        return playbook_name(playbook_id, self.playbooks)

    def close(self, close_id: str) -> str:
        return close_name(close_id, self.closes)
