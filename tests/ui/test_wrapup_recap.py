"""Copy recap in the wrap-up: what the rep pastes into an email or a CRM."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from companion.core.call import Call
from companion.ui.wrapup import WrapUpDialog


def test_copy_recap_includes_the_deal_value(qtbot):
    call = Call("Dana", company="Acme", deal_value=25000)
    call.record_close_attempt("summary", "accepted")
    dialog = WrapUpDialog(call, lambda _call: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.clipboard().setText("sentinel")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    recap = QApplication.clipboard().text()
    assert recap.startswith("Call with Dana (Acme), ")
    assert "Deal value: 25,000" in recap
