"""Figures finished on the page: built once (as `cached_figure`), then given their finishing steps,
such as the incomplete last period drawn lighter (analysis/figures/partial.py) or a year-earlier overlay
(analysis/figures/compare.py). Steps are named functions `step(figure, *args) -> figure`, so the result is
cached on their names and arguments too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.figures.partial import mark_partial_period
from analysis.i18n import Language
from app_ui.state.cache import _named

Step = tuple[Callable[..., go.Figure], tuple[Any, ...]]


def finished_figure(
    builder: Callable[..., go.Figure], args: tuple[Any, ...], steps: tuple[Step, ...]
) -> go.Figure:
    """`builder(*args)` with each `(step, step_args)` applied in turn, built once for the same inputs."""
    named_steps = tuple((step.__module__, step.__qualname__, step_args) for step, step_args in steps)
    return _finished(builder.__module__, builder.__qualname__, args, named_steps)


def marked_partial(
    builder: Callable[..., go.Figure],
    periods: pd.DataFrame,
    grain: str,
    language: Language,
    *args: Any,
    steps: tuple[Step, ...] = (),
) -> go.Figure:
    """`builder(*args)` after `steps`, with the incomplete last period of `periods` marked."""
    return finished_figure(builder, args, (*steps, (mark_partial_period, (periods, grain, language))))


@st.cache_resource(show_spinner=False, max_entries=300)
def _finished(
    module: str, qualname: str, args: tuple[Any, ...], steps: tuple[tuple[str, str, tuple[Any, ...]], ...]
) -> Any:
    figure = _named(module, qualname)(*args)
    for step_module, step_qualname, step_args in steps:
        figure = _named(step_module, step_qualname)(figure, *step_args)
    return figure
