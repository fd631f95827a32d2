"""Fixtures for the export tests: the demo database (built once), and the 2023 packs built once per language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.exports.browser import DEBIAN_CHROMIUM
from analysis.exports.report_figures import ReportRequest
from analysis.exports.report_pack import ReportPack, build_report_pack
from analysis.store.database import AllianceDatabase

NO_BROWSER = "Debian's chromium is needed: apt-get install chromium"


def require_browser() -> None:
    if not DEBIAN_CHROMIUM.is_file() and shutil.which("chromium") is None:
        pytest.skip(NO_BROWSER)


@pytest.fixture(scope="session")
def english_pack_dir(initialised_demo_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole 2023 pack in English, written by the real `report` command (needs the browser)."""
    require_browser()
    out = tmp_path_factory.mktemp("pack_en")
    assert (
        main(
            [
                "report",
                "--db",
                str(initialised_demo_path),
                "--year",
                "2023",
                "--lang",
                "en",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    return out


@pytest.fixture(scope="session")
def chinese_pack(
    initialised_demo_database: AllianceDatabase, tmp_path_factory: pytest.TempPathFactory
) -> ReportPack:
    """The whole 2023 pack in Chinese, built through the library (needs the browser)."""
    require_browser()
    out = tmp_path_factory.mktemp("pack_zh")
    return build_report_pack(initialised_demo_database, ReportRequest(year=2023, language="zh"), out)
