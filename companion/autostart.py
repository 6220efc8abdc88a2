"""Start at login, the XDG way: a desktop entry in ~/.config/autostart/.

Off by default; the settings dialog calls `enable()` / `disable()` when the rep flips
`settings.start_at_login`, and `is_enabled()` to show the truth (the rep may have removed
the file through the desktop's own start-up settings). Linux desktops (GNOME, KDE, Xfce,
...) all read that folder; on other systems `is_supported()` is False and `enable()`
raises `AutostartUnsupported`, so the dialog can grey the option out.

The entry starts the same program that is running now: the bundle's launcher, the
`companion` script of a pip install, or `python -m companion` from a checkout.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from companion import APP_ID, APP_NAME
from companion.atomic_write import write_atomic
from companion.errors import EnvironmentProblem

FILE_NAME = f"{APP_ID}.desktop"


class AutostartUnsupported(EnvironmentProblem):
    def __init__(self) -> None:
        super().__init__(f"Starting {APP_NAME} at login is only available on Linux desktops "
                         "for now. Add it to your system's start-up apps by hand instead.")


class AutostartError(EnvironmentProblem):
    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{APP_NAME} could not change its start-at-login entry {path} "
                         f"({reason}). Check that the folder is writable.")


def is_supported(platform: str | None = None) -> bool:
    return (platform or sys.platform).startswith("linux")


def autostart_dir(environ=None) -> Path:
    """$XDG_CONFIG_HOME/autostart, or ~/.config/autostart (the XDG autostart spec)."""
    environ = os.environ if environ is None else environ
    config_home = environ.get("XDG_CONFIG_HOME") or ""
    base = Path(config_home) if os.path.isabs(config_home) else Path.home() / ".config"
    return base / "autostart"


def entry_path(environ=None) -> Path:
    return autostart_dir(environ) / FILE_NAME


def launch_command() -> list[str]:
    """The command line that starts this very installation of the app."""
    if getattr(sys, "frozen", False):           # PyInstaller bundle: its launcher
        return [sys.executable]
    script = Path(sys.executable).with_name("companion")
    if script.is_file():                        # pip install (a venv's bin/ or the user's)
        return [str(script)]
    found = shutil.which("companion")
    if found:
        return [found]
    return [sys.executable, "-m", "companion"]


def _exec_quote(argument: str) -> str:
    """Quote one argument for a desktop entry's Exec key (Desktop Entry spec, "Exec key").

    The spec's rules are close to the shell's, but '%' is a field code and must be doubled,
    and inside double quotes ", `, $ and \\ are escaped with a backslash.
    """
    argument = argument.replace("%", "%%")
    if argument and all(c.isalnum() or c in "/._-+,:=@" for c in argument):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def entry_text(command: list[str]) -> str:
    exec_line = " ".join(_exec_quote(part) for part in command)
    # Desktop entry values escape backslashes once more (the "string" type's escapes).
    exec_line = exec_line.replace("\\", "\\\\")
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Open the call companion at login",
        f"Exec={exec_line}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def enable(command: list[str] | None = None, environ=None) -> Path:
    """Write the autostart entry (atomically) and return where it is."""
    if not is_supported():
        raise AutostartUnsupported()
    path = entry_path(environ)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, entry_text(command or launch_command()))
    except OSError as exc:
        raise AutostartError(path, exc.strerror or str(exc)) from exc
    return path


def disable(environ=None) -> None:
    path = entry_path(environ)
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(path, exc.strerror or str(exc)) from exc


def is_enabled(environ=None) -> bool:
    """True when our entry exists and the desktop has not switched it off."""
    path = entry_path(environ)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    for line in text.splitlines():
        key, _, value = (part.strip() for part in line.partition("="))
        if key == "Hidden" and value.lower() == "true":
            return False
        if key == "X-GNOME-Autostart-enabled" and value.lower() == "false":
            return False
    return True


def apply_setting(start_at_login: bool, environ=None) -> None:
    """Make the system match the setting (for the settings dialog's OK button)."""
    if start_at_login:
        enable(environ=environ)
    else:
        disable(environ)

