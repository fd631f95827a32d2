"""The plotly.js config every chart is drawn with: offline world map, tidy mode bar, no logo.

plotly.js fetches map outlines from `topojsonURL + "world_110m.json"`; by default that is a CDN, which an
intranet cannot reach (the map then comes up empty, silently). Streamlit serves `static/` at
`app/static/`, and the files there are Natural Earth outlines from the npm package plotly.js 3.5.0.
The URL is relative to the page, so it also works under a `server.baseUrlPath`.
"""

from __future__ import annotations

from typing import Any

from analysis.i18n import Language

TOPOJSON_URL = "app/static/topojson/"


def chart_config(language: Language) -> dict[str, Any]:
    """The `config` passed to every `st.plotly_chart`."""
    return {
        "topojsonURL": TOPOJSON_URL,
        "displaylogo": False,
        "modeBarButtonsToRemove": ["autoScale2d", "toggleSpikelines"],
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }
