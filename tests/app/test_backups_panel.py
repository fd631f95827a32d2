"""The Data page's backups panel (AppTest): listed newest first, restored only after a confirmation."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE, PROJECT_ROOT
from analysis.store.backups import backup_before_write, content_fingerprint, list_backups
from analysis.store.database import AllianceDatabase, open_database
from app_ui.frame.auth import IDENTITY_KEY
from app_ui.panels.backups_panel import KEY_CANCEL, KEY_CHOICE, KEY_CONFIRM, KEY_RESTORE
from tests.datasets import add_member, fill_hostile_name_alliance


def fingerprint(database: AllianceDatabase) -> dict[str, tuple[int, str]]:
    with database.reading() as cursor:
        return content_fingerprint(cursor)


@pytest.fixture
def changed_since_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, tuple[int, str]]]:
    """The small alliance backed up, then a fourth member added; returns the file and the backed-up content."""
    path = tmp_path / "alliance.ducklake"
    database = open_database(path)
    try:
        fill_hostile_name_alliance(database)
        backed_up = fingerprint(database)
        assert backup_before_write(database, "import") is not None
        add_member(database, "m4", "JPN", "2024-04-28")
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    return path, backed_up


def data_page() -> AppTest:
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    app.secrets = {"access": {"users": {"ed": {"role": "editor", "password_hash": "$2b$04$" + "x" * 53}}}}
    app.session_state[IDENTITY_KEY] = Identity("ed", Role.EDITOR, "password")
    app.run()
    app.switch_page("app_pages/data.py").run()
    assert not app.exception, [exception.value for exception in app.exception]
    return app


def test_a_backup_is_restored_only_after_the_confirmation(changed_since_backup: tuple[Path, dict]) -> None:
    from app_ui.state.database import shared_database

    path, backed_up = changed_since_backup
    app = data_page()
    [backup] = list_backups(shared_database())
    assert app.selectbox(key=KEY_CHOICE).value == backup.folder.name
    assert shared_database().table_counts()["members"] == 4

    app.button(key=KEY_RESTORE).click().run()
    assert any("Restore the database?" in markdown.value for markdown in app.markdown)
    assert shared_database().table_counts()["members"] == 4  # asked, not yet done

    app.button(key=KEY_CANCEL).click().run()
    assert not any("Restore the database?" in markdown.value for markdown in app.markdown)
    assert shared_database().table_counts()["members"] == 4

    app.button(key=KEY_RESTORE).click().run()
    app.button(key=KEY_CONFIRM).click().run()
    assert not app.exception
    assert fingerprint(shared_database()) == backed_up  # the 3 members of the backup, identical content
    [restored] = [success.value for success in app.success if "Restored the backup" in success.value]
    safety = [item for item in list_backups(shared_database()) if item.reason == "before-restore"]
    assert len(safety) == 1 and safety[0].table_counts["members"] == 4  # the undo is one restore away
    assert safety[0].folder.name in restored
    assert path.exists()


def test_without_backups_the_panel_says_when_the_first_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "empty.ducklake"
    open_database(path).close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    app = data_page()
    assert "No backups yet: the first is taken before the first import." in [info.value for info in app.info]


def _two_backups_then_a_fifth_member(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Backup "older" of 3 members, backup "newer" of 4, then a 5th member: today holds 5."""
    path = tmp_path / "alliance.ducklake"
    database = open_database(path)
    try:
        fill_hostile_name_alliance(database)
        older = backup_before_write(database, "import")
        time.sleep(1.1)  # backups are told apart by the second they were taken
        add_member(database, "m4", "JPN", "2024-04-28")
        newer = backup_before_write(database, "import")
        add_member(database, "m5", "KOR", "2024-05-02")
    finally:
        database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    assert older is not None and newer is not None
    return older.name, newer.name


@pytest.mark.parametrize(
    ("language", "headers", "members", "change"),
    [
        ("en", ["Table", "In the backup", "Today", "Change if restored"], "Members", "−1"),
        ("zh", ["数据表", "备份中", "当前", "恢复后的变化"], "成员", "−1"),
    ],
)
def test_the_picker_starts_at_the_newest_backup_and_the_confirmation_compares_it_with_today(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    headers: list[str],
    members: str,
    change: str,
) -> None:
    """Never one click from the oldest (emptiest) backup."""
    from analysis.i18n import translate
    from app_ui.state.database import shared_database

    older, newer = _two_backups_then_a_fifth_member(tmp_path, monkeypatch)
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    app.secrets = {"access": {"users": {"ed": {"role": "editor", "password_hash": "$2b$04$" + "x" * 53}}}}
    app.session_state[IDENTITY_KEY] = Identity("ed", Role.EDITOR, "password")
    app.query_params["lang"] = language
    app.run()
    app.switch_page("app_pages/data.py").run()
    assert not app.exception
    assert app.selectbox(key=KEY_CHOICE).value == newer  # the newest, not the oldest

    app.button(key=KEY_RESTORE).click().run()
    title = translate("access.backups.compare_title", language)  # type: ignore[arg-type]
    assert any(title in markdown.value for markdown in app.markdown)
    [table] = [table.value for table in app.table if list(table.value.columns) == headers]
    rows = {row[headers[0]]: row for row in table.to_dict("records")}
    assert rows[members][headers[1]] == "4" and rows[members][headers[2]] == "5"
    assert rows[members][headers[3]] == change  # restoring drops the member added since
    assert len(rows) == 5  # members, events, roles, participation, targets
    assert shared_database().table_counts()["members"] == 5  # shown, not done

    app.button(key=KEY_CANCEL).click().run()
    app.selectbox(key=KEY_CHOICE).set_value(older).run()  # someone looks at the old one ...
    assert app.selectbox(key=KEY_CHOICE).value == older
    newest = backup_before_write(shared_database(), "manual")  # ... and a new backup appears
    assert newest is not None
    app.run()
    assert app.selectbox(key=KEY_CHOICE).value == newest.name  # the picker moves to the newest
