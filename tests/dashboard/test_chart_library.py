"""The charts' browser library is asked for at the start of a run (pages/ui/chart_library.py).

The preload only helps if its URL is the very module Streamlit's frontend imports for a chart (else the
browser loads 4.7 MB twice), if it never shows on screen, and if a sign-in form is not kept waiting
behind it. The browser half (one fetch, nothing visible) is in test_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import PROJECT_ROOT
from pages.ui.chart_library import PRELOAD_MARKER, chart_library_chunk
from pages.ui.session_access import IDENTITY_KEY

FRAME = PROJECT_ROOT / "dashboard.py"
STREAMLIT_JS = Path(st.__file__).parent / "static" / "static" / "js"


def test_the_preloaded_chunk_is_the_one_streamlits_charts_import() -> None:
    chunk = chart_library_chunk()
    assert chunk is not None and (STREAMLIT_JS / chunk).is_file()
    # The frontend's entry module imports the chunk relative to itself, as the preload does.
    entry = next(STREAMLIT_JS.glob("index.*.js")).read_text(encoding="utf-8")
    assert re.search(rf"import\(`\./{re.escape(chunk)}`\)", entry), "the entry script imports another name"
    assert (STREAMLIT_JS / chunk).stat().st_size > 1_000_000  # plotly.js itself, not a small wrapper


def frame_elements(secrets: dict[str, Any], signed_in: bool = False) -> list[Any]:
    app = AppTest.from_file(str(FRAME), default_timeout=120)
    app.secrets = secrets
    if signed_in:
        app.session_state[IDENTITY_KEY] = Identity("vera", Role.VIEWER, "password")
    app.run()
    assert not app.exception
    return list(app.main)


def is_preload(element: Any) -> bool:
    return element.type == "html" and PRELOAD_MARKER in element.proto.body


def users(anonymous_viewers: bool) -> dict[str, Any]:
    password_hash = "$2b$04$" + "x" * 53
    return {
        "access": {
            "anonymous_viewers": anonymous_viewers,
            "users": {"vera": {"role": "viewer", "password_hash": password_hash}},
        }
    }


def test_a_run_that_goes_straight_to_a_page_asks_for_the_library_first(demo_app: Path) -> None:
    for secrets, signed_in in (
        (users(anonymous_viewers=True), False),
        (users(anonymous_viewers=False), True),
    ):
        elements = frame_elements(secrets, signed_in)
        first_content = next(element for element in elements if element.type != "main")
        assert is_preload(first_content), [element.type for element in elements[:4]]
        assert sum(is_preload(element) for element in elements) == 1


def test_a_sign_in_form_comes_before_the_library(demo_app: Path) -> None:
    elements = frame_elements(users(anonymous_viewers=False))
    kinds = [element.type for element in elements]
    assert kinds.count("text_input") == 2 and "button" in kinds  # the form: name, password, sign in
    preload_at = next(index for index, element in enumerate(elements) if is_preload(element))
    assert preload_at == len(elements) - 1  # the last thing the run sends, after the whole form
    assert sum(is_preload(element) for element in elements) == 1


def test_only_a_plain_file_name_can_reach_the_page() -> None:
    from pages.ui.chart_library import CHUNK_NAME

    assert CHUNK_NAME.fullmatch("PlotlyChart.D9Z0_fxz.js")
    for hostile in ('PlotlyChart.x"><script>alert(1)</script>.js', "PlotlyChart.a b.js", "PlotlyChart..js"):
        assert not CHUNK_NAME.fullmatch(hostile), hostile
