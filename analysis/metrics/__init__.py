"""The metric engine: every figure the dashboard, exports and command line show, defined once.

Each function takes `(database, filters, ...)`, aggregates in DuckDB and returns a small object;
its docstring states its grain and definition. See the README's metric glossary.
"""
