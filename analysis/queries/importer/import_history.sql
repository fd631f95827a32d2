-- One row per import that landed, newest first: the last $limit of them.
select import_id, imported_at, imported_by, files, rows_added, rows_updated
from imports
order by import_id desc
limit $limit
