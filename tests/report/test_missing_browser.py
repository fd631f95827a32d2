"""Without Chromium: a clear message with the install command, and the rest of the pack still written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import plotly.graph_objects as go
import pytest

from analysis.cli import main
from analysis.cli.output import EXIT_STORE_UNREACHABLE
from analysis.rendering.browser import BrowserMissingError, ImageRenderer, close_shared_renderer, find_browser
from analysis.rendering.chart_files import chart_image
from analysis.rendering.framing import Caption


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """BROWSER_PATH pointing nowhere: what a machine without chromium looks like to the exporter. A browser
    session an earlier test of this process left open is closed first, so nothing drawn comes from it."""
    close_shared_renderer()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")


def test_missing_browser_names_the_install_command(no_browser: None) -> None:
    with pytest.raises(BrowserMissingError, match=r"apt-get install chromium"):
        find_browser()
    with pytest.raises(BrowserMissingError, match=r"data \(CSV, XLSX\) and text exports work"):
        ImageRenderer()
    with pytest.raises(BrowserMissingError):
        chart_image(go.Figure(), Caption("t", "s", "src"), "png", renderer=None)


def test_pack_without_browser_keeps_data_and_text(
    no_browser: None, initialised_demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack"
    code = main(
        ["report", "--db", str(initialised_demo_path), "--year", "2023", "--lang", "en", "--out", str(out)]
    )
    assert code == 0
    assert "apt-get install chromium" in capsys.readouterr().err
    with zipfile.ZipFile(out / "alliance_report_2023_en.zip") as archive:
        names = set(archive.namelist())
    data = {name for name in names if name.startswith("data/")}
    assert names - data == {"figures.xlsx", "highlights.md", "slides.pptx", "IMAGES_MISSING.txt"}
    assert len(data) == 2 * 14  # every figure's data as CSV and Parquet, no browser needed
    assert "72 member think tanks from 12 countries" in (out / "highlights.md").read_text(encoding="utf-8")
    assert "apt-get install chromium" in (out / "IMAGES_MISSING.txt").read_text(encoding="utf-8")
    assert not list((out / "figures").glob("*.png"))


def test_report_command_explains_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.ducklake"
    code = main(["report", "--db", str(missing), "--year", "2023", "--out", str(tmp_path / "out")])
    assert code == EXIT_STORE_UNREACHABLE  # 4: there is no store to read
    assert "init --demo" in capsys.readouterr().err


def test_report_command_refuses_an_unknown_section(initialised_demo_path: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "report",
                "--db",
                str(initialised_demo_path),
                "--year",
                "2023",
                "--out",
                str(tmp_path),
                "--sections",
                "x",
            ]
        )
    assert exit_info.value.code == 2  # argparse names the allowed sections
