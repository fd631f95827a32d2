"""Names made of markup or formulas stay literal text: in the pages' code, in the page, and in every export."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from analysis.auth.roles import Identity, Role
from analysis.exports.chart_export import chart_csv, chart_image, chart_xlsx
from analysis.exports.framing import Caption
from analysis.exports.highlights import Highlights
from analysis.exports.report_slides import FigureSlide, report_slides
from analysis.figures.governance import role_holders_table
from analysis.filters import Filters
from analysis.metrics.governance import role_holders_on
from analysis.paths import PROJECT_ROOT
from analysis.spreadsheets.tables import export_tables
from analysis.store.database import AllianceDatabase
from app_ui.frame.auth import IDENTITY_KEY
from tests.browser.browser_session import skip_without_chromium
from tests.datasets import HOSTILE_NAME, add_member, add_role

FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'
STREAMLIT_CODE = [
    PROJECT_ROOT / "dashboard.py",
    *sorted((PROJECT_ROOT / "app_pages").rglob("*.py")),
    *sorted((PROJECT_ROOT / "app_ui").rglob("*.py")),
]


def html_sinks_fed_with_data(path: Path, root: Path = PROJECT_ROOT) -> list[str]:
    """Calls that render HTML (st.html, components.html, markdown(..., unsafe_allow_html=True)) whose
    content is not a literal string written in the code: each could carry a member's name as markup."""
    findings = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        unsafe = any(
            keyword.arg == "unsafe_allow_html"
            and not (isinstance(keyword.value, ast.Constant) and keyword.value.value is False)
            for keyword in node.keywords
        )
        renders_html = name == "html" or unsafe
        if renders_html and not all(isinstance(argument, ast.Constant) for argument in node.args):
            findings.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node)[:120]}")
    return findings


# Reviewed: HTML built from code-owned values only. The chart library preload writes two constants of its
# module: the element's id and the library's URL.
REVIEWED_HTML_CALLS = {
    "app_ui/widgets/chart_library.py": 'st.html(f\'<span id="{PRELOAD_MARKER}"></span>',
    # the sign-in cookie's script: constants, catalogue sentences and a token checked to be [A-Za-z0-9._-]
    "app_ui/frame/auth.py": "st.html(f'{markup}\\n<script>",
}


def test_no_page_renders_data_as_html() -> None:
    assert len(STREAMLIT_CODE) > 10  # the frame, the pages and app_ui all scanned
    findings = [finding for path in STREAMLIT_CODE for finding in html_sinks_fed_with_data(path)]
    unreviewed = [
        finding
        for finding in findings
        if not any(
            finding.startswith(f"{path}:") and call in finding for path, call in REVIEWED_HTML_CALLS.items()
        )
    ]
    assert unreviewed == []
    assert len(findings) - len(unreviewed) == len(REVIEWED_HTML_CALLS)  # each reviewed call still exists once


def test_the_scan_finds_data_fed_to_html(tmp_path: Path) -> None:
    """The scan itself: each unsafe shape is caught, literal markup and plain markdown are not."""
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "name = 'x'\n"
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\n"  # 3: data as HTML
        "st.html(name)\n"  # 4: data as HTML
        "st.markdown('<hr>', unsafe_allow_html=True)\n"  # literal: fine
        "st.markdown(name)\n"  # markdown, escaped by Streamlit: fine
        "st.write(name, unsafe_allow_html=flag)\n",  # 7: maybe HTML
        encoding="utf-8",
    )
    lines = [finding.split(" ")[0].rsplit(":", 1)[1] for finding in html_sinks_fed_with_data(page, tmp_path)]
    assert lines == ["3", "4", "7"]


@pytest.fixture
def hostile_vice_chair(hostile_name_alliance: AllianceDatabase) -> AllianceDatabase:
    """The small alliance's m2 (named HOSTILE_NAME) as vice-chair, and m5 named like a formula."""
    add_role(hostile_name_alliance, "m2", "vice_chair", "2022-01-01")
    add_member(hostile_name_alliance, "m5", "FRA", "2022-02-02", name_en=FORMULA_NAME)
    return hostile_name_alliance


