"""Light or dark, as the desktop says, switched live.

Qt 6.5+ reports the desktop's colour scheme (`QStyleHints.colorScheme`) and announces
changes (`colorSchemeChanged`). Some platforms hand over a matching palette with it
(macOS, Windows 11, KDE); others may only report the scheme and leave Fusion's light
palette in place. So on every change we go back to the platform's palette, keep it if it
already matches the scheme, and otherwise put our own palette in. The style sheet's few
custom colours (accent, good, warning, bad) have a variant for each scheme, so they stay readable on both backgrounds.

`COMPANION_COLOR_SCHEME=light|dark` overrides the desktop, for desktops that report
nothing and for screenshots.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from companion.ui.style import style_sheet

log = logging.getLogger(__name__)

SCHEME_ENV = "COMPANION_COLOR_SCHEME"
LIGHT, DARK = "light", "dark"
_FOLLOWER_NAME = "companionThemeFollower"

# A calm dark palette in the spirit of current desktops: not pure black, enough contrast
# between window, fields and text, a blue highlight that still carries white text.
_DARK_COLOURS = {
    QPalette.ColorRole.Window: "#26282c",
    QPalette.ColorRole.WindowText: "#e8e9eb",
    QPalette.ColorRole.Base: "#1c1d20",
    QPalette.ColorRole.AlternateBase: "#303338",
    QPalette.ColorRole.Text: "#e8e9eb",
    QPalette.ColorRole.PlaceholderText: "#a3a8b0",
    QPalette.ColorRole.Button: "#33363b",
    QPalette.ColorRole.ButtonText: "#e8e9eb",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#4a4e55",
    QPalette.ColorRole.Midlight: "#3c4046",
    QPalette.ColorRole.Mid: "#50545b",
    QPalette.ColorRole.Dark: "#17181a",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3b78e0",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4ff",
    QPalette.ColorRole.LinkVisited: "#c69cff",
    QPalette.ColorRole.ToolTipBase: "#33363b",
    QPalette.ColorRole.ToolTipText: "#e8e9eb",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7d828a",
    QPalette.ColorRole.Text: "#7d828a",
    QPalette.ColorRole.ButtonText: "#7d828a",
    QPalette.ColorRole.Button: "#2c2f33",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def scheme_name(scheme: Qt.ColorScheme, fallback_palette: QPalette) -> str:
    """The scheme to show: the override, else what the desktop said, else the palette's."""
    override = os.environ.get(SCHEME_ENV, "").strip().lower()
    if override in (LIGHT, DARK):
        return override
    if scheme == Qt.ColorScheme.Dark:
        return DARK
    if scheme == Qt.ColorScheme.Light:
        return LIGHT
    return DARK if is_dark(fallback_palette) else LIGHT


def apply_scheme(app: QApplication, name: str) -> None:
    dark = name == DARK
    app.setPalette(QPalette())           # back to the platform's own palette
    if is_dark(app.palette()) != dark:   # the platform did not follow the scheme: we do
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setStyleSheet(style_sheet(dark=dark))
    app.setProperty("companionColorScheme", name)


class _VisibleCheckBoxes(QProxyStyle):
    """Fusion draws a check box's (and a radio button's) edge a shade darker than the window.
    On a dark window that edge vanishes, and an unticked yes moment or an unchosen outcome
    looks like empty space; so on a dark palette we draw the edge again in the muted text
    colour (about 6:1 on the window)."""

    _EDGED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in self._EDGED and is_dark(option.palette):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            edge = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(edge)
            else:
                painter.drawRoundedRect(edge, 2, 2)
            painter.restore()


class ThemeFollower(QObject):
    """Keeps the app's look in step with the desktop's colour scheme."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._app = app
        if app.style().name().lower() == "fusion":   # native styles draw their own dark mode
            self._style = _VisibleCheckBoxes(QStyleFactory.create("Fusion"))
            app.setStyle(self._style)
        hints = app.styleHints()
        self.current = scheme_name(hints.colorScheme(), app.palette())
        apply_scheme(app, self.current)
        hints.colorSchemeChanged.connect(self.on_scheme_changed)

    def on_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        app = self._app
        app.setPalette(QPalette())
        name = scheme_name(scheme, app.palette())
        log.info("Colour scheme is now %s", name)
        self.current = name
        apply_scheme(app, name)


def follow_system_scheme(app: QApplication) -> ThemeFollower:
    """Apply the current scheme now and on every change. Calling it again (tests create the
    application more than once) re-applies the scheme without adding a second follower."""
    existing = app.findChild(ThemeFollower, _FOLLOWER_NAME)
    if existing is not None:
        existing.on_scheme_changed(app.styleHints().colorScheme())
        return existing
    follower = ThemeFollower(app)
    follower.setObjectName(_FOLLOWER_NAME)
    return follower


# -- icons that follow the palette ----------------------------------------------------------
# The line icons in resources/icons/ are drawn in one slate colour. It reads on a light
# window but almost vanishes on a dark one, and on the filled (blue, red) buttons in both.
# So those icons are re-coloured when drawn: in the palette's text colour, which is always
# the readable one and changes with the scheme, or in white on filled buttons.
MONO_STROKE = "#5f6b7a"


class _TintedSvgEngine(QIconEngine):
    def __init__(self, svg: str, on_fill: bool):
        super().__init__()
        self._svg = svg
        self._on_fill = on_fill

    def _colour(self, mode: QIcon.Mode) -> QColor:
        if self._on_fill:
            colour = QColor("white")
            if mode == QIcon.Mode.Disabled:
                colour.setAlphaF(0.6)
            return colour
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Normal
        return QGuiApplication.palette().color(group, QPalette.ColorRole.ButtonText)

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = self._colour(mode)
        svg = self._svg.replace(MONO_STROKE, colour.name())
        if colour.alphaF() < 1:
            svg = svg.replace("<svg ", f'<svg opacity="{colour.alphaF():.2f}" ', 1)
        return QSvgRenderer(QByteArray(svg.encode("utf-8")))

    def paint(self, painter: QPainter, rect, mode, state) -> None:
        self._renderer(mode).render(painter, QRectF(rect))

    def scaledPixmap(self, size: QSize, mode, state, scale: float) -> QPixmap:
        image = QImage(size * scale, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter)
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode, state) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def clone(self) -> "_TintedSvgEngine":
        return _TintedSvgEngine(self._svg, self._on_fill)


def themed_icon(path: Path, on_fill: bool = False) -> QIcon:
    """A line icon re-coloured as it is drawn; any other SVG (the app icon) as it is."""
    svg = path.read_text(encoding="utf-8")
    if MONO_STROKE not in svg:
        return QIcon(str(path))
    return QIcon(_TintedSvgEngine(svg, on_fill))
