"""The chart element every page draws with: a plotly figure in the browser, with a click-to-filter selection.

In place of `st.plotly_chart`, whose browser side is Streamlit's full plotly.js (4.7 MB, sent uncompressed,
about a second of the browser's time to start before the first chart can be drawn), this custom component
(Streamlit's components v2) draws with the dashboard's own plotly.js build: the core and only the trace
types in BUNDLED_TRACE_TYPES (1.5 MB, 0.5 MB as Streamlit sends it compressed, about 0.1 s to start).
Built by scripts/build_plotly_bundle.sh at the plotly.js version plotly.py draws for, and served by
Streamlit's static file serving like the map outlines, so nothing comes from the internet.

A selection is reported as `st.plotly_chart(on_select="rerun")` reports it: the chart's key in session
state holds {"selection": {"points": [{"customdata": ..., "x": ..., ...}]}} (app_ui/state/selection.py).
"""

from __future__ import annotations

import json
import threading
import weakref
from functools import partial
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analysis.i18n import Language, translate
from analysis.rendering.plotly_bundle import chart_element

# scripts/plotly_bundle/entry.js registers these; a figure with another trace type would not be drawn.
BUNDLED_TRACE_TYPES = frozenset({"scatter", "bar", "choropleth", "heatmap", "indicator", "scattergeo"})
COMPONENT_NAME = "alliance_plotly_chart"
COMPONENT_SCRIPT = Path(__file__).with_name("plotly_chart.js")


def _script_without_comment_lines(path: Path) -> str:
    """The element's script as sent with every chart: its whole-line comments are for the reader only."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//"))


# Not style-isolated: plotly.js puts its own style sheet (hover labels, mode bar) in the page's head.
_draw = st.components.v2.component(
    COMPONENT_NAME,
    js=_script_without_comment_lines(COMPONENT_SCRIPT),
    css=".alliance-chart:fullscreen { background: #ffffff; }",
    isolate_styles=False,
)


def _selection_changed() -> None:
    """Nothing to do: a selection reruns the page, which reads it from session state. (A state value
    exists only for an event with a callback.)"""


def figure_data(figure: go.Figure) -> dict[str, Any]:
    """The figure as plotly.js reads it (plotly.py's own JSON encoding: dates, NumPy values)."""
    decoded: dict[str, Any] = json.loads(figure_json(figure))
    return decoded


# Serialised figures, by the figure object they were made from. The figures come from the process-wide
# cache (app_ui/state/cache.py cached_figure), shared by every session on the same view and never changed
# once built, so each is serialised once per process, not once per session and rerun (plotly's
# to_json of a map or a six-trace chart took 5-30 ms a chart under load, measured with py-spy). An entry
# goes when its figure is dropped from that cache; the weak reference makes sure a new figure that
# happens to reuse a dropped one's id() is never given the old text.
_FIGURE_JSON: dict[int, tuple[weakref.ref[go.Figure], str]] = {}
_FIGURE_JSON_LOCK = threading.Lock()
_FIGURE_JSON_MAX = 600


def figure_json(figure: go.Figure) -> str:
    """`figure.to_json()`, computed once per figure object."""
    key = id(figure)
    held = _FIGURE_JSON.get(key)
    if held is not None and held[0]() is figure:
        return held[1]
    text = figure.to_json()
    with _FIGURE_JSON_LOCK:
        if len(_FIGURE_JSON) >= _FIGURE_JSON_MAX:
            for stale in [k for k, (ref, _) in _FIGURE_JSON.items() if ref() is None]:
                del _FIGURE_JSON[stale]
            if len(_FIGURE_JSON) >= _FIGURE_JSON_MAX:
                _FIGURE_JSON.clear()
        _FIGURE_JSON[key] = (weakref.ref(figure, partial(_forget_figure, key)), text)
    return text


def _forget_figure(key: int, _reference: object) -> None:
    """Called when a serialised figure's figure is dropped (so its id() may be given to another)."""
    _FIGURE_JSON.pop(key, None)


def plotly_chart(
    figure: go.Figure,
    *,
    key: str,
    config: dict[str, Any],
    language: Language,
    selectable: bool,
) -> None:
    """Draw `figure` full width; when `selectable`, a click (or box or lasso) on it reruns the page with
    the selection in `st.session_state[key]["selection"]`.

    Falls back to `st.plotly_chart` (same selection state) when the dashboard's plotly.js build is not
    the version plotly.py draws for, or when ALLIANCE_CHART_ELEMENT=streamlit (analysis/rendering/plotly_bundle.py)."""
    if chart_element() == "streamlit":
        st.plotly_chart(
            figure,
            key=key,
            config=config,
            on_select="rerun" if selectable else "ignore",
            selection_mode=("points", "box", "lasso"),
            width="stretch",
        )
        return
    _draw(
        key=key,
        data={
            # Sent as JSON text, decoded by the element: Streamlit then copies one string instead of
            # encoding (and, for the element's identity, encoding again with sorted keys) the whole
            # figure on every rerun of every session.
            "figure_json": figure_json(figure),
            "config": config,
            "selectable": selectable,
            "messages": {
                "library_missing": translate("common.chart.library_missing", language, url="{url}"),
                "not_drawn": translate("common.chart.not_drawn", language, reason="{reason}"),
                "fullscreen": translate("common.chart.fullscreen", language),
            },
        },
        width="stretch",
        on_selection_change=_selection_changed if selectable else None,
    )
