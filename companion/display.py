"""Is there a screen to open a window on? Asked before Qt is loaded, because Qt aborts the
whole process (with a misleading message about missing libraries) when there is none."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

# The commands that open a window; all others run without a display.
WINDOW_COMMANDS = ("review", "practice")


def missing_display(environ: Mapping[str, str], qt_args: Iterable[str] = (),
                    platform: str = sys.platform) -> bool:
    """True on Linux and the BSDs when neither X11 nor Wayland is reachable and no Qt
    platform was chosen (QT_QPA_PLATFORM=offscreen, or `-platform` on the command line)."""
    if not platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    if environ.get("QT_QPA_PLATFORM") or "-platform" in qt_args:
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def no_display_message(headless_commands: Iterable[str]) -> str:
    commands = ", ".join([*headless_commands, "--self-test"])
    return ("companion: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            f"Without a display these work: companion {commands} "
            f"({' and '.join(WINDOW_COMMANDS)} need a display too).")
