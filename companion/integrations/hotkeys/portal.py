"""Global shortcuts on Wayland: the desktop portal's GlobalShortcuts interface, over D-Bus.

Wayland gives no app the keys typed into another one; the desktop itself must agree. Where
its portal offers org.freedesktop.portal.GlobalShortcuts (KDE Plasma, GNOME 48 and later,
Hyprland...), the companion asks it to bind every shortcut at once; the desktop may show
its own dialog to confirm them and lets the rep change the keys in its settings. Where it
is not offered, open_backend() gets an UnavailableBackend that says so in Settings.

D-Bus talk (jeepney, pure Python) lives in PortalClient; PortalBackend only decides what
to bind and when, so it can be tested with a fake client.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable

from companion.integrations.hotkeys.base import OK, HotkeyBackend, RegisterResult, UnavailableBackend
from companion.integrations.hotkeys.binding import Binding

log = logging.getLogger(__name__)

BUS_NAME, OBJECT_PATH = "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop"
INTERFACE = "org.freedesktop.portal.GlobalShortcuts"
NOT_OFFERED = ("your desktop does not offer global shortcuts to apps (its portal has no "
               "GlobalShortcuts; GNOME before version 48 is one such desktop)")
_XKB_NAMES = {"Space": "space", "PgUp": "Page_Up", "PgDown": "Page_Down"}
_TRIGGER_MODIFIERS = {"Ctrl": "CTRL", "Alt": "ALT", "Shift": "SHIFT", "Super": "LOGO"}
BIND_DELAY_S = 0.3          # register() calls come in a burst: bind them in one request


def shortcut_id(binding: Binding) -> str:
    return "companion-" + str(binding).lower().replace("+", "-")


def preferred_trigger(binding: Binding) -> str:
    """The XDG shortcut form the portal expects, e.g. CTRL+ALT+3 or CTRL+ALT+SHIFT+c."""
    key = _XKB_NAMES.get(binding.key, binding.key.lower() if len(binding.key) == 1 else binding.key)
    mods = [_TRIGGER_MODIFIERS[m] for m in ("Ctrl", "Alt", "Shift", "Super") if m in binding.modifiers]
    return "+".join(mods + [key])


class PortalClient:
    """The GlobalShortcuts calls, over one jeepney connection used by one thread only."""

    def __init__(self, connection):
        from jeepney import DBusAddress

        self.connection = connection
        self.portal = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        self._tokens = itertools.count(1)
        self._activations = None

    def version(self) -> int | None:
        from jeepney import Properties

        reply = self.connection.send_and_get_reply(Properties(self.portal).get("version"), timeout=5)
        if reply.header.message_type.name == "error":
            return None
        return int(reply.body[0][1])

    def _request(self, method: str, signature: str, make_body) -> dict:
        from jeepney import MatchRule, message_bus, new_method_call

        token = f"callcompanion{next(self._tokens)}"
        sender = self.connection.unique_name.lstrip(":").replace(".", "_")
        rule = MatchRule(type="signal", interface="org.freedesktop.portal.Request", member="Response",
                         path=f"{OBJECT_PATH}/request/{sender}/{token}")
        self.connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
        with self.connection.filter(rule) as responses:
            reply = self.connection.send_and_get_reply(
                new_method_call(self.portal, method, signature, make_body(token)), timeout=10)
            if reply.header.message_type.name == "error":
                raise OSError(f"{method}: {reply.body[0] if reply.body else 'refused'}")
            # The desktop may show a dialog: give the rep time to answer it.
            response = self.connection.recv_until_filtered(responses, timeout=300)
        code, results = response.body
        if code != 0:
            raise OSError(f"{method} was cancelled or refused (response {code})")
        return results

    def create_session(self) -> str:
        results = self._request("CreateSession", "a{sv}", lambda token: (
            {"handle_token": ("s", token), "session_handle_token": ("s", token)},))
        return str(results["session_handle"][1])

    def bind(self, session: str, bindings: list[Binding]) -> list[str]:
        shortcuts = [(shortcut_id(b), {"description": ("s", f"Call Companion: {b}"),
                                       "preferred_trigger": ("s", preferred_trigger(b))}) for b in bindings]
        results = self._request("BindShortcuts", "oa(sa{sv})sa{sv}", lambda token: (
            session, shortcuts, "", {"handle_token": ("s", token)}))
        bound = results.get("shortcuts", ("", []))[1]
        return [entry[0] for entry in bound]

    def close_session(self, session: str) -> None:
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(session, bus_name=BUS_NAME, interface="org.freedesktop.portal.Session")
        self.connection.send_and_get_reply(new_method_call(address, "Close"), timeout=5)

    def next_activation(self, timeout: float) -> str | None:
        """The id of the next shortcut pressed, or None when none was within `timeout`."""
        from jeepney import MatchRule, message_bus

        if self._activations is None:
            rule = MatchRule(type="signal", interface=INTERFACE, member="Activated", path=OBJECT_PATH)
            self.connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
            self._activations = self.connection.filter(rule, bufsize=64).__enter__()
        try:
            signal = self.connection.recv_until_filtered(self._activations, timeout=timeout)
        except TimeoutError:
            return None
        return str(signal.body[1])

    def close(self) -> None:
        self.connection.close()


class PortalBackend(HotkeyBackend):
    name = "portal"

    @classmethod
    def connect(cls) -> HotkeyBackend:
        from jeepney.io.blocking import open_dbus_connection

        connection = open_dbus_connection(bus="SESSION")
        client = PortalClient(connection)
        if client.version() is None:
            client.close()
            return UnavailableBackend(NOT_OFFERED)
        return cls(client)

    def __init__(self, client):
        self._client = client
        self._bindings: dict[Binding, Callable[[], None]] = {}
        self._requests: queue.Queue = queue.Queue()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._session: str | None = None
        self.bound: set[str] = set()
        self.last_error = ""
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="portal-global-shortcuts", daemon=True)
        self._thread.start()

    def register(self, binding: Binding, callback: Callable[[], None]) -> RegisterResult:
        """Accepted now; the desktop confirms the whole set a moment later (possibly asking the rep)."""
        with self._lock:
            self._bindings[binding] = callback
        self._schedule_bind()
        return RegisterResult(OK, binding)

    def unregister(self, binding: Binding) -> None:
        with self._lock:
            self._bindings.pop(binding, None)
        self._schedule_bind()

    def close(self) -> None:
        self._stopping = True
        if self._timer is not None:
            self._timer.cancel()
        self._thread.join(timeout=3)

    def _schedule_bind(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(BIND_DELAY_S, lambda: self._requests.put("bind"))
        self._timer.daemon = True
        self._timer.start()

    def _run(self) -> None:
        # One thread owns the connection: binding and listening take turns.
        while not self._stopping:
            try:
                self._requests.get_nowait()
                self._bind()
            except queue.Empty:
                pass
            try:
                pressed = self._client.next_activation(timeout=0.3)
            except Exception:
                log.exception("Global shortcuts: the desktop portal connection failed")
                return
            if pressed is not None:
                self._fire(pressed)
        if self._session is not None:
            self._client.close_session(self._session)
        self._client.close()

    def _bind(self) -> None:
        with self._lock:
            bindings = list(self._bindings)
        try:
            # A changed set is bound in a new session: desktops differ on binding twice in one.
            if self._session is not None:
                self._client.close_session(self._session)
                self._session = None
            if not bindings:
                self.bound = set()
                return
            self._session = self._client.create_session()
            self.bound = set(self._client.bind(self._session, bindings))
            self.last_error = ""
        except (OSError, TimeoutError) as exc:
            self.last_error = str(exc)
            log.warning("Global shortcuts: the desktop did not bind them: %s", exc)
            return
        missing = [str(b) for b in bindings if shortcut_id(b) not in self.bound]
        if missing:
            log.info("Global shortcuts the desktop left out: %s", ", ".join(missing))

    def _fire(self, pressed_id: str) -> None:
        with self._lock:
            callback = next((cb for b, cb in self._bindings.items() if shortcut_id(b) == pressed_id), None)
        if callback is not None:
            callback()
