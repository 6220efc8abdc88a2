"""What a global shortcut can do during a call, and the keys it has unless the rep changes them.

The defaults avoid what desktops and video-call apps already use: Ctrl+Alt+T (terminal),
Ctrl+Alt+L/Del (lock, log out), Ctrl+Alt+arrows and F-keys (workspaces, consoles),
Ctrl+Alt+Shift+R (screen recording), Zoom's Alt+A/V/S/H, Teams' Ctrl+Shift+M/O/E/H/K and
Meet's Ctrl+D/E and Ctrl+Alt+C/H/P.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShortcutAction:
    id: str
    label: str
    default: str


def _catalogue() -> tuple[ShortcutAction, ...]:
    actions = [ShortcutAction(f"moment_{n}", f"Tick or untick yes moment {n}", f"Ctrl+Alt+{n}")
               for n in range(1, 10)]
    actions += [ShortcutAction(f"objection_{n}", f"Flag objection {n} (again: resolved, then cleared)",
                               f"Ctrl+Alt+Shift+{n}") for n in range(1, 7)]
    actions += [
        ShortcutAction("copy_line", "Copy the suggested line", "Ctrl+Alt+Shift+C"),
        ShortcutAction("tried_accepted", "Tried the suggested close: accepted", "Ctrl+Alt+Shift+A"),
        ShortcutAction("tried_deferred", "Tried the suggested close: deferred", "Ctrl+Alt+Shift+D"),
        ShortcutAction("tried_declined", "Tried the suggested close: declined", "Ctrl+Alt+Shift+L"),
        ShortcutAction("show_hide", "Show or hide the companion", "Ctrl+Alt+Shift+H"),
        ShortcutAction("compact", "Compact strip or full window", "Ctrl+Alt+Shift+M"),
        ShortcutAction("start_call", "Start a call", "Ctrl+Alt+Shift+N"),
        ShortcutAction("end_call", "End the call (open the wrap-up)", "Ctrl+Alt+Shift+E"),
    ]
    return tuple(actions)


ACTIONS: tuple[ShortcutAction, ...] = _catalogue()
ACTION_IDS = tuple(a.id for a in ACTIONS)
DEFAULTS = {a.id: a.default for a in ACTIONS}


def label(action_id: str) -> str:
    for action in ACTIONS:
        if action.id == action_id:
            return action.label
    return action_id


def effective_bindings(saved: dict[str, str]) -> dict[str, str]:
    """Every action's keys: the rep's choice where made ("" turns one off), else the default."""
    return {a.id: saved.get(a.id, a.default) for a in ACTIONS}
