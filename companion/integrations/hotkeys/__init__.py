"""Global shortcuts: key combinations that reach the companion while another app has the keyboard.

No Qt here. `open_backend()` picks the platform's mechanism: X11 key grabs, the desktop
portal's GlobalShortcuts on Wayland, RegisterHotKey on Windows, Carbon hot keys on macOS.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping

from companion.integrations.hotkeys.base import HotkeyBackend, UnavailableBackend

log = logging.getLogger(__name__)


def open_backend(qt_platform: str, environ: Mapping[str, str] = os.environ,
                 system: str = sys.platform) -> HotkeyBackend:
    """Never raises: a desktop without global shortcuts gets a backend that says why."""
    try:
        if system == "win32":
            from companion.integrations.hotkeys.windows import WindowsBackend

            return WindowsBackend()
        if system == "darwin":
            from companion.integrations.hotkeys.macos import MacBackend

            return MacBackend()
        wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or bool(environ.get("WAYLAND_DISPLAY"))
        if wayland:
            # Under Wayland an X11 grab only sees keys typed into other X11 apps: ask the portal.
            from companion.integrations.hotkeys.portal import PortalBackend

            return PortalBackend.connect()
        if qt_platform == "xcb":
            from companion.integrations.hotkeys.x11 import X11Backend

            return X11Backend(environ.get("DISPLAY"))
    except Exception as exc:                  # a missing library or an unreachable server
        log.warning("Global shortcuts unavailable: %s", exc)
        return UnavailableBackend(f"global shortcuts could not be set up ({exc})")
    return UnavailableBackend(
        f"this display ({qt_platform}) offers no global shortcuts; the companion's own keys "
        "work while its window has the focus")
