"""The printed page's size (A4 landscape in CSS pixels) and line wrapping that counts Chinese double.

report.pdf itself is HTML printed by Chromium (`analysis.report.document.report_html`); the table PDFs and the
dashboard's page PDF print plotly figures of this size (`ImageRenderer.render_document`).
"""

from __future__ import annotations

import unicodedata

# A4 landscape in CSS pixels (96 per inch): 297 mm x 210 mm.
PAGE_WIDTH = 1123
PAGE_HEIGHT = 794
# Chinese punctuation that must not open a line (it stays at the end of the line before).
NO_LINE_START = frozenset("，。、；：！？）」』》%")
NO_LINE_END = frozenset("（「『《")  # and these must not close one


def display_width(text: str) -> int:
    """Width in half-em units: a Chinese character takes two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def wrapped_lines(text: str, width: int) -> list[str]:
    """Lines no wider than `width` half-ems: break at spaces in Latin text, between characters in Chinese."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if line and display_width(line + token) > width and token not in NO_LINE_START:
                carried = (
                    line[-1] if line[-1] in NO_LINE_END else ""
                )  # an opening bracket goes with what it opens
                lines.append(line[: len(line) - len(carried)].rstrip())
                line = carried + token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their following space, and each Chinese character on its own."""
    tokens: list[str] = []
    word = ""
    for character in text:
        if unicodedata.east_asian_width(character) in "WF":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(character)
        else:
            word += character
            if character == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens
