"""Notes typed against yes moments that were never ticked.

The database keeps a note with an agreed moment. A note typed against a moment that was
not (or no longer) ticked would be lost at save; it goes into the call's notes instead,
named by its moment, so every note the rep typed is kept.
"""

from __future__ import annotations

import dataclasses

from companion.core.call import Call


def unticked_note_lines(call: Call, labels: dict[str, str]) -> list[str]:
    return [f"{labels.get(moment_id, moment_id)} (not ticked): {note.strip()}"
            for moment_id, note in call.moment_notes.items()
            if note.strip() and not call.is_agreed(moment_id)]


def with_unticked_notes(call: Call, labels: dict[str, str]) -> Call:
    """A copy of `call` to save, its unticked moments' notes added to the call's notes."""
    lines = unticked_note_lines(call, labels)
    if not lines:
        return call
    notes = "\n".join(part for part in (call.notes.rstrip(), *lines) if part)
    kept = {k: v for k, v in call.moment_notes.items() if call.is_agreed(k)}
    return dataclasses.replace(call, notes=notes, moment_notes=kept)
