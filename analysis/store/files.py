"""A store's files as a whole: removing a store, and moving or copying a closed embedded one (its catalog,
journal files and data folder together)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from analysis.store.location import StoreLocation, store_location
from analysis.store.write_lock import exclusive_writer


def remove_store(location: StoreLocation) -> None:
    """Delete a store entirely (`init --force`): its catalog and its data files."""
    if location.server:
        from analysis.store.server_catalog import drop_catalog

        data_path = drop_catalog(location)
        if data_path is not None and data_path.is_dir():
            shutil.rmtree(data_path)
        return
    catalog = location.catalog_file
    with exclusive_writer(location):
        for suffix in ("", "-wal", "-shm"):
            candidate = catalog.with_name(catalog.name + suffix)
            if candidate.exists():
                candidate.unlink()
        shutil.rmtree(location.default_data_files(), ignore_errors=True)


def move_embedded_store(source: Path, target: Path) -> None:
    """Rename a closed embedded store (catalog, its journal files and its data folder) to `target`.

    A store built under a side name and moved into place only when complete (the benchmark's
    databases) leaves nothing half-made behind when it is cut off.
    """
    source, target = Path(source), Path(target)
    for suffix in ("-wal", "-shm", ".write-lock"):
        source.with_name(source.name + suffix).unlink(missing_ok=True)
    remove_store(store_location(target))
    os.replace(source.with_name(source.name + ".files"), target.with_name(target.name + ".files"))
    os.replace(source, target)


def remove_embedded_store_files(catalog: Path) -> None:
    """Delete a (closed) embedded store's catalog and data folder, if any."""
    remove_store(store_location(catalog))


def copy_embedded_store(source: Path, target: Path) -> Path:
    """Copy a closed (or quiet) embedded store, catalog and data folder, to `target`: a working, independent store."""
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    files = source.with_name(source.name + ".files")
    if files.is_dir():
        shutil.copytree(files, target.with_name(target.name + ".files"))
    return target
