"""A real dashboard server and Debian's chromium for the sign-in, roles and hostile-upload browser tests (never `playwright install`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bcrypt
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.dashboard_server import RunningServer, dashboard_server, free_port
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
PORTS = range(
    8680, 8690
)  # these browser tests' share of this area's range (the load benchmark uses 8690-8699)
PASSWORD = "correct horse battery"


def skip_without_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium: apt-get install chromium")


def write_secrets(folder: Path, *, anonymous_viewers: bool = False) -> Path:
    """Two users with PASSWORD: vera (viewer) and ed (editor)."""
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    path = folder / "secrets.toml"
    path.write_text(
        f"[access]\nanonymous_viewers = {str(anonymous_viewers).lower()}\n"
        f'[access.users.vera]\nrole = "viewer"\npassword_hash = "{password_hash}"\n'
        f'[access.users.ed]\nrole = "editor"\npassword_hash = "{password_hash}"\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def served(database_file: Path, folder: Path) -> Iterator[RunningServer]:
    """A fresh server on a copy of `database_file`."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "served.ducklake"
    copy_store(database_file, database)
    with dashboard_server(database, write_secrets(folder), free_port(PORTS), folder / "server.log") as server:
        yield server


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page: Page, name: str, password: str = PASSWORD) -> None:
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def nav_links(page: Page) -> list[str]:
    """The page names in the top navigation, in order."""
    return [link.inner_text() for link in page.get_by_test_id("stTopNavLink").all()]


def current_nav_link(page: Page) -> str:
    return page.locator("[data-testid=stTopNavLink][aria-current=page]").inner_text()
