"""Windows, macOS and Wayland layers with the operating system faked: what each asks of
the platform, how it reads "taken", and that a key press reaches the right callback.
(These paths are run for real only on their own systems; see the README.)"""

import ctypes
import queue
import threading

import pytest

from companion.integrations.hotkeys import macos, open_backend, portal, windows
from companion.integrations.hotkeys.base import OK, TAKEN, UNSUPPORTED
from companion.integrations.hotkeys.binding import Binding
from tests.x11_session import wait_for


# -- Windows ---------------------------------------------------------------------------------
class FakeUser32:
    """RegisterHotKey and a thread message queue, as user32.dll offers them."""

    def __init__(self, taken=()):
        self.taken = set(taken)                # (modifier flags, virtual key) held elsewhere
        self.queue: queue.Queue = queue.Queue()
        self.registered: dict[int, tuple[int, int]] = {}
        self.last_error = 0
        self.threads: set[int] = set()

    def GetCurrentThreadId(self):
        self.threads.add(threading.get_ident())
        return 42

    def PeekMessageW(self, *_args):
        return 0

    def GetMessageW(self, pointer, *_args):
        message, wparam = self.queue.get()
        pointer._obj.message, pointer._obj.wParam = message, wparam
        return 0 if message == windows.WM_QUIT else 1

    def PostThreadMessageW(self, thread_id, message, wparam, _lparam):
        assert thread_id == 42
        self.queue.put((message, wparam))
        return 1

    def RegisterHotKey(self, hwnd, hotkey_id, modifiers, vk):
        assert threading.get_ident() in self.threads, "registered outside the message-loop thread"
        if (modifiers, vk) in self.taken:
            self.last_error = windows.ERROR_HOTKEY_ALREADY_REGISTERED
            return 0
        self.registered[hotkey_id] = (modifiers, vk)
        return 1

    def UnregisterHotKey(self, hwnd, hotkey_id):
        self.registered.pop(hotkey_id, None)
        return 1

    def press(self, modifiers, vk):
        hotkey_id = next(i for i, combo in self.registered.items() if combo == (modifiers, vk))
        self.queue.put((windows.WM_HOTKEY, hotkey_id))


class FakeKernel32:
    def __init__(self, user32):
        self.GetLastError = lambda: user32.last_error


def test_windows_registers_on_its_loop_thread_reports_taken_and_calls_back():
    ctrl_alt = windows.MOD_CONTROL | windows.MOD_ALT | windows.MOD_NOREPEAT
    user32 = FakeUser32(taken={(ctrl_alt, ord("3"))})
    backend = windows.WindowsBackend(user32, FakeKernel32(user32))
    hits = []
    try:
        assert backend.register(Binding.parse("Ctrl+Alt+3"), lambda: hits.append(3)).status == TAKEN
        assert backend.register(Binding.parse("Ctrl+Alt+2"), lambda: hits.append(2)).status == OK
        assert backend.register(Binding.parse("Ctrl+Alt+Shift+F5"), lambda: hits.append("F5")).ok
        user32.press(ctrl_alt, ord("2"))
        user32.press(ctrl_alt | windows.MOD_SHIFT, 0x74)
        wait_for(lambda: hits == [2, "F5"], "both callbacks", timeout=5)
        backend.unregister(Binding.parse("Ctrl+Alt+2"))
        assert (ctrl_alt, ord("2")) not in user32.registered.values()
    finally:
        backend.close()
    assert user32.registered == {}


@pytest.mark.parametrize("key, vk", [("7", 0x37), ("C", 0x43), ("F1", 0x70), ("F12", 0x7B), ("Space", 0x20)])
def test_windows_virtual_keys(key, vk):
    assert windows.virtual_key(key) == vk


# -- macOS -----------------------------------------------------------------------------------
class FakeCarbon:
    def __init__(self, taken=()):
        self.taken = set(taken)
        self.hotkeys: dict[int, tuple[int, int, int]] = {}     # ref -> (code, modifiers, id)
        self.handler = None
        self.removed = False
        self._next_ref = 100

    def GetApplicationEventTarget(self):
        return 7

    def InstallEventHandler(self, target, handler, count, spec, user_data, out_ref):
        spec = spec._obj
        assert (target, count, spec.eventClass, spec.eventKind) == (7, 1, macos.four_cc("keyb"), 5)
        self.handler = handler
        return 0

    def RemoveEventHandler(self, _ref):
        self.removed = True

    def RegisterEventHotKey(self, code, modifiers, hotkey_id, target, options, out_ref):
        if (code, modifiers) in self.taken:
            return macos.EVENT_HOT_KEY_EXISTS_ERR
        self._next_ref += 1
        out_ref._obj.value = self._next_ref
        self.hotkeys[self._next_ref] = (code, modifiers, hotkey_id.id)
        assert hotkey_id.signature == macos.SIGNATURE
        return 0

    def UnregisterEventHotKey(self, ref):
        del self.hotkeys[ref.value]
        return 0

    def GetEventParameter(self, event, name, kind, _actual, size, _size_out, out):
        assert (name, kind, size) == (macos.K_EVENT_PARAM_DIRECT_OBJECT, macos.TYPE_EVENT_HOT_KEY_ID,
                                      ctypes.sizeof(macos.EventHotKeyID))
        out._obj.signature, out._obj.id = macos.SIGNATURE, event
        return 0

    def press(self, code, modifiers):
        hotkey_id = next(i for c, m, i in self.hotkeys.values() if (c, m) == (code, modifiers))
        return self.handler(None, hotkey_id, None)     # Carbon calls the C function pointer


