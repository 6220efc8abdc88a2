"""The playbooks and icons shipped in resources/ are complete and well-formed."""

from __future__ import annotations

import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion.core.call import STAGES
from companion.core.coach_words import KNOWN_PLACEHOLDERS
from companion.store.playbook_files import read_playbook_file

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
PLAYBOOK_FILES = sorted((RESOURCES / "playbooks").glob("*.toml"))
ICON_FILES = sorted((RESOURCES / "icons").glob("*.svg"))

STANDARD_CLOSES = {
    "trial", "alternative", "assumptive", "summary", "direct", "question",
    "ben_franklin", "urgency", "puppy_dog", "sharp_angle", "takeaway", "minor_point",
}
STANDARD_OBJECTIONS = {"price", "timing", "authority", "need", "competitor", "status_quo", "stall"}
ALLOWED_PLACEHOLDERS = KNOWN_PLACEHOLDERS
SVG_NS = "{http://www.w3.org/2000/svg}"


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def test_the_builtin_playbooks_are_there():
    assert {p.stem for p in PLAYBOOK_FILES} >= {"discovery", "proposal"}


@pytest.fixture(params=PLAYBOOK_FILES, ids=lambda p: p.stem)
def playbook(request):
    return read_playbook_file(request.param, builtin=True)


def test_playbook_header(playbook):
    assert playbook.builtin
    assert playbook.name and playbook.description
    assert playbook.expected_minutes >= 10


def test_moments_cover_every_stage(playbook):
    assert 8 <= len(playbook.moments) <= 12
    stages = [m.stage for m in playbook.moments]
    assert set(stages) == set(STAGES)
    assert stages.count("commitment") >= 2
    for moment in playbook.moments:
        assert len(moment.label) <= 30, moment.label
        assert moment.prompt.endswith("?"), moment.id
        assert moment.keywords, moment.id


def test_all_standard_closes_exactly(playbook):
    assert {c.id for c in playbook.closes} == STANDARD_CLOSES
    assert len(playbook.closes) == len(STANDARD_CLOSES)


def test_close_scripts_use_only_known_placeholders(playbook):
    for close in playbook.closes:
        for key, line in (("script", close.script), *close.lines):
            used = placeholders(line)
            assert used <= ALLOWED_PLACEHOLDERS, f"{close.id} {key}: {used - ALLOWED_PLACEHOLDERS}"
        assert len(close.script) <= 160, close.id
        assert "\n" not in close.script
        assert close.description and close.when, close.id
        assert close.stages, close.id


def test_close_tuning_follows_sales_practice(playbook):
    by_id = {c.id: c for c in playbook.closes}
    assert {c.id for c in playbook.closes if c.pressure} == {"urgency", "assumptive", "direct"}
    assert {c.id for c in playbook.closes if c.needs_deadline} == {"urgency"}
    assert "agreed_points" in placeholders(by_id["summary"].script)
    assert {"slot_1", "slot_2"} <= placeholders(by_id["alternative"].script)
    assert by_id["trial"].max_agreed is not None and by_id["trial"].max_agreed <= 4
    for close in playbook.closes:
        assert 0.6 <= close.weight <= 1.4, close.id
        assert set(close.answers) <= STANDARD_OBJECTIONS, close.id
        if close.max_agreed is not None:
            assert close.max_agreed >= close.min_agreed, close.id


def test_objections(playbook):
    assert {o.id for o in playbook.objections} == STANDARD_OBJECTIONS
    known_closes = {c.id for c in playbook.closes}
    for objection in playbook.objections:
        assert objection.closes and set(objection.closes) <= known_closes, objection.id
        assert 6 <= len(objection.keywords) <= 12, objection.id
        assert all(k == k.lower() for k in objection.keywords), objection.id
        assert 2 <= len(objection.responses) <= 3, objection.id
        assert len(objection.label) <= 30


def test_objection_keywords_do_not_overlap(playbook):
    """A keyword inside another objection's keyword would flag both from one note."""
    owners = [(o.id, k) for o in playbook.objections for k in o.keywords]
    for owner, keyword in owners:
        clashes = [(other, k) for other, k in owners if other != owner and keyword in k]
        assert not clashes, f"{owner}: {keyword!r} also matches {clashes}"


def test_the_icons_are_there():
    assert {p.stem for p in ICON_FILES} >= {"app", "tray", "pin", "copy", "start", "end", "review"}


@pytest.mark.parametrize("path", ICON_FILES, ids=lambda p: p.stem)
def test_icons_are_self_contained_svg(path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert len(root.get("viewBox", "").split()) == 4
    for element in root.iter():
        assert element.tag != f"{SVG_NS}text", "icons must not contain text"
        assert element.tag != f"{SVG_NS}image", "icons must not embed or link images"
        for name, value in element.attrib.items():
            assert not name.endswith("href") or value.startswith("#"), f"external reference {value}"


@pytest.mark.parametrize("name, view_box", [
    ("app", "0 0 512 512"), ("pin", "0 0 24 24"), ("copy", "0 0 24 24"),
    ("start", "0 0 24 24"), ("end", "0 0 24 24"), ("review", "0 0 24 24"),
])
def test_icon_sizes(name, view_box):
    assert ET.parse(RESOURCES / "icons" / f"{name}.svg").getroot().get("viewBox") == view_box
