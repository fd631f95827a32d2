"""An embed link in a real browser: inside an iframe of another page it shows its one view only,
keeps its filters whatever the URL says, and a revoked, expired or forged link shows a clear message."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Page

from analysis.auth.scope import parse_scope
from analysis.delivery.embeds import EmbedRegistry, embed_url, sign
from analysis.store.database import open_database
from benchmarks.dashboard_server import dashboard_server, free_port
from tests.browser.browser import SCREENSHOTS
from tests.browser.browser_session import chromium, skip_without_chromium
from tests.datasets import fill_europe_scope_alliance

pytestmark = pytest.mark.browser
KEY = "test-signing-key-for-embeds"
PORTS = range(8670, 8680)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, EmbedRegistry]]:
    skip_without_chromium()
    store = tmp_path / "served.ducklake"
    database = open_database(store)
    fill_europe_scope_alliance(database)
    database.close()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[access]\nanonymous_viewers = false\n\n[embedding]\nsigning_key = "{KEY}"\nallowed_origins = ["\'self\'"]\n',
        encoding="utf-8",
    )
    registry = EmbedRegistry(tmp_path / "delivery.sqlite")  # beside the store, where the dashboard looks
    with dashboard_server(store, secrets, free_port(PORTS), tmp_path / "server.log") as server:
        yield server.url, registry


@pytest.fixture
def intranet(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Another site (another port: another origin) that frames the links."""
    folder = tmp_path / "intranet"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port(range(8660, 8670))), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def framed(page: Page, folder: Path, site: str, url: str, name: str) -> FrameLocator:
    (folder / f"{name}.html").write_text(
        f'<html><body><h1>Intranet</h1><iframe src="{url}" width="1300" height="1000"></iframe></body></html>',
        encoding="utf-8",
    )
    page.goto(f"{site}/{name}.html")
    return page.frame_locator("iframe")


def test_embed_link_shows_its_view_only_and_refusals_say_why(
    served: tuple[str, EmbedRegistry], intranet: tuple[Path, str], tmp_path: Path
) -> None:
    base, registry = served
    folder, site = intranet
    embed = registry.create(
        "geography",
        {"as_of": "2024-12-31", "regions": "Europe"},
        parse_scope("region:Europe"),
        dt.timedelta(days=1),
        "intranet",
    )
    url = embed_url(base, embed, sign(embed, KEY.encode()))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1200})
        frame = framed(page, folder, site, url, "geography")
        frame.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
        assert frame.get_by_test_id("stTopNavLink").count() == 0  # no navigation to other pages
        assert frame.get_by_test_id("stSidebar").count() == 0  # no filter bar, no sign-in
        time.sleep(1)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "embed_geography_en.png"), full_page=True)
        text = frame.locator("body").inner_text()
        assert "Geography" in text and "as of 31 December 2024" in text
        assert "100%" in text  # members outside China: the Europe scope holds no Chinese member

        # The URL tampered with (another page's filters, another country): the link's view comes back.
        hostile = browser.new_page()
        hostile.goto(url + "&countries=CHN&regions=Asia")
        hostile.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
        hostile.wait_for_function("!location.search.includes('CHN')", timeout=30_000)
        assert "regions=Europe" in hostile.url and "Asia" not in hostile.url

        # Revoked: the next load says so, in both languages.
        registry.revoke(embed.id)
        frame = framed(page, folder, site, url, "revoked")
        frame.get_by_text("This embedded view was withdrawn").wait_for(timeout=60_000)
        frame.get_by_text("此嵌入视图已被撤回").wait_for(timeout=30_000)
        assert frame.locator(".js-plotly-plot").count() == 0
        page.screenshot(path=str(SCREENSHOTS / "embed_revoked.png"))

        # Expired.
        short = registry.create("overview", {}, None, dt.timedelta(seconds=2), None)
        short_url = embed_url(base, short, sign(short, KEY.encode()))
        time.sleep(3)
        frame = framed(page, folder, site, short_url, "expired")
        frame.get_by_text("This embedded view has expired").wait_for(timeout=60_000)

        # Forged: the same view signed with another key.
        other = registry.create("overview", {}, None, dt.timedelta(days=1), None)
        frame = framed(page, folder, site, embed_url(base, other, sign(other, b"not the key")), "forged")
        frame.get_by_text("its link is damaged or was not issued by this dashboard").wait_for(timeout=60_000)
