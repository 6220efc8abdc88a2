"""At 360x640, with objection chips and a full coach card, the checklist keeps every row of
the stage being worked on visible, through the whole call, and End call stays on screen."""

from companion.core.call import Call
from companion.core.settings import Settings
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services

CROWDED_NOTES = ("too expensive for us, I need to run it by my boss, we already use a competitor, "
                 "not the right time, no budget this year, happy with what we have")


def test_the_current_stage_stays_visible_at_360_by_640(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.resize(360, 640)
    window.show()
    qtbot.waitExposed(window)
    window.begin(Call("Dana Whitfield-Okonkwo", "Northwind Logistics International"))
    window.notes_edit.setPlainText(CROWDED_NOTES)
    for number in (1, 2):
        window.cycle_objection_number(number)                 # pills, then chips for the rest
    checklist = window.checklist
    count = len(checklist.rows)
    for ticked in range(count):
        qtbot.wait(60)                                         # laid out, as the rep sees it
        current = next(r for r in checklist.rows if not window.call.is_agreed(r.moment.id))
        stage_rows = [r for r in checklist.rows if r.moment.stage == current.moment.stage]
        viewport = checklist.viewport()
        for row in stage_rows:
            top = row.mapTo(viewport, row.rect().topLeft()).y()
            assert 0 <= top and top + row.height() <= viewport.height(), \
                (current.moment.stage, row.moment.label, top, row.height(), viewport.height())
        assert window.height() <= 640
        end = window.end_button
        assert end.isVisible() and end.mapTo(window, end.rect().bottomLeft()).y() <= window.height()
        if ticked < count - 1 and ticked < 8:
            window.toggle_moment_number(ticked + 1)
        else:
            break
