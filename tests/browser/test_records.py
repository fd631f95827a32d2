"""In a real browser, in English and in Chinese: correct a name, record a departure, delete a duplicate
member with its participations, see all three in the History, and undo the deletion. A viewer reaches
none of it: no page in the menu, no URL, no query parameter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from analysis.i18n import Language, translate
from analysis.store.database import open_database
from benchmarks.dashboard_server import RunningServer, dashboard_server, free_port
from tests.browser.browser import SCREENSHOTS
from tests.browser.browser_session import chromium, nav_links, sign_in, skip_without_chromium, write_secrets
from tests.datasets import add_event, add_member, add_participation, add_role, copy_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MY_PORTS = range(8770, 8780)  # the records area's ports on the shared machine
LOADED = 90_000  # ms to wait for a run on a shared 2-core machine
# Per language: (member to correct, its new name), (member that left, the day), duplicate member to delete.
CASES: dict[Language, tuple[str, str, str, str, str]] = {
    "en": ("M01", "Institute of Belgrade Studies", "007", "2024-06-30", "D01"),
    "zh": ("M02", "Lima Policy Institute", "008", "2024-07-31", "D02"),
}


@pytest.fixture(scope="module")
def alliance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "alliance.ducklake"
    database = open_database(path)
    try:
        add_member(database, "M01", "SRB", "2020-09-19", name_en="Institute of Belgrad")
        add_member(database, "M02", "PER", "2020-10-01", name_en="Lima Polcy Institute")
        add_member(database, "007", "NAM", "2021-01-05", name_en="Windhoek Policy Forum")
        add_member(database, "008", "KEN", "2021-02-05", name_en="Nairobi Forum")
        add_event(database, "E01", "2021-03-18", title_en="Founding forum")
        add_event(database, "E02", "2022-03-18", title_en="Second forum")
        for duplicate in ("D01", "D02"):
            add_member(database, duplicate, "SRB", "2022-01-01", name_en=f"Duplicate {duplicate}")
            add_participation(database, "E01", duplicate, "participant")
            add_participation(database, "E02", duplicate, "speaker")
            add_role(database, duplicate, "vice_chair", "2022-01-01")
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def server(alliance: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, Path]]:
    skip_without_chromium()
    folder = tmp_path_factory.mktemp("server")
    served = folder / "served.ducklake"
    copy_store(alliance, served)
    with dashboard_server(
        served, write_secrets(folder), free_port(MY_PORTS), folder / "server.log"
    ) as running:
        yield running, served


def t(key: str, language: Language, **values: object) -> str:
    return translate(key, language, **values)


def settle(page: Page) -> None:
    page.wait_for_timeout(400)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=LOADED)


def main(page: Page):
    return page.get_by_test_id("stMain")


def choose_record(page: Page, text: str, language: Language) -> None:
    search = main(page).get_by_test_id("stTextInput").first.locator("input")
    search.fill(text)
    search.press("Enter")
    heading = t("records.edit_title", language, noun=t("records.noun.members", language), record=text)
    main(page).get_by_role("heading", name=heading).wait_for(timeout=LOADED)
    settle(page)


def field(page: Page, column: str):
    return main(page).get_by_role("textbox", name=re.compile(rf"^[^H].*\({column}\)"))


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"records-{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_editor_corrects_records_deletes_a_duplicate_and_undoes_it(
    server: tuple[RunningServer, Path], language: Language
) -> None:
    running, served = server
    correct, new_name, leaving, left_on, duplicate = CASES[language]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800})
        page.goto(f"{running.url}/records")
        sign_in(page, "ed")
        if language == "zh":  # the language chosen in the sidebar, as a person does
            page.get_by_test_id("stSidebar").get_by_text("中文").click()
        page.get_by_role("heading", name=t("records.title", language)).first.wait_for(timeout=LOADED)

        # 1. correct a misspelt name
        choose_record(page, correct, language)
        field(page, "name_en").fill(new_name)
        main(page).get_by_role("button", name=t("records.check", language)).click()
        main(page).get_by_text(t("records.preview_title", language)).wait_for(timeout=LOADED)
        shot(page, f"preview-{language}")
        main(page).get_by_text(re.compile(re.escape(new_name) + "$")).first.wait_for(
            timeout=LOADED
        )  # the new value in the preview
        main(page).get_by_role("button", name=t("records.save", language), exact=True).click()
        main(page).get_by_text(
            re.compile(
                re.escape(
                    t(
                        "records.saved",
                        language,
                        noun=t("records.noun.members", language),
                        record=correct,
                        change=0,
                    )[:12]
                )
            )
        ).first.wait_for(timeout=LOADED)

        # 2. record a departure (left_on), not a deletion
        choose_record(page, leaving, language)
        date_field = main(page).get_by_test_id("stDateInput").filter(has_text="(left_on)")
        date_field.get_by_role("spinbutton").first.click()
        page.keyboard.press("Escape")  # the calendar that opens is not needed: the day is typed
        date_field.get_by_role("spinbutton").first.focus()
        for part in left_on.split("-"):
            page.keyboard.type(part, delay=80)
        date_field.filter(has_text=left_on[:4]).wait_for(timeout=LOADED)
        page.keyboard.press("Escape")
        main(page).get_by_role("heading", name=t("records.title", language)).first.click()
        main(page).get_by_role("button", name=t("records.check", language)).click()
        try:
            main(page).get_by_text(t("records.preview_title", language)).wait_for(timeout=LOADED)
        finally:
            shot(page, f"departure-{language}")
        main(page).get_by_role("button", name=t("records.save", language), exact=True).click()
        settle(page)

        # 3. delete a duplicate member: the confirmation says what goes with it
        choose_record(page, duplicate, language)
        main(page).get_by_role("button", name=t("records.delete", language)).click()
        others = t("records.list_separator", language).join(
            [
                t("records.goes_with.roles", language, count=1),
                t("records.goes_with.participation", language, count=2),
            ]
        )
        confirmation = t(
            "records.delete_confirm_with",
            language,
            noun=t("records.noun.members", language),
            record=duplicate,
            others=others,
            total=4,
        )
        try:
            main(page).get_by_text(confirmation).wait_for(timeout=LOADED)
        finally:
            shot(page, f"delete-{language}")
        main(page).get_by_role("button", name=t("records.delete_yes", language)).click()
        main(page).get_by_text(re.compile(re.escape(duplicate))).first.wait_for(timeout=LOADED)
        settle(page)

        # 4. all three in the History, newest first; undo the deletion
        page.get_by_test_id("stTopNavLink").filter(has_text=t("frame.nav.history", language)).click()
        page.get_by_role("heading", name=t("history.title", language)).first.wait_for(timeout=LOADED)
        settle(page)
        shot(page, f"history-{language}")
        page.set_viewport_size({"width": 390, "height": 1800})
        settle(page)
        shot(page, f"history-{language}-390")
        page.set_viewport_size({"width": 1440, "height": 1800})
        undo = main(page).get_by_role(
            "button", name=re.compile(re.escape(t("history.undo", language, change=0)[:4]))
        )
        undo.click()
        main(page).get_by_role("button", name=t("history.undo_yes", language)).click()
        main(page).get_by_text(
            re.compile(re.escape(t("history.undone", language, change=0, rows=0, new=0)[:5]))
        ).first.wait_for(timeout=LOADED)
        shot(page, f"undone-{language}")

    database = open_database(served, create=False, read_only=True)
    try:
        with database.reading() as cursor:
            name = cursor.execute("select name_en from members where member_id = ?", [correct]).fetchall()
            left = cursor.execute(
                "select cast(left_on as varchar) from members where member_id = ?", [leaving]
            ).fetchall()
            back = cursor.execute(
                "select count(*) from participation where member_id = ?", [duplicate]
            ).fetchall()
            roles = cursor.execute("select count(*) from roles where member_id = ?", [duplicate]).fetchall()
        from analysis.records.history import list_changes

        kinds = [change.kind for change in list_changes(database, limit=4)]
    finally:
        database.close()
    assert name == [(new_name,)]
    assert left == [(left_on,)]
    assert back == [(2,)] and roles == [(1,)]  # the duplicate and its rows came back with the undo
    assert kinds == ["undo", "delete", "edit", "edit"]


def test_a_viewer_reaches_no_records_or_history_by_menu_url_or_query(
    server: tuple[RunningServer, Path],
) -> None:
    running, _ = server
    with chromium() as browser:
        page = browser.new_page()
        for number, address in enumerate(
            ("/records", "/history", "/?page=records", "/history?change=1&undo=1", "/overview?page=history")
        ):
            page.goto(f"{running.url}{address}")  # typed into the address bar: a new session
            if number == 0:
                sign_in(page, "vera")  # later sessions of this browser are signed in by its sign-in cookie
            page.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
            page.wait_for_timeout(1500)
            assert "Records" not in nav_links(page) and "History" not in nav_links(page), address
            assert page.get_by_role("heading", name="Records").count() == 0, address
            assert page.get_by_role("heading", name="History").count() == 0, address
            assert page.get_by_role("button", name=re.compile("Undo|Delete|Check changes")).count() == 0, (
                address
            )
