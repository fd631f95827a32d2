"""The template workbook: a sheet per table with header and example, the allowed values, and it imports."""

from __future__ import annotations

import io

import openpyxl

from analysis.importer import TableCounts, import_contents
from analysis.importer.contract import CONTRACTS
from analysis.spreadsheets.template import template_workbook_bytes
from analysis.store.database import AllianceDatabase


def test_template_has_a_sheet_per_table_with_the_contract_header() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook_bytes()))

    assert book.sheetnames == [
        "members",
        "events",
        "roles",
        "participation",
        "targets",
        "allowed values",
        "columns",
    ]
    for table, contract in CONTRACTS.items():
        rows = list(book[table].iter_rows(values_only=True))
        assert list(rows[0]) == list(contract.column_names)
        assert len(rows) == 2  # header and one example row
    allowed = list(book["allowed values"].iter_rows(values_only=True))
    assert allowed[0][:6] == (
        "members.member_type",
        "events.event_type",
        "events.format",
        "roles.role",
        "participation.role",
        "targets.metric",
    )
    assert [row[0] for row in allowed[1:7]] == [
        "comprehensive",
        "science_technology",
        "economic",
        "industry",
        "publishing_media",
        "enterprise",
    ]
    assert len([row for row in allowed[1:] if row[6]]) == 249  # every country code


def test_the_template_as_downloaded_imports_cleanly(database: AllianceDatabase) -> None:
    report = import_contents(database, [("import_template.xlsx", template_workbook_bytes())])

    assert report.ok, report.problems
    assert report.counts == {table: TableCounts(added=1) for table in CONTRACTS}
