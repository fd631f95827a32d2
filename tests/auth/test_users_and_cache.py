"""The `user` command, the sign-in throttle, and cached results kept apart by role."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import bcrypt
import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth import Role, access_settings_from, authenticate
from analysis.auth.roles import Identity
from analysis.auth.throttle import LoginThrottle
from analysis.paths import PROJECT_ROOT
from app_ui.frame.auth import IDENTITY_KEY
from tests.app.apps import counted


def user_command(
    secrets: Path, *arguments: str, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "user", "--secrets", str(secrets), *arguments],
        cwd=PROJECT_ROOT,
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


ADMIN_FILE = """\
# written by hand by the administrator
[access]
anonymous_viewers = true  # the public may look

[auth]
redirect_uri = "https://dashboard.example.org/oauth2callback"
"""


def test_user_add_writes_only_a_bcrypt_hash_and_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ADMIN_FILE, encoding="utf-8")

    added = user_command(
        secrets, "add", "amira", "--role", "editor", "--password-stdin", password="s3cret-enough"
    )
    assert added.returncode == 0, added.stderr
    assert "added editor amira" in added.stdout

    text = secrets.read_text(encoding="utf-8")
    assert "s3cret-enough" not in text
    assert "# written by hand by the administrator" in text and "# the public may look" in text
    parsed = tomllib.loads(text)
    assert parsed["auth"]["redirect_uri"] == "https://dashboard.example.org/oauth2callback"
    assert parsed["access"]["anonymous_viewers"] is True
    entry = parsed["access"]["users"]["amira"]
    assert entry["role"] == "editor"
    assert bcrypt.checkpw(b"s3cret-enough", entry["password_hash"].encode())
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600  # the owner alone reads the hashes

    settings = access_settings_from(parsed)
    assert authenticate(settings, "amira", "s3cret-enough") == Identity("amira", Role.EDITOR, "password")
    assert authenticate(settings, "amira", "s3cret-enougH") is None


def test_user_add_again_changes_role_and_password_and_remove_takes_them_out(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    assert (
        user_command(
            secrets, "add", "li", "--role", "editor", "--password-stdin", password="first-pass"
        ).returncode
        == 0
    )
    updated = user_command(
        secrets, "add", "li", "--role", "viewer", "--password-stdin", password="second-pass"
    )
    assert updated.returncode == 0 and "updated viewer li" in updated.stdout
    settings = access_settings_from(tomllib.loads(secrets.read_text(encoding="utf-8")))
    assert authenticate(settings, "li", "first-pass") is None
    assert authenticate(settings, "li", "second-pass") == Identity("li", Role.VIEWER, "password")

    listed = user_command(secrets, "list")
    assert "li" in listed.stdout and "viewer" in listed.stdout and "$2b$" not in listed.stdout
    assert user_command(secrets, "remove", "li").returncode == 0
    assert access_settings_from(tomllib.loads(secrets.read_text(encoding="utf-8"))).users == {}


@pytest.mark.parametrize(
    ("arguments", "password", "message"),
    [
        (("add", "bo", "--role", "editor", "--password-stdin"), "short", "at least 8 characters"),
        (("add", "bo", "--role", "editor", "--password-stdin"), "é" * 40, "at most 72 bytes"),  # 80 bytes
        (("add", "<script>", "--role", "viewer", "--password-stdin"), "long-enough", "cannot be used"),
        (("add", "bo", "--role", "editor"), None, "--password-stdin"),  # no terminal to prompt on
        (("remove", "nobody"), None, "There is no user 'nobody'"),
    ],
)
def test_user_command_refusals_change_nothing(
    tmp_path: Path, arguments: tuple[str, ...], password: str | None, message: str
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ADMIN_FILE, encoding="utf-8")
    refused = user_command(secrets, *arguments, password=password)
    assert refused.returncode == 2
    assert message in refused.stderr and "Traceback" not in refused.stderr
    assert secrets.read_text(encoding="utf-8") == ADMIN_FILE


def test_an_unknown_role_is_refused_by_the_command(tmp_path: Path) -> None:
    refused = user_command(
        tmp_path / "s.toml", "add", "bo", "--role", "admin", "--password-stdin", password="x" * 9
    )
    assert refused.returncode == 2 and "invalid choice: 'admin'" in refused.stderr
    assert not (tmp_path / "s.toml").exists()


def test_the_throttle_locks_a_name_after_five_failures_for_five_minutes() -> None:
    now = [1000.0]
    throttle = LoginThrottle(max_failures=5, window_seconds=300, clock=lambda: now[0])
    for _ in range(4):
        throttle.record_failure("Ed")
    assert throttle.seconds_locked("ed") == 0.0  # four failures: still allowed
    throttle.record_failure("ed ")
    assert throttle.seconds_locked("ED") == 300.0  # the fifth at t=1000 locks until t=1300
    now[0] = 1299.0
    assert throttle.seconds_locked("ed") == 1.0
    now[0] = 1300.0
    assert throttle.seconds_locked("ed") == 0.0  # the failures have aged out of the window
    throttle.record_failure("ed")
    throttle.record_success("ed")
    assert throttle.seconds_locked("ed") == 0.0


def test_cached_results_are_never_shared_between_roles(hostile_name_app: Path) -> None:
    """The same analysis call from a viewer and an editor runs twice; again as the same role, it is cached."""
    counted.CALLS.clear()
    app_file = str(PROJECT_ROOT / "tests" / "app" / "apps" / "cached_by_role.py")

    def run_as(role: Role | None) -> str:
        app = AppTest.from_file(app_file, default_timeout=60)
        if role is not None:
            app.session_state[IDENTITY_KEY] = Identity(f"a {role.value}", role, "password")
        app.run()
        assert not app.exception
        return str(app.markdown[0].value)

    assert run_as(Role.VIEWER) == "members=3"  # the small alliance has 3 members
    assert run_as(Role.VIEWER) == "members=3"
    assert len(counted.CALLS) == 1  # the second viewer got the cached result
    assert run_as(Role.EDITOR) == "members=3"
    assert len(counted.CALLS) == 2  # the editor did not get the viewer's entry
    assert run_as(None) == "members=3"
    assert len(counted.CALLS) == 3  # nor does a session with no role yet
    assert os.environ["ALLIANCE_DB"] == str(hostile_name_app)
