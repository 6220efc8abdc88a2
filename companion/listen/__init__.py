"""Listening during calls (optional): audio sources, voice activity, recognition, matching.

Nothing here imports Qt, and nothing imports the speech extra (numpy, faster-whisper,
soundcard) at import time: the base app must start without it. `speech_extra_missing()`
says what is missing so Settings can explain how to add it.
"""
