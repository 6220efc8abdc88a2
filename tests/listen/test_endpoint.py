"""Utterance boundaries from speech probabilities."""

from __future__ import annotations

from companion.listen.endpoint import FRAME_S, Endpointer, Span


def run(probabilities, **options):
    endpointer = Endpointer(**options)
    spans = [span for p in probabilities if (span := endpointer.push(p)) is not None]
    last = endpointer.flush()
    return spans + ([last] if last else [])


def frames(seconds):
    return round(seconds / FRAME_S)


def test_an_utterance_ends_after_half_a_second_of_silence_with_a_little_audio_before_it():
    probabilities = [0.0] * 20 + [0.9] * frames(1.0) + [0.1] * frames(0.6)
    [span] = run(probabilities)
    assert span.first_frame == 20 - frames(0.2)
    assert span.end_frame == 20 + frames(1.0) + frames(0.5)


def test_a_short_pause_inside_speech_does_not_end_it():
    probabilities = [0.9] * 20 + [0.1] * frames(0.3) + [0.9] * 20 + [0.1] * frames(0.6)
    assert len(run(probabilities)) == 1


def test_clicks_shorter_than_a_quarter_second_are_not_utterances():
    assert run([0.9] * 3 + [0.0] * 40) == []


def test_long_speech_is_cut_at_the_maximum():
    spans = run([0.9] * frames(4.0), max_utterance_s=1.5)
    assert len(spans) >= 2
    assert all(s.end_frame - s.first_frame <= frames(1.5) + 1 for s in spans)


def test_speech_open_at_the_end_of_the_source_is_flushed():
    assert run([0.9] * 20) == [Span(0, 20)]
