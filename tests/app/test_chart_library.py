"""The charts' browser library (static/plotly/plotly-dashboard.min.js) and its preload at the start of a
run (app_ui/widgets/chart_library.py).

The library must be the plotly.js version plotly.py writes figures for, served where the chart element
imports it; the preload only helps if it asks for that very URL (else the browser loads it twice), if it
never shows on screen, and if a sign-in form is not kept waiting behind it. The browser half (one fetch,
nothing visible, no fetch of Streamlit's own plotly.js) is in tests/browser/test_dashboard.py.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import plotly.offline
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import PROJECT_ROOT
from app_ui.frame.session_access import IDENTITY_KEY
from app_ui.widgets.chart_library import LIBRARY_FILE, LIBRARY_URL, PRELOAD_MARKER
from app_ui.widgets.plotly_chart import COMPONENT_SCRIPT

FRAME = PROJECT_ROOT / "dashboard.py"


def test_the_library_is_the_plotly_js_that_plotly_py_writes_for() -> None:
    library = LIBRARY_FILE.read_text(encoding="utf-8")
    versions = set(re.findall(r'\.version="(\d+\.\d+\.\d+)"', library))
    assert versions == {plotly.offline.get_plotlyjs_version()}  # 4.1.1 with plotly 7.1.0
    assert library.rstrip().endswith("*/") and "export{" in library  # an ES module, licences kept at its end
    assert 1_000_000 < LIBRARY_FILE.stat().st_size < 2_000_000  # a partial build: the full one is 4.8 MB
    assert (LIBRARY_FILE.parent / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_chart_element_and_the_preload_ask_for_the_file_streamlit_serves() -> None:
    # Streamlit serves the project's static/ folder at app/static/ when static serving is on.
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert "app/" + LIBRARY_FILE.relative_to(PROJECT_ROOT).as_posix() == LIBRARY_URL
    script = COMPONENT_SCRIPT.read_text(encoding="utf-8")
    assert re.findall(r'const LIBRARY = "([^"]+)";', script) == [LIBRARY_URL]


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
