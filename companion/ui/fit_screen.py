"""Windows and dialogs that fit their content and the screen they are on.

A dialog grows when a message appears (never squashing its fields), and nothing is ever
larger than the screen's available area (panels and docks excluded), so the buttons at the
bottom, the primary action among them, stay on screen at any scale.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(widget: QWidget) -> QSize:
    """What the window manager's frame adds (title bar, borders); a guess until shown."""
    if widget.isVisible():
        frame, inner = widget.frameGeometry(), widget.geometry()
        if frame.height() > inner.height():
            return QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return QSize(8, 32)


def room_on_screen(widget: QWidget) -> QSize:
    area, frame = available_area(widget), frame_margins(widget)
    return QSize(area.width() - frame.width(), area.height() - frame.height())


def cap_to_screen(widget: QWidget) -> None:
    """The window can never be made larger than the screen, and shrinks onto it if it is."""
    room = room_on_screen(widget)
    widget.setMaximumSize(room)
    if widget.minimumWidth() > room.width() or widget.minimumHeight() > room.height():
        widget.setMinimumSize(min(widget.minimumWidth(), room.width()),
                              min(widget.minimumHeight(), room.height()))
    if widget.width() > room.width() or widget.height() > room.height():
        widget.resize(min(widget.width(), room.width()), min(widget.height(), room.height()))


def grow_to_content(widget: QWidget) -> None:
    """Make room for everything the layout now holds (a message that just appeared),
    without shrinking what the rep sized by hand, and never past the screen."""
    layout = widget.layout()
    if layout is not None:
        layout.activate()
    hint = widget.sizeHint()
    room = room_on_screen(widget)
    width = min(max(widget.width(), hint.width()), room.width())
    height_for_width = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() else -1
    wanted = max(hint.height(), height_for_width)
    height = min(max(widget.height(), wanted), room.height())
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    keep_on_screen(widget)


def keep_on_screen(widget: QWidget) -> None:
    """Move a shown window back inside the available area when growing pushed it past an edge."""
    if not widget.isVisible():
        return
    area, frame = available_area(widget), widget.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() + 1 - frame.width()))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


def scrolling(content: QWidget) -> QScrollArea:
    """Content that scrolls only when the screen is too small for it; its natural size is
    passed on, so the dialog asks for all of it first."""
    area = _NaturalScrollArea()
    area.setWidget(content)
    content.installEventFilter(area)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class _NaturalScrollArea(QScrollArea):
    def eventFilter(self, watched, event) -> bool:
        # The content's layout changed (a message appeared): the natural size is new too.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        height = hint.height()
        if inner.hasHeightForWidth():
            # Wrapped messages need more lines when the dialog is narrow.
            width = self.viewport().width() if self.isVisible() else hint.width()
            height = max(height, inner.heightForWidth(max(width, inner.minimumSizeHint().width())))
        return QSize(hint.width() + bar, height)

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        width = inner.minimumSizeHint().width() if inner is not None else 0
        return QSize(width, 80)
