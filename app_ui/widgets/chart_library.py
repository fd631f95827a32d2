"""Start loading the browser's chart library while the first page run is still working.

The charts draw with the dashboard's own plotly.js build (app_ui/widgets/plotly_chart.py), which the browser
would fetch only when the first chart arrives. On a fresh server the first run spends about a second
importing libraries and querying before it sends that chart; asking the browser for the same module at
the very start of the run overlaps the two. A module is loaded once per URL, so when the chart element
imports it later it is already there.

A light module (Streamlit only): the frame calls it before its heavy imports.
"""

from __future__ import annotations

import streamlit as st

from analysis.paths import PROJECT_ROOT

LIBRARY_FILE = PROJECT_ROOT / "static" / "plotly" / "plotly-dashboard.min.js"
# Where Streamlit serves it (the project's static/ folder at app/static/), relative to the page like the
# map outlines, so it also works under a server.baseUrlPath. The chart element (app_ui/widgets/plotly_chart.js)
# imports the same text; a test keeps the two equal.
LIBRARY_URL = "app/" + LIBRARY_FILE.relative_to(PROJECT_ROOT).as_posix()
PRELOAD_MARKER = "alliance-chart-library-preload"


def preload_chart_library() -> None:
    """Ask the browser to load the chart library now; the element is hidden and takes no space."""
    st.html(
        f"""<span id="{PRELOAD_MARKER}"></span>
<style>.stElementContainer:has(#{PRELOAD_MARKER}) {{ display: none; }}</style>
<script>
import(new URL("{LIBRARY_URL}", document.baseURI).href).catch(function () {{}});
</script>""",
        unsafe_allow_javascript=True,
    )
