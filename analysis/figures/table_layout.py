"""How wide a table column must be to show its values whole, in pixels (CJK characters count double)."""

from __future__ import annotations

import unicodedata

import pandas as pd

PIXELS_PER_CHARACTER = 7.5  # the dashboard's table font at 14 px, Latin letters on average
PADDING = 28  # the cell's padding and the header's sort/menu icon
NARROWEST, WIDEST = 60, 420


def display_length(text: str) -> int:
    """`text`'s length in Latin-letter widths: wide (East Asian) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in text)


def text_width(values: pd.Series, header: str) -> int:
    """The width (px) that shows the longest of `values` and `header` whole, within NARROWEST..WIDEST."""
    texts = values.dropna().astype(str).unique().tolist()
    longest = max((display_length(text) for text in [*texts, header]), default=0)
    return int(min(WIDEST, max(NARROWEST, round(longest * PIXELS_PER_CHARACTER + PADDING))))
