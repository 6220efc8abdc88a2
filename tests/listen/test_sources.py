"""The audio source interface: WAV files in 16 kHz chunks, levels, mixing two sources."""

from __future__ import annotations

import wave
from array import array

import pytest

from companion.listen.sources import CHUNK_BYTES, CHUNK_SAMPLES, MixedSource, SourceProblem, level, mix
from companion.listen.wav_source import WavFileSource


def write_wav(path, samples, rate=16000, channels=1):
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(array("h", samples).tobytes())
    return path


def read_all(source):
    source.open()
    chunks = []
    while (chunk := source.read_chunk()) is not None:
        chunks.append(chunk)
    source.close()
    return chunks


def test_wav_source_hands_out_100ms_chunks_then_silence_then_ends(tmp_path):
    path = write_wav(tmp_path / "a.wav", [1000] * (CHUNK_SAMPLES * 2 + 10))
    chunks = read_all(WavFileSource(path, trailing_silence_s=0.3))
    assert all(len(c) == CHUNK_BYTES for c in chunks)
    assert len(chunks) == 3 + 3        # 2 full, 1 padded, 3 of trailing silence
    assert array("h", chunks[2])[9] == 1000 and array("h", chunks[2])[10] == 0
    assert chunks[-1] == bytes(CHUNK_BYTES)


def test_wav_source_at_real_time_pace_waits_for_each_chunk(tmp_path):
    path = write_wav(tmp_path / "a.wav", [0] * CHUNK_SAMPLES * 5)
    now = [100.0]
    slept = []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    source = WavFileSource(path, realtime=True, trailing_silence_s=0, clock=lambda: now[0], sleep=sleep)
    assert len(read_all(source)) == 5
    assert slept == [0.1] * 5


def test_wav_source_refuses_other_formats_naming_the_file_and_the_fix(tmp_path):
    path = write_wav(tmp_path / "cd.wav", [0] * 100, rate=44100, channels=2)
    with pytest.raises(SourceProblem, match=r"cd.wav: needs 16 kHz mono 16-bit audio, not 44100 Hz, 2 channel.*sox"):
        WavFileSource(path).open()
    (tmp_path / "junk.wav").write_text("not audio")
    with pytest.raises(SourceProblem, match="junk.wav: cannot be read as a WAV file"):
        WavFileSource(tmp_path / "junk.wav").open()


def test_level_is_zero_for_silence_and_higher_for_louder_audio():
    quiet, loud = array("h", [300, -300] * 800).tobytes(), array("h", [12000, -12000] * 800).tobytes()
    assert level(bytes(CHUNK_BYTES)) == 0.0
    assert 0.0 < level(quiet) < level(loud) <= 1.0


def test_mix_adds_sources_and_clips():
    a = array("h", [1000, 30000, -30000]).tobytes()
    b = array("h", [500, 10000, -10000]).tobytes()
    assert list(array("h", mix([a, b]))) == [1500, 32767, -32768]


class ListSource:
    def __init__(self, name, chunks):
        self.name, self.chunks, self.opened, self.closed = name, list(chunks), False, False

    def open(self):
        self.opened = True

    def read_chunk(self):
        return self.chunks.pop(0) if self.chunks else None

    def close(self):
        self.closed = True


def test_mixed_source_reads_both_until_both_end():
    one = array("h", [1] * CHUNK_SAMPLES).tobytes()
    a, b = ListSource("Call audio", [one, one]), ListSource("Microphone", [one])
    mixed = MixedSource([a, b])
    assert mixed.name == "Call audio + Microphone"
    chunks = read_all(mixed)
    assert [array("h", c)[0] for c in chunks] == [2, 1]
    assert a.opened and b.opened and a.closed and b.closed


def test_mixed_source_closes_what_it_opened_when_one_fails():
    class Broken(ListSource):
        def open(self):
            raise SourceProblem("Microphone could not be opened")

    good = ListSource("Call audio", [])
    with pytest.raises(SourceProblem):
        MixedSource([good, Broken("Microphone", [])]).open()
    assert good.closed
