"""What an import says back: every problem found (file, row, column, value, reason) and what landed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.i18n import Language, translate
from analysis.importer.cells import shown_value

if TYPE_CHECKING:
    from analysis.importer.preview import TablePreview


@dataclass(frozen=True)
class DuplicateWarning:
    """One likely duplicate: the new row (where it is) and the member it looks like."""

    file: str
    row: int | None
    member_id: str
    name: str
    other_id: str
    other_name: str
    other_row: int | None  # None: the other member is in the store; else its row in the same import
    matched_on: tuple[str, ...]  # "name_en", "name_zh", "website"
    country: str

    @property
    def in_store(self) -> bool:
        return self.other_row is None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "member_id": self.member_id,
            "name": self.name,
            "looks_like": self.other_id,
            "looks_like_name": self.other_name,
            "looks_like_where": "store" if self.in_store else f"row {self.other_row}",
            "matched_on": list(self.matched_on),
            "country": self.country,
        }


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong, located as the person sees it: the file (and sheet), the spreadsheet row
    (header = row 1; None when the problem is the whole file), the column and the value as written.

    `reason` is the English sentence; `key` and `details` let it be said in another language
    (`reason_in`). Two problems are equal when file, row, column, value and reason are.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str
    key: str = field(default="", compare=False)
    details: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"

    def reason_in(self, language: Language) -> str:
        """The reason in `language` (the English sentence when the problem has no message key)."""
        if not self.key:
            return self.reason
        return translate(f"data.problem.{self.key}", language, **dict(self.details))


def problem(
    file: str, row: int | None, column: str | None, value: str | None, key: str, **details: object
) -> ImportProblem:
    """A problem whose reason is the catalogue message `data.problem.<key>` (column and value are filled in too).

    The value is kept as a message may quote it (`shown_value`): at most 80 characters, hidden
    characters written out, so a 1 MB cell or an escape sequence never reaches a report or a terminal.
    """
    value = shown_value(value)
    filled = {"column": column, "value": value, **details}
    return ImportProblem(
        file, row, column, value, translate(f"data.problem.{key}", "en", **filled), key, tuple(filled.items())
    )


@dataclass(frozen=True)
class TableCounts:
    """Rows of one table in one import: new keys, changed rows, rows already exactly as given."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0  # rows the file marked for deletion, and the rows that went with them


PROBLEM_COLUMNS = ("file", "row", "column", "value", "reason")


@dataclass
class ImportReport:
    """The outcome of one import. `ok` is False when any problem was found; then nothing was written."""

    files: list[str]
    problems: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, TableCounts] = field(default_factory=dict)
    import_id: int | None = None
    # What the import does (or, for a dry run or one awaiting confirmation, would do), per table.
    preview: dict[str, TablePreview] = field(default_factory=dict)
    warnings: list[DuplicateWarning] = field(default_factory=list)  # likely duplicates; never a refusal
    dry_run: bool = False  # checked and previewed only; nothing was written
    awaiting_confirmation: bool = False  # not written: it deletes rows or has warnings, and was not confirmed
    change_id: int | None = None  # the store snapshot the import became (its id in the history)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_added(self) -> int:
        return sum(counts.added for counts in self.counts.values())

    @property
    def rows_updated(self) -> int:
        return sum(counts.updated for counts in self.counts.values())

    @property
    def rows_deleted(self) -> int:
        return sum(counts.deleted for counts in self.counts.values())

    @property
    def landed(self) -> bool:
        return self.ok and not self.dry_run and not self.awaiting_confirmation

    @property
    def rows_unchanged(self) -> int:
        return sum(counts.unchanged for counts in self.counts.values())

    def problems_frame(self, language: Language = "en") -> pd.DataFrame:
        """One row per problem, reasons in `language`, for display and CSV download (row as a nullable number)."""
        frame = pd.DataFrame(
            [
                [item.file, item.row, item.column, item.value, item.reason_in(language)]
                for item in self.problems
            ],
            columns=list(PROBLEM_COLUMNS),
            dtype=object,
        )
        frame["row"] = frame["row"].astype("Int64")
        return frame

    def counts_frame(self) -> pd.DataFrame:
        """One row per table the import touched: added, updated, unchanged."""
        return pd.DataFrame(
            [[table, c.added, c.updated, c.unchanged, c.deleted] for table, c in self.counts.items()],
            columns=["table", "added", "updated", "unchanged", "deleted"],
        )

    def summary(self) -> str:
        """One line: what landed, or how many problems stopped it."""
        if not self.ok:
            return f"nothing imported: {len(self.problems)} problem(s) found; the database is unchanged"
        tables = ", ".join(
            f"{table} +{c.added} added, {c.updated} updated, {c.unchanged} unchanged"
            + (f", {c.deleted} deleted" if c.deleted else "")
            for table, c in self.counts.items()
        )
        return f"import #{self.import_id}: {tables}"
