"""Look and feel: one compact style sheet that leans on the palette, so the system's
light or dark scheme carries through, plus icon loading from the resources folder."""

from __future__ import annotations

import html
from functools import lru_cache

from PySide6.QtGui import QIcon

from companion.resources import resource_path

ACCENT = "#2a64cc"   # as text on the light window: 4.8:1; white text on it: 5.5:1
GOOD = "#1b7a43"   # white text on it: 5.4:1
WARN = "#975a00"   # as text on the light window: 4.8:1
BAD = "#c23b3b"
# Text drawn in these hues sits on the window background; on a dark background the tones
# above fall below a readable contrast, so the dark scheme uses lighter tones of each.
# (Filled buttons and objection pills keep the darker tones: they carry white text in both.)
TEXT_ON_DARK = {ACCENT: "#8ab4ff", WARN: "#f2a93b", BAD: "#ff8a80"}


def style_sheet(dark: bool = False) -> str:
    accent_text, warn_text, bad_text = (
        (TEXT_ON_DARK[c] if dark else c) for c in (ACCENT, WARN, BAD))
    return f"""
QWidget {{ font-size: 10pt; }}
QLabel#contactName {{ font-size: 12pt; font-weight: 600; }}
QLabel#muted, QLabel#momentTime, QLabel#momentPrompt {{ color: palette(placeholder-text); }}
QToolButton#stageHeader {{ font-size: 8pt; font-weight: 600; letter-spacing: 1px; padding: 3px 0 0 0;
    border: none; color: palette(placeholder-text); }}
QLabel#momentTime {{ font-size: 8pt; }}
QLabel#momentPrompt {{ font-size: 9pt; font-style: italic; }}
QLabel#timer {{ font-size: 12pt; font-family: monospace; }}
QLabel#sectionTitle {{ font-size: 8pt; font-weight: 600; letter-spacing: 1px;
    color: palette(placeholder-text); }}
QFrame#coachCard {{ border: 1px solid palette(mid); border-radius: 6px; background: palette(base); }}
QLabel#coachName {{ font-size: 11pt; font-weight: 600; color: {accent_text}; }}
QLabel#coachScript {{ font-size: 10pt; }}
QLabel#coachReason {{ font-size: 8pt; color: palette(placeholder-text); }}
QLabel#coachMinor {{ font-size: 9pt; }}
QLabel#finding[blocking="true"] {{ color: {bad_text}; font-size: 9pt; }}
QLabel#finding[blocking="false"] {{ color: {warn_text}; font-size: 9pt; }}
QLabel#lastTime {{ font-size: 9pt; padding: 4px; border-radius: 4px; background: palette(alternate-base); }}
QToolButton#objection {{ padding: 1px 6px; border: 1px solid palette(mid); border-radius: 10px; }}
QToolButton#objection[state="open"] {{ background: {BAD}; color: white; border-color: {BAD}; }}
QToolButton#objection[state="resolved"] {{ background: {GOOD}; color: white; border-color: {GOOD}; }}
QToolButton#chip {{ padding: 2px 8px; border: 1px dashed {warn_text}; border-radius: 10px; color: {warn_text}; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: none; border-radius: 4px;
    padding: 6px 12px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: palette(mid); }}
QPushButton#compact {{ padding: 2px 8px; }}
QPushButton#endCall {{ background: {BAD}; color: white; border: none; border-radius: 4px;
    padding: 6px 12px; font-weight: 600; }}
QCheckBox#moment {{ spacing: 6px; }}
QLabel#listening {{ font-size: 9pt; font-weight: 600; color: {bad_text}; }}
QLabel#listening[state="paused"], QLabel#listening[state="off"] {{ color: palette(placeholder-text); }}
QFrame#heardChip {{ border: 1px dashed {warn_text}; border-radius: 8px; }}
QLabel#heardText {{ font-size: 9pt; }}
QLabel#transcript {{ font-size: 8pt; color: palette(placeholder-text); }}
QProgressBar#level {{ border: 1px solid palette(mid); border-radius: 2px; background: palette(base); }}
QProgressBar#level::chunk {{ background: {GOOD}; }}
"""




@lru_cache(maxsize=None)
def icon(name: str, on_fill: bool = False) -> QIcon:
    """An icon from resources/icons. Line icons take the palette's text colour when drawn
    (so they follow light and dark live); `on_fill=True` draws them white, for buttons
    with a coloured background."""
    path = resource_path("icons", f"{name}.svg")
    if not path.exists():
        return QIcon()
    from companion.ui.theme import themed_icon  # theme imports this module: import late

    return themed_icon(path, on_fill=on_fill)


def repolish(widget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def section_title(text: str):
    """The small upper-case heading used above each part of a window."""
    from PySide6.QtWidgets import QLabel

    label = QLabel(text.upper())
    label.setObjectName("sectionTitle")
    return label


def muted(text: str = ""):
    """A secondary line of text (hints, counts, empty states), wrapped, in the muted colour."""
    from PySide6.QtWidgets import QLabel

    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


def rich(text: str) -> str:
    """User or playbook text made safe inside rich text (tooltips, bold names): shown as
    typed, never read as markup, links or images."""
    return html.escape(text, quote=False)


def literal_mnemonic(text: str) -> str:
    """Text for a button or check box whose "&" must show as "&", not underline a key."""
    return text.replace("&", "&&")
