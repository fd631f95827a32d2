"""Read what a page drew in an AppTest run: each chart's plotly figure, found by its (translated) title."""

from __future__ import annotations

import json
from typing import Any

from streamlit.testing.v1 import AppTest

from analysis.i18n import Language, translate
from app_ui.widgets.plotly_chart import COMPONENT_NAME


def drawn_charts(app: AppTest) -> list[dict[str, Any]]:
    """What each chart element on the page was given: figure, config, selectable, messages."""
    elements = [
        element for element in app.get("bidi_component") if element.proto.component_name == COMPONENT_NAME
    ]
    drawn = [json.loads(element.proto.json) for element in elements]
    return [{**given, "figure": json.loads(given.pop("figure_json"))} for given in drawn]


def charts_by_title(app: AppTest) -> dict[str, dict[str, Any]]:
    """title text -> the figure as plotly JSON (data, layout) for every chart on the page."""
    figures = [chart["figure"] for chart in drawn_charts(app)]
    # A long title is wrapped for narrow charts (analysis.figures.theme.wrapped_title): "<br>" only added.
    return {figure["layout"]["title"]["text"].replace("<br>", ""): figure for figure in figures}


def chart(app: AppTest, key: str, language: Language = "en", **values: object) -> dict[str, Any]:
    """The chart titled with catalogue message `key` (e.g. "membership.growth.title", grain="year")."""
    title = translate(key, language, **values)
    charts = charts_by_title(app)
    assert title in charts, f"no chart titled {title!r}; the page shows {sorted(charts)}"
    return charts[title]


def trace_values(figure: dict[str, Any], name: str, axis: str = "y") -> dict[str, Any]:
    """x -> y (or y -> x for axis="x") of the trace called `name`."""
    traces = [trace for trace in figure["data"] if trace.get("name") == name]
    assert traces, f"no trace {name!r}; traces are {[trace.get('name') for trace in figure['data']]}"
    trace = traces[0]
    keys, values = (trace["x"], trace["y"]) if axis == "y" else (trace["y"], trace["x"])
    return dict(zip(keys, values, strict=True))


def trace_names(figure: dict[str, Any]) -> list[str]:
    return [trace.get("name") for trace in figure["data"]]


def caption_texts(app: AppTest) -> list[str]:
    return [str(caption.value) for caption in app.caption]
