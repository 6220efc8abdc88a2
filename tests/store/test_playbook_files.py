import pytest

from companion.errors import PlaybookError
from companion.store.playbook_files import import_playbook_file

GOOD = '''id = "renewal"
name = "Renewal call"
[[moments]]
id = "usage"
label = "Confirms usage"
stage = "discovery"
'''


def test_import_copies_a_valid_playbook_under_its_id(tmp_path):
    source = tmp_path / "from-email.toml"
    source.write_text(GOOD, encoding="utf-8")
    playbook, target = import_playbook_file(source, tmp_path / "playbooks")
    assert playbook.id == "renewal"
    assert target == tmp_path / "playbooks" / "renewal.toml"
    assert target.read_text(encoding="utf-8") == GOOD


def test_broken_playbook_is_refused_and_nothing_written(tmp_path):
    source = tmp_path / "broken.toml"
    source.write_text(GOOD.replace('stage = "discovery"', 'stage = "later"'), encoding="utf-8")
    with pytest.raises(PlaybookError, match="broken.toml, line 3: moments #1"):
        import_playbook_file(source, tmp_path / "playbooks")
    assert not (tmp_path / "playbooks").exists()


def test_existing_playbook_is_replaced_only_when_asked(tmp_path):
    source = tmp_path / "renewal.toml"
    source.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "playbooks"
    import_playbook_file(source, folder)
    with pytest.raises(FileExistsError):
        import_playbook_file(source, folder)
    source.write_text(GOOD.replace("Renewal call", "Renewal call v2"), encoding="utf-8")
    import_playbook_file(source, folder, replace=True)
    assert "v2" in (folder / "renewal.toml").read_text(encoding="utf-8")
