"""Every chart on every page goes through `show_chart`: one place for the plotly config (offline map),
the click-to-filter selection and the downloads (PNG/SVG/PDF of the whole figure, CSV/XLSX of its data).

STUB: renders the chart only; the dashboard and export work fill in the config and the downloads.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.ui.filter_bar import current_language
from pages.ui.plotly_config import chart_config


def show_chart(
    figure: go.Figure,
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    selectable: bool = False,
) -> Any:
    """Render `figure` (built from `data`); returns the selection event when `selectable`."""
    return st.plotly_chart(
        figure,
        key=key,
        width="stretch",
        config=chart_config(current_language()),
        on_select="rerun" if selectable else "ignore",
    )
