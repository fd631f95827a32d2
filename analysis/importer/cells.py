"""Cell values as written to typed values, a whole column at a time, with a reason for each bad cell.

Each parser takes the column's cells as text (None = empty) and returns the parsed values and a
Series of reasons (None where the cell is fine), so 50,000 rows cost a few vectorised passes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping

import pandas as pd

from analysis.importer.countries import closest_country_name, to_iso3
from analysis.store.contract import INTEGER_RANGES, PROTECTED_TEXT_PATTERN, Column

DATE_PATTERN = r"\d{4}-\d{2}-\d{2}"
WHOLE_NUMBER_PATTERN = r"[+-]?\d{1,15}"
MAX_CELL_CHARS = 10_000  # characters in one cell; the longest real value (a title, an address) is far shorter
SHOWN_CHARS = 80  # of a value quoted in a message
# C0 controls but tab, line feed and carriage return, and DEL: no meaning in a name or an id, and
# openpyxl (every XLSX export) refuses most of them (IllegalCharacterError).
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# Zero-width characters, bidirectional embeddings, overrides and isolates, invisible operators and the
# byte-order mark: they make text look like other text ("001" + U+200B looks like "001").
INVISIBLE_CHARACTERS = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
HIDDEN_CHARACTER = re.compile(f"[{CONTROL_CHARACTERS}{INVISIBLE_CHARACTERS}]")
_CONTROL_CHARACTER = re.compile(f"[{CONTROL_CHARACTERS}]")


class CutText(str):
    """A cell's text cut to MAX_CELL_CHARS + 1 characters while a workbook is read; `length` is the whole."""

    length: int

    @classmethod
    def of(cls, text: str) -> CutText:
        cut = cls(text[: MAX_CELL_CHARS + 1])
        cut.length = len(text)
        return cut


def full_length(text: str) -> int:
    """The length of the cell as written (a `CutText` knows the length before it was cut)."""
    return text.length if isinstance(text, CutText) else len(text)


def shown_value(value: object) -> str | None:
    """A value as a message may quote it: hidden characters written as <U+200B>, cut to SHOWN_CHARS."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    head = value[: SHOWN_CHARS + 1]
    visible = HIDDEN_CHARACTER.sub(lambda found: f"<{_code_point(found.group())}>", head)
    if len(visible) > SHOWN_CHARS or full_length(value) > SHOWN_CHARS:
        return visible[:SHOWN_CHARS] + "…"
    return visible


def hidden_character(text: str) -> Reason | None:
    """Why a text may not be imported as it is: a control or invisible character (the first one named)."""
    found = HIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    character = found.group()
    details: dict[str, object] = {"character": _code_point(character), "position": found.start() + 1}
    if _CONTROL_CHARACTER.fullmatch(character):
        return "control_character", details
    return "invisible_character", {**details, "name": unicodedata.name(character, "")}


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def check_cell_text(text: pd.Series) -> pd.Series:
    """Reasons for cells no column may hold (too long, control or invisible characters); None where fine."""
    reasons = _no_reasons(text)
    present = text.notna()
    if not present.any():
        return reasons
    values = text.where(present, "").astype(object)
    lengths = pd.Series([full_length(value) for value in values.tolist()], index=text.index)
    too_long = present & (lengths > MAX_CELL_CHARS)
    if too_long.any():
        reasons.loc[too_long] = pd.Series(
            [
                ("cell_too_long", {"length": f"{length:,}", "limit": f"{MAX_CELL_CHARS:,}"})
                for length in lengths[too_long]
            ],
            index=text.index[too_long],
            dtype=object,
        )
    hidden = present & ~too_long & values.astype("str").str.contains(HIDDEN_CHARACTER.pattern, regex=True)
    if hidden.any():
        reasons.loc[hidden] = pd.Series(
            [hidden_character(value) for value in values[hidden]], index=text.index[hidden], dtype=object
        )
    return reasons


def cells_as_text(cells: pd.Series, *, from_csv: bool) -> pd.Series:
    """Each cell as the text a person sees in it (object dtype), None when empty or blank.

    CSV cells are text already, and a protecting apostrophe our exports add is taken off again;
    workbook cells may be numbers (7.0 reads "7") or date cells (read as YYYY-MM-DD when at midnight).
    """
    if from_csv:
        return _csv_cells_as_text(cells)
    text = [_workbook_cell_text(value) for value in cells.tolist()]
    return pd.Series(
        [value if value is not None and value.strip() else None for value in text],
        index=cells.index,
        dtype=object,
    )


def _csv_cells_as_text(cells: pd.Series) -> pd.Series:
    """The CSV path, vectorised: take off protecting apostrophes, blank cells to None."""
    text = cells.astype("str") if not pd.api.types.is_string_dtype(cells) else cells
    present = text.notna() & text.str.strip().ne("")
    protected = present & text.str.match(PROTECTED_TEXT_PATTERN)
    text = text.where(~protected, text.str.slice(1))
    return text.astype(object).where(present.fillna(False).astype(bool), None)


def _workbook_cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is pd.NaT:
        return None
    return str(value)


def parse_column(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    """(typed values, reasons) for one column's text; empty cells stay missing and are not judged here."""
    parser = {
        "id": _parse_id,
        "text": _parse_text,
        "choice": _parse_choice,
        "country": _parse_country,
        "date": _parse_date,
        "integer": _parse_integer,
    }[column.kind]
    return parser(text, column)


