"""Is this text one read-only statement? Decided by DuckDB's own parser, never by a regular expression.

`duckdb.extract_statements` splits the text and types each statement; a SELECT is then serialised to
its syntax tree (`json_serialize_sql`), because a SELECT can still hide a data-changing WITH clause
(`WITH x AS (DELETE ... RETURNING *) SELECT ...`) and can name tables the catalogue must then hold.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

# Statement types the console runs. SELECT covers FROM-first queries, VALUES, WITH, SHOW, DESCRIBE and
# SUMMARIZE; CALL runs a table function (e.g. `CALL pragma_version()`) and cannot change settings or data.
ALLOWED_STATEMENT_TYPES = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.CALL})

# Why a statement type is refused: the catalogue key (explore.sql.refused.<reason>) for each.
REFUSAL_BY_STATEMENT_TYPE: dict[duckdb.StatementType, str] = {
    duckdb.StatementType.INSERT: "changes_data",
    duckdb.StatementType.UPDATE: "changes_data",
    duckdb.StatementType.DELETE: "changes_data",
    duckdb.StatementType.MERGE_INTO: "changes_data",
    duckdb.StatementType.CREATE: "changes_schema",
    duckdb.StatementType.CREATE_FUNC: "changes_schema",
    duckdb.StatementType.ALTER: "changes_schema",
    duckdb.StatementType.DROP: "changes_schema",
    duckdb.StatementType.VACUUM: "changes_schema",
    duckdb.StatementType.ANALYZE: "changes_schema",
    duckdb.StatementType.TRANSACTION: "transaction",
    duckdb.StatementType.COPY: "files",
    duckdb.StatementType.EXPORT: "files",
    duckdb.StatementType.COPY_DATABASE: "files",
    duckdb.StatementType.ATTACH: "other_database",
    duckdb.StatementType.DETACH: "other_database",
    duckdb.StatementType.LOAD: "extension",
    duckdb.StatementType.EXTENSION: "extension",
    duckdb.StatementType.SET: "settings",
    duckdb.StatementType.VARIABLE_SET: "settings",
    duckdb.StatementType.PRAGMA: "pragma",
    duckdb.StatementType.EXPLAIN: "explain",
    duckdb.StatementType.PREPARE: "prepared",
    duckdb.StatementType.EXECUTE: "prepared",
    duckdb.StatementType.MULTI: "multi_step",
}

# Query nodes a read-only SELECT may hold; anything else (DELETE_QUERY_NODE, INSERT_QUERY_NODE, ...) is a write.
READ_ONLY_QUERY_NODES = frozenset({"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"})


@dataclass(frozen=True)
class StatementCheck:
    """The parser's verdict: `refusal` is None when the statement may run, else a reason code.

    `detail` carries words for the message (a statement type, a parser error); `table_names` are the
    tables a SELECT reads (lower case, without schema), and `local_names` the names its WITH clauses define.
    """

    refusal: str | None
    detail: str = ""
    table_names: frozenset[str] = field(default_factory=frozenset)
    local_names: frozenset[str] = field(default_factory=frozenset)


_parser_lock = threading.Lock()  # held while the parser's connection is in use (one thread at a time)
_parser_connection: duckdb.DuckDBPyConnection | None = None


def _parser() -> duckdb.DuckDBPyConnection:
    """A private, empty in-memory DuckDB used only to parse (it holds no data and reads no files)."""
    global _parser_connection
    if _parser_connection is None:
        _parser_connection = duckdb.connect(":memory:")
    return _parser_connection


def check_statement(sql: str) -> StatementCheck:
    """Whether `sql` is exactly one read-only statement, as DuckDB's parser sees it."""
    try:
        with _parser_lock:  # the parser's connection serves one thread at a time
            statements = _parser().extract_statements(sql)
    except duckdb.Error as error:
        return StatementCheck("syntax", _first_line(str(error)))
    if not statements:
        return StatementCheck("empty")
    if len(statements) > 1:
        return StatementCheck("several_statements", str(len(statements)))
    statement_type = statements[0].type
    if statement_type not in ALLOWED_STATEMENT_TYPES:
        return StatementCheck(
            REFUSAL_BY_STATEMENT_TYPE.get(statement_type, "not_read_only"), _leading_keyword(statements[0])
        )
    if statement_type != duckdb.StatementType.SELECT:
        return StatementCheck(None)
    return _check_select_tree(sql)


def _check_select_tree(sql: str) -> StatementCheck:
    with _parser_lock:
        serialised = _parser().execute("select json_serialize_sql($sql)", {"sql": sql}).fetchall()[0][0]
    tree = json.loads(serialised)
    if tree.get("error"):
        return StatementCheck("syntax", _first_line(str(tree.get("error_message", ""))))
    for node in _dicts(tree):
        if "cte_map" in node and "modifiers" in node and node.get("type") not in READ_ONLY_QUERY_NODES:
            return StatementCheck("changes_data", str(node.get("type", "")).removesuffix("_QUERY_NODE"))
    tables = frozenset(
        str(node["table_name"]).lower() for node in _dicts(tree) if node.get("type") == "BASE_TABLE"
    )
    local_names = frozenset(
        str(entry["key"]).lower()
        for node in _dicts(tree)
        if isinstance(node.get("cte_map"), dict)
        for entry in node["cte_map"].get("map", [])
    )
    return StatementCheck(None, table_names=tables, local_names=local_names)


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a parsed tree, depth first."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _dicts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _dicts(child)


def _leading_keyword(statement: duckdb.Statement) -> str:
    """The statement's first word (INSTALL, COPY, ...), to name it in the message; never used to decide."""
    words = statement.query.split()
    return words[0].upper() if words else statement.type.name


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message
