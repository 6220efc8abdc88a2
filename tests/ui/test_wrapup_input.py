"""The wrap-up keeps what the rep typed: due dates read as meant or refused in place, Esc
and a crash lose nothing, and a no-connect never keeps yes moments silently."""

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea

from companion.core.call import Call, utcnow
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services
from companion.ui.wrapup import WrapUpDialog
from tests.ui.test_live_call_keyboard import when_modal_opens


def wrapup_for(qtbot, call=None, saved=None):
    call = call or Call("Dana Whitfield", "Northwind")
    dialog = WrapUpDialog(call, (saved if saved is not None else []).append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)     # mnemonics reach the active window only
    return dialog


def choose(qtbot, dialog, letter, outcome):
    qtbot.keyClick(dialog, letter, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.outcome() == outcome)


def fill_advance(qtbot, dialog):
    choose(qtbot, dialog, Qt.Key.Key_A, "advance")
    qtbot.keyClicks(dialog.step_fields.action_edit, "Demo of the reporting module")
    qtbot.keyClicks(dialog.step_fields.customer_edit, "Brings the CFO")


def test_garbage_in_the_due_field_is_refused_in_place_and_nothing_is_saved(qtbot):
    saved = []
    dialog = wrapup_for(qtbot, saved=saved)
    fill_advance(qtbot, dialog)
    qtbot.keyClicks(dialog.step_fields.due_field.edit, "zz 99/99/9999 25:61 tomorrow")
    assert not dialog.save_button.isEnabled()
    assert "not a time of day" in dialog.findings_view.text()
    assert "✖" in dialog.step_fields.due_field.reading_label.text()
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == []


def test_a_day_and_month_are_a_date_not_a_time(qtbot):
    dialog = wrapup_for(qtbot)
    fill_advance(qtbot, dialog)
    qtbot.keyClicks(dialog.step_fields.due_field.edit, "12/03")
    due = dialog.step_fields.next_step().due.astimezone()
    assert (due.day, due.month, due.hour, due.minute) == (12, 3, 10, 0)
    assert due.year in (utcnow().year, utcnow().year + 1)


def test_a_past_or_far_date_is_saved_only_once_confirmed(qtbot):
    saved = []
    dialog = wrapup_for(qtbot, saved=saved)
    fill_advance(qtbot, dialog)
    field = dialog.step_fields.due_field
    qtbot.keyClicks(field.edit, "3 Mar 2561 10:00")
    assert not dialog.save_button.isEnabled()
    assert "more than 18 months ahead" in dialog.findings_view.text()
    assert field.confirm_check.isVisible() and "2561" in field.confirm_check.text()
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)     # "Yes, keep this date"
    qtbot.waitUntil(field.confirm_check.isChecked)
    assert dialog.save_button.isEnabled()
    field.edit.setText("2/1/2020 9:00")                   # a new date asks again
    assert not field.confirm_check.isChecked() and not dialog.save_button.isEnabled()
    assert "in the past" in dialog.findings_view.text()
    field.confirm_check.setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved and saved[0].next_step.due.astimezone().year == 2020


