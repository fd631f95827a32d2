"""A one-chart page for the shared-cache tests, run as the router runs a page: the data version read once
per run (start_run), one cached computation, one cached figure and its JSON text."""

import plotly.graph_objects as go
import streamlit as st

from app_ui.state.cache import cached_figure, compute
from app_ui.state.database import start_run
from app_ui.widgets.plotly_chart import figure_json
from tests.serving.apps.probe import counted_member_count


def count_figure(count: int) -> go.Figure:
    return go.Figure(go.Indicator(value=count, title={"text": "Members"}))


start_run()
count = compute(counted_member_count)
figure = cached_figure(count_figure, count)
st.session_state["figure_id"] = id(figure)
st.session_state["figure_json"] = figure_json(figure)
st.write(f"members={count}")
