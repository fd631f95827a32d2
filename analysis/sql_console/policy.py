"""What the SQL console allows, and every limit it runs under: the one list, read by the code and the README.

Everything about a query happens in a worker process under these limits: the length check before
anything parses (in the server), then in the worker the statement check, the planning, the run and the
reading of the result. The README's *Limits* section states the same numbers (a test compares them).

Allowed, and nothing else (a test runs an attack against each refusal):

- **Statements**: one SELECT-shaped statement: `SELECT`, `FROM ...` (FROM-first), `VALUES`, `WITH`
  (no data-changing CTE), `DESCRIBE`, `SUMMARIZE`, `SHOW TABLES`, `SHOW ALL TABLES`, and `CALL f(...)`
  of an allowed table function (run as `SELECT * FROM f(...)`). Refused: every statement that writes,
  creates, sets, attaches, copies, exports, loads, checkpoints (`CHECKPOINT`, `CALL checkpoint()`),
  PRAGMA, EXPLAIN, PREPARE/EXECUTE and transaction commands.
- **Relations**: the alliance tables of the snapshot (`ALLIANCE_TABLES` below, minus `HIDDEN_COLUMNS`),
  named without a catalog or with the schema `main` only, and the query's own WITH names. No system
  views (`duckdb_databases`, `information_schema.*`, `pg_catalog.*`), no files (`'x.csv'`), no time travel.
- **Table functions**: `ALLOWED_TABLE_FUNCTIONS`, plus the alliance's shared definitions (the table
  macros of `analysis/queries/store/macros*.sql`, e.g. `active_members(...)`). No `read_*`, `glob`, `query`,
  `duckdb_*`, `pragma_*` other than the two listed, `checkpoint`, `which_secret`.
- **Functions**: every built-in scalar, aggregate and window function and the shared scalar definitions
  (`is_active_on`, ...), except `DENIED_FUNCTIONS` (they read the server's settings or state, or sleep).
  A function named with a catalog or schema (`system.main.f()`) is refused.
- **Columns**: everything in those tables except `HIDDEN_COLUMNS` (names of people), which the
  snapshot the console reads does not hold at all.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB

# --- Limits ---------------------------------------------------------------------------------------
MAX_SQL_CHARACTERS = 100_000  # longer text is refused before anything parses it
MAX_EXPRESSION_DEPTH = 1_000  # DuckDB's max_expression_depth (its default), fixed in the worker
DEFAULT_TIMEOUT_SECONDS = 10.0  # statement check + planning + run + reading the result
STOP_GRACE_SECONDS = 0.5  # the worker is killed this long after the time limit if it has not stopped
STARTUP_SECONDS = 30.0  # a worker that has not started in this long is replaced (a loaded machine)
CPU_ALLOWANCE_SECONDS = 2.0  # CPU time a query may use beyond its time limit (one thread: CPU <= wall)
DEFAULT_ROW_LIMIT = 10_000  # rows read from a result; the rest are never read
MAX_RESULT_BYTES = 16 * MiB  # bytes of result (Arrow columns) read; the rest are never read
WORKER_ADDRESS_SPACE_BYTES = 1280 * MiB  # RLIMIT_AS of the worker process: everything it maps
DUCKDB_MEMORY_LIMIT_BYTES = (
    384 * MiB
)  # DuckDB's buffer manager inside the worker (the rest: Python, Arrow, parser)
DUCKDB_TEMP_DIRECTORY_BYTES = 256 * MiB  # disk DuckDB may spill to, in the worker's private folder
THREADS = 1  # DuckDB threads per query
WORKERS = 1  # queries running at a time per server process (each in its own worker)
QUEUE_SECONDS = 15.0  # how long a query waits for a free worker before "busy" is answered
RECYCLE_RSS_BYTES = 256 * MiB  # a worker holding more than this after a query is replaced
RECYCLE_AFTER_QUERIES = 500  # and any worker after this many queries

# --- What may be read -----------------------------------------------------------------------------
# Table functions a query may call, beyond the alliance's own table macros.
ALLOWED_TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "json_each",
        "json_tree",
        "pragma_table_info",
        "pragma_version",
    }
)

# Scalar functions refused, each with why (the rest of DuckDB's built-ins are allowed).
DENIED_FUNCTIONS: dict[str, str] = {
    "current_setting": "reads the server's settings (folders, memory)",
    "getvariable": "reads the server's variables",
    "getenv": "reads the server's environment",
    "which_secret": "reads the server's secrets",
    "write_log": "writes to the server's log",
    "sleep_ms": "only waits",
    "pg_sleep": "only waits",
}

# SHOW forms allowed without a query (SHOW TABLES, SHOW ALL TABLES); DESCRIBE and SUMMARIZE of a query
# or an allowed table are checked like any query.
ALLOWED_SHOW_NAMES = frozenset({"tables", "__show_tables_expanded"})

# Columns that name people (who imported): never copied into the console's snapshot.
HIDDEN_COLUMNS: dict[str, tuple[str, ...]] = {"imports": ("imported_by",)}
