"""The saved-call view opened from the review names the playbook and the closes, never their ids."""

from __future__ import annotations

from datetime import timedelta

from helpers.review_fixtures import NOW
from PySide6.QtWidgets import QLabel

from companion.core.call import Call
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks
from companion.ui.review.call_detail import CallDetailDialog
from companion.ui.review.window import ReviewWindow


def test_opening_a_call_shows_names(qtbot, store, monkeypatch):
    call = Call(contact="Ann Smith", playbook_id="discovery", started_at=NOW - timedelta(hours=2),
                ended_at=NOW - timedelta(hours=1, minutes=59))
    call.record_close_attempt("ben_franklin", "declined", NOW - timedelta(hours=2) + timedelta(seconds=30))
    store.save_call(call)
    review = ReviewWindow(store, load_playbooks(resource_path("playbooks"), None), clock=lambda: NOW)
    qtbot.addWidget(review)
    shown = []

    def look_then_close(dialog):
        shown.extend(label.text() for label in dialog.findChildren(QLabel))
        return CallDetailDialog.DialogCode.Rejected

    monkeypatch.setattr(CallDetailDialog, "exec", look_then_close)
    review.open_call(call.id)
    text = "\n".join(shown)
    assert "Discovery call" in text
    assert "Ben Franklin close: declined" in text
    assert "discovery" not in text and "ben_franklin" not in text and "1 min" in text
