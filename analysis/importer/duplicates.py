"""Likely duplicate members: a new member_id whose name, website or country says it is held already.

A warning, never a refusal: the editor confirms or corrects. A new member (an id the store does not
hold) is a likely duplicate of another member (in the store, or another new row of the same import)
when
- its English name, or its Chinese name, normalised, is the other's and both are in the same country; or
- its website's domain is the other's (www. and the scheme ignored).
Normalised: Unicode NFKC, case folded, "&" read as "and", a leading "the" dropped, and every character
but letters and digits removed ("The Grandview Institution" = "grandview-institution" = "GRANDVIEW
INSTITUTION."; "格兰维研究院" = "格兰维 研究院").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pandas as pd

from analysis.importer.checking import LABEL, ROW
from analysis.importer.report import DuplicateWarning
from analysis.queries import load_query

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+", re.UNICODE)


def normalised_name(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold().replace("&", " and ")
    text = re.sub(r"^\s*the\s+", "", text)
    return _NOT_LETTER_OR_DIGIT.sub("", text)


def website_domain(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip().lower()
    if not text:
        return ""
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").rstrip(".")


def _signatures(row: dict[str, Any]) -> dict[str, str]:
    country = str(row.get("country") or "")
    found = {}
    for column in ("name_en", "name_zh"):
        name = normalised_name(row.get(column))
        if name:
            found[column] = f"{column}:{name}:{country}"
    domain = website_domain(row.get("website"))
    if domain:
        found["website"] = f"website:{domain}"
    return found


def likely_duplicates(
    cursor: duckdb.DuckDBPyConnection, new_members: pd.DataFrame, *, ignore_ids: set[str] | None = None
) -> list[DuplicateWarning]:
    """Warnings for the rows of `new_members` (checked members rows, LABEL and ROW optional) whose
    member_id the store does not hold. `ignore_ids`: stored members not to compare with (being deleted)."""
    if new_members.empty or "member_id" not in new_members:
        return []
    stored = cursor.execute(load_query("importer/stored_members")).fetchall()
    stored_ids = {row[0] for row in stored}
    ignore = ignore_ids or set()
    index: dict[str, list[tuple[str, str, int | None]]] = {}  # signature -> (id, name, row or None)
    for member_id, name_en, name_zh, country, website in stored:
        if member_id in ignore:
            continue
        for signature in _signatures(
            {"name_en": name_en, "name_zh": name_zh, "country": country, "website": website}
        ).values():
            index.setdefault(signature, []).append((member_id, name_en, None))
    warnings: list[DuplicateWarning] = []
    records = [
        {str(name): value for name, value in record.items()} for record in new_members.to_dict("records")
    ]
    for record in records:
        member_id = record.get("member_id")
        if member_id is None or member_id in stored_ids:
            continue
        row = int(record[ROW]) if ROW in record and record[ROW] is not None else None
        label = str(record.get(LABEL, ""))
        matches: dict[str, tuple[str, int | None, list[str]]] = {}
        for column, signature in _signatures(record).items():
            for other_id, other_name, other_row in index.get(signature, []):
                if other_id == member_id:
                    continue
                matches.setdefault(other_id, (other_name, other_row, []))[2].append(column)
        for other_id, (other_name, other_row, columns) in matches.items():
            warnings.append(
                DuplicateWarning(
                    label,
                    row,
                    str(member_id),
                    str(record.get("name_en") or ""),
                    str(other_id),
                    str(other_name or ""),
                    other_row,
                    tuple(columns),
                    str(record.get("country") or ""),
                )
            )
        for signature in _signatures(record).values():  # later rows of the import compare with this one
            index.setdefault(signature, []).append((str(member_id), str(record.get("name_en") or ""), row))
    return warnings
