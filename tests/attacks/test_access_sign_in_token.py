"""A sign-in token that survives a reload and nothing else.

The token (`analysis/auth/sign_ins.py`) is signed, expires, and is backed by a server-side record that
sign-out, `user remove` and a role change delete. These tests forge, replay and outlive tokens against
the real store, and drive a real browser against a real server.
"""

from __future__ import annotations

import asyncio
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from analysis.auth.roles import Role
from analysis.auth.settings import access_settings_from
from analysis.auth.sign_ins import KEY_FILE, RECORDS_FILE, SignIn, SignInStore
from analysis.errors import AllianceError
from tests.attacks.access_server import access_server, cookie_for, user_command
from tests.attacks.streamlit_socket import RawSession
from tests.browser.browser_session import PASSWORD, chromium, nav_links, sign_in, skip_without_chromium

LOADED = 60_000


def test_a_token_is_good_until_it_expires_or_is_revoked(tmp_path: Path) -> None:
    now = [1_000_000.0]
    store = SignInStore(tmp_path, clock=lambda: now[0])
    token = store.issue("ed", Role.EDITOR, "password", hours=8)
    assert store.verify(token) == SignIn("ed", Role.EDITOR, "password", 1_000_000, 1_000_000 + 8 * 3600)
    now[0] += 8 * 3600 - 1
    assert store.verify(token) is not None  # the working day's last second
    now[0] += 1
    assert store.verify(token) is None  # expired

    now[0] = 1_000_000.0
    other = store.issue("ed", Role.EDITOR, "password", hours=8)
    third = store.issue("vera", Role.VIEWER, "password", hours=8)
    assert store.revoke(other) and store.verify(other) is None  # sign-out
    assert not store.revoke(other)
    assert store.verify(third) is not None
    assert store.revoke_user("vera") == 1 and store.verify(third) is None  # user remove / new role


def test_forged_altered_and_foreign_tokens_are_refused(tmp_path: Path) -> None:
    store = SignInStore(tmp_path / "a")
    token = store.issue("vera", Role.VIEWER, "password", hours=8)
    token_id, expires, signature = token.split(".")
    assert store.verify(f"{token_id}.{int(expires) + 86400}.{signature}") is None  # a longer day
    assert store.verify(f"{token_id}.{expires}.{signature[:-2]}AA") is None  # a made-up signature
    assert store.verify(f"{'A' * 43}.{expires}.{signature}") is None  # another id, this signature
    for junk in ("", "x", "a.b.c", "..", f"{token}.extra", "é.1.x", "a" * 5000):
        assert store.verify(junk) is None
    assert SignInStore(tmp_path / "b").verify(token) is None  # another server's key and records


def test_the_browser_never_holds_the_password_or_its_hash_and_the_server_keeps_only_a_hash(
    tmp_path: Path,
) -> None:
    store = SignInStore(tmp_path)
    token = store.issue("ed", Role.EDITOR, "password", hours=8)
    assert PASSWORD not in token and "$2b$" not in token
    token_id = token.split(".")[0]
    raw = (tmp_path / RECORDS_FILE).read_bytes()
    assert token_id.encode() not in raw and token.encode() not in raw  # a copy of the file signs nobody in
    with sqlite3.connect(tmp_path / RECORDS_FILE) as connection:
        [(id_hash, name)] = connection.execute("select id_hash, name from sign_ins").fetchall()
    assert len(id_hash) == 64 and name == "ed"
    for path in (tmp_path / RECORDS_FILE, tmp_path / KEY_FILE):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # readable by the server's user only
    assert len((tmp_path / KEY_FILE).read_bytes()) == 32


def test_the_working_day_is_a_setting_with_a_clear_message_when_wrong() -> None:
    def hours(value: object) -> float:
        return access_settings_from({"access": {"sign_in_hours": value}}).sign_in_hours

    assert access_settings_from({}).sign_in_hours == 8.0
    assert hours(10) == 10.0 and hours(0.5) == 0.5
    for bad in (0, -1, "8", True, 1000):
        with pytest.raises(AllianceError, match="sign_in_hours"):
            hours(bad)