def test_macos_hot_keys_use_carbon_codes_report_taken_and_call_back():
    ctrl_option = macos.CONTROL_KEY | macos.OPTION_KEY
    carbon = FakeCarbon(taken={(20, ctrl_option)})          # kVK_ANSI_3 held elsewhere
    backend = macos.MacBackend(carbon)
    hits = []
    assert backend.register(Binding.parse("Ctrl+Alt+3"), lambda: hits.append(3)).status == TAKEN
    assert backend.register(Binding.parse("Ctrl+Alt+1"), lambda: hits.append(1)).ok
    assert backend.register(Binding.parse("Super+Shift+C"), lambda: hits.append("C")).ok
    assert carbon.press(18, ctrl_option) == 0                # kVK_ANSI_1
    assert carbon.press(8, macos.CMD_KEY | macos.SHIFT_KEY) == 0
    assert hits == [1, "C"]
    backend.close()
    assert carbon.hotkeys == {} and carbon.removed


# -- Wayland portal ----------------------------------------------------------------------------
class FakePortal:
    """The portal client's calls, with the desktop's answers."""

    def __init__(self, leave_out=()):
        self.leave_out = set(leave_out)
        self.sessions: list[str] = []
        self.closed: list[str] = []
        self.bind_calls: list[list[str]] = []
        self.presses: queue.Queue = queue.Queue()

    def create_session(self):
        self.sessions.append(f"/session/{len(self.sessions) + 1}")
        return self.sessions[-1]

    def bind(self, session, bindings):
        self.bind_calls.append([portal.preferred_trigger(b) for b in bindings])
        return [portal.shortcut_id(b) for b in bindings if str(b) not in self.leave_out]

    def close_session(self, session):
        self.closed.append(session)

    def next_activation(self, timeout):
        try:
            return self.presses.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self):
        pass


def test_portal_binds_a_burst_of_registrations_in_one_request_and_rebinds_changes():
    client = FakePortal(leave_out={"Ctrl+Alt+Shift+C"})
    backend = portal.PortalBackend(client)
    hits = []
    try:
        for text in ("Ctrl+Alt+1", "Ctrl+Alt+2", "Ctrl+Alt+Shift+C"):
            assert backend.register(Binding.parse(text), lambda t=text: hits.append(t)).status == OK
        wait_for(lambda: client.bind_calls, "the bind request", timeout=10)
        assert client.bind_calls == [["CTRL+ALT+1", "CTRL+ALT+2", "CTRL+ALT+SHIFT+c"]]
        wait_for(lambda: backend.bound, "the bound set", timeout=10)
        assert portal.shortcut_id(Binding.parse("Ctrl+Alt+Shift+C")) not in backend.bound
        client.presses.put(portal.shortcut_id(Binding.parse("Ctrl+Alt+2")))
        wait_for(lambda: hits == ["Ctrl+Alt+2"], "the activation", timeout=10)
        backend.unregister(Binding.parse("Ctrl+Alt+1"))
        wait_for(lambda: len(client.bind_calls) == 2, "the new bind", timeout=10)
        assert client.closed == ["/session/1"]
        assert client.bind_calls[1] == ["CTRL+ALT+2", "CTRL+ALT+SHIFT+c"]
    finally:
        backend.close()


def test_triggers_in_the_portals_form():
    assert portal.preferred_trigger(Binding.parse("Super+Space")) == "LOGO+space"
    assert portal.preferred_trigger(Binding.parse("Ctrl+F9")) == "CTRL+F9"


# -- choosing ------------------------------------------------------------------------------------
def test_a_wayland_session_without_the_portal_says_so(monkeypatch):
    monkeypatch.setattr(portal.PortalBackend, "connect",
                        classmethod(lambda cls: portal.UnavailableBackend(portal.NOT_OFFERED)))
    backend = open_backend("wayland", {"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not backend.available
    result = backend.register(Binding.parse("Ctrl+Alt+1"), lambda: None)
    assert result.status == UNSUPPORTED and "does not offer global shortcuts" in result.message()


def test_an_app_on_xwayland_asks_the_portal_too(monkeypatch):
    asked = []
    monkeypatch.setattr(portal.PortalBackend, "connect", classmethod(lambda cls: asked.append(1) or "portal"))
    assert open_backend("xcb", {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "linux") == "portal"


def test_no_desktop_session_means_no_global_shortcuts_with_the_reason():
    backend = open_backend("offscreen", {}, "linux")
    assert not backend.available and "offscreen" in backend.why_unavailable


def test_an_unreachable_x_server_is_reported_not_raised():
    backend = open_backend("xcb", {"DISPLAY": ":4242"}, "linux")
    assert not backend.available and "could not be set up" in backend.why_unavailable
