"""Storage: the DuckLake store, its schema and rules, its locks and backups (see connection.py)."""
