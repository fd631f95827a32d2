"""A real Streamlit server and Debian's chromium for browser tests (never `playwright install`).

with running_dashboard(database_file, tmp_path) as base_url:
    page.goto(f"{base_url}/geography")
    sign_in_if_asked(page)
    wait_for_charts(page)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import pytest
from playwright.sync_api import Page, Route

from analysis.i18n import Language, translate
from analysis.paths import PROJECT_ROOT
from benchmarks.dashboard_bench import PORTS as DASHBOARD_PORTS
from benchmarks.dashboard_server import dashboard_server, free_port
from tests.datasets import copy_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
USER, PASSWORD = "browser-test", "a long test password"
# A test run leaves the git tree as it found it: screenshots go to build/ (gitignored), and into
# docs/screenshots/ (shown by the README) only when asked: `make screenshots` (UPDATE_SCREENSHOTS=1).
SCREENSHOTS = (
    PROJECT_ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "build") / "screenshots"
)


def skip_without_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium: apt-get install chromium")


def write_secrets(folder: Path) -> Path:
    """A secrets file with one editor (so every page, the Data page too, can be opened)."""
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    path = folder / "secrets.toml"
    path.write_text(
        f'[access]\nanonymous_viewers = false\n\n[access.users."{USER}"]\nrole = "editor"\n'
        f'password_hash = "{password_hash}"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def running_dashboard(
    database_file: Path, folder: Path, extra_options: tuple[str, ...] = ()
) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free port against a copy of `database_file`; yields its base URL.
    `extra_options` go to `streamlit run` (e.g. "--server.enableStaticServing", "false")."""
    database = folder / "served.ducklake"
    copy_store(database_file, database)
    with dashboard_server(
        database,
        write_secrets(folder),
        free_port(DASHBOARD_PORTS),
        folder / "server.log",
        extra_options=extra_options,
    ) as server:
        yield server.url


@contextmanager
def browser_page(width: int = 1400, height: int = 1200) -> Iterator[Page]:
    """A new page in a freshly launched headless chromium, closed at the end of the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def close_network(page: Page, blocked: list[str]) -> None:
    """Abort every request that does not go to this machine, and note it in `blocked`."""

    def route(request_route: Route) -> None:
        url = request_route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)


def sign_in_if_asked(page: Page, language: Language = "en") -> None:
    """Fill the sign-in form when the frame shows it (every new browser session starts signed out)."""
    page.wait_for_selector(
        "[data-testid=stTextInput], [data-testid=stSidebar]", state="attached", timeout=60_000
    )
    name = page.get_by_label(translate("access.login.name", language))
    if name.count():
        name.fill(USER)
        page.get_by_role("textbox", name=translate("access.login.password", language)).fill(PASSWORD)
        page.get_by_role("button", name=translate("access.login.submit", language)).click()


def wait_for_charts(page: Page, count: int = 1, timeout: float = 60_000) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}", timeout=timeout
    )
