"""Is this text one statement the console allows? Decided by DuckDB's own parser, never by a regular expression.

Runs inside the console's worker process, under its time and memory limits (parsing a hostile text can
cost seconds and gigabytes). `extract_statements` splits the text and types each statement; a SELECT is
then serialised to its syntax tree (`json_serialize_sql`) and every node is checked against the allow-list
in `analysis.sql_console.policy`: the relations it reads (with WITH names resolved by scope, so a CTE
cannot lend its name to a system view), the table functions and functions it calls, the SHOW forms. A
`CALL f(...)` is checked and run as `SELECT * FROM f(...)`; anything else called (`CHECKPOINT`) is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from analysis.sql_console.policy import (
    ALLOWED_SHOW_NAMES,
    ALLOWED_TABLE_FUNCTIONS,
    DENIED_FUNCTIONS,
)

# Why a statement type is refused: the catalogue key (explore.sql.reason.<reason>) for each.
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
# Kinds of FROM-clause entries; any other kind is refused.
ALLOWED_TABLE_REFS = frozenset(
    {"EMPTY", "BASE_TABLE", "JOIN", "TABLE_FUNCTION", "SUBQUERY", "EXPRESSION_LIST", "SHOW_REF", "PIVOT"}
)
PLAIN_SCHEMAS = frozenset({"", "main"})


@dataclass(frozen=True)
class Allowed:
    """What one snapshot offers: its tables and its table macros (lower case)."""

    tables: frozenset[str]
    table_macros: frozenset[str] = frozenset()

    @property
    def table_functions(self) -> frozenset[str]:
        return ALLOWED_TABLE_FUNCTIONS | self.table_macros


@dataclass(frozen=True)
class StatementCheck:
    """The verdict: `refusal` is None when `sql` may run (the text to run: a CALL becomes a SELECT),
    else a reason code (explore.sql.reason.<code> or sqlconsole.reason.<code>) and words for the message."""

    refusal: str | None
    detail: str = ""
    sql: str = ""


class _Refused(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def check_statement(connection: duckdb.DuckDBPyConnection, sql: str, allowed: Allowed) -> StatementCheck:
    """Whether `sql` is exactly one allowed statement, as DuckDB's parser sees it (never runs it)."""
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as error:
        if "expression depth" in str(error):
            return StatementCheck("too_deep")
        return StatementCheck("syntax", _first_line(str(error)))
    if not statements:
        return StatementCheck("empty")
    if len(statements) > 1:
        return StatementCheck("several_statements", str(len(statements)))
    statement = statements[0]
    text = sql
    if statement.type == duckdb.StatementType.CALL:
        called = _called_table_function(sql)
        if called is None:
            return StatementCheck("not_a_query", _leading_keyword(sql))
        text = called
    elif statement.type != duckdb.StatementType.SELECT:
        return StatementCheck(
            REFUSAL_BY_STATEMENT_TYPE.get(statement.type, "not_read_only"), _leading_keyword(sql)
        )
    try:
        _check_select(connection, text, allowed)
    except _Refused as refused:
        return StatementCheck(refused.reason, refused.detail)
    return StatementCheck(None, sql=text)


def _called_table_function(sql: str) -> str | None:
    """`CALL f(...)` as `SELECT * FROM f(...)`; None when the statement is not a CALL (e.g. CHECKPOINT)."""
    tokens = duckdb.tokenize(sql)  # comments are not tokens
    if not tokens:
        return None
    start = tokens[0][0]
    if sql[start : start + 4].upper() != "CALL" or (len(sql) > start + 4 and _is_word(sql[start + 4])):
        return None
    return "SELECT * FROM " + sql[start + 4 :]  # noqa: S608 - checked as a SELECT before it runs


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


def _check_select(connection: duckdb.DuckDBPyConnection, sql: str, allowed: Allowed) -> None:
    rows = connection.execute("select json_serialize_sql($sql)", {"sql": sql}).fetchall()
    tree = json.loads(rows[0][0])
    if tree.get("error"):
        message = str(tree.get("error_message", ""))
        if "Only SELECT statements" in message:  # e.g. PRAGMA show_tables (typed SELECT), a bare PIVOT
            keyword = _leading_keyword(sql)
            raise _Refused("pragma" if keyword == "PRAGMA" else "not_read_only", keyword)
        if "expression depth" in message:
            raise _Refused("too_deep")
        raise _Refused("syntax", _first_line(message))
    _walk(tree.get("statements", []), frozenset(), allowed)


