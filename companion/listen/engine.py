"""The speech models: Silero voice activity (shipped inside faster-whisper) and Whisper.

Imported only when listening starts; it needs the speech extra.
"""

from __future__ import annotations

import numpy as np

from companion.listen.endpoint import FRAME_SAMPLES
from companion.listen.model_files import ModelFolder

_CONTEXT = 64     # samples of the previous frame the voice activity model looks back on


class VoiceActivity:
    """Speech probability per 32 ms frame of a continuous stream.

    faster-whisper's own wrapper starts from a blank state on every call, which suits whole
    files; a live stream carries the model's state and the last samples from one chunk to
    the next instead, so each frame is read once.
    """

    def __init__(self):
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._context = np.zeros(_CONTEXT, dtype=np.float32)

    def probabilities(self, frames: np.ndarray) -> np.ndarray:
        """`frames`: float32 samples, a whole number of frames long."""
        batch = frames.reshape(-1, FRAME_SAMPLES)
        previous = np.vstack([self._context[None, :], batch[:-1, -_CONTEXT:]])
        self._context = batch[-1, -_CONTEXT:].copy()
        output, self._h, self._c = self._session.run(
            None, {"input": np.concatenate([previous, batch], axis=1), "h": self._h, "c": self._c})
        return np.asarray(output).reshape(-1)


class Recognizer:
    def __init__(self, model: ModelFolder, cpu_threads: int = 1):
        from faster_whisper import WhisperModel

        # One thread: on a two-core laptop the other core stays free for the window and the call.
        self._model = WhisperModel(str(model.path), device="cpu", compute_type="int8",
                                   cpu_threads=cpu_threads, local_files_only=True)

    def transcribe(self, audio: np.ndarray) -> str:
        segments, _info = self._model.transcribe(
            audio, language="en", beam_size=1, best_of=1, temperature=0.0,
            condition_on_previous_text=False, without_timestamps=True, vad_filter=False)
        return " ".join(segment.text.strip() for segment in segments).strip()
