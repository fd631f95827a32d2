"""The import contract (docs/import-contract.md) lists exactly the columns the importer checks, in the same order."""

from __future__ import annotations

import re

from analysis.importer.contract import CONTRACTS
from analysis.paths import PROJECT_ROOT


def import_contract_section() -> str:
    return (PROJECT_ROOT / "docs" / "import-contract.md").read_text(encoding="utf-8")


def test_readme_tables_list_every_column_of_every_table_in_contract_order() -> None:
    section = import_contract_section()
    for table, contract in CONTRACTS.items():
        block = section.split(f"**{table}** (", 1)[1].split("\n\n", 2)[1]  # the table after the heading line
        columns = re.findall(r"^\| `([a-z_]+)` \| (yes|no)", block, flags=re.MULTILINE)
        assert [name for name, _ in columns] == list(contract.column_names), table
        assert [name for name, required in columns if required == "yes"] == list(contract.required_columns), (
            table
        )
