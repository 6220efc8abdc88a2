"""Fonts for list cells, made once: data() runs for every visible cell on every paint, so it
should hand out ready objects rather than build and configure new ones each time."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont


@lru_cache(maxsize=None)
def cell_font(weight: str = "normal", struck: bool = False) -> QFont:
    font = QFont()
    if weight == "bold":
        font.setBold(True)
    elif weight == "demi":
        font.setWeight(QFont.Weight.DemiBold)
    if struck:
        font.setStrikeOut(True)
    return font