Reason = tuple[str, dict[str, object]]  # a catalogue key under data.problem. and what fills it in


def _no_reasons(text: pd.Series) -> pd.Series:
    return pd.Series(None, index=text.index, dtype=object)


def _reasons_where(bad: pd.Series, text: pd.Series, explain: Callable[[str], Reason]) -> pd.Series:
    reasons = _no_reasons(text)
    if bad.any():
        reasons.loc[bad] = pd.Series(
            [explain(value) for value in text.loc[bad]], index=text.index[bad], dtype=object
        )
    return reasons


def _parse_id(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    present = text.notna()
    values = text.where(present, "").astype("str").str.strip().astype(object).where(present, None)
    return values, _no_reasons(text)


def _parse_text(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    return text, _no_reasons(text)


def _parse_choice(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    present = text.notna()
    normalised = (
        text.where(present, "").astype(str).str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    )
    bad = present & ~normalised.isin(column.choices)
    allowed = ", ".join(column.choices)
    reasons = _reasons_where(bad, text, lambda value: ("choice", {"allowed": allowed}))
    return normalised.where(present & ~bad, None).astype(object), reasons


def _parse_country(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    present = text.notna()
    iso3 = to_iso3(text.where(present, "").astype(str))
    bad = present & iso3.isna()
    return iso3.where(present & ~bad, None).astype(object), _reasons_where(bad, text, _unknown_country)


def _unknown_country(value: str) -> Reason:
    suggestion = closest_country_name(value)
    if suggestion:
        return "country_suggest", {"suggestion": suggestion}
    return "country_unknown", {}


def _parse_date(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    present = text.notna()
    stripped = text.where(present, "").astype(str).str.strip()
    shaped = stripped.str.fullmatch(DATE_PATTERN)
    parsed = pd.to_datetime(stripped.where(shaped, None), format="%Y-%m-%d", errors="coerce")
    bad = present & parsed.isna()
    return parsed.where(~bad), _reasons_where(bad, text, lambda value: ("not_a_date", {}))


def _parse_integer(text: pd.Series, column: Column) -> tuple[pd.Series, pd.Series]:
    present = text.notna()
    stripped = text.where(present, "").astype(str).str.strip()
    shaped = stripped.str.fullmatch(WHOLE_NUMBER_PATTERN)
    numbers = pd.to_numeric(stripped.where(shaped, None), errors="coerce").astype("Int64")
    not_number = present & numbers.isna()
    reasons = _reasons_where(not_number, text, lambda value: ("not_whole_number", {}))
    bounds = {"minimum": column.minimum, "maximum": column.maximum}
    if column.minimum is not None:
        too_small = (numbers < column.minimum).fillna(False).astype(bool)
        key = "negative" if column.maximum is None and column.minimum == 0 else "out_of_range"
        reasons = _replace_where(reasons, too_small, numbers, key, bounds)
        not_number |= too_small
    if column.maximum is not None:
        too_large = (numbers > column.maximum).fillna(False).astype(bool)
        reasons = _replace_where(reasons, too_large, numbers, "out_of_range", bounds)
        not_number |= too_large
    lowest, highest = INTEGER_RANGES[column.sql_type]
    beyond_type = ~not_number & ((numbers < lowest) | (numbers > highest)).fillna(False).astype(bool)
    if beyond_type.any():  # within the contract's bounds, but more than the store's column holds
        allowed_from = lowest if column.minimum is None else max(lowest, column.minimum)
        allowed_to = highest if column.maximum is None else min(highest, column.maximum)
        type_bounds = {
            "minimum": f"{allowed_from:,}",
            "maximum": f"{allowed_to:,}",
            "sql_type": column.sql_type,
        }
        reasons = _replace_where(reasons, beyond_type, numbers, "beyond_database", type_bounds)
        not_number |= beyond_type
    return numbers.where(~not_number), reasons


def _replace_where(
    reasons: pd.Series, wrong: pd.Series, numbers: pd.Series, key: str, bounds: Mapping[str, object]
) -> pd.Series:
    if wrong.any():
        reasons.loc[wrong] = pd.Series(
            [(key, {"number": int(number), **bounds}) for number in numbers[wrong]],
            index=numbers.index[wrong],
            dtype=object,
        )
    return reasons
