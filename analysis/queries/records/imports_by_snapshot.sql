-- One row per import recorded in snapshots $first..$last: the snapshot, who imported, the files, the import.
select snapshot_id, imported_by, files, import_id
from ducklake_table_changes($lake, 'main', 'imports', $first, $last)
where change_type = 'insert'
