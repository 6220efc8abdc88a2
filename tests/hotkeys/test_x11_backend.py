"""The X11 layer against a real X server: grabs, key presses, and a combination held elsewhere."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from companion.integrations.hotkeys.base import OK, TAKEN, UNSUPPORTED
from companion.integrations.hotkeys.binding import Binding
from tests.x11_session import XSession, require_tools, wait_for

pytestmark = pytest.mark.slow
HOLDER = Path(__file__).with_name("grab_holder.py")
CONTROL_MOD1 = 4 | 8          # ControlMask | Mod1Mask (Alt)


@pytest.fixture
def xsession(tmp_path):
    require_tools("Xvfb", "xdotool")
    session = XSession(tmp_path)
    yield session
    session.close()


@pytest.fixture
def backend(xsession):
    from companion.integrations.hotkeys.x11 import X11Backend

    backend = X11Backend(xsession.display)
    yield backend
    backend.close()


def counter():
    hits = []
    lock = threading.Lock()

    def hit():
        with lock:
            hits.append(1)
    return hits, hit


def test_a_grabbed_combination_runs_its_callback_once_per_press(xsession, backend):
    hits, hit = counter()
    assert backend.register(Binding.parse("Ctrl+Alt+4"), hit).status == OK
    xsession.xdotool("key", "ctrl+alt+4")
    wait_for(lambda: len(hits) == 1, "the callback")
    xsession.xdotool("key", "ctrl+alt+5", "ctrl+alt+4")     # 5 is not ours
    wait_for(lambda: len(hits) == 2, "the second press")
    # Caps Lock on must not switch the shortcut off.
    xsession.xdotool("key", "Caps_Lock", "ctrl+alt+4", "Caps_Lock")
    wait_for(lambda: len(hits) == 3, "the press with Caps Lock on")


def test_unregister_lets_go_of_the_key(xsession, backend):
    hits, hit = counter()
    binding = Binding.parse("Ctrl+Alt+Shift+C")
    assert backend.register(binding, hit).ok
    backend.unregister(binding)
    other_hits, other = counter()
    assert backend.register(Binding.parse("Ctrl+Alt+6"), other).ok
    # Keys go out in order: once the later 6 arrived, the earlier C would have too.
    xsession.xdotool("key", "ctrl+alt+shift+c", "ctrl+alt+6")
    wait_for(lambda: other_hits, "the marker key")
    assert hits == []


def test_a_combination_another_client_holds_is_reported_taken_and_others_still_work(xsession, backend):
    holder = subprocess.Popen([sys.executable, str(HOLDER), "3", str(CONTROL_MOD1)], env=xsession.env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        hits, hit = counter()
        taken = backend.register(Binding.parse("Ctrl+Alt+3"), hit)
        assert taken.status == TAKEN
        assert taken.message() == "Ctrl+Alt+3 is taken by another application"
        assert backend.register(Binding.parse("Ctrl+Alt+2"), hit).ok
        xsession.xdotool("key", "ctrl+alt+2")
        wait_for(lambda: len(hits) == 1, "the shortcut that is free")
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_key_the_keyboard_cannot_type_is_unsupported(backend):
    result = backend.register(Binding(frozenset({"Ctrl"}), "F12"), lambda: None)
    assert result.ok                               # F12 exists on the default map

    weird = Binding(frozenset({"Ctrl"}), "NoSuchKey")
    assert backend.register(weird, lambda: None).status == UNSUPPORTED
