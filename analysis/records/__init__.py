"""Staff keep the data in the app: edits, additions, deletions, their history, undo, and the past.

- `tables`: each data table's key and how a row is named in messages;
- `history`: the changes, read from the store's own DuckLake snapshots (who, when, what kind, in the
  snapshot's commit note) and `ducklake_table_changes` (the rows touched, before and after);
- `undo`: a change reversed as a new change, when no later change touched the same rows;
- `editing`: one record changed, added or deleted, checked by the import's rules, in one transaction;
- `preview`: what an import or an edit would do, and likely duplicate members.
"""
