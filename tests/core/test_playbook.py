import re
import textwrap
from pathlib import Path

import pytest

from companion.core.playbook import parse_playbook
from companion.errors import PlaybookError
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks, read_playbook_file

MINIMAL = textwrap.dedent('''\
    format = 1
    id = "mini"
    name = "Mini"

    [[moments]]
    id = "pain"
    label = "Confirms the pain"
    prompt = "What does it cost you today?"
    stage = "discovery"

    [[closes]]
    id = "trial"
    name = "Trial close"
    script = "How does that sound?"
    ''')


def test_minimal_playbook_parses_with_defaults():
    playbook = parse_playbook(MINIMAL, "mini.toml")
    assert playbook.id == "mini"
    assert [m.id for m in playbook.moments] == ["pain"]
    close = playbook.close("trial")
    # Left out means "not given" (None), so the coach can apply its own defaults.
    assert close.min_agreed is None and close.max_agreed is None and close.pressure is None
    assert playbook.expected_minutes == 30


def test_invalid_toml_reports_file_and_line():
    broken = MINIMAL.replace('label = "Confirms the pain"', 'label = "Confirms the pain')
    with pytest.raises(PlaybookError) as info:
        parse_playbook(broken, "team.toml")
    assert info.value.file == "team.toml"
    assert info.value.line == 7
    assert "team.toml, line 7" in str(info.value)


def test_missing_field_names_the_entry_and_its_line():
    broken = MINIMAL.replace('script = "How does that sound?"\n', "")
    with pytest.raises(PlaybookError) as info:
        parse_playbook(broken, "team.toml")
    assert info.value.line == 11
    assert 'closes #1: missing required field "script"' in str(info.value)


def test_unknown_stage_is_rejected_with_the_allowed_ones():
    broken = MINIMAL.replace('stage = "discovery"', 'stage = "closing"')
    with pytest.raises(PlaybookError, match='"stage" must be one of opening, discovery, value, commitment'):
        parse_playbook(broken, "x.toml")


def test_wrong_type_is_reported():
    broken = MINIMAL.replace('id = "mini"', "id = 3")
    with pytest.raises(PlaybookError, match='"id" must be text'):
        parse_playbook(broken, "x.toml")


def test_duplicate_ids_are_rejected():
    doubled = MINIMAL + MINIMAL[MINIMAL.index("[[moments]]"):MINIMAL.index("[[closes]]")]
    with pytest.raises(PlaybookError, match='share the id "pain"'):
        parse_playbook(doubled, "x.toml")


def test_objection_naming_an_unknown_close_is_rejected():
    text = MINIMAL + '\n[[objections]]\nid = "price"\nlabel = "Price"\ncloses = ["nope"]\n'
    with pytest.raises(PlaybookError, match='names close "nope"'):
        parse_playbook(text, "x.toml")


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL.replace("Mini", "Min\xe9").encode("latin-1"))
    with pytest.raises(PlaybookError, match="not UTF-8"):
        read_playbook_file(path)


def test_loading_keeps_good_playbooks_and_lists_broken_ones(tmp_path):
    user = tmp_path / "playbooks"
    user.mkdir()
    (user / "good.toml").write_text(MINIMAL, encoding="utf-8")
    (user / "bad.toml").write_text("id = [", encoding="utf-8")
    result = load_playbooks(resource_path("playbooks"), user)
    ids = {p.id for p in result.playbooks}
    assert {"discovery", "proposal", "mini"} <= ids
    assert len(result.errors) == 1
    assert result.errors[0].file.endswith("bad.toml")


def test_user_playbook_replaces_builtin_with_same_id(tmp_path):
    user = tmp_path / "playbooks"
    user.mkdir()
    (user / "mine.toml").write_text(MINIMAL.replace('id = "mini"', 'id = "discovery"'), encoding="utf-8")
    result = load_playbooks(resource_path("playbooks"), user)
    discovery = result.get("discovery")
    assert discovery.name == "Mini" and not discovery.builtin


# ---------------------------------------------------------------- coach fields

def test_the_readme_example_is_a_valid_playbook():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Playbook format"):]
    example = section[section.index("```toml") + len("```toml"):section.index("```", section.index("```toml") + 7)]
    playbook = parse_playbook(example, "README.md")
    moment, close = playbook.moments[0], playbook.closes[0]
    assert moment.recap == ("{note}", "leaving it as it is has a real cost for you")
    assert moment.step_part == "action"
    assert close.asks == "step" and close.answers_only is False
    assert close.line_for("price").startswith("Before we talk numbers")


def test_recap_may_be_one_text_or_none_at_all():
    one = parse_playbook(MINIMAL.replace('stage = "discovery"',
                                         'stage = "discovery"\nrecap = "the numbers work for you"'))
    never = parse_playbook(MINIMAL.replace('stage = "discovery"', 'stage = "discovery"\nrecap = []'))
    assert one.moments[0].recap == ("the numbers work for you",)
    assert never.moments[0].recap == ()
    assert parse_playbook(MINIMAL).moments[0].recap is None


@pytest.mark.parametrize("addition, message", [
    ('step_part = "soon"', '"step_part" must be one of action, when, who, customer_action'),
    ('recap = 3', '"recap" must be a text or a list of texts'),
])
def test_a_bad_moment_coach_field_names_the_field(addition, message):
    with pytest.raises(PlaybookError, match=re.escape(message)):
        parse_playbook(MINIMAL.replace('stage = "discovery"', f'stage = "discovery"\n{addition}'), "x.toml")


@pytest.mark.parametrize("addition, message", [
    ('asks = "signature"', '"asks" must be one of opinion, detail, step, order, concession'),
    ('lines.timming = "Later?"', 'has lines.timming, which is neither an objection of this playbook'),
    ('lines = "Later?"', '"lines" must be a table of texts'),
])
def test_a_bad_close_coach_field_names_the_field(addition, message):
    text = MINIMAL + f'\n[[closes]]\nid = "later"\nname = "Later"\nscript = "Later?"\n{addition}\n'
    with pytest.raises(PlaybookError, match=re.escape(message)):
        parse_playbook(text, "x.toml")
