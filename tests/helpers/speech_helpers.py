"""What the speech tests need: the speech extra, espeak-ng and sox, and WAV files spoken here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from companion.listen.model_files import speech_extra_missing


def require_speech_tools(*more_tools: str) -> None:
    """The README's test command installs the speech extra and the tools, so a missing one is
    a failure that says what to install, never a silent skip."""
    missing = speech_extra_missing() + [tool for tool in ("espeak-ng", "sox", *more_tools)
                                     if shutil.which(tool) is None]
    if not missing:
        return
    message = (f"speech tests need {', '.join(missing)} (pip install '.[speech]'; "
               "apt-get install espeak-ng sox pulseaudio pulseaudio-utils)")
    pytest.fail(message)


def spoken_wav(folder: Path, name: str, sentences: list[str], voice: str = "en-us",
               gap_s: float = 1.0) -> Path:
    """Sentences spoken by espeak-ng with `gap_s` of silence between them, as 16 kHz mono."""
    parts = []
    for index, sentence in enumerate(sentences):
        raw = folder / f"{name}-{index}.raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "155", "-w", str(raw), sentence], check=True)
        part = folder / f"{name}-{index}.wav"
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part),
                        "pad", "0", str(gap_s)], check=True)
        parts.append(str(part))
    out = folder / f"{name}.wav"
    subprocess.run(["sox", *parts, str(out)] if len(parts) > 1 else ["cp", parts[0], str(out)], check=True)
    return out
