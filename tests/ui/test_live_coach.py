"""The coach in the live window follows the call as the rep works the keyboard."""

from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.settings import Settings
from companion.store.drafts import DraftStore
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services


def open_call(qtbot, paths, db, **settings):
    window = build_main_window(build_services(paths, db, Settings(**settings), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.begin(Call("Dana Whitfield", "Northwind Logistics", "discovery"))
    return window


def shown_reasons(window) -> str:
    return window.coach_panel.reasons_label.text()


def test_ticks_and_an_objection_change_the_top_suggestion(qtbot, paths, db):
    window = open_call(qtbot, paths, db)
    assert window.coach_panel.top_close_id() == "trial"
    early_reasons = shown_reasons(window)

    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6):
        qtbot.keyClick(window.focusWidget(), key)
    after_ticks = window.coach_panel.top_close_id()
    assert after_ticks != "trial"
    assert shown_reasons(window) != early_reasons

    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Price
    assert window.call.objections["price"].is_open
    assert window.coach_panel.top_close_id() in {"summary", "sharp_angle", "puppy_dog"}
    assert "Price objection open" in shown_reasons(window)


def test_tried_it_declined_records_the_attempt_and_demotes_the_close(qtbot, paths, db):
    window = open_call(qtbot, paths, db)
    tried = window.coach_panel.top_close_id()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    menu = window.coach_panel._result_menu
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_L)

    assert [(a.close_id, a.result) for a in window.call.close_attempts] == [(tried, "declined")]
    assert window.coach_panel.top_close_id() != tried
    window.draft_saver.flush()
    draft = DraftStore(db).pending()[0]
    assert [(a.close_id, a.result) for a in draft.close_attempts] == [(tried, "declined")]


def test_deal_value_holds_back_pressure_closes(qtbot, paths, db):
    window = open_call(qtbot, paths, db, large_deal_threshold=50_000)
    ids = window.checklist.ordered_moment_ids()
    for index in range(len(ids)):
        window.toggle_moment_number(index + 1) if index < 9 else window.session.set_moment(ids[index], True)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.deal_edit, "250k")
    assert window.call.deal_value == 250_000
    ranked = [s.close_id for s in window.session.coach_view().suggestions]
    for pressure in ("direct", "assumptive", "urgency"):
        assert ranked.index(pressure) > ranked.index("summary")


def test_objection_typed_in_notes_is_offered_not_flagged(qtbot, paths, db):
    window = open_call(qtbot, paths, db)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.notes_edit, "Says it is too expensive for this year")
    assert "price" not in window.call.objections
    chip = window.objection_bar._chip_buttons.get("price")
    assert chip is not None
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert window.call.objections["price"].is_open


def test_n_on_a_focused_moment_opens_its_note(qtbot, paths, db):
    window = open_call(qtbot, paths, db)
    row = window.checklist.rows[2]
    row.check.setFocus()
    qtbot.keyClick(row.check, Qt.Key.Key_N)
    assert window.focusWidget() is row.note_edit
    qtbot.keyClicks(row.note_edit, "budget ~20k")
    qtbot.keyClick(row.note_edit, Qt.Key.Key_Return)
    assert window.call.moment_notes[row.moment.id] == "budget ~20k"


def test_changes_made_on_the_session_directly_repaint_the_window_and_reach_the_draft(qtbot, paths, db):
    """Global shortcuts and other drivers change the session, not the widgets: the window
    must still show the change and save it like a key press in the window."""
    window = open_call(qtbot, paths, db)
    second = window.session.moment_id_for_number(2)
    window.session.toggle_moment_number(2)
    row = next(r for r in window.checklist.rows if r.moment.id == second)
    assert row.check.isChecked()
    window.session.cycle_objection("price")
    assert window.objection_bar.buttons["price"].property("state") == "open"
    window.draft_saver.flush()
    (draft,) = DraftStore(db).pending()
    assert draft.is_agreed(second) and draft.objections["price"].is_open
