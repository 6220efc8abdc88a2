"""What the rep types and what a playbook says are shown as written: never read as markup
(images, links, big text) and never turned into keyboard mnemonics; the line to say is
never clipped."""

from __future__ import annotations

from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.settings import Settings
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services

HOSTILE = '<img src="/etc/hosts"><a href="http://x">click here</a> <h1>big</h1>'


def open_call(qtbot, paths, db, contact, company):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    window.resize(360, 640)
    window.show()
    qtbot.waitExposed(window)
    window.begin(Call(contact, company, "discovery"))
    return window


def test_contact_and_company_are_plain_text(qtbot, paths, db):
    window = open_call(qtbot, paths, db, HOSTILE, "A&B <b>Corp</b>")
    for label, typed in ((window.contact_label, HOSTILE), (window.company_label, "A&B <b>Corp</b>")):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == typed


def test_playbook_words_are_neither_markup_nor_mnemonics(qtbot, paths, db):
    import dataclasses

    from companion.ui.live.checklist import MomentRow

    window = open_call(qtbot, paths, db, "Dana", "Northwind")
    moment = dataclasses.replace(window.checklist.rows[0].moment, label="Costs & <i>risks</i>",
                                 prompt='<img src="x"> ask')
    row = MomentRow(moment, 1)
    qtbot.addWidget(row)
    assert row.check.text() == "1  Costs && <i>risks</i>"          # shows "Costs & <i>risks</i>"
    assert "&lt;i&gt;risks&lt;/i&gt;" in row.check.toolTip() and "<img" not in row.check.toolTip()
    assert row.prompt_label.textFormat() == Qt.TextFormat.PlainText
    for label in (window.coach_panel.name_label, window.coach_panel.script_label,
                  window.coach_panel.reasons_label):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_an_ampersand_in_an_objection_label_shows_as_typed(qtbot, paths, db):
    from companion.ui.style import literal_mnemonic, rich

    assert literal_mnemonic("Price & terms") == "Price && terms"
    assert rich('<img src="x">') == '&lt;img src="x"&gt;'


def test_the_line_to_say_is_never_clipped_at_360_by_640(qtbot, paths, db):
    window = open_call(qtbot, paths, db, "Dana", "Northwind")
    for number in (1, 2, 3, 4, 5, 6):
        window.session.toggle_moment_number(number)
    window.session.cycle_objection("authority")
    qtbot.wait(50)
    script = window.coach_panel.script_label
    assert script.text()
    assert script.height() >= script.heightForWidth(script.width())
