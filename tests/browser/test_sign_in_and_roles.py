"""In a real browser against a real server: sign-in, roles by URL, hostile names shown as text, XSRF."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Dialog

from analysis.store.database import open_database
from benchmarks.dashboard_server import RunningServer
from tests.browser.browser_session import (
    chromium,
    current_nav_link,
    nav_links,
    served,
    sign_in,
    skip_without_chromium,
)
from tests.datasets import HOSTILE_NAME, add_member, add_role

pytestmark = [pytest.mark.browser, pytest.mark.slow]
VIEWER_NAV = ["Overview", "Membership", "Geography", "Events", "Governance", "Explore", "Report"]
LOADED = 60_000  # ms to wait for a page run on a shared 2-core machine


@pytest.fixture(scope="module")
def hostile_alliance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance plus a vice-chair member whose names, city and website are markup."""
    from analysis.demo import load_demo_data

    path = tmp_path_factory.mktemp("hostile") / "alliance.ducklake"
    database = open_database(path)
    try:
        load_demo_data(database)
        add_member(
            database,
            "hostile",
            "CHN",
            "2024-06-01",
            name_en=HOSTILE_NAME,
            name_zh=HOSTILE_NAME,
            city=HOSTILE_NAME,
            website="javascript:alert(1)",
        )
        add_role(database, "hostile", "vice_chair", "2024-06-01")
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def server(hostile_alliance: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    skip_without_chromium()
    with served(hostile_alliance, tmp_path_factory.mktemp("server")) as running:
        yield running


def test_a_fresh_servers_first_visitor_asking_for_the_data_page_gets_only_the_sign_in(
    hostile_alliance: Path, tmp_path: Path
) -> None:
    """The first request after a start: no page script may run on its own, outside the frame's sign-in."""
    skip_without_chromium()
    with served(hostile_alliance, tmp_path) as fresh, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{fresh.url}/data")
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)
        page.wait_for_timeout(2000)  # let any stray page run finish drawing
        assert nav_links(page) == []
        assert page.get_by_test_id("stFileUploader").count() == 0
        assert page.get_by_test_id("stSidebar").count() == 0

        sign_in(page, "vera", "not her password")
        page.get_by_text("Wrong user name or password.").wait_for(timeout=LOADED)
        assert nav_links(page) == []  # a wrong password gets in nowhere


def test_a_viewer_gets_no_editor_page_by_url_and_an_editor_does(server: RunningServer) -> None:
    with chromium() as browser:
        viewer = browser.new_page()
        viewer.goto(f"{server.url}/data")  # typed into the address bar
        sign_in(viewer, "vera")
        viewer.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        assert nav_links(viewer) == VIEWER_NAV
        assert current_nav_link(viewer) == "Overview"  # /data does not exist for a viewer: the default page
        viewer.goto(f"{server.url}/data")  # and typed again, now in a new session (still signed in)
        # Streamlit says "Page not found" in a dialog over the Overview: the links are there, behind it
        viewer.get_by_test_id("stTopNavLink").first.wait_for(state="attached", timeout=LOADED)
        viewer.get_by_text("Page not found").wait_for(timeout=LOADED)
        assert "Data" not in nav_links(viewer) and current_nav_link(viewer) == "Overview"

        editor = browser.new_page()
        editor.goto(server.url)
        sign_in(editor, "ed")
        editor.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        assert nav_links(editor) == [*VIEWER_NAV, "Data", "Records", "History"]
        editor.get_by_test_id("stTopNavLink").filter(has_text="Data").click()
        editor.wait_for_url(f"{server.url}/data**", timeout=LOADED)
        assert current_nav_link(editor) == "Data"


def test_a_shared_link_leads_to_its_page_after_the_sign_in(server: RunningServer) -> None:
    """The page the address names is opened once the visitor is in, with the link's filters."""
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{server.url}/geography?as_of=2023-11-19&lang=en")
        sign_in(page, "vera")
        page.wait_for_url(f"{server.url}/geography**", timeout=LOADED)
        page.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        assert current_nav_link(page) == "Geography"
        assert "as_of=2023-11-19" in page.url


def test_a_name_made_of_markup_is_shown_as_text_and_never_runs(server: RunningServer) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 2400})
        dialogs: list[str] = []

        def record_and_dismiss(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", record_and_dismiss)
        page.goto(f"{server.url}/governance")
        sign_in(page, "ed")
        page.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        for name in [*VIEWER_NAV, "Data"]:
            page.get_by_test_id("stTopNavLink").filter(has_text=name).click()
            page.wait_for_timeout(1500)
            page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=LOADED)
            assert page.locator("img[src='x']").count() == 0, name  # no element was made from the name
            assert page.locator("[onerror]").count() == 0, name
            if name == "Governance":  # the role holders' table lists the vice-chair by name, as text
                page.get_by_text(HOSTILE_NAME, exact=True).first.wait_for(state="attached", timeout=LOADED)
        assert dialogs == []  # alert(1) never ran


def test_xsrf_protection_refuses_an_upload_without_the_token(server: RunningServer) -> None:
    request = urllib.request.Request(
        f"{server.url}/_stcore/upload_file/some-session/some-file",
        data=b"--x\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\nmember_id\r\n--x--\r\n",
        method="PUT",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
