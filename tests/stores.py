"""Copies of an embedded store for the tests (catalog file plus the `<catalog>.files/` folder beside it)."""

from __future__ import annotations

from pathlib import Path

from analysis.store.files import copy_embedded_store


def copy_store(source: Path | str, target: Path | str) -> Path:
    """Copy an embedded store to `target`; returns the target catalog."""
    return copy_embedded_store(Path(source), Path(target))
