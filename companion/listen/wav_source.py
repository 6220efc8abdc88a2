"""A WAV file as an audio source: the same 16 kHz chunks as a device, for tests and benchmarks."""

from __future__ import annotations

import time
import wave
from collections.abc import Callable
from pathlib import Path

from companion.listen.sources import CHUNK_BYTES, CHUNK_SAMPLES, SAMPLE_RATE, SourceProblem


class WavFileSource:
    def __init__(self, path: Path, *, realtime: bool = False, trailing_silence_s: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        """`realtime` paces the chunks as a live device would; `trailing_silence_s` of silence
        follows the file so the last utterance ends as it would in a call."""
        self.path = Path(path)
        self.name = self.path.name
        self.realtime = realtime
        self._silence_chunks = round(trailing_silence_s * SAMPLE_RATE / CHUNK_SAMPLES)
        self._clock, self._sleep = clock, sleep
        self._wav: wave.Wave_read | None = None
        self._sent = 0
        self._started = 0.0

    def open(self) -> None:
        try:
            wav = wave.open(str(self.path), "rb")
        except (OSError, EOFError, wave.Error) as exc:
            raise SourceProblem(f"{self.path}: cannot be read as a WAV file ({exc})") from None
        if (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) != (SAMPLE_RATE, 1, 2):
            wav.close()
            raise SourceProblem(
                f"{self.path}: needs 16 kHz mono 16-bit audio, not {wav.getframerate()} Hz, "
                f"{wav.getnchannels()} channel(s), {8 * wav.getsampwidth()}-bit. "
                f"Convert it with: sox IN.wav -r 16000 -c 1 -b 16 OUT.wav")
        self._wav, self._sent, self._started = wav, 0, self._clock()

    def read_chunk(self) -> bytes | None:
        if self._wav is None:
            raise SourceProblem(f"{self.path}: read before open")
        chunk = self._wav.readframes(CHUNK_SAMPLES)
        if not chunk:
            if self._silence_chunks <= 0:
                return None
            self._silence_chunks -= 1
            chunk = bytes(CHUNK_BYTES)
        chunk = chunk.ljust(CHUNK_BYTES, b"\0")
        self._sent += 1
        if self.realtime:
            due = self._started + self._sent * CHUNK_SAMPLES / SAMPLE_RATE
            wait = due - self._clock()
            if wait > 0:
                self._sleep(wait)
        return chunk

    def close(self) -> None:
        if self._wav is not None:
            self._wav.close()
            self._wav = None
