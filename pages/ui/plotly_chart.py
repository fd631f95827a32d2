"""The chart element every page draws with: a plotly figure in the browser, with a click-to-filter selection.

In place of `st.plotly_chart`, whose browser side is Streamlit's full plotly.js (4.7 MB, sent uncompressed,
about a second of the browser's time to start before the first chart can be drawn), this custom component
(Streamlit's components v2) draws with the dashboard's own plotly.js build: the core and only the trace
types in BUNDLED_TRACE_TYPES (1.5 MB, 0.5 MB as Streamlit sends it compressed, about 0.1 s to start).
Built by scripts/build_plotly_bundle.sh at the plotly.js version plotly.py draws for, and served by
Streamlit's static file serving like the map outlines, so nothing comes from the internet.

A selection is reported as `st.plotly_chart(on_select="rerun")` reports it: the chart's key in session
state holds {"selection": {"points": [{"customdata": ..., "x": ..., ...}]}} (pages/ui/selection.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from analysis.i18n import Language, translate

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
    decoded: dict[str, Any] = json.loads(figure.to_json())
    return decoded


def plotly_chart(
    figure: go.Figure,
    *,
    key: str,
    config: dict[str, Any],
    language: Language,
    selectable: bool,
) -> None:
    """Draw `figure` full width; when `selectable`, a click (or box or lasso) on it reruns the page with
    the selection in `st.session_state[key]["selection"]`."""
    _draw(
        key=key,
        data={
            "figure": figure_data(figure),
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
