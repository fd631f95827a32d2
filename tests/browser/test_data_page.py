"""The Data page in a real browser: a file chosen and rejected, and the two downloads arriving whole."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from analysis.store.database import open_database
from benchmarks.dashboard_server import dashboard_server, free_port
from tests.browser import browser
from tests.datasets import add_member

pytestmark = pytest.mark.browser
MY_PORTS = range(8700, 8710)  # the import area's ports on the shared machine


@pytest.fixture
def served_database(tmp_path: Path) -> Path:
    path = tmp_path / "browser.ducklake"
    database = open_database(path)
    add_member(database, "007", "NAM", "2021-01-05", name_en="Windhoek Policy Forum")
    database.close()
    return path


def test_rejected_upload_and_both_downloads_in_a_real_browser(
    served_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser.skip_without_chromium()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("ALLIANCE_BACKUP_DIR", str(tmp_path / "backups"))
    bad = tmp_path / "members.csv"
    bad.write_text(
        "member_id,name_en,country,member_type,joined_on\nX1,Belgrade,Serbai,economic,2021-01-01\n"
    )
    secrets = browser.write_secrets(tmp_path)
    port = free_port(MY_PORTS)
    with (
        dashboard_server(served_database, secrets, port, tmp_path / "server.log") as server,
        sync_playwright() as playwright,
    ):
        base_url = server.url
        chromium = playwright.chromium.launch(
            executable_path=str(browser.CHROMIUM), args=browser.CHROMIUM_ARGS
        )
        page = chromium.new_page(accept_downloads=True)
        page.goto(f"{base_url}/data")
        browser.sign_in_if_asked(page)
        page.get_by_role("button", name="Check and import").wait_for(timeout=60_000)

        page.locator("input[type=file]").set_input_files(str(bad))
        page.get_by_text("members.csv").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="Check and import").click()
        page.get_by_text("Nothing was imported: 1 problem(s) found.", exact=False).wait_for(timeout=60_000)

        with page.expect_download(timeout=60_000) as export:
            page.get_by_role("button", name="Everything held (ZIP of CSV files and one workbook)").click()
        export_name = export.value.suggested_filename
        archive = zipfile.ZipFile(io.BytesIO(Path(export.value.path()).read_bytes()))
        with page.expect_download(timeout=60_000) as template:
            page.get_by_role("button", name="Template workbook (.xlsx)").click()
        template_name = template.value.suggested_filename
        template_book = openpyxl.load_workbook(io.BytesIO(Path(template.value.path()).read_bytes()))
        chromium.close()

    assert export_name == "alliance_data.zip"
    assert sorted(archive.namelist()) == [
        "alliance_data.xlsx",
        "events.csv",
        "members.csv",
        "participation.csv",
        "roles.csv",
        "targets.csv",
    ]
    members = archive.read("members.csv").decode("utf-8-sig").splitlines()
    assert (
        members[1] == "007,Windhoek Policy Forum,,NAM,,,comprehensive,2021-01-05,,,test"
    )  # the rejected X1 is absent
    assert template_name == "import_template.xlsx"
    assert template_book.sheetnames[:5] == ["members", "events", "roles", "participation", "targets"]
