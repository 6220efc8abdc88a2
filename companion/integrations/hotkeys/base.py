"""The small interface every platform's global-shortcut layer offers, and what it answers.

A backend grabs one key combination at a time: register(binding, callback) returns a
RegisterResult saying whether it is ours, taken by another application, or impossible
here (and why). Callbacks may run on any thread; the UI moves them to its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from companion.integrations.hotkeys.binding import Binding

OK, TAKEN, UNSUPPORTED = "ok", "taken", "unsupported"


@dataclass(frozen=True)
class RegisterResult:
    status: str                 # OK | TAKEN | UNSUPPORTED
    binding: Binding | None = None
    detail: str = ""            # for UNSUPPORTED: what the platform said

    @property
    def ok(self) -> bool:
        return self.status == OK

    def message(self) -> str:
        if self.status == OK:
            return ""
        if self.status == TAKEN:
            return f"{self.binding} is taken by another application"
        return f"{self.binding} cannot be used: {self.detail}" if self.binding else self.detail


class HotkeyBackend:
    """Base for the platform layers. `available` is False with `why_unavailable` set when
    this desktop offers no way at all (then nothing is registered and Settings says why)."""

    name = "none"
    available = True
    why_unavailable = ""

    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        raise NotImplementedError

    def unregister(self, binding: Binding) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release every grab; the backend is not used again."""


class UnavailableBackend(HotkeyBackend):
    """A desktop without global shortcuts for apps: every request says why, nothing fails silently."""

    name = "unavailable"
    available = False

    def __init__(self, why: str):
        self.why_unavailable = why

    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        return RegisterResult(UNSUPPORTED, binding, self.why_unavailable)

    def unregister(self, binding: Binding) -> None:
        pass
