"""The speech benchmark's corpus, built on this machine: espeak-ng voices, with and without
pink noise mixed in by sox, plus the real recordings of Debian's pocketsphinx-testdata.

Each synthetic utterance is labelled with what a rep would want suggested in the built-in
discovery playbook (yes moments and objections), or nothing for small talk, questions and
negations.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

MOM, OBJ = "moment", "objection"
# (sentence, expected suggestions)
SCRIPT: list[tuple[str, frozenset]] = [
    ("Honestly, it takes us forever, it is really frustrating.", {(MOM, "pain_confirmed")}),
    ("We do it all by hand every single week.", {(MOM, "pain_confirmed")}),
    ("It costs us hours every week to fix the mistakes.", {(MOM, "pain_costs")}),
    ("Sounds good, let's do that.", {(MOM, "agenda_agreed")}),
    ("I have the full half hour today.", {(MOM, "time_confirmed")}),
    ("Our head of operations decides on tools like this.", {(MOM, "decision_process")}),
    ("We need this solved by the end of the quarter.", {(MOM, "timeline_shared")}),
    ("That is exactly what we need.", {(MOM, "sees_fit")}),
    ("That would save us about two days a month.", {(MOM, "gain_quantified")}),
    ("Let's set up a demo for next week.", {(MOM, "demo_agreed")}),
    ("I will bring my manager to the session.", {(MOM, "decider_invited")}),
    ("I can send over an export of last month.", {(MOM, "homework_agreed")}),
    ("Well, we would need to check with our CFO before we sign anything.", {(OBJ, "authority")}),
    ("I need to run it by my boss first.", {(OBJ, "authority")}),
    ("To be honest, it is too expensive for us.", {(OBJ, "price")}),
    ("That is more than we can spend this year.", {(OBJ, "price")}),
    ("Not right now, we are too busy.", {(OBJ, "timing")}),
    ("We are also looking at other vendors.", {(OBJ, "competitor")}),
    ("What we have works fine for now.", {(OBJ, "status_quo")}),
    ("Let me think about it and get back to you.", {(OBJ, "stall")}),
    ("We do not really need this.", {(OBJ, "need")}),
    ("It is not that we would need to check with our CFO.", set()),
    ("Price was never really the issue.", set()),
    ("Is that a problem for your team?", set()),
    ("The weather was lovely in Lisbon last week.", set()),
    ("Can you share your screen, please?", set()),
    ("I had a great weekend, thanks for asking.", set()),
    ("We moved offices in March.", set()),
    ("Our team is twelve people across two sites.", set()),
    ("Sorry, you broke up for a second there.", set()),
]
SCRIPT = [(text, frozenset(expected)) for text, expected in SCRIPT]
VOICES = ("en-us", "en-gb", "en-us+f3")
NOISE_SNR_DB = 15
POCKETSPHINX = Path("/usr/share/pocketsphinx/test/data")


@dataclass(frozen=True)
class Sample:
    wav: Path
    reference: str
    expected: frozenset | None      # None: real speech, scored for WER only
    condition: str                  # "clean", "noise 15 dB" or "real speech"


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stderr


def _rms(wav: Path) -> float:
    stats = _run("sox", str(wav), "-n", "stat")
    return float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stats).group(1))


def synthetic(folder: Path, voices=VOICES) -> list[Sample]:
    folder.mkdir(parents=True, exist_ok=True)
    samples = []
    for v, voice in enumerate(voices):
        for i, (text, expected) in enumerate(SCRIPT):
            clean = folder / f"{v}-{i}-clean.wav"
            noisy = folder / f"{v}-{i}-noise.wav"
            if not clean.exists():
                raw = folder / f"{v}-{i}-raw.wav"
                subprocess.run(["espeak-ng", "-v", voice, "-s", str(150 + 10 * v), "-w", str(raw), text], check=True)
                # Half a second of silence either side, as between turns in a call.
                _run("sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(clean), "pad", "0.5", "0.5")
                raw.unlink()
            if not noisy.exists():
                noise = folder / f"{v}-{i}-pink.wav"
                length = subprocess.run(["soxi", "-D", str(clean)], check=True, capture_output=True,
                                        text=True).stdout
                _run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth", length.strip(),
                     "pinknoise", "vol", "0.3")
                gain = _rms(clean) / _rms(noise) / (10 ** (NOISE_SNR_DB / 20))
                _run("sox", "-m", "-v", "1", str(clean), "-v", f"{gain:.4f}", str(noise), str(noisy))
                noise.unlink()
            samples.append(Sample(clean, text, expected, "clean"))
            samples.append(Sample(noisy, text, expected, f"noise {NOISE_SNR_DB} dB"))
    return samples


def real_speech(folder: Path) -> list[Sample]:
    """pocketsphinx-testdata's recordings with their transcripts (apt-get install pocketsphinx-testdata)."""
    samples = []
    for listing in (POCKETSPHINX / "librivox" / "transcription", POCKETSPHINX / "cards" / "cards.transcription"):
        if not listing.exists():
            continue
        for line in listing.read_text().splitlines():
            match = re.match(r"<s>(.*)</s>\s*\((.+)\)", line.strip())
            if match:
                wav = listing.parent / f"{match.group(2).strip()}.wav"
                if wav.exists():
                    samples.append(Sample(wav, match.group(1).strip(), None, "real speech"))
    raw = POCKETSPHINX / "goforward.raw"
    if raw.exists():
        wav = folder / "goforward.wav"
        if not wav.exists():
            _run("sox", "-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", str(raw), str(wav))
        samples.append(Sample(wav, "go forward ten meters", None, "real speech"))
    return samples


def call_stream(folder: Path, samples: list[Sample]) -> Path:
    """One WAV of several utterances, each with the second of silence its file carries: a
    minute or so of the other side of a call."""
    out = folder / f"stream-{len(samples)}.wav"
    if not out.exists():
        _run("sox", *[str(s.wav) for s in samples], str(out))
    return out
