"""The button factory gives every button what a keyboard or screen-reader user needs."""

from __future__ import annotations

from PySide6.QtCore import Qt

from companion.ui.controls import plain_text, push_button


def test_names_are_said_without_mnemonics_or_ellipses():
    assert plain_text("C&hoose…") == "Choose"
    assert plain_text("Fish && Chips") == "Fish & Chips"


def test_a_button_shows_its_key_in_the_tooltip_and_answers_it(qtbot):
    pressed = []
    button = push_button("Copy recap", "Copy a plain-text recap", lambda: pressed.append(1), keys="Ctrl+Shift+C")
    qtbot.addWidget(button)
    button.show()
    assert button.toolTip() == "Copy a plain-text recap (Ctrl+Shift+C)"
    assert button.accessibleName() == "Copy recap"
    assert button.shortcut().toString() == "Ctrl+Shift+C"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [1]


def test_keys_handled_elsewhere_are_only_shown(qtbot):
    button = push_button("&Retry failed", "Send again", keys="Alt+R", bind_keys=False, name="Retry failed deliveries")
    qtbot.addWidget(button)
    assert button.toolTip() == "Send again (Alt+R)"
    assert button.shortcut().isEmpty() is False      # the mnemonic from "&R" still applies
    assert button.accessibleName() == "Retry failed deliveries"
