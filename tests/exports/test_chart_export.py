"""One dashboard chart as files: the whole figure at print size with its caption, drawn in one shared browser."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.exports.browser import ImageRenderer
from analysis.exports.chart_export import chart_image
from analysis.exports.framing import caption_for
from analysis.exports.report_charts import members_by_type
from analysis.exports.table_pdf import table_pdf
from analysis.figures.geography import members_map
from analysis.filters import Filters
from analysis.metrics.geography import members_by_country
from analysis.metrics.membership import members_by_type as members_by_type_metric
from analysis.store.database import AllianceDatabase
from tests.exports.conftest import require_browser
from tests.exports.helpers import colour_share, hex_colour, pdf_pages, png_size, svg_root

pytestmark = pytest.mark.browser
AS_OF = dt.date(2023, 11, 19)


@pytest.fixture(scope="module")
def renderer() -> Iterator[ImageRenderer]:
    require_browser()
    with ImageRenderer() as session:
        yield session


def test_chart_downloads_in_three_formats_with_caption(
    initialised_demo_database: AllianceDatabase, renderer: ImageRenderer
) -> None:
    filters = Filters(as_of=AS_OF, countries=("CHN",))
    data = members_by_type_metric(initialised_demo_database, filters)
    caption = caption_for("按类型划分的成员", filters, "zh")
    figure = members_by_type(data, "zh")

    width, _ = png_size(chart_image(figure, caption, "png", renderer))
    assert width == 3000  # 1000 layout px at scale 3
    svg = svg_root(chart_image(figure, caption, "svg", renderer))
    texts = " ".join(element.text or "" for element in svg.iter() if element.text)
    assert "按类型划分的成员" in texts
    assert "截至2023年11月19日；国家：中国" in texts  # the subtitle names the filters
    assert "来源：" in texts
    assert pdf_pages(chart_image(figure, caption, "pdf", renderer)) == 1
    assert figure.layout.title.text is None  # the page's figure is not changed by the export


def test_map_download_is_drawn_offline(
    initialised_demo_database: AllianceDatabase, renderer: ImageRenderer
) -> None:
    filters = Filters(as_of=AS_OF)
    figure = members_map(members_by_country(initialised_demo_database, filters), "en")
    image = chart_image(figure, caption_for("Where members are", filters, "en"), "png", renderer)
    land = figure.layout.template.layout.geo.landcolor  # the theme's colour for land without members
    assert colour_share(image, hex_colour(land)) > 0.05  # land drawn from static/topojson


def test_long_table_paginates_into_one_pdf(renderer: ImageRenderer) -> None:
    rows = pd.DataFrame({"member": [f"Member {number}" for number in range(60)], "events": list(range(60))})
    caption = caption_for("Member list", Filters(as_of=AS_OF), "en")
    content = table_pdf(rows, caption, "en", renderer)
    assert pdf_pages(content) == 3  # 60 rows at 25 a page: 25 + 25 + 10
    text = PdfReader(io.BytesIO(content)).pages[2].extract_text()
    assert "page 3 of 3" in text and "Member 59" in text
