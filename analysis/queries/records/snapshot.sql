-- One row (or none): snapshot $id of the store: when (microseconds since 1970, UTC), who, its note.
select snapshot_id, epoch_us(snapshot_time) as made_at, author, commit_message, commit_extra_info
from ducklake_snapshots($lake)
where snapshot_id = $id
