"""Start loading the browser's chart library while the first page run is still working.

Streamlit fetches its plotly.js chunk (`static/js/PlotlyChart.<hash>.js`, 4.7 MB) only when the first
chart arrives, and evaluating it takes the browser about a second; the chart appears only after that.
On a fresh page the server spends about as long importing libraries and querying before it sends that
chart. Asking the browser for the same module at the very start of the run overlaps the two: the module
is loaded once per URL, so when Streamlit imports it later it is already there.

The chunk's name is Streamlit's build detail, found by its file name pattern; if a Streamlit upgrade
renames it, nothing is preloaded and charts still load the usual way.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import streamlit as st

PRELOAD_MARKER = "alliance-chart-library-preload"
# The only text that reaches the page's HTML besides constants: a file name of Streamlit's own build,
# held to letters, digits, "_" and "-" so it can never carry markup.
CHUNK_NAME = re.compile(r"PlotlyChart\.[A-Za-z0-9_-]+\.js")


@cache
def chart_library_chunk() -> str | None:
    """The file name of Streamlit's plotly chunk, or None if this Streamlit build has none by that name."""
    folder = Path(st.__file__).parent / "static" / "static" / "js"
    names = [path.name for path in folder.glob("PlotlyChart.*.js") if CHUNK_NAME.fullmatch(path.name)]
    return names[0] if len(names) == 1 else None


def preload_chart_library() -> None:
    """Ask the browser to load the plotly chunk now; the element is hidden and takes no space."""
    chunk = chart_library_chunk()
    if chunk is None:
        return
    # The module URL must be the one Streamlit's own entry script resolves, or the browser loads it twice.
    st.html(
        f"""<span id="{PRELOAD_MARKER}"></span>
<style>.stElementContainer:has(#{PRELOAD_MARKER}) {{ display: none; }}</style>
<script>
(function () {{
  const entry = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (entry) {{ import(new URL("./{chunk}", entry.src).href).catch(function () {{}}); }}
}})();
</script>""",
        unsafe_allow_javascript=True,
    )
