"""A real HTTP server on 127.0.0.1 that fails the first requests, then accepts.

`raw_answers` makes it misbehave: the first requests get those bytes verbatim instead of an
HTTP answer (a garbage status line, endless headers...); `drip_answer` is sent one byte at
a time, `drip_interval` seconds apart, to the first request.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, fail_first: int = 0, fail_status: int = 500, redirect_to: str | None = None,
                 raw_answers: list[bytes] = (), drip_answer: bytes | None = None, drip_interval: float = 0.2):
        self.raw_answers = list(raw_answers)
        self.drip_answer, self.drip_interval = drip_answer, drip_interval
        self.stopping = threading.Event()
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.redirect_to = redirect_to
        self.requests = 0
        self.misbehaved = len(self.raw_answers)     # answers not counted against fail_first
        self.accepted: list[dict] = []          # parsed bodies of the requests answered 200
        self.headers: list[dict] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._lock:
                    receiver.requests += 1
                    receiver.headers.append(dict(self.headers))
                    raw = receiver.raw_answers.pop(0) if receiver.raw_answers else None
                    drip, receiver.drip_answer = receiver.drip_answer, None
                if raw is not None:
                    self.wfile.write(raw)
                    self.close_connection = True
                    return
                if drip is not None:
                    self._drip(drip)
                    return
                with receiver._lock:
                    failing = receiver.requests - receiver.misbehaved <= receiver.fail_first
                    if not failing and receiver.redirect_to is None:
                        receiver.accepted.append(json.loads(body))
                if receiver.redirect_to is not None:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                elif failing:
                    self.send_response(receiver.fail_status)
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _drip(self, answer: bytes) -> None:
                receiver.misbehaved += 1
                self.close_connection = True
                for byte in answer:
                    if receiver.stopping.wait(receiver.drip_interval):
                        return
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:             # the client gave up: what the test wants
                        return

            def do_GET(self):                 # only ever a followed redirect: count it, refuse it
                with receiver._lock:
                    receiver.requests += 1
                    receiver.headers.append(dict(self.headers))
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):     # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
