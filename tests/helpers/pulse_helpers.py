"""A headless PulseAudio server of the test's own: one null sink standing in for the call.

What `paplay` plays into the sink comes out of its monitor, which is exactly what listening
records as "the call's other side". The server runs in a private folder under the test's
temporary path, answers only on its own socket, and is stopped by its process id.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

SINK = "call_sink"


class PulseServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.socket = folder / "native"
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(folder), "HOME": str(folder),
                    "PULSE_SERVER": f"unix:{self.socket}"}
        self.pid: int | None = None

    def start(self) -> None:
        subprocess.run([
            "pulseaudio", "--daemonize=yes", "-n", "--exit-idle-time=-1", "--use-pid-file=yes",
            f"--log-target=file:{self.folder / 'pulse.log'}",
            f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
            f"--load=module-null-sink sink_name={SINK}",
        ], env=self.env, check=True, timeout=30)
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise RuntimeError(f"PulseAudio did not answer; see {self.folder / 'pulse.log'}")
            time.sleep(0.1)
        self.pid = int((self.folder / "pulse" / "pid").read_text().strip())

    def play(self, wav: Path) -> None:
        subprocess.run(["paplay", "--device", SINK, str(wav)], env=self.env, check=True, timeout=120)

    def stop(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.pid = None


@pytest.fixture(scope="module")
def pulse_server(tmp_path_factory):
    from helpers.speech_helpers import require_speech_tools

    require_speech_tools("pulseaudio", "paplay", "pactl")
    server = PulseServer(tmp_path_factory.mktemp("pulse"))
    server.start()
    saved = os.environ.get("PULSE_SERVER")
    os.environ["PULSE_SERVER"] = server.env["PULSE_SERVER"]   # for soundcard, inside this process
    yield server
    server.stop()
    if saved is None:
        os.environ.pop("PULSE_SERVER", None)
    else:
        os.environ["PULSE_SERVER"] = saved
