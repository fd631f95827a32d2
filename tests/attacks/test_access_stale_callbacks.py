"""A button drawn for an editor does nothing once that editor is gone.

Streamlit keeps a page's callbacks registered when a run stops at the sign-in form, so a crafted
websocket message can still "click" the old *Yes, restore*. Every state-changing callback now asks
`authorized_identity` when it runs. These tests attack a real server: over a real websocket (sign-out,
`user remove`, another connection presenting the session's id) and in a real browser (the import).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from analysis.auth.roles import Role
from analysis.store.database import open_database
from tests.attacks.access_server import access_server, backup_folders, cookie_for, user_command
from tests.attacks.streamlit_socket import RawSession
from tests.browser.browser_session import PASSWORD, chromium, sign_in, skip_without_chromium

pytestmark = [pytest.mark.slow]
SIGN_IN_FORM = "User name"
LOADED = 60_000


def members_in(folder: Path) -> int:
    database = open_database(folder / "alliance.ducklake")
    try:
        return database.table_counts()["members"]
    finally:
        database.close()


async def _restore_confirmation(session: RawSession) -> str:
    """Open the Data page, ask to restore the (only) backup, return the *Yes, restore* button's id."""
    page = await session.run("data")
    assert page.metrics.get("Members") == "4", page.metrics
    asked = await session.run("data", trigger=page.button("Restore this backup"))
    assert asked.shows("Restore the database?")
    return asked.button("Yes, restore")


def test_re_triggering_yes_restore_after_sign_out_removal_or_from_another_connection_restores_nothing(
    tmp_path: Path,
) -> None:
    with access_server(tmp_path) as server:
        before = backup_folders(tmp_path)
        assert len(before) == 1

        async def attack() -> None:
            # 1. The editor signs out; the old button is clicked again on the same session.
            async with RawSession(server.url, cookie=cookie_for(tmp_path, "ed", Role.EDITOR)) as editor:
                confirm = await _restore_confirmation(editor)
                page = await editor.run("data")
                signed_out = await editor.run("data", trigger=page.button("Sign out"))
                assert signed_out.shows(SIGN_IN_FORM)
                replayed = await editor.run("data", trigger=confirm)
                assert replayed.shows(SIGN_IN_FORM) and not replayed.shows("Restored the backup")

            # 2. The administrator removes the editor; the old button is clicked again.
            async with RawSession(server.url, cookie=cookie_for(tmp_path, "ed", Role.EDITOR)) as editor:
                confirm = await _restore_confirmation(editor)
                removed = user_command(tmp_path, "remove", "ed")
                assert "ended 1 open sign-in of ed" in removed.stdout  # step 1 signed out: its token is gone
                replayed = await editor.run("data", trigger=confirm)
                assert replayed.shows(SIGN_IN_FORM)
                assert replayed.shows("nothing was changed")
            user_command(tmp_path, "add", "ed", "--role", "editor", "--password-stdin")

            # 3. A second connection presents the signed-in editor's session id, without the cookie.
            async with RawSession(server.url, cookie=cookie_for(tmp_path, "ed", Role.EDITOR)) as editor:
                confirm = await _restore_confirmation(editor)
                assert editor.session_id
                async with RawSession(server.url, session_id=editor.session_id) as intruder:
                    taken = await intruder.run("data", trigger=confirm)
                    assert intruder.session_id == editor.session_id  # Streamlit did resume that session
                    assert taken.shows(SIGN_IN_FORM) and not taken.shows("Restored the backup")
                    assert "Members" not in taken.metrics  # no Data page for the intruder

            assert backup_folders(tmp_path) == before  # no "before restore" backup was taken

            # Control: the same crafted click from a signed-in editor's own connection does restore,
            # so the refusals above are the guard's doing, not a message Streamlit ignores.
            async with RawSession(server.url, cookie=cookie_for(tmp_path, "ed", Role.EDITOR)) as editor:
                confirm = await _restore_confirmation(editor)
                done = await editor.run("data", trigger=confirm)
                assert done.shows("Restored the backup")
                assert done.metrics.get("Members") == "3"

        asyncio.run(attack())
        assert len(backup_folders(tmp_path)) == 2  # the control's own "before restore" backup only
    assert members_in(tmp_path) == 3


def test_an_editor_removed_after_choosing_a_file_imports_nothing_in_a_plain_browser(tmp_path: Path) -> None:
    """The issue's sequence: choose members.csv, `user remove`, click *Check and import*."""
    skip_without_chromium()
    upload = tmp_path / "members.csv"
    upload.write_text(
        "member_id,name_en,country,member_type,joined_on\nm9,Ninth Institute,DEU,economic,2024-05-01\n",
        encoding="utf-8",
    )
    with access_server(tmp_path) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 1800})
        page.goto(f"{server.url}/data")
        sign_in(page, "ed")
        page.get_by_role("button", name="Check and import").wait_for(timeout=LOADED)
        page.locator("input[type=file]").set_input_files(str(upload))
        page.get_by_text("members.csv").first.wait_for(timeout=LOADED)
        page.wait_for_timeout(1500)  # the upload finishes
        before = backup_folders(tmp_path)

        user_command(tmp_path, "remove", "ed")
        page.get_by_role("button", name="Check and import").click()
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)
        page.get_by_text("nothing was changed").wait_for(timeout=LOADED)
        page.screenshot(path=str(tmp_path / "refused-import.png"))
        time.sleep(1)
        assert backup_folders(tmp_path) == before  # no backup before an import that never ran
    assert members_in(tmp_path) == 4  # m9 never landed


def test_a_connection_presenting_the_id_of_a_session_signed_in_through_the_form_is_not_signed_in(
    tmp_path: Path,
) -> None:
    """The form's own connection has no cookie yet: its token is bound to that connection's
    Sec-WebSocket-Key, which an intruder resuming the session id does not present."""
    with access_server(tmp_path) as server:

        async def attack() -> None:
            async with RawSession(server.url) as editor:
                form = await editor.run("")
                signed_in = await editor.run(
                    "",
                    trigger=form.button("Sign in"),
                    texts={form.text_inputs["User name"]: "ed", form.text_inputs["Password"]: PASSWORD},
                )
                assert signed_in.shows("Signed in as") and not signed_in.shows(SIGN_IN_FORM)
                data = await editor.run("data")
                assert data.metrics.get("Members") == "4"  # the editor's own connection goes on
                confirm = await _restore_confirmation(editor)
                async with RawSession(server.url, session_id=editor.session_id) as intruder:
                    taken = await intruder.run("data", trigger=confirm)
                    assert intruder.session_id == editor.session_id
                    assert taken.shows(SIGN_IN_FORM) and "Members" not in taken.metrics

        asyncio.run(attack())
        assert len(backup_folders(tmp_path)) == 1
    assert members_in(tmp_path) == 4
