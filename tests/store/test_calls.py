from datetime import timedelta

import pytest

from companion.core.call import Call, NextStep, utcnow
from companion.store.calls import CallStore
from companion.store.db import SCHEMA_VERSION, open_database, schema_version
from companion.store.drafts import DraftStore


def make_call(contact="Ann Smith", company="Acme", **extra) -> Call:
    call = Call(contact=contact, company=company, playbook_id="discovery", **extra)
    call.agree("pain", label="Confirms the pain", stage="discovery", note="2 days a month")
    call.agree("decider", label="Names the decider", stage="discovery")
    call.raise_objection("price", label="Price")
    call.record_close_attempt("trial", "accepted")
    call.set_notes("Uses spreadsheets.\nCFO signs.")
    call.outcome = "advance"
    call.disposition = "connected"
    call.ended_at = call.started_at + timedelta(minutes=20)
    call.next_step = NextStep("Demo of the reporting module", "both", "Brings the CFO",
                              utcnow() + timedelta(days=2))
    return call


def test_new_database_is_migrated_with_wal_and_foreign_keys(paths):
    db = open_database(paths.db_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"calls", "call_moments", "call_objections", "close_attempts", "next_steps", "drafts"} <= set(
        db.table_names())
    db.close()
    # Opening again applies nothing twice.
    again = open_database(paths.db_path)
    assert schema_version(again) == SCHEMA_VERSION
    again.close()


def test_saved_call_reads_back_identical(db):
    store = CallStore(db)
    call = make_call()
    store.save_call(call)
    assert store.load_call(call.id) == call
    row = db.execute("SELECT started_at FROM calls").fetchone()[0]
    assert row.endswith("+00:00")


def test_saving_again_replaces_children_instead_of_duplicating(db):
    store = CallStore(db)
    call = make_call()
    store.save_call(call)
    call.unagree("decider")
    call.next_step = None
    store.save_call(call)
    assert db.execute("SELECT count(*) FROM call_moments").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM next_steps").fetchone()[0] == 0
    assert store.load_call(call.id) == call


def test_save_is_one_transaction(db, monkeypatch):
    store = CallStore(db)
    call = make_call()
    call.close_attempts[0].result = "not-a-result"   # bypasses validation to force a failure midway
    db.execute("CREATE TRIGGER refuse BEFORE INSERT ON close_attempts "
               "WHEN NEW.result = 'not-a-result' BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        store.save_call(call)
    assert db.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM call_moments").fetchone()[0] == 0


def test_save_removes_the_draft(db):
    call = make_call()
    drafts = DraftStore(db)
    drafts.save(call)
    assert [c.id for c in drafts.pending()] == [call.id]
    CallStore(db).save_call(call)
    assert drafts.pending() == []


def test_draft_round_trip_keeps_notes_of_unticked_moments(db):
    call = make_call()
    call.set_moment_note("budget", "~20k")
    drafts = DraftStore(db)
    drafts.save(call)
    restored = drafts.pending()[0]
    assert restored.moment_notes["budget"] == "~20k"
    assert restored == call


def test_contact_history_and_completions(db):
    store = CallStore(db)
    older = make_call()
    older.started_at -= timedelta(days=3)
    store.save_call(older)
    newer = make_call(company="Acme Ltd")
    store.save_call(newer)
    store.save_call(make_call(contact="Bob Jones", company="Initech"))
    history = store.contact_history("ann smith")
    assert [h.call_id for h in history] == [newer.id, older.id]
    assert history[0].next_step.action == "Demo of the reporting module"
    assert store.recent_values("contact", "a") == ["Ann Smith"]
    assert set(store.recent_values("company")) == {"Acme", "Acme Ltd", "Initech"}
    assert store.recent_values("company", "100%") == []


def test_newer_schema_is_refused_and_left_untouched(paths):
    db = open_database(paths.db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = paths.db_path.read_bytes()
    from companion.errors import DatabaseProblem

    with pytest.raises(DatabaseProblem, match=f"schema {SCHEMA_VERSION + 1}"):
        open_database(paths.db_path)
    assert paths.db_path.read_bytes() == before


def test_garbage_file_gives_a_clear_message(paths):
    paths.db_path.write_bytes(b"this is not a database" * 100)
    from companion.errors import DatabaseProblem

    with pytest.raises(DatabaseProblem, match="damaged"):
        open_database(paths.db_path)


def test_search_index_follows_edits(db):
    store = CallStore(db)
    call = make_call()
    store.save_call(call)
    call.set_notes("Mentioned a renewal in March")
    store.save_call(call)
    hits = [row["id"] for row in db["calls"].search("renewal")]
    assert hits == [call.id]
    assert list(db["calls"].search("spreadsheets")) == []
    step_hits = list(db["next_steps"].search("reporting"))
    assert [row["call_id"] for row in step_hits] == [call.id]


def test_deleting_a_call_drops_every_webhook_copy_of_it(db):
    store = CallStore(db)
    call = make_call()
    store.save_call(call)
    for status in ("pending", "failed", "delivered"):
        db.execute("INSERT INTO outbox (call_id, payload, created_at, status) VALUES (?, '{}', ?, ?)",
                   [call.id, "2026-01-01T00:00:00+00:00", status])
    db.conn.commit()
    store.delete_call(call.id)
    # Delivered copies too: a deleted call must not linger in the database and its backups.
    assert [r[0] for r in db.execute("SELECT status FROM outbox")] == []
    assert store.load_call(call.id) is None
