"""A real dashboard server for the access attacks: the hostile-name alliance, one backup of it, a fourth member since.

The store is made in the test's folder and served from there (its backups, in $ALLIANCE_BACKUP_DIR,
are the server's); vera (viewer) and ed (editor) sign in with the password of tests/browser/browser_session.py.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.auth.roles import Role
from analysis.auth.sign_ins import SignInStore
from analysis.paths import PROJECT_ROOT
from analysis.store.backups import backup_before_write
from analysis.store.database import open_database
from benchmarks.dashboard_server import RunningServer, dashboard_server, free_port
from tests.browser.browser_session import write_secrets
from tests.datasets import add_member, fill_hostile_name_alliance

PORTS = range(8650, 8670)


def make_store(folder: Path) -> Path:
    """3 members backed up (reason "import"), then a 4th member added: a restore would drop m4."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "alliance.ducklake"
    database = open_database(path)
    try:
        fill_hostile_name_alliance(database)
        assert backup_before_write(database, "import") is not None
        add_member(database, "m4", "JPN", "2024-04-28")
    finally:
        database.close()
    return path


@contextmanager
def access_server(
    folder: Path, *extra_options: str, sign_in_hours: float | None = None
) -> Iterator[RunningServer]:
    database = make_store(folder)
    secrets = write_secrets(folder)
    if sign_in_hours is not None:
        text = secrets.read_text(encoding="utf-8")
        secrets.write_text(text.replace("[access]\n", f"[access]\nsign_in_hours = {sign_in_hours}\n", 1))
    with dashboard_server(
        database, secrets, free_port(PORTS), folder / "server.log", extra_options=extra_options
    ) as server:
        yield server


def cookie_for(folder: Path, name: str, role: Role) -> str:
    """A Cookie header with a real sign-in token, as the sign-in form issues it (beside the secrets)."""
    token = SignInStore(folder).issue(name, role, "password", hours=8)
    return f"alliance_sign_in={token}"


def user_command(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m analysis user ... --secrets <folder>/secrets.toml`, as the administrator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "analysis", "user", "--secrets", str(folder / "secrets.toml"), *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        input="another long password\n",
        timeout=120,
        check=True,
    )


def backup_folders(folder: Path) -> list[str]:
    backups = folder / "backups"
    return sorted(child.name for child in backups.iterdir() if child.is_dir()) if backups.is_dir() else []
