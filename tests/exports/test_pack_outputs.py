"""The pack as the work report takes it: each output opened by LibreOffice, pdftotext, python-pptx,
openpyxl and pypdf, in both languages, and a hand-worked store checked across report.pdf, slides.pptx and
figures.xlsx (countries represented per year, and the partial last period).

Hand-worked store (report year 2022, last data day 20 March 2022, so 2022 is partial):
  M1 CHN joined 2020-09-19; M2 USA joined 2020-09-19, left 2021-08-01; M3 DEU joined 2021-05-10;
  M4 JPN joined 2022-02-01 (economic); M5 FRA joined 2022-03-01; event E1 on 2022-03-20.
  Countries with an active member at each year's end: 2020 CHN, USA = 2 (both new);
  2021 CHN, DEU = 2 (USA left; DEU new); 2022 to 20 March: CHN, DEU, JPN, FRA = 4 (JPN, FRA new).
  Members at each year's end: 2, 2, 4. The 2022 period is labelled "2022 (to 20 Mar)" / "2022年（截至3月20日）".
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from analysis.branding import load_branding
from analysis.cli import main
from analysis.exports.plotly_bundle import bundled_plotlyjs_version, chart_element, plotlypy_plotlyjs_version
from analysis.exports.report_figures import REPORT_FIGURES
from analysis.exports.report_pack import ReportPack
from analysis.exports.report_slides import SLIDE_HEIGHT, SLIDE_WIDTH, fitted_title
from analysis.exports.report_workbook import TABLE_HEADER_ROW
from analysis.exports.wording import counted
from analysis.i18n import Language, translate
from analysis.store.database import AllianceDatabase
from tests.datasets import add_event, add_member
from tests.exports.conftest import require_browser

KANGXI = re.compile("[\u2f00-\u2fdf\u2e80-\u2eff]")
A_EA = "{http://schemas.openxmlformats.org/drawingml/2006/main}ea"
A_RPR = "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is needed (Debian: poppler-utils, libreoffice-impress, libreoffice-calc)")
    return found


def libreoffice_pdf(path: Path, out: Path) -> Path:
    """`path` converted to PDF by LibreOffice (headless), as a person opening it would see it."""
    soffice = _tool("soffice")
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    converted = out / (path.stem + ".pdf")
    assert converted.is_file(), f"LibreOffice wrote no PDF for {path.name}"
    return converted


def pdftotext_pages(path: Path) -> list[str]:
    """Each page's text as pdftotext (poppler) extracts it: what search and copy give."""
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def pdf_fonts(path: Path) -> str:
    return subprocess.run([_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout


def squeezed(text: str) -> str:
    """Text without whitespace: LibreOffice spaces Chinese from digits, and lines wrap."""
    return re.sub(r"\s+", "", text)


# --- the plotly.js build ------------------------------------------------------------------------------


def test_dashboard_plotlyjs_build_is_the_version_plotly_py_draws_for() -> None:
    assert bundled_plotlyjs_version() == plotlypy_plotlyjs_version()
    package = (Path("scripts/plotly_bundle/package.json")).read_text(encoding="utf-8")
    assert f'"plotly.js": "{plotlypy_plotlyjs_version()}"' in package


def test_chart_element_falls_back_to_streamlit_when_asked_or_mismatched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert chart_element() == "bundle"  # the versions match (test above)
    monkeypatch.setenv("ALLIANCE_CHART_ELEMENT", "streamlit")
    assert chart_element() == "streamlit"
    monkeypatch.setenv("ALLIANCE_CHART_ELEMENT", "auto")
    stale = tmp_path / "old.js"
    stale.write_text('var a=1;var kv=ie(z9=>{"use strict";z9.version="3.0.0"});', encoding="utf-8")
    assert bundled_plotlyjs_version(stale) == "3.0.0"
    monkeypatch.setattr("analysis.exports.plotly_bundle.bundle_matches", lambda: False)
    assert chart_element() == "streamlit"


def test_no_private_kaleido_or_choreographer_use_in_the_exports() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in Path("analysis/exports").glob("*.py"))
    assert "kaleido" not in source.replace("kaleido's", "")  # images come from Playwright's public API
    assert "_current_js_id" not in source and "tabs_ready" not in source


# --- wording ----------------------------------------------------------------------------------------


def test_counted_nouns_are_singular_for_one() -> None:
    assert counted("chair_unit", 1, "en") == "1 chair unit"
    assert counted("chair_unit", 2, "en") == "2 chair units"
    assert counted("vice_chair_unit", 0, "en") == "0 vice-chair units"
    assert counted("new_member", 1, "en") == "1 new member"
    assert counted("chair_unit", 1, "zh") == "主席单位1家"


def test_titles_fit_on_one_line_or_break_at_the_colon_never_one_character_alone() -> None:
    width = int(SLIDE_WIDTH - Emu(914400 * 2))
    for figure in REPORT_FIGURES:
        for language in ("en", "zh"):
            lines, size = fitted_title(figure.title(language), width, 30)
            assert lines == [figure.title(language)] and size >= 20
    lines, _ = fitted_title("2025年度报告：联盟发展数据" * 2, width, 40, 40)
    assert len(lines) == 2 and all(len(line) > 1 for line in lines)


# --- the hand-worked store, both languages, in one command ------------------------------------------


@pytest.fixture(scope="module")
def hand_packs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The 2022 pack of the hand-worked store in English and Chinese, from ONE `report --lang both`."""
    require_browser()
    folder = tmp_path_factory.mktemp("hand")
    path = folder / "hand.ducklake"
    assert main(["init", "--db", str(path)]) == 0
    from analysis.store.database import open_database

    database = open_database(path)
    try:
        add_member(database, "M1", "CHN", "2020-09-19")
        add_member(database, "M2", "USA", "2020-09-19", left_on="2021-08-01")
        add_member(database, "M3", "DEU", "2021-05-10")
        add_member(database, "M4", "JPN", "2022-02-01", member_type="economic")
        add_member(database, "M5", "FRA", "2022-03-01")
        add_event(database, "E1", "2022-03-20")
    finally:
        database.close()
    out = folder / "packs"
    code = main(
        ["report", "--db", str(path), "--year", "2022", "--lang", "both", "--out", str(out),
         "--sections", "membership", "geography"]
    )  # fmt: skip
    assert code == 0
    yield {"en": out / "en", "zh": out / "zh"}


PARTIAL = {"en": "2022 (to 20 Mar)", "zh": "2022年（截至3月20日）"}
COUNTRIES_TITLE = {"en": "Countries represented", "zh": "成员覆盖国家数"}


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh"])
def test_countries_per_year_and_partial_period_in_the_workbook(
    hand_packs: dict[str, Path], language: Language
) -> None:
    workbook = openpyxl.load_workbook(hand_packs[language] / "figures.xlsx")
    countries_sheet = f"07 {COUNTRIES_TITLE[language]}"  # membership: 01-05, the map 06
    rows = list(workbook[countries_sheet].iter_rows(min_row=TABLE_HEADER_ROW, values_only=True))
    header, body = rows[0], rows[1:]
    countries = header.index(translate("exports.column.countries", language))
    new = header.index(translate("exports.column.new_countries", language))
    years = ["2020", "2021"] if language == "en" else ["2020年", "2021年"]
    assert [row[0] for row in body] == [*years, PARTIAL[language]]
    assert [row[countries] for row in body] == [2, 2, 4]
    assert [row[new] for row in body] == [2, 1, 2]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "zh"])
def test_countries_per_year_and_partial_period_in_report_pdf_and_slides(
    hand_packs: dict[str, Path], language: Language, tmp_path: Path
) -> None:
    pdf = pdftotext_pages(hand_packs[language] / "report.pdf")
    page = next(
        squeezed(text) for text in pdf if squeezed(text).startswith(squeezed(COUNTRIES_TITLE[language]))
    )
    if language == "en":
        assert "Countriesrepresented:4" in page and "Countriesnewin2022:2" in page
        assert "2022(to20Mar)" in page
    else:
        assert "覆盖国家：4" in page and "2022年新增国家：2" in page
        assert "截至3月20日" in page
    slides = Presentation(str(hand_packs[language] / "slides.pptx"))
    slide = next(
        s
        for s in slides.slides
        if s.shapes.title is not None and s.shapes.title.text == COUNTRIES_TITLE[language]
    )
    text = squeezed(" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame))
    assert ("Countriesrepresented:4" if language == "en" else "覆盖国家：4") in text
    # members by region is a native chart: its last category is the partial year, drawn lighter
    region_title = translate("exports.figure.members_by_region.title", language)
    region = next(
        s for s in slides.slides if s.shapes.title is not None and s.shapes.title.text == region_title
    )
    chart = next(shape.chart for shape in region.shapes if shape.has_chart)
    categories = list(chart.plots[0].categories)
    assert categories[-1] == PARTIAL[language]
    # 2, 2 and 4 members at the years' ends, one series per region
    totals = [sum(series.values[index] or 0 for series in chart.plots[0].series) for index in range(3)]
    assert totals == [2, 2, 4]


# --- the demo packs (2023, both languages) ------------------------------------------------------------


@pytest.mark.browser
def test_chinese_report_pdf_is_real_text(chinese_pack: ReportPack) -> None:
    report = chinese_pack.directory / "report.pdf"
    fonts = pdf_fonts(report)
    assert "Type 3" not in fonts and "CID TrueType" in fonts
    text = "".join(pdftotext_pages(report))
    assert "截至" in text and "高端" in text
    assert KANGXI.findall(text) == []
    info = PdfReader(str(report)).metadata
    assert info is not None and info.title == "2023年度报告：联盟发展数据"
    assert info.author == load_branding().secretariat_zh and "Kaleido" not in str(info.creator)


@pytest.mark.browser
def test_english_report_pdf_title_and_grammar(english_pack_dir: Path) -> None:
    report = english_pack_dir / "report.pdf"
    info = PdfReader(str(report)).metadata
    assert info is not None and info.title == "Annual report 2023: the Alliance in figures"
    assert "Type 3" not in pdf_fonts(report)
    text = " ".join(pdftotext_pages(report))
    assert "(s)" not in text
    highlights = (english_pack_dir / "highlights.md").read_text(encoding="utf-8")
    governance = re.search(r"Governance: (\d+) chair units? and (\d+) vice-chair units?", highlights)
    assert governance is not None
    chairs = governance.group(0).split(" and ")[0]
    assert chairs.endswith("unit" if governance.group(1) == "1" else "units")


def _slide_checks(path: Path, language: str, tmp_path: Path) -> None:
    deck = Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)  # 16:9
    titles = []
    for slide in deck.slides:
        title = slide.shapes.title
        assert title is not None
        assert title.left > 0 and title.width > 0 and title.top is not None and title.height > 0
        assert title.left + title.width <= SLIDE_WIDTH and title.top + title.height <= SLIDE_HEIGHT
        titles.append(title.text_frame.text.replace("\v", "").replace("\n", ""))
        assert any(shape.shape_type == 13 and shape.name != slide.shapes.title.name for shape in slide.shapes)
        for shape in slide.shapes:  # every run names an East-Asian font
            for element in (shape.element, shape.chart.element if shape.has_chart else None):
                if element is None:
                    continue
                for properties in element.iter(A_RPR):
                    assert properties.find(A_EA) is not None
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) >= 6  # bars and lines are native, editable charts
    for chart in charts:
        assert not chart.has_title  # the slide's title names it once
        assert chart.plots[0].categories and all(len(list(s.values)) for s in chart.plots[0].series)
    converted = libreoffice_pdf(path, tmp_path / "lo")
    pages = pdftotext_pages(converted)
    assert len(pages) == len(titles)
    for page, title in zip(pages, titles, strict=True):
        assert squeezed(title) in squeezed(page), f"title {title!r} is not whole on its slide"
    box = PdfReader(str(converted)).pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    if language == "zh":
        assert "NotoSansCJK" in pdf_fonts(converted)  # the a:ea font draws the Chinese
    subprocess.run(
        [_tool("pdftoppm"), "-r", "40", "-png", str(converted), str(tmp_path / f"slides_{language}")],
        check=True,
    )
    assert len(list(tmp_path.glob(f"slides_{language}*.png"))) == len(titles)


@pytest.mark.browser
def test_english_slides_through_libreoffice(english_pack_dir: Path, tmp_path: Path) -> None:
    _slide_checks(english_pack_dir / "slides.pptx", "en", tmp_path)


@pytest.mark.browser
def test_chinese_slides_through_libreoffice(chinese_pack: ReportPack, tmp_path: Path) -> None:
    _slide_checks(chinese_pack.directory / "slides.pptx", "zh", tmp_path)


@pytest.mark.browser
def test_members_by_type_native_chart_keeps_the_data(
    english_pack_dir: Path, initialised_demo_database: AllianceDatabase
) -> None:
    from analysis.exports.report_figures import report_filters
    from analysis.metrics.membership import members_by_type

    deck = Presentation(str(english_pack_dir / "slides.pptx"))
    slide = next(
        s for s in deck.slides if s.shapes.title is not None and s.shapes.title.text == "Members by type"
    )
    chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
    plotted = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True))
    data = members_by_type(initialised_demo_database, report_filters(2023))
    assert sum(plotted.values()) == int(data["members"].sum()) == 72
    by_type = dict(zip(data["member_type"], data["members"], strict=True))
    assert plotted["Comprehensive"] == by_type["comprehensive"]


def _workbook_checks(path: Path, language: str, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    assert len(names) == len(set(names)) == 1 + len(REPORT_FIGURES)
    assert all(len(name) <= 31 for name in names)
    assert not any("_" in name for name in names)  # titles, not keys
    for name in names[1:]:
        sheet = workbook[name]
        header = [cell.value for cell in sheet[TABLE_HEADER_ROW]]
        assert all(value and "_" not in str(value) for value in header), (name, header)
        if language == "zh":
            assert all(re.search("[\u4e00-\u9fff]", str(value)) for value in header), (name, header)
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == f"${TABLE_HEADER_ROW}:${TABLE_HEADER_ROW}"
        for row in sheet.iter_rows(min_row=TABLE_HEADER_ROW + 1):
            for cell in row:
                if isinstance(cell.value, dt.datetime | dt.date):
                    assert cell.number_format == "yyyy-mm-dd"  # no 00:00
                if isinstance(cell.value, str):
                    assert not re.fullmatch(r"[a-z]+(_[a-z]+)+", cell.value), (name, cell.value)  # no codes
                if isinstance(cell.value, float) and cell.number_format == "0.0%":
                    assert round(cell.value, 4) == cell.value
    pages = len(PdfReader(str(libreoffice_pdf(path, tmp_path / "lo"))).pages)
    assert pages <= 30  # the raw dump printed on 54 pages


@pytest.mark.browser
def test_english_workbook_is_a_readable_annex(english_pack_dir: Path, tmp_path: Path) -> None:
    _workbook_checks(english_pack_dir / "figures.xlsx", "en", tmp_path)
    sheet = openpyxl.load_workbook(english_pack_dir / "figures.xlsx")["03 Members by type"]
    header = [cell.value for cell in sheet[TABLE_HEADER_ROW]]
    assert header == ["Member type", "Members"]
    assert sheet.cell(row=TABLE_HEADER_ROW + 1, column=1).value in {
        "Comprehensive", "Science & technology", "Economic", "Industry", "Publishing & media", "Enterprise"
    }  # fmt: skip


@pytest.mark.browser
def test_chinese_workbook_has_chinese_sheets_and_headers(chinese_pack: ReportPack, tmp_path: Path) -> None:
    path = chinese_pack.directory / "figures.xlsx"
    _workbook_checks(path, "zh", tmp_path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[:2] == ["目录", "01 成员数量变化"]


@pytest.mark.browser
def test_every_figure_has_csv_and_parquet_data(english_pack_dir: Path) -> None:
    with zipfile.ZipFile(english_pack_dir / "alliance_report_2023_en.zip") as archive:
        names = set(archive.namelist())
        parquet = pd.read_parquet(io.BytesIO(archive.read("data/07_countries_over_time.parquet")))
        csv_text = archive.read("data/07_countries_over_time.csv").decode("utf-8-sig")
    for number, figure in enumerate(REPORT_FIGURES, start=1):
        assert {f"data/{number:02d}_{figure.key}.csv", f"data/{number:02d}_{figure.key}.parquet"} <= names
    assert list(parquet["countries"])[-1] == 12
    assert csv_text.splitlines()[0].startswith("period_start,period_end,countries")


# --- the command line --------------------------------------------------------------------------------


def test_report_command_refuses_an_unknown_language(
    initialised_demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "report",
                "--db",
                str(initialised_demo_path),
                "--year",
                "2023",
                "--lang",
                "fr",
                "--out",
                str(tmp_path),
            ]
        )
    assert exit_info.value.code == 2
    assert "write en, zh, en,zh or both" in capsys.readouterr().err


def test_report_command_checks_its_filters_as_metrics_does(
    initialised_demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "report",
            "--db",
            str(initialised_demo_path),
            "--year",
            "2023",
            "--country",
            "XXX",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 2
    assert "Unknown country code 'XXX'" in capsys.readouterr().err
    assert not (tmp_path / "figures.xlsx").exists()


def test_report_command_narrows_the_pack_by_region_and_member_type(
    initialised_demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # the data and words, quickly
    out = tmp_path / "europe"
    code = main(
        ["report", "--db", str(initialised_demo_path), "--year", "2023", "--region", "Europe",
         "--member-type", "economic", "--sections", "membership", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    sheet = openpyxl.load_workbook(out / "figures.xlsx")["03 Members by type"]
    assert "regions: Europe" in str(sheet["A3"].value) and "member types: Economic" in str(sheet["A3"].value)
    counts = {row[0]: row[1] for row in sheet.iter_rows(min_row=TABLE_HEADER_ROW + 1, values_only=True)}
    assert set(counts) == {"Economic"} or all(
        value == 0 for name, value in counts.items() if name != "Economic"
    )
    slides = Presentation(str(out / "slides.pptx"))
    subtitle = " ".join(shape.text_frame.text for shape in slides.slides[0].shapes if shape.has_text_frame)
    assert "regions: Europe" in subtitle and "member types: Economic" in subtitle