def _walk(value: Any, visible: frozenset[str], allowed: Allowed) -> None:
    """Check every node; `visible` holds the WITH names in scope at this point of the tree."""
    if isinstance(value, list):
        for child in value:
            _walk(child, visible, allowed)
        return
    if not isinstance(value, dict):
        return
    if "cte_map" in value and "modifiers" in value:  # a query node
        _walk_query_node(value, visible, allowed)
        return
    if "class" in value:  # an expression
        if "function_name" in value:
            _check_function(value)
    elif "sample" in value and "type" in value:  # a FROM-clause entry
        _check_table_ref(value, visible, allowed)
    for child in value.values():
        _walk(child, visible, allowed)


def _walk_query_node(node: dict[str, Any], visible: frozenset[str], allowed: Allowed) -> None:
    node_type = str(node.get("type", ""))
    if node_type not in READ_ONLY_QUERY_NODES:
        raise _Refused("changes_data", node_type.removesuffix("_QUERY_NODE"))
    in_scope = set(visible)
    for entry in node["cte_map"].get("map", []):
        name = str(entry.get("key", "")).lower()
        definition = entry.get("value", {})
        inner = definition.get("query", {}).get("node", {}) if isinstance(definition, dict) else {}
        # A WITH entry sees the ones before it, and itself only when it is recursive: a non-recursive
        # entry naming itself reads the relation of that name outside (e.g. a system view).
        sees_itself = isinstance(inner, dict) and inner.get("type") == "RECURSIVE_CTE_NODE"
        _walk(definition, frozenset(in_scope | ({name} if sees_itself else set())), allowed)
        in_scope.add(name)
    if node_type == "RECURSIVE_CTE_NODE":
        in_scope.add(str(node.get("cte_name", "")).lower())
    for key, child in node.items():
        if key != "cte_map":
            _walk(child, frozenset(in_scope), allowed)


def _check_table_ref(ref: dict[str, Any], visible: frozenset[str], allowed: Allowed) -> None:
    kind = str(ref.get("type", ""))
    if kind not in ALLOWED_TABLE_REFS:
        raise _Refused("not_offered", kind.lower().replace("_", " "))
    if kind == "BASE_TABLE":
        name = str(ref.get("table_name", ""))
        catalog, schema = str(ref.get("catalog_name", "")), str(ref.get("schema_name", ""))
        qualified = ".".join(part for part in (catalog, schema, name) if part)
        if ref.get("at_clause") is not None:
            raise _Refused("not_offered", f"{qualified} AT (...)")
        if catalog or schema.lower() not in PLAIN_SCHEMAS:
            raise _Refused("unknown_table", qualified)
        if name.lower() not in allowed.tables and not (not schema and name.lower() in visible):
            raise _Refused("unknown_table", qualified)
    elif kind == "TABLE_FUNCTION":
        function = ref.get("function") or {}
        name = str(function.get("function_name", ""))
        if function.get("catalog") or str(function.get("schema", "")).lower() not in PLAIN_SCHEMAS:
            raise _Refused("qualified_function", _qualified_function(function))
        if name.lower() not in allowed.table_functions:
            raise _Refused("table_function", name)
    elif kind == "SHOW_REF":
        if ref.get("catalog_name") or str(ref.get("schema_name", "")).lower() not in PLAIN_SCHEMAS:
            raise _Refused("not_offered", "SHOW of another schema")
        if ref.get("query") is None:
            shown = str(ref.get("table_name", "")).strip('"').lower()
            if shown not in ALLOWED_SHOW_NAMES:
                raise _Refused("not_offered", f"SHOW {shown}")


def _check_function(function: dict[str, Any]) -> None:
    name = str(function.get("function_name", ""))
    if name.lower() in DENIED_FUNCTIONS:
        raise _Refused("function", name)  # why each is denied: policy.DENIED_FUNCTIONS
    schema = str(function.get("schema", "")).lower()
    if function.get("catalog") or schema not in PLAIN_SCHEMAS:
        raise _Refused("qualified_function", _qualified_function(function))


def _qualified_function(function: dict[str, Any]) -> str:
    parts = (function.get("catalog"), function.get("schema"), function.get("function_name"))
    return ".".join(str(part) for part in parts if part)


def _leading_keyword(sql: str) -> str:
    """The statement's first word (INSTALL, COPY, ...), to name it in the message; never used to decide."""
    try:
        tokens = duckdb.tokenize(sql)
    except duckdb.Error:
        tokens = []
    if tokens:
        start = tokens[0][0]
        end = start
        while end < len(sql) and _is_word(sql[end]):
            end += 1
        if end > start:
            return sql[start:end].upper()
    words = sql.split()
    return words[0].upper() if words else ""


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a parsed tree, depth first (for tests and tools)."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)
