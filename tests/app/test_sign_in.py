"""Sign-in and roles in the running frame (AppTest): who gets in, and which pages exist for them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import PROJECT_ROOT
from app_ui.frame.auth import IDENTITY_KEY, KEY_NAME, KEY_OIDC, KEY_PASSWORD, KEY_SUBMIT

FRAME = PROJECT_ROOT / "dashboard.py"
PASSWORD = "correct horse battery"
# cost 4: the lowest bcrypt allows, to keep the tests quick; real users get cost 12 from `user add`
PASSWORD_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()


def secrets(*, anonymous_viewers: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "access": {
            "anonymous_viewers": anonymous_viewers,
            "users": {
                "vera": {"role": "viewer", "password_hash": PASSWORD_HASH},
                "ed": {"role": "editor", "password_hash": PASSWORD_HASH},
            },
            **extra,
        }
    }


def frame(secrets_for_app: dict[str, Any] | None) -> AppTest:
    app = AppTest.from_file(str(FRAME), default_timeout=120)
    if secrets_for_app is not None:
        app.secrets = secrets_for_app
    return app.run()


def sign_in(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input(key=KEY_NAME).input(name)
    app.text_input(key=KEY_PASSWORD).input(password)
    app.button(key=KEY_SUBMIT).click()
    return app.run()


def routable_pages(app: AppTest) -> set[str]:
    """The page scripts the frame passed to st.navigation in its last run: the only ones a URL can reach.

    Read from AppTest's registry of the navigation message (the same list switch_page resolves against).
    """
    return {
        Path(str(info["script_path"])).name
        for info in app._registered_pages.values()
        if "url_pathname" in info and info.get("script_path")
    }


def texts(app: AppTest) -> str:
    return "\n".join(
        str(element.value) for element in [*app.markdown, *app.error, *app.warning, *app.subheader]
    )


VIEWER_PAGES = {
    "overview.py",
    "membership.py",
    "geography.py",
    "events.py",
    "governance.py",
    "explore.py",
    "report.py",
}
# Editors also get the pages that change data: Data (imports, backups), Records and History.
EDITOR_PAGES = VIEWER_PAGES | {"data.py", "records.py", "history.py"}


def only_the_sign_in_form(app: AppTest, *, with_error: bool = False) -> bool:
    """The run shows the sign-in form and nothing else: no page, no filter bar, no navigation."""
    widget_keys = {widget.key for widget in app.main if getattr(widget, "key", None)}
    shown = [str(markdown.value) for markdown in app.markdown]
    return (
        not app.exception
        and {text_input.key for text_input in app.text_input} == {KEY_NAME, KEY_PASSWORD}
        and [button.key for button in app.button] == [KEY_SUBMIT]
        and shown == ["This dashboard holds the alliance's member records. Sign in to view it."]
        and widget_keys <= {"login_form", KEY_NAME, KEY_PASSWORD, KEY_SUBMIT}
        and not app.sidebar.children
        and len(app.error) == int(with_error)
    )


def no_page_shown(app: AppTest) -> bool:
    """Nothing but sign-in text and messages: no page elements, no filter bar, empty sidebar."""
    kinds = {type(element).__name__ for element in app.main} - {"SpecialBlock"}
    return (
        not app.exception
        and not app.sidebar.children
        and kinds <= {"Subheader", "Markdown", "Warning", "Error"}
    )


def test_nobody_gets_in_without_signing_in(hostile_name_app: Path) -> None:
    app = frame(secrets())
    assert only_the_sign_in_form(app)
    # Asking for pages by path: AppTest, like a freshly started server, first runs a page on its own
    # (Streamlit's pages/ folder mode); each page sends the run back through the frame, which signs in.
    for page in ("app_pages/data.py", "app_pages/membership.py", "app_pages/overview.py"):
        app.switch_page(page).run()
        assert only_the_sign_in_form(app), page
        assert IDENTITY_KEY not in app.session_state


def test_no_secrets_at_all_lets_nobody_in_and_says_how_to_add_a_user(hostile_name_app: Path) -> None:
    app = frame(None)
    assert "python -m analysis user add NAME --role editor" in texts(app)
    assert no_page_shown(app)


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("vera", "wrong password"),  # a real user, a wrong password
        ("ed", PASSWORD.upper()),  # an editor, the right password in the wrong case
        ("mallory", PASSWORD),  # no such user, someone else's password
        ("vera", ""),  # no password
        ("", ""),  # nothing at all
    ],
)
def test_a_wrong_password_gets_in_nowhere(hostile_name_app: Path, name: str, password: str) -> None:
    app = sign_in(frame(secrets()), name, password)
    assert "Wrong user name or password." in texts(app)
    assert IDENTITY_KEY not in app.session_state
    assert app.text_input(key=KEY_PASSWORD).value == ""  # the typed password is not kept
    assert only_the_sign_in_form(app, with_error=True)


def test_a_viewer_gets_no_editor_page_by_url(hostile_name_app: Path) -> None:
    app = sign_in(frame(secrets()), "vera", PASSWORD)
    assert app.session_state[IDENTITY_KEY] == Identity("vera", Role.VIEWER, "password")
    assert routable_pages(app) == VIEWER_PAGES  # the Data page (import, restore) is not among them
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/data.py")


def test_an_editor_gets_the_data_page(hostile_name_app: Path) -> None:
    app = sign_in(frame(secrets()), "ed", PASSWORD)
    assert app.session_state[IDENTITY_KEY] == Identity("ed", Role.EDITOR, "password")
    assert routable_pages(app) == EDITOR_PAGES
    app.switch_page("app_pages/data.py").run()
    assert not app.exception


def test_five_failures_lock_the_name_even_for_the_right_password(hostile_name_app: Path) -> None:
    app = frame(secrets())
    for _ in range(5):
        app = sign_in(app, "ed", "guess")
    before = dt.datetime.now(dt.UTC)
    app = sign_in(app, "ed", PASSWORD)
    # locked until the first failure ages out of the 5-minute window, said as a time and in minutes
    until = [f"{before + dt.timedelta(seconds=seconds):%H:%M}" for seconds in (240, 300, 360)]
    assert any(
        f"Too many failed sign-ins for this name. It is locked until {time} UTC (in 5 min); try again then."
        in texts(app)
        for time in until
    ), texts(app)
    assert IDENTITY_KEY not in app.session_state
    app = sign_in(app, "vera", PASSWORD)  # other names are not locked
    assert app.session_state[IDENTITY_KEY].name == "vera"


def test_a_user_removed_from_the_secrets_is_out_at_the_next_run(hostile_name_app: Path) -> None:
    app = sign_in(frame(secrets()), "ed", PASSWORD)
    assert "data.py" in routable_pages(app)
    without_ed = secrets()
    del without_ed["access"]["users"]["ed"]
    app.secrets = without_ed
    app.run()
    assert only_the_sign_in_form(app)


def test_a_demoted_editor_loses_the_data_page_at_the_next_run(hostile_name_app: Path) -> None:
    app = sign_in(frame(secrets()), "ed", PASSWORD)
    demoted = secrets()
    demoted["access"]["users"]["ed"]["role"] = "viewer"
    app.secrets = demoted
    app.run()
    assert routable_pages(app) == VIEWER_PAGES


def test_anonymous_viewers_when_allowed_see_the_dashboard_but_no_editor_page(hostile_name_app: Path) -> None:
    app = frame(secrets(anonymous_viewers=True))
    assert routable_pages(app) == VIEWER_PAGES
    assert "Viewing without signing in" in "\n".join(str(caption.value) for caption in app.caption)
    app = sign_in(app, "ed", PASSWORD)  # an editor can still sign in from the sidebar
    assert routable_pages(app) == EDITOR_PAGES


def test_a_damaged_secrets_file_lets_nobody_in(hostile_name_app: Path) -> None:
    broken = secrets()
    broken["access"]["users"]["vera"]["password_hash"] = "plain-text-password"
    app = frame(broken)
    assert "has no bcrypt password_hash" in texts(app)
    assert no_page_shown(app)


def test_openid_connect_users_get_their_role_from_the_editor_list(hostile_name_app: Path) -> None:
    """With [auth] configured, st.user decides (seeded here through AppTest.user, as after st.login)."""
    oidc = secrets(oidc={"editors": ["Secretariat@Example.org"]})
    oidc["auth"] = {"redirect_uri": "http://localhost:8680/oauth2callback", "cookie_secret": "x" * 32}

    app = AppTest.from_file(str(FRAME), default_timeout=120)
    app.secrets = oidc
    app.user = {"is_logged_in": False}
    app.run()
    assert "Sign in with your organisation's account" in [button.label for button in app.button]
    assert KEY_NAME not in [text_input.key for text_input in app.text_input]  # no password form then
    app.button(key=KEY_OIDC).click().run()  # Authlib is not installed here: a sentence, no traceback
    assert not app.exception
    assert "Authlib is missing" in texts(app) and IDENTITY_KEY not in app.session_state

    app.user = {"is_logged_in": True, "email": "secretariat@example.org", "name": "Secretariat"}
    app.run()
    assert app.session_state[IDENTITY_KEY] == Identity("secretariat@example.org", Role.EDITOR, "oidc")
    assert routable_pages(app) == EDITOR_PAGES

    app.user = {"is_logged_in": True, "email": "guest@example.org"}
    app.run()
    assert app.session_state[IDENTITY_KEY].role is Role.VIEWER
    assert routable_pages(app) == VIEWER_PAGES
