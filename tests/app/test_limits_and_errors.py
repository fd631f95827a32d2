"""The server's protective settings, the upload limit on the command line too, and no tracebacks for visitors."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.importer import import_files
from analysis.limits import STREAMLIT_CONFIG, max_upload_bytes, max_upload_megabytes
from analysis.paths import PROJECT_ROOT
from analysis.store.backups import list_backups
from analysis.store.database import AllianceDatabase
from app_ui.frame import safe_page

MEGABYTE = 1024 * 1024


def test_the_server_config_keeps_its_protections() -> None:
    config = tomllib.loads(STREAMLIT_CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 20
    assert config["client"]["showErrorDetails"] == "none"  # Streamlit's own error boxes show no traceback
    assert "enableCORS" not in config["server"] or config["server"]["enableCORS"] is True


def test_the_import_limit_is_the_servers_upload_limit(tmp_path: Path) -> None:
    assert max_upload_megabytes() == 20 and max_upload_bytes() == 20 * MEGABYTE
    other = tmp_path / "config.toml"
    other.write_text("[server]\nmaxUploadSize = 5\n", encoding="utf-8")
    assert max_upload_megabytes(other) == 5
    assert max_upload_megabytes(tmp_path / "missing.toml") == 20  # Streamlit's own default would be 200


def sparse_file(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_a_command_line_import_over_the_limit_is_refused_before_reading(
    database: AllianceDatabase, tmp_path: Path
) -> None:
    over = sparse_file(tmp_path / "members.csv", 20 * MEGABYTE + 1)  # one byte more than 20 MB
    report = import_files(database, [over])
    assert [problem.reason for problem in report.problems] == [
        "the file is 20.0 MB, more than the 20.0 MB an import accepts; split it into smaller files"
    ]
    assert database.table_counts()["members"] == 0 and list_backups(database) == []


def test_a_file_of_exactly_the_limit_is_not_refused_for_its_size(
    database: AllianceDatabase, tmp_path: Path
) -> None:
    at_limit = sparse_file(tmp_path / "members.csv", 20 * MEGABYTE)  # zeros: refused, but for its content
    reasons = " ".join(problem.reason for problem in import_files(database, [at_limit]).problems)
    assert "more than the 20.0 MB" not in reasons and reasons


@pytest.fixture
def page_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    log = tmp_path / "dashboard.log"
    monkeypatch.setattr(safe_page, "LOG_FILE", log)
    yield log
    for handler in list(safe_page.LOGGER.handlers):
        if isinstance(handler, logging.FileHandler):
            safe_page.LOGGER.removeHandler(handler)
            handler.close()


def test_a_failing_page_shows_an_incident_number_and_logs_the_traceback(page_log: Path) -> None:
    app = AppTest.from_file(str(PROJECT_ROOT / "tests" / "app" / "apps" / "failing_page.py")).run()
    assert not app.exception  # nothing reaches Streamlit's own error box
    [shown] = [error.value for error in app.error]
    incident = re.search(r"incident ([0-9a-f]{8})", shown)
    assert incident and "internal detail" not in shown and "Traceback" not in shown
    assert [markdown.value for markdown in app.markdown] == ["before the failure"]
    logged = page_log.read_text(encoding="utf-8")
    assert f"incident {incident[1]}" in logged
    assert "Traceback" in logged and "RuntimeError: internal detail: /srv/secret/path.duckdb" in logged


def test_a_users_error_is_shown_as_its_sentence(page_log: Path) -> None:
    app = AppTest.from_file(str(PROJECT_ROOT / "tests" / "app" / "apps" / "failing_page.py"))
    app.query_params["fail"] = "user"
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        "The file members.csv has no header row. Add one and import again."
    ]
