"""The data tables as the records features see them (defined beside the import contract)."""

from analysis.importer.keys import (
    CASCADES,
    KEY_SEPARATOR,
    RECORD_TABLES,
    contract,
    key_condition,
    key_parameters,
    key_text,
    key_values,
    plain,
)

__all__ = [
    "CASCADES",
    "KEY_SEPARATOR",
    "RECORD_TABLES",
    "contract",
    "key_condition",
    "key_parameters",
    "key_text",
    "key_values",
    "plain",
]
