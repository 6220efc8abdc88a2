"""One webhook POST, bounded in time, whatever the server sends back.

The whole request (connect, send, status line, headers, body) has one deadline: a server
that drips one byte a second, or never finishes its answer, cannot hold the delivery thread
longer than `timeout` seconds (a per-read socket timeout alone would wait forever for it).
Whatever goes wrong becomes a failed `Attempt` with words for the status line; nothing
escapes to the caller, so one bad answer never stops the deliveries queued behind it.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

from companion import __version__

# Answers worth trying again; any other 4xx needs the user (address, token) and fails at once.
RETRY_STATUSES = {408, 425, 429}
MAX_ANSWER_BYTES = 65536


@dataclass(frozen=True)
class Attempt:
    ok: bool
    error: str = ""
    retry: bool = True


class _Deadline:
    """Shuts the request's socket down when time is up; a blocked read then returns at once."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass                                # already closed: nothing left to stop


def _opener(deadline: _Deadline):
    """urllib with its proxy support, redirects refused, and every socket under `deadline`.
    Built at each delivery: urllib.request costs ~15 ms to import, which the app's start
    (where the webhook module is imported) need not pay (benchmarks/bench_startup.py)."""
    import http.client
    import urllib.request

    def watched(base):
        class Watched(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                create = self._create_connection
                self._create_connection = lambda *a, **k: deadline.watch(create(*a, **k))
        return Watched

    class HTTP(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(watched(http.client.HTTPConnection), req)

    class HTTPS(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(watched(http.client.HTTPSConnection), req,
                                context=self._context)

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        # urllib would resend the Authorization header to wherever a redirect points.
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            return None

    return urllib.request.build_opener(HTTP, HTTPS, NoRedirects)


def post_payload(url: str, payload: str, token: str, idempotency_key: str,
                 timeout: float = 10.0) -> Attempt:
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=payload.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "Authorization": f"Bearer {token}",
        "Idempotency-Key": idempotency_key,
        "User-Agent": f"CallCompanion/{__version__}",
    })
    with _Deadline(timeout) as deadline:
        try:
            with _opener(deadline).open(request, timeout=timeout) as response:
                response.read(MAX_ANSWER_BYTES)
                return Attempt(True)
        except urllib.error.HTTPError as exc:
            exc.close()
            if 300 <= exc.code < 400:
                return Attempt(False, f"HTTP {exc.code}: the address redirects elsewhere; "
                               "enter the final address", retry=False)
            retry = exc.code >= 500 or exc.code in RETRY_STATUSES
            return Attempt(False, f"HTTP {exc.code} {exc.reason}", retry=retry)
        except Exception as exc:            # network errors, timeouts, malformed answers
            if deadline.expired:
                return Attempt(False, f"the server did not answer completely within {timeout:g} s")
            if isinstance(exc, urllib.error.URLError):
                return Attempt(False, f"cannot reach the server: {exc.reason}")
            if isinstance(exc, http.client.HTTPException):
                return Attempt(False, f"the server's answer is not valid HTTP ({_describe(exc)})")
            return Attempt(False, _describe(exc))


def _describe(exc: Exception) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
