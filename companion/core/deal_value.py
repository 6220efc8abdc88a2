"""Read a deal value the way reps type it: "25000", "25,000", "25k", "1.2m", "€40k".

Anything that could be read two ways ("25.000" is 25 thousand in much of Europe, 25 in
English) is refused rather than guessed: a wrong deal value silently changes the coaching.
"""

from __future__ import annotations

import re

_AMOUNT = re.compile(
    r"^\s*[^\d.,\s\-]{0,3}\s*"                      # an optional currency sign or code
    r"(?P<number>\d{1,3}(?:[, ]\d{3})+|\d+)"        # 25000, 25,000 or 25 000
    r"(?:\.(?P<fraction>\d+))?"                     # .5 in 1.5m
    r"\s*(?P<suffix>[km])?\s*[^\d\s.,\-]{0,3}\s*$",
    re.IGNORECASE,
)
_MULTIPLIER = {"k": 1_000, "m": 1_000_000}


def parse_deal_value(text: str) -> float | None:
    """None for empty text; raises ValueError for text that is not a clear amount."""
    if not text.strip():
        return None
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    fraction = match.group("fraction")
    if fraction is not None and len(fraction) == 3 and not match.group("suffix"):
        raise ValueError(f"ambiguous amount: {text!r}")          # 25.000: thousands or decimals?
    number = float(match.group("number").replace(",", "").replace(" ", "") + "." + (fraction or "0"))
    return number * _MULTIPLIER.get((match.group("suffix") or "").lower(), 1)


def format_deal_value(value: float | None) -> str:
    """The value as the rep would type it back, without rounding away cents."""
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text
