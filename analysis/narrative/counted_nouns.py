"""Counted nouns in the exports' sentences: "1 chair unit", "2 chair units" (Chinese has one form).

`counted("chair_unit", 1, "en")` reads `exports.count.chair_unit.one`, any other count `.other`; the
number is formatted as every figure is (thousands grouped).
"""

from __future__ import annotations

from analysis.i18n import Language, format_number, translate


def counted(noun: str, count: float | int | None, language: Language) -> str:
    """The count with its noun, singular for exactly one."""
    form = "one" if count is not None and float(count) == 1 else "other"
    return translate(f"exports.count.{noun}.{form}", language, count=format_number(count, language))
