"""Which plotly.js draws the dashboard's charts, and whether it is the one plotly.py builds figures for.

The dashboard draws with its own plotly.js build (static/plotly/plotly-dashboard.min.js, made by
scripts/build_plotly_bundle.sh); plotly.py writes figures for the plotly.js version it ships
(`plotly.offline.get_plotlyjs_version()`), which also draws every exported image. When the two differ
(plotly upgraded, bundle not rebuilt), a figure may draw wrongly or not at all in the dashboard.

The setting ALLIANCE_CHART_ELEMENT chooses the chart element:
- `auto` (the default): the dashboard's build when its version matches plotly.py's, else Streamlit's own
  `st.plotly_chart` (its full plotly.js, always the one Streamlit was released with);
- `bundle`: always the dashboard's build; `streamlit`: always `st.plotly_chart`.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Literal

from analysis.errors import AllianceError
from analysis.paths import PROJECT_ROOT

BUNDLE_FILE = PROJECT_ROOT / "static" / "plotly" / "plotly-dashboard.min.js"
CHART_ELEMENT_VARIABLE = "ALLIANCE_CHART_ELEMENT"
ChartElement = Literal["bundle", "streamlit"]
# plotly.js sets its version as `<module>.version="4.1.1"` right after its "use strict" (d3 writes
# `{version:"3.8.2"}`, an object literal, which this does not match).
_VERSION = re.compile(r'"use strict";\w+\.version="(\d+\.\d+\.\d+)"')


@cache
def bundled_plotlyjs_version(bundle: Path = BUNDLE_FILE) -> str | None:
    """The plotly.js version of the dashboard's build, or None when the file is missing or unreadable."""
    try:
        text = bundle.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = _VERSION.search(text)
    return found.group(1) if found else None


def plotlypy_plotlyjs_version() -> str:
    """The plotly.js version plotly.py builds figures for (and exports draw with)."""
    import plotly.offline

    return str(plotly.offline.get_plotlyjs_version())


def bundle_matches() -> bool:
    return bundled_plotlyjs_version() == plotlypy_plotlyjs_version()


def chart_element() -> ChartElement:
    """The chart element the dashboard uses, from ALLIANCE_CHART_ELEMENT (see the module doc)."""
    setting = os.environ.get(CHART_ELEMENT_VARIABLE, "auto").strip().lower() or "auto"
    if setting == "bundle":
        return "bundle"
    if setting == "streamlit":
        return "streamlit"
    if setting != "auto":
        raise AllianceError(
            f"{CHART_ELEMENT_VARIABLE}={setting!r} is not a chart element: set it to auto (the default), "
            "bundle or streamlit."
        )
    return "bundle" if bundle_matches() else "streamlit"
