"""One window per data folder: launching again brings the running window to the front.

The first instance listens on a local socket whose name is derived from the user and
the data folder, so two data folders (two pipelines, a portable copy) run side by side
while a second launch on the same folder hands over and exits. A socket file left by
a crashed run answers nobody; it is removed and claimed.

The socket and its lock file live in a folder only this user can enter ($XDG_RUNTIME_DIR,
else a 0700 folder of ours in the temp folder), not in the world-writable /tmp itself,
where another user could take the name first and make the app exit silently.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 1000
_SOCKET_PATH_LIMIT = 100          # sun_path is 108 bytes on Linux, 104 on macOS
_SOCKET_NAME_LENGTH = len("instance-") + 16 + len(".lock")


def server_name(data_dir: Path, user: str | None = None) -> str:
    """Short and file-name safe: Unix socket paths are limited to about 100 bytes."""
    if user is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):          # no passwd entry, no $USER: containers
            user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    folder = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    safe_user = re.sub(r"[^A-Za-z0-9_-]", "_", user)[:24]
    return f"call-companion-{safe_user}-{digest}"


def private_runtime_folder(environ=None) -> Path | None:
    """A folder for this user's sockets that no other user can enter, or None.

    A folder that exists but belongs to someone else, or that others may enter, is not
    used: whoever made it could read or replace what is put there. Nor is one whose path
    leaves no room for a socket name (Unix socket paths end at about 100 bytes).
    """
    if not hasattr(os, "getuid"):
        return None                 # Windows: named pipes, no folder involved
    environ = os.environ if environ is None else environ
    uid = os.getuid()
    candidates = []
    if environ.get("XDG_RUNTIME_DIR"):
        candidates.append(Path(environ["XDG_RUNTIME_DIR"]) / "call-companion")
    candidates.append(Path(tempfile.gettempdir()) / f"call-companion-{uid}")
    for folder in candidates:
        if len(os.fsencode(folder)) + 1 + _SOCKET_NAME_LENGTH > _SOCKET_PATH_LIMIT:
            continue
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            found = os.lstat(folder)
        except OSError:
            continue
        if stat.S_ISDIR(found.st_mode) and found.st_uid == uid and not found.st_mode & 0o077:
            return folder
        log.warning("Not using %s for the instance socket: it belongs to another user or "
                    "others can enter it", folder)
    return None


def instance_address(data_dir: Path, environ=None) -> str:
    """Where the instance for `data_dir` listens: a socket in the private runtime folder
    (the folder is this user's, so the name need not say whose); without one, the data
    folder itself (0700)."""
    folder = private_runtime_folder(environ)
    if folder is None:
        if not hasattr(os, "getuid"):
            return server_name(data_dir)
        folder = Path(data_dir).expanduser().resolve()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return str(folder / socket_file_name(data_dir))


def socket_file_name(data_dir: Path) -> str:
    return f"instance-{server_name(data_dir).rsplit('-', 1)[1]}"


def ask_running_instance_to_activate(name: str, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """True when an instance was listening and got the request."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return True


class InstanceServer(QObject):
    """Listens for later launches; `activation_requested` fires for each."""

    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        # Only this user may talk to it (the name alone is guessable).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # Nobody answered a moment ago, so what holds the name is a dead run's socket file.
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            log.info("Removed a stale instance socket %s", self.name)
            return True
        log.warning("Single-instance socket %s unavailable: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            # Sockets stay children of the server. Only C++ slots on `disconnected`: a socket
            # being destroyed with the server emits it, when no Python code may run safely.
            socket.readyRead.connect(self._read_ready)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if ACTIVATE.strip() in bytes(socket.readAll().data()):
            self.activation_requested.emit()


def claim_single_instance(data_dir: Path, parent: QObject | None = None) -> InstanceServer | None:
    """The server for this data folder, or None when another instance runs (it was asked
    to come to the front).

    A lock file makes "is anyone there? then I listen" one step, so two launches at the
    same moment cannot both become the first. QLockFile notices a lock whose process died.
    """
    name = instance_address(data_dir)
    lock = QLockFile(f"{name}.lock" if os.path.isabs(name) else os.path.join(QDir.tempPath(), f"{name}.lock"))
    locked = lock.tryLock(5000)
    try:
        if ask_running_instance_to_activate(name):
            return None
        server = InstanceServer(name, parent)
        server.listen()          # if even this fails, running twice beats not running
        return server
    finally:
        if locked:
            lock.unlock()


def bring_to_front(window) -> None:
    """Un-minimize, show and raise; the window manager decides whether focus follows."""
    log.info("Another launch asked for this window: bringing it to the front")
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
