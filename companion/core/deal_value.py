"""Read a deal value the way reps type it: "25000", "25,000", "25k", "1.2m", "€40k"."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"^\s*[^\d.,\s]{0,3}\s*([\d][\d,\s]*(?:\.\d+)?|\.\d+)\s*([km])?\s*[^\d\s]{0,3}\s*$",
                     re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "m": 1_000_000}


def parse_deal_value(text: str) -> float | None:
    """None for empty text; raises ValueError for text that is not an amount."""
    if not text.strip():
        return None
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(f"not an amount: {text!r}")
    number = float(match.group(1).replace(",", "").replace(" ", ""))
    return number * _MULTIPLIER.get((match.group(2) or "").lower(), 1)
