"""Fixtures for the export tests: the demo database (built once), and the 2023 packs built once per language."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.rendering.browser import DEBIAN_CHROMIUM
from analysis.report.catalogue import ReportRequest
from analysis.report.pack import ReportPack, build_report_pack
from analysis.store.connection import AllianceDatabase, open_database

NO_BROWSER = "Debian's chromium is needed: apt-get install chromium"


def require_browser() -> None:
    if not DEBIAN_CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip(NO_BROWSER)


@pytest.fixture(scope="session")
def demo_database_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo alliance loaded by the real `init --demo` command."""
    path = tmp_path_factory.mktemp("demo") / "demo.ducklake"
    assert main(["init", "--demo", "--db", str(path)]) == 0
    return path


@pytest.fixture(scope="session")
def demo_database(demo_database_path: Path) -> Iterator[AllianceDatabase]:
    database = open_database(demo_database_path, create=False, read_only=True)
    yield database
    database.close()


@pytest.fixture(scope="session")
def english_pack_dir(demo_database_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole 2023 pack in English, written by the real `report` command (needs the browser)."""
    require_browser()
    out = tmp_path_factory.mktemp("pack_en")
    assert (
        main(["report", "--db", str(demo_database_path), "--year", "2023", "--lang", "en", "--out", str(out)])
        == 0
    )
    return out


@pytest.fixture(scope="session")
def chinese_pack(demo_database: AllianceDatabase, tmp_path_factory: pytest.TempPathFactory) -> ReportPack:
    """The whole 2023 pack in Chinese, built through the library (needs the browser)."""
    require_browser()
    out = tmp_path_factory.mktemp("pack_zh")
    return build_report_pack(demo_database, ReportRequest(year=2023, language="zh"), out)
