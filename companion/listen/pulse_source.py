"""Sound devices through PulseAudio (or PipeWire's PulseAudio service), via `soundcard`.

"call" records what the computer plays (the monitor of the default output, i.e. the other
side of the call); "microphone" records the default input (the rep). A device id chosen in
Settings overrides the default.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.listen.sources import CHUNK_SAMPLES, SAMPLE_RATE, SourceProblem

CALL, MICROPHONE = "call", "microphone"
KIND_NAMES = {CALL: "Call audio", MICROPHONE: "Microphone"}


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    is_monitor: bool       # plays back what the computer outputs: the other side of a call


def _soundcard():
    # soundcard connects to the sound server when imported, so only import it when asked.
    try:
        import soundcard
    except ImportError:
        raise SourceProblem("Listening needs the speech extra: pip install 'call-companion[speech]'") from None
    except Exception as exc:       # no server: soundcard raises whatever libpulse reported
        raise SourceProblem("No PulseAudio or PipeWire sound server answered "
                            f"({exc or type(exc).__name__}). Start one, or check `pactl info`.") from None
    return soundcard


def preload() -> None:
    """Import soundcard and numpy now, on the calling thread. A Qt process must do this on its
    main thread before a level check reads a device from another thread: Qt's import hook
    is not safe for first imports made from other threads."""
    _soundcard()
    import numpy  # noqa: F401


def list_devices() -> list[Device]:
    sc = _soundcard()
    return [Device(str(m.id), m.name, bool(m.isloopback)) for m in sc.all_microphones(include_loopback=True)]


class PulseSource:
    def __init__(self, kind: str, device_id: str | None = None):
        if kind not in KIND_NAMES:
            raise ValueError(f"unknown source kind {kind!r}")
        self.kind, self.device_id = kind, device_id
        self.name = KIND_NAMES[kind]
        self._recorder = None

    def _device(self):
        sc = _soundcard()
        try:
            if self.device_id:
                return sc.get_microphone(self.device_id, include_loopback=True)
            if self.kind == CALL:
                # soundcard finds the monitor of an output by the output's name ("Monitor of ...").
                return sc.get_microphone(str(sc.default_speaker().name), include_loopback=True)
            return sc.default_microphone()
        except (IndexError, RuntimeError) as exc:
            wanted = self.device_id or f"the default {self.name.lower()} device"
            raise SourceProblem(f"{wanted} is not available ({exc}). Choose another source in Settings.") from None

    def open(self) -> None:
        recorder = self._device().recorder(samplerate=SAMPLE_RATE, channels=1, blocksize=CHUNK_SAMPLES)
        try:
            recorder.__enter__()
        except Exception as exc:
            raise SourceProblem(f"{self.name} could not be opened: {exc}") from None
        self._recorder = recorder

    def read_chunk(self) -> bytes | None:
        if self._recorder is None:
            return None
        import numpy as np  # part of the speech extra, like soundcard itself

        frames = self._recorder.record(numframes=CHUNK_SAMPLES)
        mono = frames[:, 0] if frames.ndim == 2 else frames
        return (np.clip(mono, -1.0, 1.0) * 32767).astype("<i2").tobytes()

    def close(self) -> None:
        if self._recorder is not None:
            recorder, self._recorder = self._recorder, None
            recorder.__exit__(None, None, None)
