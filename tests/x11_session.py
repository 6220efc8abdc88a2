"""A private X server (Xvfb) for tests that need real windows, keys and focus.

Each helper polls for the condition it needs with a deadline instead of sleeping a fixed
time, so the tests hold on a loaded machine and fail with a clear message when stuck.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

NEEDED = ("Xvfb", "xdotool", "openbox", "xterm")


def require_tools(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        # scripts/test.sh installs them (EXTRA_DEBIAN_PACKAGES); a bare machine reports it plainly.
        pytest.fail(f"missing {', '.join(missing)}: run `sh scripts/test.sh` once, or apt-get install "
                    "xvfb xdotool openbox xterm", pytrace=False)


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20.0, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class XSession:
    """Xvfb on a free display number, optionally with openbox and an xterm that has the focus."""

    def __init__(self, workdir: Path, size: str = "1280x800x24"):
        require_tools("Xvfb")
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []
        read_fd, write_fd = os.pipe()
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        self.processes.append(self.xvfb)
        number = b""
        deadline = time.monotonic() + 30
        while not number.endswith(b"\n"):
            chunk = os.read(read_fd, 16) if _readable(read_fd, deadline) else b""
            if not chunk:
                os.close(read_fd)
                self.close()
                raise AssertionError("Xvfb did not start")
            number += chunk
        os.close(read_fd)
        self.display = f":{number.decode().strip()}"
        self.env = {**os.environ, "DISPLAY": self.display}
        self.env.pop("WAYLAND_DISPLAY", None)

    # -- programs -----------------------------------------------------------------------
    def start(self, args: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(args, env=kwargs.pop("env", self.env), **kwargs)
        self.processes.append(process)
        return process

    def start_window_manager(self) -> None:
        require_tools("openbox")
        self.start(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: "_NET_SUPPORTING_WM_CHECK" in self.xprop_root(), "openbox to manage the screen")

    def start_xterm(self, title: str = "call-app") -> str:
        """An xterm standing in for the video call; returns its window id once it has the focus."""
        require_tools("xterm", "xdotool")
        self.start(["xterm", "-T", title, "-geometry", "100x40+0+0"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        window = wait_for(lambda: self.search_title(title), f"the xterm '{title}' to map")
        self.xdotool("windowactivate", "--sync", window)
        wait_for(lambda: self.active_window() == window, "the xterm to have the focus")
        return window

    # -- asking the X server ----------------------------------------------------------------
    def xdotool(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        if check and done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def active_window(self) -> str:
        return self.xdotool("getactivewindow", check=False)

    def search_title(self, title: str) -> str:
        found = self.xdotool("search", "--onlyvisible", "--name", f"^{title}$", check=False).split()
        return found[0] if found else ""

    def xprop_root(self) -> str:
        if shutil.which("xprop") is None:
            # Without xprop, ask python-xlib for the WM's check window.
            from Xlib import display

            d = display.Display(self.display)
            try:
                atom = d.intern_atom("_NET_SUPPORTING_WM_CHECK")
                prop = d.screen().root.get_full_property(atom, 0)
                return "_NET_SUPPORTING_WM_CHECK" if prop is not None else ""
            finally:
                d.close()
        done = subprocess.run(["xprop", "-root"], env=self.env, capture_output=True, text=True, timeout=30)
        return done.stdout

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def _readable(fd: int, deadline: float) -> bool:
    import select

    remaining = max(0.0, deadline - time.monotonic())
    return bool(select.select([fd], [], [], remaining)[0])
