"""Where the audio comes from: one small interface, whatever the device.

A source hands out chunks of 16 kHz mono signed 16-bit little-endian PCM, 100 ms each, as
bytes; None means the source has ended. Plain bytes keep this module free of numpy, so the
base app and its tests need nothing from the speech extra.
"""

from __future__ import annotations

import math
from array import array
from typing import Protocol

SAMPLE_RATE = 16000
CHUNK_SAMPLES = 1600            # 100 ms
CHUNK_BYTES = CHUNK_SAMPLES * 2


class AudioSource(Protocol):
    name: str                    # shown to the rep ("Call audio", "Microphone", a file name)

    def open(self) -> None: ...
    def read_chunk(self) -> bytes | None:
        """The next CHUNK_BYTES of audio, blocking until they are there; None at the end."""
    def close(self) -> None: ...


class SourceProblem(Exception):
    """A source could not be opened or read; the message says what to do."""


def level(chunk: bytes) -> float:
    """Loudness of a chunk for a level meter: 0.0 (silence) to 1.0 (full scale), on a
    60 dB scale so speech sits in the middle rather than at the bottom."""
    samples = array("h", chunk)
    if not samples:
        return 0.0
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0
    if rms <= 1e-3:
        return 0.0
    return min(1.0, 1.0 + math.log10(rms) / 3.0)


def mix(chunks: list[bytes]) -> bytes:
    """Several sources at once (the call's other side and the microphone) as one stream."""
    if len(chunks) == 1:
        return chunks[0]
    arrays = [array("h", c) for c in chunks]
    length = min(len(a) for a in arrays)
    mixed = array("h", (max(-32768, min(32767, sum(a[i] for a in arrays))) for i in range(length)))
    return mixed.tobytes()


class MixedSource:
    """Reads each source in turn and adds them up, chunk by chunk."""

    def __init__(self, sources: list[AudioSource]):
        self.sources = sources
        self.name = " + ".join(s.name for s in sources)

    def open(self) -> None:
        opened = []
        try:
            for source in self.sources:
                source.open()
                opened.append(source)
        except Exception:
            for source in opened:
                source.close()
            raise

    def read_chunk(self) -> bytes | None:
        chunks = [source.read_chunk() for source in self.sources]
        present = [c for c in chunks if c is not None]
        return mix(present) if present else None

    def close(self) -> None:
        for source in self.sources:
            source.close()
