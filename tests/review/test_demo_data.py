"""The demo data: realistic, deterministic, and written through the normal store."""

import pytest
from helpers.review_fixtures import NOW

from companion.cli import main
from companion.core.demo_data import DemoCalls, demo_calls, outline
from companion.resources import resource_path
from companion.store.db import open_database
from companion.store.playbook_files import load_playbooks


@pytest.fixture(scope="module")
def builtin():
    return load_playbooks(resource_path("playbooks"), None).playbooks


def test_same_seed_same_calls_other_seed_other_calls(builtin):
    outlines = [outline(p) for p in builtin]
    first = demo_calls(outlines, 10, NOW, seed=3)
    assert first == demo_calls(outlines, 10, NOW, seed=3)
    assert first != demo_calls(outlines, 10, NOW, seed=4)


def test_calls_look_like_a_reps_month(builtin):
    calls = demo_calls([outline(p) for p in builtin], 30, NOW, seed=1)
    moment_ids = {m.id for p in builtin for m in p.moments}
    close_ids = {c.id for p in builtin for c in p.closes}
    assert 150 < len(calls) < 400
    assert all(c.started_at.astimezone().weekday() < 5 for c in calls)
    assert all(c.ended_at <= NOW for c in calls)
    assert {c.outcome for c in calls} == {"order", "advance", "continuation", "no_sale", "no_connect"}
    assert {m for c in calls for m in c.moments} <= moment_ids
    tried = {a.close_id for c in calls for a in c.close_attempts}
    assert tried <= close_ids and close_ids - tried        # some closes never tried
    steps = [c.next_step for c in calls if c.next_step]
    assert any(s.status == "open" and s.due and s.due < NOW for s in steps)      # overdue ones
    assert any(s.due and s.due > NOW for s in steps)                             # upcoming ones
    contacts = [c.contact for c in calls]
    assert len(set(contacts)) < len(contacts)            # repeat contacts: history to show
    assert all(c.ended_with_commitment for c in calls if c.outcome in ("order", "advance"))


def test_many_distinct_contacts_for_big_databases(builtin):
    demo = DemoCalls([outline(builtin[0])], seed=1, contacts=15_000)
    assert len({name for name, _ in demo.people}) == 15_000


def test_demo_data_command_fills_the_chosen_folder(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["--data-dir", str(folder), "demo-data", "--days", "5", "--seed", "2"]) == 0
    assert "demo calls" in capsys.readouterr().out
    db = open_database(folder / "calls.sqlite3")
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] > 5
    db.close()


def test_demo_data_refuses_nonsense_days(tmp_path):
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "demo-data", "--days", "0"])
