"""The live window's menu and keyboard shortcuts.

The menu hangs off a small button instead of a menu bar: every pixel of a 360x640 window
belongs to the checklist. Its actions are added to the window itself, so their shortcuts
work whether or not the menu is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QToolButton


def menu_button() -> QToolButton:
    button = QToolButton()
    button.setText("☰")
    button.setAutoRaise(True)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setAccessibleName("Menu")
    button.setToolTip("Review, practice, export, import, settings, quit (Alt+M)")
    button.setShortcut(QKeySequence("Alt+M"))
    button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
    return button


def build_calls_menu(window) -> tuple[QMenu, dict[str, QAction]]:
    """The Calls menu and its actions by name (tests and the tray trigger them by name)."""
    menu = QMenu("&Calls", window)
    actions: dict[str, QAction] = {}
    menu.setToolTipsVisible(True)
    for text, keys, slot in (
        ("&Start call", "Ctrl+N", window.start_call),
        ("Res&ume set-aside call…", "Ctrl+Shift+R", lambda: resume_set_aside(window)),
        ("&Review the day…", "Ctrl+R", window.review_requested.emit),
        ("&Practice…", "Ctrl+P", window.practice_requested.emit),
        ("&Export notes…", "Ctrl+Shift+E", window.export_requested.emit),
        ("&Import…", "Ctrl+Shift+I", window.import_requested.emit),
        ("Se&ttings…", "Ctrl+,", window.settings_requested.emit),
        ("&Quit", "Ctrl+Q", window.request_quit),
    ):
        action = menu.addAction(text)
        name = text.replace("&", "").rstrip("…")
        action.setToolTip(f"{name} ({keys})")
        action.triggered.connect(lambda _=False, run=slot: run())
        if keys == "Ctrl+N":
            # The window-wide Ctrl+N shortcut already handles the key; show it only.
            action.setText(f"{text}\t{keys}")
        else:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        actions[name] = action
    return menu, actions


def install_shortcuts(window) -> None:
    def add(keys: str, slot) -> None:
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    add("Ctrl+N", window.start_call)
    add("Ctrl+Return", window.end_call)
    add("Ctrl+Enter", window.end_call)
    add("Ctrl+E", lambda: window.call is not None and window.notes_edit.setFocus())
    add("Ctrl+D", lambda: window.call is not None and window.deal_edit.setFocus())
    add("Ctrl+Shift+T", window.pin_button.toggle)
    add("Ctrl+Shift+M", window.toggle_compact)
    add("Escape", lambda: leave_text_field(window))
    for number in range(1, 10):
        # Plain digits reach us only outside text fields (fields take printable keys first);
        # Alt+digit works everywhere, for a rep who is typing notes.
        add(str(number), lambda n=number: window.toggle_moment_number(n))
        add(f"Alt+{number}", lambda n=number: window.toggle_moment_number(n))
        add(f"Ctrl+{number}", lambda n=number: window.cycle_objection_number(n))


_TEXT_INPUTS = ("QLineEdit", "QPlainTextEdit", "QTextEdit")


def leave_text_field(window) -> None:
    """Esc in the notes or the deal value goes back to the checklist, where 1-9 and N work."""
    focused = window.focusWidget()
    if focused is not None and focused.metaObject().className() in _TEXT_INPUTS:
        window.checklist.focus_first()


def resume_set_aside(window) -> None:
    """Calls set aside with "Later" (or left by a crash) stay reachable from the menu."""
    if not window.ready:
        return
    from companion.ui.live.set_aside import resume_set_aside as pick_and_resume

    pick_and_resume(window)
