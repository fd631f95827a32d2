"""Stores for the tests: copies of an embedded store, and a fresh store in either mode.

An embedded store is its catalog file plus the `<catalog>.files/` folder beside it; a copy of both is
a working, independent store (the data folder is always the one beside the catalog).
"""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_store(source: Path | str, target: Path | str) -> Path:
    """Copy an embedded store (catalog and data files) to `target`; returns the target catalog."""
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    files = source.with_name(source.name + ".files")
    if files.is_dir():
        shutil.copytree(files, target.with_name(target.name + ".files"))
    return target
