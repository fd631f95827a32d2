"""Cached calls into `analysis/`, keyed on the function, its arguments, the database file and its data version.

A new import or restore bumps the data version, so the next rerun computes afresh; nothing caches a
connection. The session's role is part of the key too, so no result computed for one role is ever
served to another (should an analysis function ever return something role-specific). Usage from a
page: `figures = compute(headline_figures, filters)`, where the analysis function's first parameter is
the AllianceDatabase.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import streamlit as st

from analysis.store.connection import AllianceDatabase
from app_ui.frame.auth import current_role
from app_ui.state.database import current_data_version, shared_database

P = ParamSpec("P")
R = TypeVar("R")


def compute(function: Callable[Concatenate[AllianceDatabase, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`function(database, *args, **kwargs)`, cached until the data changes."""
    database = shared_database()
    return _cached_call(
        function.__module__,
        function.__qualname__,
        str(database.path),
        current_data_version(),
        current_role(),
        args,
        tuple(sorted(kwargs.items())),
    )


@st.cache_data(show_spinner=False, max_entries=1000)
def _cached_call(
    module: str,
    qualname: str,
    database_path: str,
    data_version: int,
    role: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    return _named(module, qualname)(shared_database(), *args, **dict(kwargs))


def cached_figure(builder: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`builder(*args, **kwargs)`, built once for the same inputs (data frames compared by content).

    Any builder whose result is only read may use it (the events page's picker labels do).

    The same figure object goes to every session of the same role on the same view of the same data, and
    its JSON text is made once (app_ui/widgets/plotly_chart.py figure_json). Building a plotly figure validates every property: 10-30 ms a chart, the largest part of a warm
    rerun on a page of six charts. The figure is shared, not copied (unpickling would validate it all
    again), so it must not be changed once built: nothing does (Streamlit reads it; downloads draw a
    copy, `framed_figure`).
    """
    return _cached_figure(
        builder.__module__,
        builder.__qualname__,
        current_data_version(),
        current_role(),
        args,
        tuple(sorted(kwargs.items())),
    )


@st.cache_resource(show_spinner=False, max_entries=300)
def _cached_figure(
    module: str,
    qualname: str,
    data_version: int,
    role: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> Any:
    """Keyed, like `_cached_call`, on the data version and the role too: a figure (and the JSON text made
    from it once, app_ui/widgets/plotly_chart.py) is shared only by sessions of the same role looking at the
    same view of the same data."""
    return _named(module, qualname)(*args, **dict(kwargs))


def _named(module: str, qualname: str) -> Any:
    """The function a cache key names (the key holds names, since functions hash by identity)."""
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found
