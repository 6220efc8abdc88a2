"""Contact history where the rep needs it: starting a call, and in the review."""

from datetime import timedelta

from helpers.review_fixtures import NOW, step

from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks
from companion.ui.live.start_dialog import StartCallDialog, describe_earlier_calls
from companion.ui.review.history_panel import HistoryPanel


def test_start_dialog_lists_earlier_calls_and_open_steps(qtbot, store, add_call):
    add_call("Ann Smith", NOW - timedelta(days=20), "continuation", step=step("Send the case study",
                                                                             due=None, status="done"))
    add_call("Ann Smith", NOW - timedelta(days=10), "advance", step=step("Demo with the finance team",
                                                                        due=NOW - timedelta(days=1)))
    add_call("ann smith", NOW - timedelta(days=2), "no_connect")
    text = describe_earlier_calls(store, "Ann Smith", NOW)
    assert text.splitlines()[0] == "Earlier calls (2):"
    assert "Demo with the finance team" in text.splitlines()[1]
    assert "(done)" in text.splitlines()[2]
    assert text.splitlines()[-2] == "Open with them (1):"
    assert text.splitlines()[-1].startswith("• Demo with the finance team")
    assert "overdue" in text.splitlines()[-1]

    dialog = StartCallDialog(store, load_playbooks(resource_path("playbooks"), None), "discovery")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.contact_edit, "ANN SMITH")
    dialog.contact_edit.editingFinished.emit()
    assert dialog.history_label.isVisibleTo(dialog)
    assert "Earlier calls (2)" in dialog.history_label.text()


def test_nothing_shown_for_a_new_contact(store):
    assert describe_earlier_calls(store, "Nobody Yet", NOW) == ""
    assert describe_earlier_calls(store, "   ", NOW) == ""


def test_review_history_panel_shows_only_earlier_calls(qtbot, queries, add_call):
    first = add_call("Ben Okafor", NOW - timedelta(days=9), step=step("Pilot for two teams"))
    add_call("Ben Okafor", NOW - timedelta(days=5), "no_connect")
    latest = add_call("Ben Okafor", NOW - timedelta(hours=1))
    panel = HistoryPanel(queries, lambda: NOW)
    qtbot.addWidget(panel)
    panel.show_call(queries.call_row(latest.id))
    assert panel.model.rowCount() == 2
    assert panel.model.call_at(1).call_id == first.id
    assert panel.title.text() == "EARLIER CALLS WITH BEN OKAFOR · 2"
    assert panel.open_steps.text().startswith("Open with them: 1 next step\n• Pilot for two teams")