@pytest.mark.slow
@pytest.mark.browser
def test_a_reload_and_a_second_tab_stay_signed_in_until_sign_out_removal_or_a_new_role(
    tmp_path: Path,
) -> None:
    skip_without_chromium()
    with access_server(tmp_path) as server, chromium() as browser:
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.goto(f"{server.url}/data")
        sign_in(page, "ed")
        page.get_by_role("button", name="Check and import").wait_for(timeout=LOADED)  # the linked page
        [cookie] = [cookie for cookie in context.cookies() if cookie["name"] == "alliance_sign_in"]
        assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert 8 * 3600 - 120 < cookie["expires"] - time.time() <= 8 * 3600  # the default working day
        assert PASSWORD not in cookie["value"] and "$2" not in cookie["value"]

        page.reload()
        page.get_by_role("button", name="Check and import").wait_for(timeout=LOADED)  # no form again
        second = context.new_page()
        second.goto(f"{server.url}/governance")
        second.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        assert "Data" in nav_links(second) and second.get_by_role("textbox", name="User name").count() == 0
        page.screenshot(path=str(tmp_path / "reloaded-1440.png"))

        # Sign-out ends it for every tab: the token is revoked on the server, the cookie deleted.
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)
        second.reload()
        second.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)
        page.reload()
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)

        # A new role ends it: `user add ed --role viewer` revokes ed's sign-ins.
        sign_in(page, "ed")
        page.get_by_test_id("stTopNavLink").filter(has_text="Data").wait_for(timeout=LOADED)
        changed = user_command(tmp_path, "add", "ed", "--role", "viewer", "--password-stdin")
        assert "ended 1 open sign-in of ed" in changed.stdout
        page.reload()
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)

        # Removal ends it: vera signs in, is removed, and her next click shows the form.
        page.goto(server.url)  # (at /data a viewer would be told that page does not exist)
        sign_in(page, "vera")
        page.get_by_test_id("stTopNavLink").first.wait_for(timeout=LOADED)
        user_command(tmp_path, "remove", "vera")
        page.get_by_test_id("stTopNavLink").filter(has_text="Events").click()
        page.get_by_role("textbox", name="User name").wait_for(timeout=LOADED)  # out at the next click
        context.close()


@pytest.mark.slow
def test_an_expired_or_forged_token_gets_nobody_in_and_only_editors_get_an_upload_widget(
    tmp_path: Path,
) -> None:
    async def probe(url: str, cookie: str | None, session_id: str | None = None) -> bool:
        async with RawSession(url, cookie=cookie, session_id=session_id) as session:
            run = await session.run("")
            return run.shows("User name")

    with access_server(tmp_path, sign_in_hours=0.01) as server:  # 36 seconds
        cookie = cookie_for(tmp_path, "ed", Role.EDITOR)  # issued for 8 h, but see below
        assert not asyncio.run(probe(server.url, cookie))  # a good token: straight in
        short = SignInStore(tmp_path).issue("ed", Role.EDITOR, "password", hours=0.001)  # 3.6 s
        assert not asyncio.run(probe(server.url, f"alliance_sign_in={short}"))
        time.sleep(4)
        assert asyncio.run(probe(server.url, f"alliance_sign_in={short}"))  # expired: the form
        assert asyncio.run(probe(server.url, "alliance_sign_in=forged.123.abc"))
        assert asyncio.run(probe(server.url, None))

        async def upload_widgets(cookie: str | None) -> bool:
            async with RawSession(server.url, cookie=cookie) as session:
                return "file_uploader" in (await session.run("data")).kinds

        # Only an editor is ever drawn an upload widget: not a viewer, not a visitor without a sign-in.
        assert asyncio.run(upload_widgets(cookie_for(tmp_path, "ed", Role.EDITOR)))
        assert not asyncio.run(upload_widgets(cookie_for(tmp_path, "vera", Role.VIEWER)))
        assert not asyncio.run(upload_widgets(None))
