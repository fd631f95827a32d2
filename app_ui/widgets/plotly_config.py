"""The plotly.js config every chart is drawn with: offline world map, tidy mode bar, no logo.

plotly.js fetches map outlines from `topojsonURL + "world_110m.json"`; by default that is a CDN, which an
intranet cannot reach (the map then comes up empty, silently). Streamlit serves `static/` at
`app/static/`, and the files there are Natural Earth outlines from the npm package plotly.js 3.5.0.
The URL is relative to the page, so it also works under a `server.baseUrlPath`.

The mode bar speaks the page's language: the dashboard's plotly.js build registers plotly.js's own
zh-CN locale (scripts/plotly_bundle/entry.js), served with it from `static/`, never from a CDN.
"""

from __future__ import annotations

from typing import Any

from analysis.i18n import Language

TOPOJSON_URL = "app/static/topojson/"
PLOTLY_LOCALES: dict[Language, str] = {"en": "en-US", "zh": "zh-CN"}


def chart_config(language: Language) -> dict[str, Any]:
    """The `config` passed to every `st.plotly_chart`."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "locale": PLOTLY_LOCALES[language],
        "displaylogo": False,
        # sendChartToCloud (plotly.js 4, "Share chart...") would upload the chart and its data to a
        # cloud service: never on an intranet dashboard.
        "modeBarButtonsToRemove": ["autoScale2d", "toggleSpikelines", "sendChartToCloud"],
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }
