"""The chart element (app_ui/widgets/plotly_chart.py): what each chart is given, that the browser's plotly.js
build can draw every trace type the dashboard uses, and what a chart says when the library cannot load.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from analysis.i18n import translate
from analysis.paths import PROJECT_ROOT
from app_ui.widgets.plotly_chart import BUNDLED_TRACE_TYPES, figure_data
from app_ui.widgets.plotly_config import TOPOJSON_URL
from tests.app.apptest_pages import open_page
from tests.app.page_charts import drawn_charts
from tests.browser.browser import (
    browser_page,
    running_dashboard,
    sign_in_if_asked,
    skip_without_chromium,
)

CHART_PAGES = ("overview", "membership", "geography", "events", "governance")
# Figures drawn in the browser are built here; analysis/exports/ draws its tables (go.Table) for the PDF
# with kaleido's own full plotly.js, never in the dashboard's pages.
BROWSER_FIGURE_CODE = sorted((PROJECT_ROOT / "analysis" / "figures").glob("*.py"))


def trace_types_constructed(path: Path) -> set[str]:
    """The plotly trace types a module builds with `go.<Trace>(...)` (go.Figure and go.Layout are not traces)."""
    names = {
        node.func.attr
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "go"
    }
    return {name.lower() for name in names} - {"figure", "layout"}


def test_every_trace_type_the_figures_build_is_in_the_browser_build() -> None:
    built = set().union(*(trace_types_constructed(path) for path in BROWSER_FIGURE_CODE))
    # The scan sees the traces the figures build today (explore's single-number answer is an indicator).
    assert {"bar", "scatter", "choropleth", "heatmap", "indicator", "scattergeo"} <= built
    assert built <= BUNDLED_TRACE_TYPES, built - BUNDLED_TRACE_TYPES


def test_the_scan_sees_a_trace_type_outside_the_build(tmp_path: Path) -> None:
    module = tmp_path / "figure.py"
    module.write_text("import plotly.graph_objects as go\nfigure = go.Figure(go.Sankey(), go.Layout())\n")
    assert trace_types_constructed(module) == {"sankey"}
    assert not trace_types_constructed(module) <= BUNDLED_TRACE_TYPES


@pytest.mark.parametrize("page", CHART_PAGES)
def test_each_chart_page_draws_only_bundled_trace_types(demo_app: Path, page: str) -> None:
    charts = drawn_charts(open_page(f"app_pages/{page}.py", query={"as_of": "2023-11-19"}))
    assert charts, f"{page} drew no chart"
    drawn = {trace.get("type", "scatter") for chart in charts for trace in chart["figure"]["data"]}
    assert drawn <= BUNDLED_TRACE_TYPES, drawn


def test_a_chart_gets_its_figure_config_selection_and_messages_in_the_language(demo_app: Path) -> None:
    charts = drawn_charts(open_page("app_pages/overview.py", language="zh", query={"as_of": "2023-11-19"}))
    titles = [chart["figure"]["layout"]["title"]["text"] for chart in charts]
    assert titles == [
        translate("overview.chart.members_over_time", "zh"),
        translate("overview.chart.map", "zh"),
    ]
    members, world = charts
    assert [members["selectable"], world["selectable"]] == [False, True]  # click a country to filter
    assert world["config"]["topojsonURL"] == TOPOJSON_URL  # the offline outline
    assert world["figure"]["data"][0]["type"] == "choropleth"
    assert world["messages"] == {
        "library_missing": translate("common.chart.library_missing", "zh", url="{url}"),
        "not_drawn": translate("common.chart.not_drawn", "zh", reason="{reason}"),
        "fullscreen": "全屏显示",
    }
    assert "{url}" in world["messages"]["library_missing"]  # filled in by the browser


def test_the_figure_reaches_the_browser_as_plotly_json() -> None:
    figure = go.Figure(go.Bar(x=["2023-11-19"], y=[72], customdata=[["countries", "CHN"]]))
    data: dict[str, Any] = figure_data(figure)
    assert data["data"] == [
        {"type": "bar", "x": ["2023-11-19"], "y": [72], "customdata": [["countries", "CHN"]]}
    ]
    assert "template" in data["layout"]


@pytest.mark.browser
def test_without_static_serving_each_chart_says_why(demo_database_file: Path, tmp_path: Path) -> None:
    """A server started without static files cannot give the browser its chart library: each chart
    says so, and how to fix it, instead of leaving a blank space."""
    skip_without_chromium()
    options = ("--server.enableStaticServing", "false")
    with running_dashboard(demo_database_file, tmp_path, options) as base_url, browser_page() as page:
        page.goto(f"{base_url}/?as_of=2023-11-19")
        sign_in_if_asked(page)
        problems = page.locator(".alliance-chart-problem[role=alert]")
        problems.first.wait_for(timeout=60_000)
        page.wait_for_function(
            "document.querySelectorAll('.alliance-chart-problem').length >= 2", timeout=30_000
        )
        expected = translate(
            "common.chart.library_missing", "en", url="app/static/plotly/plotly-dashboard.min.js"
        )
        assert problems.all_inner_texts() == [expected, expected]
        assert page.locator(".js-plotly-plot").count() == 0


@pytest.mark.browser
def test_the_mode_bar_shows_a_chart_on_the_whole_screen_and_back(
    demo_database_file: Path, tmp_path: Path
) -> None:
    skip_without_chromium()
    with running_dashboard(demo_database_file, tmp_path) as base_url, browser_page(height=1000) as page:
        page.goto(f"{base_url}/?as_of=2023-11-19&lang=zh")
        sign_in_if_asked(page, "zh")
        page.wait_for_function(
            "document.querySelectorAll('.alliance-chart .main-svg').length >= 2", timeout=60_000
        )
        world = page.locator(".alliance-chart").nth(1)
        world.hover()
        world.locator('[data-title="全屏显示"]').click()
        page.wait_for_function("document.fullscreenElement !== null", timeout=10_000)
        assert page.evaluate("document.fullscreenElement.classList.contains('alliance-chart')")
        page.wait_for_function(
            "document.fullscreenElement.getBoundingClientRect().height === window.innerHeight"
        )
        drawn = world.locator(".main-svg").first.bounding_box()
        assert drawn is not None and drawn["height"] == 1000  # the figure fills the screen
        page.evaluate("document.exitFullscreen()")
        page.wait_for_function("document.fullscreenElement === null", timeout=10_000)
        page.wait_for_function(
            "document.querySelectorAll('.alliance-chart')[1].getBoundingClientRect().height === 330"
        )