def test_the_governance_page_shows_the_name_as_text(
    hostile_vice_chair: AllianceDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCE_DB", str(hostile_vice_chair.path))
    hostile_vice_chair.close()  # the app opens the file itself
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=120)
    app.secrets = {"access": {"users": {"ed": {"role": "editor", "password_hash": "$2b$04$" + "x" * 53}}}}
    app.session_state[IDENTITY_KEY] = Identity("ed", Role.EDITOR, "password")
    app.query_params["as_of"] = "2024-12-31"
    app.run()
    app.switch_page("app_pages/governance.py").run()
    assert not app.exception
    shown = [frame for frame in [*app.dataframe, *app.table] if HOSTILE_NAME in frame.value.to_string()]
    assert shown, "the vice-chair table should list the member by its literal name"
    cell_values = {str(value) for frame in shown for value in frame.value.to_numpy().ravel()}
    assert HOSTILE_NAME in cell_values  # the exact string, as data for the grid (which draws text)
    markdown_with_html = [markdown.value for markdown in app.markdown if markdown.allow_html]
    assert not any(HOSTILE_NAME in text for text in markdown_with_html)


def role_holders(database: AllianceDatabase) -> tuple[object, ...]:
    frame = role_holders_table(role_holders_on(database, Filters(as_of=dt.date(2024, 12, 31))), "en")
    return tuple(frame.iloc[:, 0])


def test_table_exports_keep_the_names_literal(hostile_vice_chair: AllianceDatabase, tmp_path: Path) -> None:
    export_tables(hostile_vice_chair, tmp_path)
    with (tmp_path / "members.csv").open(encoding="utf-8-sig", newline="") as file:
        names = {row["name_en"] for row in csv.DictReader(file)}
    assert HOSTILE_NAME in names
    assert "'" + FORMULA_NAME in names  # OWASP: a leading apostrophe keeps a spreadsheet from running it

    workbook = openpyxl.load_workbook(tmp_path / "alliance_data.xlsx")
    cells = [cell for row in workbook["members"].iter_rows() for cell in row]
    hostile = [cell for cell in cells if cell.value == HOSTILE_NAME]
    formula = [cell for cell in cells if cell.value == FORMULA_NAME]
    assert len(hostile) == 1 and hostile[0].data_type == "s"
    assert len(formula) == 1 and formula[0].data_type == "s"  # text, not a formula


def test_chart_data_downloads_keep_the_names_literal(hostile_vice_chair: AllianceDatabase) -> None:
    assert HOSTILE_NAME in role_holders(hostile_vice_chair)  # chair m1 and vice-chair m2 hold roles that day
    table = role_holders_table(
        role_holders_on(hostile_vice_chair, Filters(as_of=dt.date(2024, 12, 31))), "en"
    )
    rows = list(csv.reader(io.StringIO(chart_csv(table, "en").decode("utf-8-sig"))))
    assert [row[0] for row in rows if row[0].startswith("<")] == [HOSTILE_NAME]

    caption = Caption(title=f"Role holders incl. {HOSTILE_NAME}", subtitle="", source="test")
    sheet = openpyxl.load_workbook(io.BytesIO(chart_xlsx(table, caption, "en")))["Data"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert HOSTILE_NAME in values and caption.title in values


def test_slides_keep_the_name_literal() -> None:
    slides = report_slides(
        2024,
        f"Filtered to {HOSTILE_NAME}",
        Highlights(title="Highlights", paragraph=f"{HOSTILE_NAME} joined.", bullets=[FORMULA_NAME]),
        [FigureSlide(title=f"Members: {HOSTILE_NAME}", caption=HOSTILE_NAME, key_numbers=[], image=None)],
        "en",
    )
    texts = [
        paragraph.text
        for slide in Presentation(io.BytesIO(slides)).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    assert (
        f"Members: {HOSTILE_NAME}" in texts and f"{HOSTILE_NAME} joined." in texts and FORMULA_NAME in texts
    )


@pytest.mark.browser
def test_a_chart_pdf_keeps_the_name_as_literal_text(hostile_vice_chair: AllianceDatabase) -> None:
    """Plotly reads a few HTML-like tags in labels; this name must come out as the text typed."""
    skip_without_chromium()
    names = [str(name) for name in role_holders(hostile_vice_chair)]
    figure = go.Figure(go.Bar(x=names, y=list(range(1, len(names) + 1))))
    caption = Caption(title=f"Role holders incl. {HOSTILE_NAME}", subtitle="as of 2024-12-31", source="test")
    pdf = chart_image(figure, caption, "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count(HOSTILE_NAME) == 2  # the bar's label and the title
    svg = chart_image(figure, caption, "svg").decode("utf-8")
    assert "<img" not in svg and "&#60;img src=x onerror=alert(1)&#62;" in svg  # escaped inside <text>
