"""Drive the dashboard with Streamlit's AppTest: open a page inside the frame, and find untranslated text.

Reusable by every page's tests:

    app = open_page("app_pages/geography.py", language="zh", query={"as_of": "2023-11-19"})
    assert not app.exception
    assert untranslated_texts(app, "zh") == []
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from analysis.i18n import Language, catalog
from analysis.paths import PROJECT_ROOT

FRAME = PROJECT_ROOT / "dashboard.py"
# Every page the frame's navigation lists (tests/app/test_frame.py checks this against dashboard.py).
PAGE_SCRIPTS = (
    "app_pages/overview.py",
    "app_pages/membership.py",
    "app_pages/geography.py",
    "app_pages/events.py",
    "app_pages/governance.py",
    "app_pages/explore.py",
    "app_pages/report.py",
    "app_pages/data.py",
    "app_pages/records.py",
    "app_pages/history.py",
)
RUN_TIMEOUT_SECONDS = 120


# Sign-in (app_ui/frame/auth.py): a password user known to the secrets, already signed in for the session.
TEST_USER = "dashboard-test"
TEST_SECRETS: dict[str, Any] = {
    "access": {
        "anonymous_viewers": False,
        "users": {TEST_USER: {"role": "editor", "password_hash": "$2b$04$" + "x" * 53}},
    }
}


def signed_in_app(timeout: float = RUN_TIMEOUT_SECONDS) -> AppTest:
    """The frame as an AppTest, with an editor signed in (so every page, the Data page too, is listed)."""
    from analysis.auth.roles import Identity, Role

    app = AppTest.from_file(str(FRAME), default_timeout=timeout)
    app.secrets = TEST_SECRETS
    app.session_state["auth_identity"] = Identity(name=TEST_USER, role=Role.EDITOR, method="password")
    return app


def open_page(
    page_script: str,
    *,
    language: Language = "en",
    query: Mapping[str, str] | None = None,
    timeout: float = RUN_TIMEOUT_SECONDS,
) -> AppTest:
    """The frame run once with the URL `query` (plus lang), then switched to `page_script` and run."""
    app = signed_in_app(timeout)
    app.query_params.update(dict(query or {}))
    if language != "en":
        app.query_params["lang"] = language
    app.run()
    app.switch_page(page_script).run()
    return app


def page_errors(app: AppTest) -> list[str]:
    """Exceptions and error boxes on the page (the frame turns a page's exception into an error box)."""
    return [str(item.value) for item in app.exception] + [str(item.value) for item in app.error]


# Parts of a plotly figure that hold codes for the program, not text for a reader; and the chart
# element's own code (app_ui/widgets/plotly_chart.js), sent with each chart.
_NOT_READ_BY_PEOPLE = frozenset(
    {"customdata", "ids", "locations", "meta", "uid", "legendgroup", "selectedpoints"}
    | {"componentName", "jsContent", "jsSourcePath", "cssContent", "cssSourcePath", "htmlContent"}
)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a decoded proto; plotly figures (JSON text) are opened and walked too."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("{") and '"layout"' in stripped:
            try:
                yield from _strings(json.loads(stripped))
                return
            except ValueError:
                pass
        yield value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            if name not in _NOT_READ_BY_PEOPLE:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def page_texts(app: AppTest) -> list[str]:
    """Every piece of text the run produced: labels, values, help, markdown, options, chart titles and hovers."""
    texts: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "DESCRIPTOR"):
            texts.extend(_strings(MessageToDict(proto)))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    for root in app._tree.children.values():
        walk(root)
    return texts


@cache
def _key_pattern() -> re.Pattern[str]:
    keys = sorted(catalog("en"), key=len, reverse=True)
    return re.compile("|".join(re.escape(key) for key in keys))


@cache
def _english_only_messages() -> frozenset[str]:
    """English catalogue texts without placeholders that differ from their Chinese text (long enough to mean something)."""
    english, chinese = catalog("en"), catalog("zh")
    return frozenset(
        text
        for key, text in english.items()
        if "{" not in text and len(text) >= 4 and re.search("[A-Za-z]", text) and chinese.get(key) != text
    )


def untranslated_texts(app: AppTest, language: Language) -> list[str]:
    """Text on the page that shows a catalogue key instead of its message, or (in Chinese) an English message."""
    found: list[str] = []
    english_only = _english_only_messages() if language == "zh" else frozenset()
    for text in page_texts(app):
        match = _key_pattern().search(text)
        if match and not text.startswith("$$ID"):
            found.append(f"key {match.group(0)!r} in {text[:80]!r}")
        elif text.strip() in english_only:
            found.append(f"English text in the Chinese view: {text.strip()!r}")
    return found
