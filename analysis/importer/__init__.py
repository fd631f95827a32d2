"""Import of the secretariat's CSV and XLSX files: every problem reported, and all of it lands or none.

`import_files(database, paths)` reads the files (type judged by content), checks every cell and every
rule within and across files, and only when nothing is wrong writes all tables in one transaction
(upsert by key) after a backup. The report lists each problem with file, spreadsheet row, column,
value and reason, and the rows added, updated and unchanged per table.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from analysis.errors import DataRuleError
from analysis.importer.checking import LABEL, ROW, check_across_rows, check_table
from analysis.importer.deletions import check_deletions, split_deletions
from analysis.importer.duplicates import likely_duplicates
from analysis.importer.files import RawTable, read_upload, too_big
from analysis.importer.keys import CASCADES
from analysis.importer.preview import preview_table
from analysis.importer.report import ImportProblem, ImportReport, TableCounts, problem
from analysis.importer.writing import existing_keys, stored_key_tuples, write_import
from analysis.limits import max_upload_bytes
from analysis.store.backups import backup_before_write, keep_newest_backups, withdraw_backup
from analysis.store.connection import AllianceDatabase, CommitNote
from analysis.store.contract import CONTRACTS, TABLE_NAMES

__all__ = ["ImportProblem", "ImportReport", "TableCounts", "import_contents", "import_files"]


def import_files(
    database: AllianceDatabase,
    paths: Sequence[str | os.PathLike[str]],
    *,
    imported_by: str | None = None,
    display_names: Sequence[str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import files from disk; `display_names` (e.g. the names of uploads) replace the paths' names in messages."""
    names = list(display_names) if display_names is not None else [Path(path).name for path in paths]
    uploads: list[tuple[str, bytes]] = []
    unreadable: list[ImportProblem] = []
    for name, path in zip(names, paths, strict=True):
        try:
            size = os.stat(path).st_size
            if size > max_upload_bytes():  # the dashboard's upload limit, for the CLI too
                unreadable.append(too_big(name, size))
                continue
            uploads.append((name, Path(path).read_bytes()))
        except OSError as error:
            unreadable.append(
                problem(name, None, None, None, "cannot_open", error=error.strerror or str(error))
            )
    if unreadable:
        return ImportReport(files=names, problems=unreadable, dry_run=dry_run)
    return import_contents(database, uploads, imported_by=imported_by, dry_run=dry_run)


def import_contents(
    database: AllianceDatabase,
    uploads: Sequence[tuple[str, bytes]],
    *,
    imported_by: str | None = None,
    dry_run: bool = False,
    confirmed: bool = True,
) -> ImportReport:
    """Import files given as (name, content) pairs, e.g. from an upload form.

    `dry_run`: check and preview only, write nothing. `confirmed=False` (the Data page's first click):
    an import that deletes rows or has likely duplicates is previewed and waits for the editor to
    confirm; a plain one lands at once. The report always holds the preview and the warnings.
    """
    files = [name for name, _ in uploads]
    report = ImportReport(files=files, dry_run=dry_run)
    if not uploads:
        report.problems = [problem("", None, None, None, "no_files")]
        return report
    raw_tables: list[RawTable] = []
    problems: list[ImportProblem] = []
    deletion_parts: dict[str, list[pd.DataFrame]] = {}
    for name, content in uploads:
        tables, file_problems = read_upload(name, content)
        problems.extend(file_problems)
        for raw in tables:
            kept, asked, deletion_problems = split_deletions(raw)
            problems.extend(deletion_problems)
            raw_tables.append(kept)
            if asked is not None:
                deletion_parts.setdefault(asked.table, []).append(asked.rows)
    checked_parts: dict[str, list[pd.DataFrame]] = {}
    unreadable_tables: set[str] = set()
    for raw in raw_tables:
        if raw.cells.empty and raw.table in deletion_parts and raw.header:
            continue  # a file of deletions only
        rows, table_problems = check_table(raw)
        problems.extend(table_problems)
        if rows is None:
            unreadable_tables.add(raw.table)
        else:
            checked_parts.setdefault(raw.table, []).append(rows)
    checked = {table: _joined(parts) for table, parts in checked_parts.items()}
    deletions = {table: _joined(parts) for table, parts in deletion_parts.items()}
    if (
        not problems
        and sum(len(rows) for rows in checked.values()) + sum(len(rows) for rows in deletions.values()) == 0
    ):
        problems.append(problem(", ".join(files), None, None, None, "nothing_to_import"))
    with database.reading() as cursor:
        known = existing_keys(cursor)
        stored = {table: stored_key_tuples(cursor, table) for table in deletions}
        for table, rows in deletions.items():  # a deleted member or event can no longer be named
            if table in known:
                key = CONTRACTS[table].key[0]
                known[table] = known[table] - set(rows[key].dropna())
        problems.extend(check_across_rows(checked, known, unreadable_tables))
        problems.extend(check_deletions(deletions, checked, stored))
        if not problems:
            landing = {table: rows.drop(columns=[LABEL, ROW]) for table, rows in checked.items() if len(rows)}
            gone = {table: rows.drop(columns=[LABEL, ROW]) for table, rows in deletions.items() if len(rows)}
            report.preview = {
                table: preview_table(cursor, table, landing.get(table), gone.get(table))
                for table in CONTRACTS
                if table in landing or table in gone
            }
            deleted_ids = set(gone["members"]["member_id"]) if "members" in gone else set()
            if "members" in checked:
                report.warnings = likely_duplicates(cursor, checked["members"], ignore_ids=deleted_ids)
    if problems:
        report.problems = _in_reading_order(problems, files)
        return report
    if dry_run:
        return report
    if not confirmed and (report.warnings or gone):
        report.awaiting_confirmation = True
        return report
    backup = backup_before_write(database, "import", prune=False)
    note = CommitNote("import", imported_by, f"import of {', '.join(files)}", {"files": files})
    try:
        with database.writing(tables=(*landing, *gone, *_children(gone), "imports"), note=note) as cursor:
            report.counts, report.import_id = write_import(cursor, landing, files, imported_by, gone)
        report.change_id = database.data_version()
    except BaseException as error:
        withdraw_backup(backup)  # a refused import changed nothing, so it takes no backup slot
        if not isinstance(error, duckdb.Error | DataRuleError):
            raise
        report.counts, report.import_id = {}, None
        report.problems = [
            problem(", ".join(files), None, None, None, "database_refused", error=str(error).splitlines()[0])
        ]
    else:
        keep_newest_backups(database)
    return report


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _children(deletions: dict[str, pd.DataFrame]) -> list[str]:
    return [child for table in deletions for child, _ in CASCADES.get(table, ())]


def _in_reading_order(problems: list[ImportProblem], files: list[str]) -> list[ImportProblem]:
    """File by file (in the order given), then by row, then by column as the contract orders them."""

    def file_position(label: str) -> int:
        for position, name in enumerate(files):
            if label == name or label.startswith(name + " ["):
                return position
        return len(files)

    def column_position(problem: ImportProblem) -> int:
        first = (problem.column or "").split(",")[0].strip()
        for table in TABLE_NAMES:
            if first in CONTRACTS[table].column_names:
                return CONTRACTS[table].column_names.index(first)
        return -1

    return sorted(
        problems,
        key=lambda problem: (
            file_position(problem.file),
            problem.file,
            problem.row or 0,
            column_position(problem),
        ),
    )
