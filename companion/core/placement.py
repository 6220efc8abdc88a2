"""Where the window goes: remembered per screen set-up, and never lost off-screen.

Pure geometry on plain tuples, so the rules are tested without Qt. The Qt side
(`companion/ui/window_placement.py`) turns screens and widgets into these values.

A *screen set-up* is the set of monitors and how they are arranged. A rep who moves
between a laptop alone and a laptop with a desk monitor wants the window where it was
in each case, so positions are stored per set-up. When a monitor is unplugged, the
remembered position may lie where no screen is any more; then the window is brought
onto the primary screen instead of opening where nobody can see or reach it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# How many set-ups to remember: a few covers home, office and a meeting room, and
# keeps the settings file from growing with every projector ever plugged in.
MAX_REMEMBERED_SETUPS = 8

# A window counts as reachable when at least this share of it is on one screen...
MIN_VISIBLE_SHARE = 0.5
# ...and its top strip (the title bar, by which it is dragged) is on that screen.
TITLE_STRIP = 24


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def area(self) -> int:
        return max(self.width, 0) * max(self.height, 0)

    def intersection(self, other: "Rect") -> "Rect":
        left, top = max(self.x, other.x), max(self.y, other.y)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        return Rect(left, top, max(right - left, 0), max(bottom - top, 0))


def setup_key(screens: list[Rect]) -> str:
    """A stable name for an arrangement of screens, independent of the order Qt lists them."""
    parts = sorted(f"{s.x},{s.y},{s.width}x{s.height}" for s in screens)
    return ";".join(parts) or "none"


def is_reachable(window: Rect, available: list[Rect]) -> bool:
    """True when enough of the window, title bar included, is on a single screen."""
    if window.area == 0:
        return False
    title = Rect(window.x, window.y, window.width, min(TITLE_STRIP, window.height))
    for screen in available:
        shown = window.intersection(screen).area
        if shown >= MIN_VISIBLE_SHARE * window.area and title.intersection(screen).area > 0:
            return True
    return False


def rescue(window: Rect, available: list[Rect], primary: Rect) -> Rect:
    """The window unchanged if reachable; otherwise fitted into and centred on `primary`."""
    if is_reachable(window, available):
        return window
    width = min(window.width, primary.width)
    height = min(window.height, primary.height)
    return Rect(primary.x + (primary.width - width) // 2,
                primary.y + (primary.height - height) // 2,
                width, height)


def read_saved(text: str) -> dict[str, str]:
    """Parse the stored map of set-up key -> saved geometry (opaque text).

    Before positions were kept per set-up, the setting held one bare geometry; it is kept
    under the key "" and used for any set-up until the window is moved there.
    """
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {"": text}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def saved_for(saved: dict[str, str], key: str) -> str:
    return saved.get(key) or saved.get("", "")


def remember(saved: dict[str, str], key: str, geometry: str) -> str:
    """Store `geometry` for `key` as the newest entry, dropping the oldest beyond the limit."""
    entries = {k: v for k, v in saved.items() if k not in (key, "")}
    entries[key] = geometry
    newest = list(entries.items())[-MAX_REMEMBERED_SETUPS:]
    return json.dumps(dict(newest), separators=(",", ":"))
