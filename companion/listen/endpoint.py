"""Where an utterance starts and ends, from per-frame speech probabilities.

Pure bookkeeping on frame numbers, so it is tested without audio or models. An utterance
ends after a short silence (that is when its words are recognised and matched) or when it
grows too long for the recogniser's window.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAME_SAMPLES = 512            # what the voice activity model reads at 16 kHz: 32 ms
FRAME_S = FRAME_SAMPLES / 16000


@dataclass(frozen=True)
class Span:
    first_frame: int
    end_frame: int             # exclusive


class Endpointer:
    def __init__(self, *, start_threshold: float = 0.5, keep_threshold: float = 0.35,
                 silence_s: float = 0.5, min_speech_s: float = 0.25, max_utterance_s: float = 15.0,
                 pre_roll_s: float = 0.2):
        self.start_threshold, self.keep_threshold = start_threshold, keep_threshold
        self.silence_s = silence_s
        self._silence_frames = round(silence_s / FRAME_S)
        self._min_speech_frames = round(min_speech_s / FRAME_S)
        self._max_frames = round(max_utterance_s / FRAME_S)
        self._pre_roll = round(pre_roll_s / FRAME_S)
        self._frame = 0
        self._start: int | None = None
        self._speech_frames = 0
        self._quiet = 0

    @property
    def in_speech(self) -> bool:
        return self._start is not None

    def push(self, probability: float) -> Span | None:
        """One frame's speech probability; returns a finished utterance's span, if any."""
        frame, self._frame = self._frame, self._frame + 1
        if self._start is None:
            if probability >= self.start_threshold:
                self._start = max(0, frame - self._pre_roll)
                self._speech_frames, self._quiet = 1, 0
            return None
        if probability >= self.keep_threshold:
            self._speech_frames += 1
            self._quiet = 0
        else:
            self._quiet += 1
        too_long = frame + 1 - self._start >= self._max_frames
        if self._quiet >= self._silence_frames or too_long:
            return self._finish(frame + 1)
        return None

    def flush(self) -> Span | None:
        """The source ended: close an utterance still open."""
        return self._finish(self._frame) if self._start is not None else None

    def _finish(self, end: int) -> Span | None:
        start, self._start = self._start, None
        if self._speech_frames < self._min_speech_frames:
            return None
        return Span(start, end)
