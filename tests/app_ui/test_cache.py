"""Figures are built once for the same inputs (app_ui/state/cache.py cached_figure), and again for new ones."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from app_ui.state.cache import cached_figure

BUILT: list[tuple[str, ...]] = []


def bar_figure(data: pd.DataFrame, language: str, *, title: str = "") -> go.Figure:
    BUILT.append((language, title))
    return go.Figure(go.Bar(x=data["period"], y=data["members"])).update_layout(title_text=title)


def frame(members: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"period": ["2023", "2024"], "members": members})


def test_the_same_inputs_give_the_same_figure_built_once() -> None:
    BUILT.clear()
    first = cached_figure(bar_figure, frame([72, 95]), "en", title="Members")
    again = cached_figure(bar_figure, frame([72, 95]), "en", title="Members")  # an equal, new frame
    assert again is first
    assert BUILT == [("en", "Members")]
    assert list(first.data[0].y) == [72, 95]


def test_new_data_a_language_or_an_option_build_a_new_figure() -> None:
    BUILT.clear()
    base = cached_figure(bar_figure, frame([72, 95]), "en", title="Members")
    changed_data = cached_figure(bar_figure, frame([72, 96]), "en", title="Members")
    changed_language = cached_figure(bar_figure, frame([72, 95]), "zh", title="Members")
    changed_option = cached_figure(bar_figure, frame([72, 95]), "en", title="成员")
    assert len({id(base), id(changed_data), id(changed_language), id(changed_option)}) == 4
    assert list(changed_data.data[0].y) == [72, 96]
    assert len(BUILT) == 4
