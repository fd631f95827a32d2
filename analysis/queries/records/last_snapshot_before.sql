-- One row: the last snapshot committed before $end (microseconds since 1970, UTC); NULL when none.
select max(snapshot_id) as snapshot_id
from ducklake_snapshots($lake)
where epoch_us(snapshot_time) < $end
