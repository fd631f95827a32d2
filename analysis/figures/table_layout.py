"""How much room text takes: a table column's width that shows its values whole (CJK characters count
double), and names cut to fit beside a chart's bars."""

from __future__ import annotations

import unicodedata

import pandas as pd

PIXELS_PER_CHARACTER = 7.5  # the dashboard's table font at 14 px, Latin letters on average
PADDING = 28  # the cell's padding and the header's sort/menu icon
NARROWEST, WIDEST = 60, 600


def display_length(text: str) -> int:
    """`text`'s length in Latin-letter widths: wide (East Asian) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in text)


def text_width(values: pd.Series, header: str) -> int:
    """The width (px) that shows the longest of `values` and `header` whole, within NARROWEST..WIDEST."""
    texts = values.dropna().astype(str).unique().tolist()
    longest = max((display_length(text) for text in [*texts, header]), default=0)
    return int(min(WIDEST, max(NARROWEST, round(longest * PIXELS_PER_CHARACTER + PADDING))))


AXIS_LABEL_COLUMNS = 36  # display columns (a Chinese character is two) of an event's or member's name


def shortened(label: str, width: int = AXIS_LABEL_COLUMNS) -> str:
    """`label` cut to `width` display columns with "…", its code suffix ("[e12]") kept so it stays unique."""
    suffix = ""
    if label.endswith("]") and " [" in label:
        label, suffix = label[: label.rindex(" [")], label[label.rindex(" [") :]
    if display_length(label + suffix) <= width:
        return label + suffix
    kept = ""
    for character in label:
        if display_length(kept + character + suffix) > width - 1:
            break
        kept += character
    return kept.rstrip() + "…" + suffix
