"""A playbook too big to glance at is refused with the file and the limit named, before
anything is built from it (10,000 moments once took 20 s on the UI thread)."""

from __future__ import annotations

import os

import pytest

from companion.core.playbook import parse_playbook
from companion.core.playbook_limits import MAX_ENTRIES, MAX_PLAYBOOK_BYTES, MAX_TEXT_CHARS
from companion.errors import PlaybookError
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks, read_playbook_file

HEADER = 'id = "huge"\nname = "Huge"\n\n'


def moments(count: int, prompt: str = "Ask it") -> str:
    return "".join(f'[[moments]]\nid = "m{n}"\nlabel = "Moment {n}"\nprompt = "{prompt}"\n'
                   f'stage = "discovery"\n\n' for n in range(count))


def test_ten_thousand_moments_are_refused_naming_the_file(tmp_path):
    path = tmp_path / "huge.toml"
    text = HEADER + moments(10_000)
    with pytest.raises(PlaybookError) as raised:
        parse_playbook(text, str(path))
    message = str(raised.value)
    assert str(path) in message and "10000 [[moments]]" in message
    assert f"at most {MAX_ENTRIES['moments']}" in message


def test_a_text_too_long_is_refused_naming_the_field():
    text = HEADER + moments(2) + moments(1, prompt="x" * (MAX_TEXT_CHARS + 1)).replace('"m0"', '"m9"')
    with pytest.raises(PlaybookError, match=r'"moments\[2\]\.prompt" is \d+ characters long'):
        parse_playbook(text, "long.toml")


def test_too_many_keywords_are_refused():
    keywords = ", ".join(f'"k{n}"' for n in range(500))
    text = HEADER + moments(1).replace('stage = "discovery"', f'stage = "discovery"\nkeywords = [{keywords}]')
    with pytest.raises(PlaybookError, match=r'"moments\[0\]\.keywords" has 500 items'):
        parse_playbook(text, "keywords.toml")


def test_a_file_too_big_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(HEADER + "# " + "padding " * (MAX_PLAYBOOK_BYTES // 8) + "\n" + moments(1))
    with pytest.raises(PlaybookError) as raised:
        read_playbook_file(path)
    assert str(path) in str(raised.value) and "too big for a playbook" in str(raised.value)


def test_a_fifo_is_refused_instead_of_waiting_forever(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(PlaybookError, match="not a regular file"):
        read_playbook_file(fifo)


def test_a_huge_playbook_in_the_folder_is_skipped_and_the_others_load(tmp_path):
    (tmp_path / "huge.toml").write_text(HEADER + moments(10_000))
    loaded = load_playbooks(resource_path("playbooks"), tmp_path)
    assert {p.id for p in loaded.playbooks} >= {"discovery", "proposal"}
    assert len(loaded.errors) == 1 and "huge.toml" in str(loaded.errors[0])