def test_esc_keeps_everything_typed_and_it_survives_a_crash(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.begin(Call("Dana Whitfield", "Northwind"))
    call_id = window.call.id

    def type_then_escape(dialog):
        fill_advance(qtbot, dialog)
        qtbot.keyClicks(dialog.step_fields.due_field.edit, "fri 14")   # not readable yet
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    escaped = when_modal_opens(qtbot, WrapUpDialog, type_then_escape)
    window.end_call()
    assert escaped == [True] and window.call is not None
    window.draft_saver.flush()

    # The process dies here: only the database is left. A new window resumes the draft.
    [draft] = DraftStore(db).pending()
    assert draft.id == call_id and draft.outcome == "advance"
    assert draft.next_step.action == "Demo of the reporting module"
    assert draft.next_step.customer_action == "Brings the CFO"
    assert draft.wrapup_due_text == "fri 14"
    reopened = wrapup_for(qtbot, draft)
    assert reopened.outcome() == "advance"
    assert reopened.step_fields.action_edit.text() == "Demo of the reporting module"
    assert reopened.step_fields.customer_edit.text() == "Brings the CFO"
    assert reopened.step_fields.due_field.text() == "fri 14"
    reopened.step_fields.due_field.edit.setText("fri 14:00")
    qtbot.keyClick(reopened, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not reopened.isVisible()


def answer_next_question(button_text: str, seen: list):
    def attempt():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            next(b for b in box.buttons() if button_text in b.text().replace("&", "")).click()
        else:
            QTimer.singleShot(20, attempt)
    QTimer.singleShot(0, attempt)


def test_no_connect_preselects_no_answer_and_asks_before_clearing_ticks(qtbot, paths, db):
    saved = []
    call = Call("Dana Whitfield")
    call.agree("pain", label="Confirms the pain")
    dialog = wrapup_for(qtbot, call, saved)
    choose(qtbot, dialog, Qt.Key.Key_N, "no_connect")
    assert dialog.disposition() == "no_answer"
    assert "1 yes moment is ticked" in dialog.findings_view.text()
    seen = []
    answer_next_question("Go back", seen)
    dialog.try_save()
    assert seen and "1 yes moment is ticked" in seen[0]
    assert saved == [] and call.is_agreed("pain")
    answer_next_question("Clear ticks and save", seen)
    dialog.try_save()
    assert len(saved) == 1 and saved[0].moments == {} and saved[0].outcome == "no_connect"


def test_the_wrapup_grows_for_its_messages_instead_of_squashing_fields(qtbot):
    call = Call("Dana Whitfield")
    dialog = WrapUpDialog(call, lambda c: None, last_chance="Would Tuesday at 10:00 or Wednesday at 14:00 suit you?")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    before = dialog.height()
    choose(qtbot, dialog, Qt.Key.Key_A, "advance")
    qtbot.keyClicks(dialog.step_fields.action_edit, "ping")
    qtbot.waitUntil(lambda: dialog.height() > before)
    qtbot.wait(50)
    scroll_bar = dialog.findChild(QScrollArea).verticalScrollBar()
    assert not scroll_bar.isVisible()                      # all of it shows, nothing to scroll
    fields = dialog.step_fields
    for edit in (fields.action_edit, fields.customer_edit, fields.due_field.edit):
        assert edit.height() >= edit.sizeHint().height(), edit.accessibleName()
    for label in (dialog.findings_view.blocking_label, dialog.findings_view.warning_label,
                  dialog.last_chance_label):
        assert label.isVisible()
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    bottom = dialog.save_button.mapTo(dialog, dialog.save_button.rect().bottomLeft()).y()
    assert bottom <= dialog.height()


def test_a_saved_date_kept_as_it_is_needs_no_confirmation_in_the_editor(qtbot):
    call = Call("Dana Whitfield")
    from companion.core.call import NextStep
    call.next_step = NextStep("Send the pricing sheet", "both", "Reads it", utcnow() - timedelta(days=3))
    dialog = wrapup_for(qtbot, call)
    assert dialog.step_fields.due_field.confirmation_reason() == ""
    dialog.step_fields.due_field.edit.setText("1/1/2020")
    assert "in the past" in dialog.step_fields.due_field.confirmation_reason()


def test_one_quick_pick_numbering_in_the_wrapup_and_reschedule(qtbot):
    from companion.ui.review.reschedule_dialog import RescheduleDialog

    now = datetime(2026, 11, 26, 15, 0).astimezone()         # a Thursday
    wrap = wrapup_for(qtbot)
    reschedule = RescheduleDialog("Dana: demo", None, now)
    qtbot.addWidget(reschedule)
    for fields in (wrap.step_fields.due_field, reschedule.due_field):
        numbered = {b.shortcut().toString(): b.text() for b in fields.pick_buttons.values()}
        assert numbered == {"Alt+1": "Tomorrow", "Alt+2": "In 2 days", "Alt+3": "Next week",
                            "Alt+4": "In 1 hour"}
    reschedule.show()
    reschedule.activateWindow()
    qtbot.waitUntil(reschedule.isActiveWindow)
    qtbot.keyClick(reschedule, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: reschedule.due_field.due() is not None
                    and reschedule.due_field.due().date() == datetime(2026, 11, 27).date())
    reschedule.due_field.edit.setText("31/02")
    assert not reschedule.ok_button.isEnabled()
    assert "February has no day 31" in reschedule.findings_view.text()
