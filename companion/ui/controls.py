"""Buttons made the one way every control should be: an accessible name, a tooltip that says
what it does and which key does it, and the key itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton


def plain_text(text: str) -> str:
    """A label as a screen reader should say it: no mnemonic marker, no trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def push_button(text: str, tip: str, slot: Callable[[], object] | None = None, *,
                keys: str | None = None, bind_keys: bool = True, name: str | None = None,
                primary: bool = False) -> QPushButton:
    """`keys` is shown in the tooltip; it is also bound to the button unless `bind_keys` is
    False (a mnemonic in `text`, or a shortcut the dialog handles itself, such as Esc)."""
    button = QPushButton(text)
    button.setAccessibleName(name or plain_text(text))
    button.setToolTip(f"{tip} ({keys})" if keys else tip)
    if keys and bind_keys:
        button.setShortcut(QKeySequence(keys))
    if primary:
        button.setObjectName("primary")
    if slot is not None:
        button.clicked.connect(lambda _checked=False: slot())
    return button
