"""A key combination as plain data: modifiers plus one key, written like "Ctrl+Alt+3".

The text form is what Settings stores and shows, so it must round-trip exactly and read
the same on every platform ("Super" is the Windows key, or Command on a Mac).
"""

from __future__ import annotations

from dataclasses import dataclass

# Shown and stored in this order, whatever order the rep typed them in.
MODIFIERS = ("Ctrl", "Alt", "Shift", "Super")
_MODIFIER_ALIASES = {
    "ctrl": "Ctrl", "control": "Ctrl",
    "alt": "Alt", "option": "Alt",
    "shift": "Shift",
    "super": "Super", "meta": "Super", "win": "Super", "cmd": "Super", "command": "Super",
}
# Keys other than letters and digits that a global shortcut may use.
NAMED_KEYS = tuple(f"F{n}" for n in range(1, 13)) + (
    "Space", "Insert", "Delete", "Home", "End", "PgUp", "PgDown",
    "Left", "Right", "Up", "Down", "Pause",
)
_KEY_ALIASES = {name.lower(): name for name in NAMED_KEYS}
_KEY_ALIASES.update({"pageup": "PgUp", "pagedown": "PgDown", "del": "Delete", "ins": "Insert"})


@dataclass(frozen=True)
class Binding:
    modifiers: frozenset[str]
    key: str          # "3", "C", "F5", "Space"

    @classmethod
    def parse(cls, text: str) -> "Binding":
        """Read "Ctrl+Alt+3" (any case, any modifier order). ValueError says what is wrong."""
        parts = [p.strip() for p in str(text).split("+")]
        if not text or not text.strip() or any(not p for p in parts):
            raise ValueError(f"'{text}' is not a key combination; write it like Ctrl+Alt+3")
        *mods, key = parts
        modifiers = set()
        for mod in mods:
            name = _MODIFIER_ALIASES.get(mod.lower())
            if name is None:
                raise ValueError(f"'{mod}' in '{text}' is not a modifier (use Ctrl, Alt, Shift or Super)")
            modifiers.add(name)
        key = normalise_key(key)
        if key is None:
            raise ValueError(f"'{parts[-1]}' in '{text}' is not a key a global shortcut can use "
                             "(letters, digits, F1-F12, Space and the arrow keys can)")
        binding = cls(frozenset(modifiers), key)
        problem = binding.problem()
        if problem:
            raise ValueError(problem)
        return binding

    def problem(self) -> str:
        """Why this combination would be a bad global shortcut, or ""."""
        if self.key.startswith("F") and len(self.key) > 1:
            return ""
        if not self.modifiers or self.modifiers == {"Shift"}:
            return (f"{self} alone would stop that key from typing in every other program; "
                    "add Ctrl, Alt or Super")
        return ""

    def __str__(self) -> str:
        return "+".join([m for m in MODIFIERS if m in self.modifiers] + [self.key])


def normalise_key(key: str) -> str | None:
    if len(key) == 1 and key.isascii() and key.isalnum():
        return key.upper()
    return _KEY_ALIASES.get(key.lower())
