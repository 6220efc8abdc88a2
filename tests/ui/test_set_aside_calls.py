""""Later" on the resume prompt sets the call aside: the menu brings it back, and it is
never discarded without asking."""

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.core.call import Call, utcnow
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks, offer_resume
from companion.ui.live.set_aside import SetAsideDialog
from companion.ui.services import build_services
from tests.ui.test_live_call_keyboard import when_modal_opens


def unfinished(db, contact: str, minutes_ago: int) -> Call:
    call = Call(contact, "Northwind", playbook_id="discovery", started_at=utcnow() - timedelta(minutes=minutes_ago))
    call.agree("pain", label="Confirms the pain")
    DraftStore(db).save(call)
    return call


def click_in_next_box(text: str):
    def attempt():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
        else:
            QTimer.singleShot(20, attempt)
    QTimer.singleShot(0, attempt)


def window_for(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_later_sets_the_call_aside_and_the_menu_brings_it_back(qtbot, paths, db):
    older = unfinished(db, "Ann Smith", 90)
    newer = unfinished(db, "Dana Whitfield", 30)
    window = window_for(qtbot, paths, db)
    click_in_next_box("Later")
    offer_resume(window, window.draft_saver.drafts)
    assert window.call is None
    assert "set aside" in window.statusBar().currentMessage()
    assert {c.id for c in DraftStore(db).pending()} == {older.id, newer.id}

    def pick_the_older_one(dialog):
        assert dialog.list.count() == 2
        rows = [dialog.list.item(n).text() for n in range(2)]
        dialog.list.setCurrentRow(next(n for n, text in enumerate(rows) if text.startswith("Ann Smith")))
        dialog.resume_button.click()

    done = when_modal_opens(qtbot, SetAsideDialog, pick_the_older_one)
    window.menu_actions["Resume set-aside call"].trigger()
    assert done == [True]
    assert window.call is not None and window.call.id == older.id
    assert window.call.is_agreed("pain")


def test_discarding_a_set_aside_call_asks_first(qtbot, paths, db):
    call = unfinished(db, "Ann Smith", 90)
    window = window_for(qtbot, paths, db)

    def discard_but_keep(dialog):
        click_in_next_box("Keep")
        dialog.discard_button.click()
        assert dialog.list.count() == 1
        click_in_next_box("Discard")
        dialog.discard_button.click()

    done = when_modal_opens(qtbot, SetAsideDialog, discard_but_keep)
    window.menu_actions["Resume set-aside call"].trigger()
    assert done == [True]
    assert DraftStore(db).pending() == []
    assert window.call is None and call.id


def test_with_nothing_set_aside_the_menu_says_so(qtbot, paths, db):
    window = window_for(qtbot, paths, db)
    window.menu_actions["Resume set-aside call"].trigger()
    assert "No set-aside calls" in window.statusBar().currentMessage()
