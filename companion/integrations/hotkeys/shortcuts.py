"""The set of global shortcuts in force: which action each combination runs, and what
could not be had. Applying a new set grabs what is new, lets go of what was dropped,
and leaves untouched what did not change, so one taken key never costs the others."""

from __future__ import annotations

import logging
from collections.abc import Callable

from companion.core.shortcut_actions import label
from companion.integrations.hotkeys.base import UNSUPPORTED, HotkeyBackend, RegisterResult
from companion.integrations.hotkeys.binding import Binding

log = logging.getLogger(__name__)


class GlobalShortcuts:
    def __init__(self, backend: HotkeyBackend, on_action: Callable[[str], None]):
        """`on_action(action_id)` runs (on the backend's thread) when a shortcut is pressed."""
        self.backend = backend
        self._on_action = on_action
        self._active: dict[str, Binding] = {}          # action id -> binding we hold
        self.results: dict[str, RegisterResult] = {}
        self._wanted: dict[str, str] = {}

    def apply(self, wanted: dict[str, str]) -> dict[str, RegisterResult]:
        """Make `wanted` (action id -> "Ctrl+Alt+3", "" for none) the shortcuts in force."""
        self._wanted = dict(wanted)
        parsed: dict[str, Binding] = {}
        results: dict[str, RegisterResult] = {}
        seen: dict[Binding, str] = {}
        for action, text in wanted.items():
            if not text:
                continue
            try:
                binding = Binding.parse(text)
            except ValueError as exc:
                results[action] = RegisterResult(UNSUPPORTED, None, str(exc))
                continue
            if binding in seen:
                results[action] = RegisterResult(
                    UNSUPPORTED, binding, f"already used for \"{label(seen[binding])}\"")
                continue
            seen[binding] = action
            parsed[action] = binding
        for action, binding in list(self._active.items()):
            if parsed.get(action) != binding:
                self.backend.unregister(binding)
                del self._active[action]
        for action, binding in parsed.items():
            if self._active.get(action) == binding:
                results[action] = self.results.get(action) or RegisterResult("ok", binding)
                continue
            result = self.backend.register(binding, lambda a=action: self._fire(a))
            if result.ok:
                self._active[action] = binding
            else:
                log.info("Global shortcut for %s: %s", action, result.message())
            results[action] = result
        self.results = results
        return results

    def problems(self) -> list[str]:
        """One line per shortcut that does not work, e.g. "Ctrl+Alt+3 is taken by another application"."""
        return [r.message() for r in self.results.values() if not r.ok]

    def suspend(self) -> None:
        """Let go of every combination for a while (Settings is recording new keys, which
        must reach the recorder, not run their old action)."""
        for binding in self._active.values():
            self.backend.unregister(binding)
        self._active.clear()

    def resume(self) -> dict[str, RegisterResult]:
        return self.apply(self._wanted)

    def close(self) -> None:
        for binding in self._active.values():
            self.backend.unregister(binding)
        self._active.clear()
        self.backend.close()

    def _fire(self, action: str) -> None:
        try:
            self._on_action(action)
        except Exception:                       # a bug in one action must not end the key thread
            log.exception("Global shortcut %s failed", action)
