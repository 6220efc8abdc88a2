"""User settings as plain data. Unknown or malformed values fall back to defaults,
so a hand-edited settings file never stops the app from starting."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import time
from typing import Any


@dataclass
class Settings:
    # Above other windows, so the video call does not cover it (the pin button); kept.
    keep_on_top: bool = True
    window_geometry: str = ""          # JSON: one saved geometry per set of monitors
    compact: bool = False              # the slim strip instead of the full window
    compact_geometry: str = ""         # the strip's own size and place, same format
    # Global shortcuts the rep changed: action id -> "Ctrl+Alt+3", or "" for none.
    # Actions not listed use their defaults (companion.core.shortcut_actions).
    global_shortcuts: dict[str, str] = field(default_factory=dict)
    default_playbook: str = "discovery"
    working_days: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])
    day_start: str = "09:00"
    day_end: str = "17:00"
    large_deal_threshold: float = 50000.0
    nudge_share: float = 0.6
    review_reminder_enabled: bool = True
    review_reminder_time: str = "17:30"
    due_reminders_enabled: bool = True
    start_at_login: bool = False
    tray_hint_shown: bool = False
    # The export dialog offers the last choices again.
    export_format: str = "md"           # md | csv | json | ics
    export_range: str = "today"         # today | range
    export_folder: str = ""
    export_csv_bom: bool = True
    # Webhook push, off by default; its token lives only in the OS keyring, never here.
    webhook_url: str = ""
    webhook_enabled: bool = False
    # Listening during calls (optional speech extra): off until the rep turns it on.
    listen_enabled: bool = False
    listen_sources: str = "call"        # call | microphone | both
    listen_call_device: str = ""        # "" = the monitor of the default output
    listen_microphone_device: str = ""  # "" = the default input
    listen_model_folder: str = ""       # "" = the bundled model, checked by SHA-256
    listen_show_transcript: bool = False

    @classmethod
    def from_dict(cls, data: Any) -> "Settings":
        settings = cls()
        if not isinstance(data, dict):
            return settings
        defaults = asdict(settings)
        for f in fields(cls):
            if f.name not in data:
                continue
            value, default = data[f.name], defaults[f.name]
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
                value = float(value) if ok else value
            elif isinstance(default, dict):
                ok = isinstance(value, dict) and all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items())
                value = dict(value) if ok else value
            elif isinstance(default, list):
                ok = isinstance(value, list) and all(isinstance(d, int) and 0 <= d <= 6 for d in value)
            else:
                ok = isinstance(value, str)
            if ok and f.name in ("day_start", "day_end", "review_reminder_time"):
                ok = parse_hhmm(value) is not None
            if ok:
                setattr(settings, f.name, value)
        return settings

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def parse_hhmm(text: str) -> time | None:
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        return None
