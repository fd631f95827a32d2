"""The geography page: host-country share and diversity by hand, click a country to narrow, map offline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from analysis.figures.geography import local_topojson_folder, local_topojson_url, members_map
from app_ui.widgets.plotly_config import TOPOJSON_URL, chart_config
from tests.app.apptest_pages import open_page, page_errors
from tests.app.test_overview_page import two_countries


def metric_values(app: AppTest) -> dict[str, tuple[str, str]]:
    return {metric.label: (metric.value, metric.delta) for metric in app.metric}


def test_host_share_and_diversity_worked_by_hand(tiny_app: Callable[..., Path]) -> None:
    tiny_app(two_countries)
    app = open_page("app_pages/geography.py", query={"as_of": "2023-06-30"})
    assert page_errors(app) == []
    values = metric_values(app)
    # Active on 2023-06-30: CHN c1 c2 c3, USA u1 -> outside China 1 / 4 = 25%. A year earlier
    # (2022-06-30): CHN c1 c2, USA u1 u2 -> 2 / 4 = 50%: change -25 points.
    assert values["Members outside China"] == ("25%", "-25 pts")
    # exp(-(0.75 ln 0.75 + 0.25 ln 0.25)) = exp(0.5623) = 1.755 -> 1.8; a year earlier two even
    # countries = 2.0; change 1.755 - 2 = -0.245 -> -0.2.
    assert values["Effective number of countries"] == ("1.8", "-0.2")


def test_clicking_a_country_on_the_map_narrows_the_page_until_cleared(tiny_app: Callable[..., Path]) -> None:
    tiny_app(two_countries)
    app = open_page("app_pages/geography.py", query={"as_of": "2023-06-30"})
    # What Streamlit stores when the USA is clicked on the map (the map's points carry [field, value]).
    app.session_state["geography.map.0"] = {
        "selection": {
            "points": [{"customdata": ["countries", "USA"]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    app.run()
    assert page_errors(app) == []
    # Only the USA's u1 is active: all members outside China, one country.
    assert metric_values(app)["Members outside China"][0] == "100%"
    assert metric_values(app)["Effective number of countries"][0] == "1.0"
    assert any("United States" in item.value for item in app.info)  # says what narrows the page
    app.button(key="geography.clear_selection").click().run()
    assert metric_values(app)["Members outside China"][0] == "25%"
    # The map selection narrows the page only: the filter bar and the URL are unchanged.
    assert app.multiselect(key="filter_countries").value == []
    assert "countries" not in app.query_params


def test_the_world_map_is_a_world_view_drawn_from_the_shipped_outline() -> None:
    figure = members_map(pd.DataFrame({"country": ["CHN", "USA"], "members": [40, 5]}), "en")
    assert figure.layout.geo.fitbounds is False  # plotly.js would otherwise zoom to China and the USA
    assert figure.layout.geo.scope == "world"
    assert [list(point) for point in figure.data[0].customdata] == [
        ["countries", "CHN"],
        ["countries", "USA"],
    ]
    # plotly.js asks for topojsonURL + "world_110m.json"; Streamlit serves static/ at app/static/.
    assert chart_config("en")["topojsonURL"] == TOPOJSON_URL == "app/static/topojson/"
    outline = json.loads((local_topojson_folder() / "world_110m.json").read_text(encoding="utf-8"))
    assert outline["type"] == "Topology" and "countries" in outline["objects"]
    assert local_topojson_url().startswith("file://") and local_topojson_url().endswith("/static/topojson/")


def test_country_names_and_labels_follow_the_language(demo_app: Path) -> None:
    app = open_page("app_pages/geography.py", language="zh", query={"as_of": "2023-11-19"})
    assert page_errors(app) == []
    labels = [metric.label for metric in app.metric]
    assert labels == ["中国以外的成员占比", "有效国家数"]
