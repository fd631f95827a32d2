"""The 2023 pack on the demo data: every file opened in its own format and checked against the metrics.

Demo facts (../shared/seeds/FACTS.md): 72 members from 12 countries at the end of 2023 (59 a year
before: +13, +22%). The pack has 14 figures in five sections.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation

from analysis.branding import load_branding
from analysis.exports.report_figures import REPORT_FIGURES
from analysis.exports.report_pack import ReportPack
from analysis.exports.report_workbook import TABLE_HEADER_ROW
from analysis.figures.geography import members_map
from analysis.filters import Filters
from analysis.metrics.geography import countries_over_time
from analysis.metrics.membership import members_over_time
from analysis.store.database import AllianceDatabase
from tests.exports.helpers import colour_share, hex_colour, pdf_pages, pdf_text, png_size, svg_root

pytestmark = pytest.mark.browser

FIGURE_COUNT = 14
YEAR_END = dt.date(2023, 12, 31)


def _figure_stems() -> list[str]:
    return [f"{number:02d}_{figure.key}" for number, figure in enumerate(REPORT_FIGURES, start=1)]


def test_every_figure_is_a_print_quality_png(english_pack_dir: Path) -> None:
    assert len(_figure_stems()) == FIGURE_COUNT
    for stem in _figure_stems():
        width, height = png_size((english_pack_dir / "figures" / f"{stem}.png").read_bytes())
        assert width >= 3000, stem  # 1000 layout px at scale 3
        assert height >= 1200, stem


def test_every_figure_svg_parses_and_holds_its_title(english_pack_dir: Path) -> None:
    for stem, figure in zip(_figure_stems(), REPORT_FIGURES, strict=True):
        content = (english_pack_dir / "figures" / f"{stem}.svg").read_bytes()
        root = svg_root(content)
        texts = " ".join(element.text or "" for element in root.iter() if element.tag.endswith("text"))
        assert figure.title("en") in texts, stem
        assert "As of 31 December 2023" in texts, stem  # the subtitle names the as-of day
        assert "Source:" in texts, stem


def test_every_figure_pdf_is_one_page(english_pack_dir: Path) -> None:
    for stem in _figure_stems():
        assert pdf_pages((english_pack_dir / "figures" / f"{stem}.pdf").read_bytes()) == 1, stem


def test_report_pdf_has_cover_highlights_a_page_per_figure_and_definitions(english_pack_dir: Path) -> None:
    report = english_pack_dir / "report.pdf"
    pages = pdf_pages(report.read_bytes())
    # cover + highlights + 14 figure pages + 1 or 2 pages of definitions
    assert 2 + FIGURE_COUNT + 1 <= pages <= 2 + FIGURE_COUNT + 2
    text = pdf_text(report)
    assert load_branding().name_en in text
    assert "72 member think tanks from 12 countries" in text
    assert "Members over time" in text and "Definitions" in text


def test_slides_hold_title_highlights_and_one_slide_per_figure(english_pack_dir: Path) -> None:
    slides = list(Presentation(str(english_pack_dir / "slides.pptx")).slides)
    assert len(slides) == 2 + FIGURE_COUNT
    titles = [slide.shapes.title.text if slide.shapes.title is not None else "" for slide in slides]
    assert titles[0] == "Annual report 2023: the Alliance in figures"
    assert titles[1] == "Highlights"
    assert titles[2:] == [figure.title("en") for figure in REPORT_FIGURES]
    pictures = [shape for shape in slides[2].shapes if shape.shape_type == 13]  # 13 = picture
    assert [picture.name for picture in pictures] == [
        "Illustrative placeholder logo",
        "Members over time",
    ]  # the logo, and the figure (bars with a line on a second axis: a picture, not a native chart)


def _sheet_column(path: Path, sheet: str, column: str) -> list[object]:
    worksheet = openpyxl.load_workbook(path)[sheet]
    header = [cell.value for cell in worksheet[TABLE_HEADER_ROW]]
    index = header.index(column) + 1
    return [
        worksheet.cell(row=row, column=index).value
        for row in range(TABLE_HEADER_ROW + 1, worksheet.max_row + 1)
    ]


def test_workbook_has_a_sheet_per_figure_with_the_metric_values(
    english_pack_dir: Path, initialised_demo_database: AllianceDatabase
) -> None:
    workbook_path = english_pack_dir / "figures.xlsx"
    workbook = openpyxl.load_workbook(workbook_path)
    assert len(workbook.sheetnames) == 1 + FIGURE_COUNT  # a contents sheet, then one per figure
    assert workbook.sheetnames[:3] == ["Contents", "01 Members over time", "02 Joined and left per year"]
    assert workbook.sheetnames[13] == "13 New members per council"  # a short title within Excel's 31
    assert str(workbook["01 Members over time"]["A2"].value).startswith(
        "Definition: Members at a quarter's end"
    )

    filters = Filters(as_of=YEAR_END)
    quarterly = members_over_time(initialised_demo_database, filters, "quarter")
    in_sheet = _sheet_column(workbook_path, "01 Members over time", "Members at end")
    assert in_sheet == [int(value) for value in quarterly["members_end"]]
    assert in_sheet[-1] == 72  # FACTS.md: 72 members on 19 November 2023, none joined after

    countries = _sheet_column(workbook_path, "07 Countries represented", "Countries")
    assert countries == [
        int(value) for value in countries_over_time(initialised_demo_database, filters, "year")["countries"]
    ]
    assert countries[-1] == 12


def test_map_png_shows_the_world_not_a_blank(english_pack_dir: Path) -> None:
    content = (english_pack_dir / "figures" / "06_members_map.png").read_bytes()
    land_colour = members_map(
        pd.DataFrame({"country": ["CHN"], "members": [1]}), "en"
    ).layout.template.layout.geo.landcolor
    land = colour_share(content, hex_colour(land_colour))  # land without members, in the theme's colour
    darkest = colour_share(
        content, hex_colour(load_branding().scale[-1]), tolerance=12
    )  # China: most members
    # Without the shipped outline the geo area stays white: no land and no filled country at all.
    assert land > 0.05
    assert darkest > 0.002


def test_highlights_hold_the_public_record(english_pack_dir: Path) -> None:
    text = (english_pack_dir / "highlights.md").read_text(encoding="utf-8")
    assert "72 member think tanks from 12 countries" in text
    assert "13 more than a year ago (+22%)" in text  # 72 - 59 = 13; 13 / 59 = 22%
    assert "New members in 2023: 13" in text


def test_zip_holds_every_file(english_pack_dir: Path) -> None:
    with zipfile.ZipFile(english_pack_dir / "alliance_report_2023_en.zip") as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    expected = {"figures.xlsx", "report.pdf", "slides.pptx", "highlights.md"}
    expected |= {
        f"figures/{stem}.{extension}" for stem in _figure_stems() for extension in ("png", "svg", "pdf")
    }
    expected |= {f"data/{stem}.{extension}" for stem in _figure_stems() for extension in ("csv", "parquet")}
    assert names == expected  # 14 x 3 images + 14 x 2 data files + 4 documents = 74 files


def test_chinese_pack_speaks_chinese(chinese_pack: ReportPack) -> None:
    assert chinese_pack.warnings == []
    highlights = (chinese_pack.directory / "highlights.md").read_text(encoding="utf-8")
    assert "成员智库72家，来自12个国家" in highlights
    assert "增加13家（+22%）" in highlights
    text = pdf_text(chinese_pack.directory / "report.pdf")
    assert "成员数量变化" in text and "指标定义" in text
    slides = list(Presentation(str(chinese_pack.directory / "slides.pptx")).slides)
    assert slides[2].shapes.title is not None and slides[2].shapes.title.text == "成员数量变化"
    workbook = openpyxl.load_workbook(chinese_pack.directory / "figures.xlsx")
    assert workbook.sheetnames[0] == "目录"
