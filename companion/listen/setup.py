"""From the rep's settings to a running listener: which sources, which model."""

from __future__ import annotations

import threading
from collections.abc import Callable

from companion.core.playbook import Playbook
from companion.core.settings import Settings
from companion.listen.sources import AudioSource, MixedSource, SourceProblem, level
from companion.listen.worker import ListenCallbacks

SOURCE_CHOICES = {
    "call": "The call's other side (what this computer plays)",
    "microphone": "My microphone",
    "both": "Both",
}


def sources_for(settings: Settings) -> AudioSource:
    from companion.listen.pulse_source import CALL, MICROPHONE, PulseSource

    choice = settings.listen_sources if settings.listen_sources in SOURCE_CHOICES else "call"
    call = PulseSource(CALL, settings.listen_call_device or None)
    microphone = PulseSource(MICROPHONE, settings.listen_microphone_device or None)
    return {"call": call, "microphone": microphone}.get(choice) or MixedSource([call, microphone])


def engine_factory(settings: Settings) -> Callable[[], tuple[object, object]]:
    folder = settings.listen_model_folder

    def build():
        from companion.listen.engine import Recognizer, VoiceActivity
        from companion.listen.model_files import verified_model

        return VoiceActivity(), Recognizer(verified_model(folder))

    return build


def start_listening(settings: Settings, playbook: Playbook, callbacks: ListenCallbacks,
                    source: AudioSource | None = None):
    """The app's listener: a child process (see process.py), started."""
    from companion.listen.process import ListenProcess

    listener = ListenProcess(source or sources_for(settings), playbook, callbacks, settings.listen_model_folder)
    listener.start()
    return listener


class LevelCheck:
    """Reads a source for a few seconds and reports its level: Settings' meter. Nothing is
    recognised or kept."""

    def __init__(self, source: AudioSource, on_level: Callable[[float], None],
                 on_done: Callable[[str], None], seconds: float = 10.0):
        self.source, self._on_level, self._on_done = source, on_level, on_done
        self._chunks = round(seconds * 10)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="listen-level", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        problem = ""
        try:
            self.source.open()
            try:
                for _ in range(self._chunks):
                    chunk = self.source.read_chunk()
                    if chunk is None or self._stop.is_set():
                        break
                    self._on_level(level(chunk))
            finally:
                self.source.close()
        except SourceProblem as exc:
            problem = str(exc)
        except Exception as exc:       # a device gone mid-check: say so, never crash Settings
            problem = f"{self.source.name}: {exc}"
        self._on_done(problem)
