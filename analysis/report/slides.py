"""slides.pptx: a branded 16:9 deck for the work report (python-pptx).

A cover, a highlights slide and one slide per figure. Every shape is placed with its left, top, width and
height set explicitly (the default template's placeholders are 4:3, and python-pptx writes x = 0, cx = 0
for a placeholder given only a top and a height). Each slide carries the brand: a colour band, the logo
(from data/branding.toml) and the title in the primary colour, sized to fit on one line in either
language (or broken at its colon, never leaving one character alone).

A figure whose traces are all bars, or all lines, becomes a NATIVE PowerPoint chart built from the same
values as its image (`native_chart_data`): staff can restyle it, and its data travels with it. Figures
PowerPoint's charts cannot draw as they are (maps, heatmaps, bars with lines on a second axis) are
pictures drawn without a title, since the slide has one. Every text run names an East-Asian font (a:ea),
so Chinese is drawn in the CJK font, not in a Latin font's fallback.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analysis.branding import Branding, load_branding
from analysis.i18n import Language, translate
from analysis.narrative.highlights import Highlights

SLIDE_WIDTH = Emu(12192000)  # 13.333 in: PowerPoint's widescreen, exactly 16:9
SLIDE_HEIGHT = Inches(7.5)
DEFAULT_WIDTH = Inches(10)  # the default template's 4:3 master and layouts
BLANK_LAYOUT, TITLE_ONLY_LAYOUT = 6, 5
MARGIN = Inches(0.6)
BAND_HEIGHT = Inches(0.14)
LOGO_SIZE = Inches(0.7)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.85)
TITLE_WIDTH = SLIDE_WIDTH - 2 * MARGIN - LOGO_SIZE - Inches(0.3)
CHART_TOP, CHART_HEIGHT = Inches(1.3), Inches(4.55)
CHART_WIDTH = SLIDE_WIDTH - 2 * MARGIN
CAPTION_TOP = Inches(5.95)
FOOTER_TOP = Inches(7.05)
# The picture of a figure drawn for a slide: the chart area's shape, in CSS pixels.
SLIDE_IMAGE_WIDTH = 1210
SLIDE_IMAGE_HEIGHT = 455
PARTIAL_LIGHTEN = 0.55  # the partial last period's bar: its colour this far towards white

A_NAMESPACE = "http://schemas.openxmlformats.org/drawingml/2006/main"
_A = f"{{{A_NAMESPACE}}}"
# a:rPr / a:defRPr children that come after a:latin and a:ea (ECMA-376 CT_TextCharacterProperties).
_AFTER_EA = {f"{_A}{name}" for name in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")}


@dataclass(frozen=True)
class FigureSlide:
    title: str
    caption: str
    key_numbers: list[str]
    image: Path | None  # a picture of the figure WITHOUT its title (None when no browser could draw it)
    figure: go.Figure | None = None  # the figure as drawn: the native chart takes its values
    source: str = ""
    notes: list[str] = field(default_factory=list)


# --- text ------------------------------------------------------------------------------------------


def em_width(text: str) -> float:
    """The width of `text` in ems of a sans-serif font: a Chinese character 1, a Latin letter about 0.55."""
    total = 0.0
    for character in text:
        if unicodedata.east_asian_width(character) in "WF":
            total += 1.0
        elif character.isupper() or character in "mwMW@%":
            total += 0.68
        elif character in " ilI.,:;'|!":
            total += 0.3
        else:
            total += 0.55
    return total


def fitted_title(text: str, width: int, largest: int, smallest: int = 20) -> tuple[list[str], int]:
    """The title's lines and font size (pt): one line at the largest size that fits `width` (EMU); when
    even `smallest` is too big, two lines broken at the colon (or the middle space), never one
    character alone on a line."""
    width_pt = width / 12700 * 0.94  # the text box's insets and a little slack
    for size in range(largest, smallest - 1, -1):
        if em_width(text) * size <= width_pt:
            return [text], size
    lines = _two_lines(text)
    longest = max(em_width(line) for line in lines)
    return lines, max(12, min(largest, math.floor(width_pt / longest)))


def _two_lines(text: str) -> list[str]:
    for mark in ("：", ": ", "，", ", "):
        if mark in text:
            head, _, tail = text.partition(mark)
            return [head + mark.strip(), tail.strip()]
    words = text.split(" ")
    if len(words) > 1:
        middle = len(words) // 2
        return [" ".join(words[:middle]), " ".join(words[middle:])]
    middle = len(text) // 2  # Chinese without punctuation: halves, so no character is left alone
    return [text[:middle], text[middle:]]


def set_east_asian_font(element: Any, latin: str, east_asian: str) -> None:
    """Name `latin` (a:latin) and `east_asian` (a:ea) on every run property of `element` (a shape's or a
    chart's XML, from python-pptx's public `.element`)."""
    for properties in element.iter(f"{_A}rPr", f"{_A}defRPr", f"{_A}endParaRPr"):
        for old in properties.findall(f"{_A}latin") + properties.findall(f"{_A}ea"):
            properties.remove(old)
        latin_element = etree.Element(f"{_A}latin", typeface=latin)
        ea_element = etree.Element(f"{_A}ea", typeface=east_asian)
        position = len(properties)
        for index, child in enumerate(properties):
            if child.tag in _AFTER_EA:
                position = index
                break
        properties.insert(position, ea_element)
        properties.insert(position, latin_element)


def _hex(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper()[:6])


def lighter(colour: str, amount: float = PARTIAL_LIGHTEN) -> str:
    """`colour` (#RRGGBB) moved `amount` of the way to white."""
    value = colour.lstrip("#")
    channels = [int(value[index : index + 2], 16) for index in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


def _text_box(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    paragraphs: Sequence[str],
    size: int,
    *,
    colour: str = "#26323D",
    bold: bool = False,
    anchor: Any = MSO_ANCHOR.TOP,
    bullets: bool = False,
) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _hex(colour)
        if bullets:
            paragraph.space_after = Pt(6)
    if bullets:
        _bulleted(box.element)
    return box


def _bulleted(element: Any) -> None:
    """Real PowerPoint bullets (a:buChar, hanging indent) on every paragraph of a shape's XML."""
    for paragraph in element.iter(f"{_A}p"):
        properties = paragraph.find(f"{_A}pPr")
        if properties is None:
            properties = etree.Element(f"{_A}pPr")
            paragraph.insert(0, properties)
        properties.set("marL", str(Emu(Inches(0.3))))
        properties.set("indent", str(-Emu(Inches(0.3))))
        for old in properties.findall(f"{_A}buChar") + properties.findall(f"{_A}buNone"):
            properties.remove(old)
        bullet = etree.Element(f"{_A}buChar", char="•")
        # a:buChar comes after spacing (lnSpc, spcBef, spcAft) and bullet font/colour/size elements
        position = len(properties)
        for index, child in enumerate(properties):
            if child.tag in (f"{_A}tabLst", f"{_A}defRPr", f"{_A}extLst"):
                position = index
                break
        properties.insert(position, bullet)


# --- the deck ----------------------------------------------------------------------------------------


def _presentation() -> Any:
    """The default template made 16:9: slide size, and the master's and layouts' placeholders widened."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    factor = SLIDE_WIDTH / DEFAULT_WIDTH
    masters = [presentation.slide_master, *presentation.slide_layouts]
    for holder in masters:
        for placeholder in holder.placeholders:
            if placeholder.width is None or placeholder.left is None:
                continue
            placeholder.left = Emu(int(placeholder.left * factor))
            placeholder.width = Emu(int(placeholder.width * factor))
    return presentation


def _brand(slide: Any, branding: Branding, language: Language, *, cover: bool = False) -> None:
    """The colour band along the top (down the left on the cover) and the logo top right."""
    band = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        0,
        0,
        Inches(0.45) if cover else SLIDE_WIDTH,
        SLIDE_HEIGHT if cover else BAND_HEIGHT,
    )
    band.fill.solid()
    band.fill.fore_color.rgb = _hex(branding.primary)
    band.line.fill.background()
    band.name = "Brand band"
    accent = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        Inches(0.45) if cover else 0,
        0 if cover else BAND_HEIGHT,
        Inches(0.06) if cover else SLIDE_WIDTH,
        SLIDE_HEIGHT if cover else Inches(0.04),
    )
    accent.fill.solid()
    accent.fill.fore_color.rgb = _hex(branding.accent)
    accent.line.fill.background()
    accent.name = "Brand accent"
    logo = branding.logo_raster
    if logo is not None and logo.is_file():
        size = Inches(1.4) if cover else LOGO_SIZE
        left = Inches(1.1) if cover else SLIDE_WIDTH - MARGIN - LOGO_SIZE
        top = Inches(0.9) if cover else Inches(0.32)
        picture = slide.shapes.add_picture(str(logo), left, top, width=size, height=size)
        picture.name = (
            translate("exports.slides.logo_placeholder", language) if branding.logo_is_placeholder else "Logo"
        )


def _title(slide: Any, text: str, branding: Branding, largest: int = 30) -> None:
    """The slide's title placeholder, placed explicitly (all four of left, top, width, height)."""
    title = slide.shapes.title
    assert title is not None
    title.left, title.top, title.width, title.height = MARGIN, TITLE_TOP, TITLE_WIDTH, TITLE_HEIGHT
    lines, size = fitted_title(text, TITLE_WIDTH, largest)
    _fill_title(title, lines, size, MSO_ANCHOR.MIDDLE, branding.primary)


def _fill_title(title: Any, lines: Sequence[str], size: int, anchor: MSO_ANCHOR, colour: str) -> None:
    """Replace a title placeholder's text by `lines`: bold, left-aligned, one line break between lines."""
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    for index, line in enumerate(lines):
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = True
        run.font.color.rgb = _hex(colour)
        if index < len(lines) - 1:
            paragraph.add_line_break()


def report_slides(
    year: int,
    subtitle: str,
    highlights: Highlights,
    figures: Sequence[FigureSlide],
    language: Language,
    source: str = "",
) -> bytes:
    presentation = _presentation()
    branding = load_branding()
    _cover_slide(presentation, year, subtitle, branding, language)
    _highlights_slide(presentation, highlights, branding, language, source)
    for number, figure in enumerate(figures, start=3):
        _figure_slide(presentation, figure, branding, language, number)
    return _saved(presentation, branding)


def chart_slide(figure: FigureSlide, language: Language) -> bytes:
    """One chart as a one-slide deck (the dashboard's PowerPoint download)."""
    presentation = _presentation()
    branding = load_branding()
    _figure_slide(presentation, figure, branding, language, None)
    return _saved(presentation, branding)


def _saved(presentation: Any, branding: Branding) -> bytes:
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                set_east_asian_font(
                    shape.element, branding.slides_latin_font, branding.slides_east_asian_font
                )
            if shape.has_chart:
                set_east_asian_font(
                    shape.chart.element, branding.slides_latin_font, branding.slides_east_asian_font
                )
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _cover_slide(presentation: Any, year: int, subtitle: str, branding: Branding, language: Language) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    _brand(slide, branding, language, cover=True)
    left, width = Inches(1.1), SLIDE_WIDTH - Inches(1.1) - MARGIN
    _text_box(
        slide, left, Inches(2.55), width, Inches(0.6), [branding.name(language)], 22, colour=branding.primary
    )
    title = slide.shapes.title
    assert title is not None
    title.left, title.top, title.width, title.height = left, Inches(3.15), width, Inches(1.3)
    text = translate("exports.report.title", language, year=year)
    lines, size = fitted_title(text, width, 40, 28)
    _fill_title(title, lines, size, MSO_ANCHOR.TOP, "#26323D")
    _text_box(slide, left, Inches(4.6), width, Inches(0.9), [subtitle], 16, colour=branding.neutral)
    _text_box(
        slide,
        left,
        Inches(6.4),
        width,
        Inches(0.5),
        [branding.secretariat(language)],
        14,
        colour=branding.neutral,
    )


def _highlights_slide(
    presentation: Any, highlights: Highlights, branding: Branding, language: Language, source: str
) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    _brand(slide, branding, language)
    _title(slide, translate("exports.report.highlights", language), branding)
    top = Inches(1.35)
    _text_box(slide, MARGIN, top, CHART_WIDTH, Inches(1.5), [highlights.paragraph], 17)
    _text_box(slide, MARGIN, Inches(2.95), CHART_WIDTH, Inches(3.9), highlights.bullets, 15, bullets=True)
    _footer(slide, source, 2, branding)


def _footer(slide: Any, source: str, number: int | None, branding: Branding) -> None:
    if source:
        _text_box(
            slide,
            MARGIN,
            FOOTER_TOP,
            CHART_WIDTH - Inches(0.8),
            Inches(0.35),
            [source],
            9,
            colour=branding.neutral,
        )
    if number is not None:
        _text_box(
            slide,
            SLIDE_WIDTH - MARGIN - Inches(0.6),
            FOOTER_TOP,
            Inches(0.6),
            Inches(0.35),
            [str(number)],
            9,
            colour=branding.neutral,
        )


def _figure_slide(
    presentation: Any, figure: FigureSlide, branding: Branding, language: Language, number: int | None
) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    _brand(slide, branding, language)
    _title(slide, figure.title, branding)
    native = native_chart_data(figure.figure) if figure.figure is not None else None
    if native is not None:
        _native_chart(slide, native, branding)
    elif figure.image is not None and figure.image.is_file():
        picture = slide.shapes.add_picture(str(figure.image), MARGIN, CHART_TOP, width=CHART_WIDTH)
        if picture.height > CHART_HEIGHT:  # keep the aspect, inside the chart area, centred
            ratio = CHART_HEIGHT / picture.height
            picture.height, picture.width = CHART_HEIGHT, int(picture.width * ratio)
            picture.left = Emu(int((SLIDE_WIDTH - picture.width) / 2))
        picture.name = figure.title
    lines = [figure.caption]
    if figure.key_numbers:
        lines.append(" · ".join(figure.key_numbers))
    box = _text_box(slide, MARGIN, CAPTION_TOP, CHART_WIDTH, Inches(1.05), lines, 13)
    paragraphs = box.text_frame.paragraphs
    if len(paragraphs) > 1:
        for run in paragraphs[1].runs:
            run.font.size = Pt(12)
            run.font.color.rgb = _hex(branding.neutral)
    _footer(slide, figure.source, number, branding)
    if figure.notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(figure.notes)


# --- native charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NativeSeries:
    name: str
    values: list[float | None]
    colour: str | None
    light_points: list[int]  # points drawn lighter (the partial last period)


@dataclass(frozen=True)
class NativeChart:
    chart_type: Any  # an XL_CHART_TYPE
    categories: list[str]
    series: list[NativeSeries]
    percent: bool  # values are fractions shown as percentages
    labels: bool  # values written on the bars


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _as_list(values: Any) -> list[Any]:
    return [] if values is None else list(values)


def _opacities(trace: Any, count: int) -> list[float]:
    marker = getattr(trace, "marker", None)
    opacity = getattr(marker, "opacity", None) if marker is not None else None
    if isinstance(opacity, Iterable) and not isinstance(opacity, str):
        values = [float(value) for value in opacity]
        return values + [1.0] * (count - len(values))
    return [1.0] * count


def native_chart_data(figure: go.Figure | None) -> NativeChart | None:
    """The chart PowerPoint can draw natively from `figure`'s own trace values, or None when it cannot:
    all bars (clustered, or stacked when the figure stacks them) or all lines, over the same categories."""
    if figure is None:
        return None
    traces = [trace for trace in figure.data if getattr(trace, "visible", None) not in (False, "legendonly")]
    if not traces:
        return None
    kinds = {trace.type for trace in traces}
    horizontal = all(getattr(trace, "orientation", None) == "h" for trace in traces if trace.type == "bar")
    if kinds == {"bar"}:
        stacked = figure.layout.barmode in ("stack", "relative")
        if horizontal:
            chart_type = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
        else:
            chart_type = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    elif kinds == {"scatter"} and all("lines" in str(trace.mode or "lines") for trace in traces):
        if any(getattr(trace, "yaxis", None) not in (None, "y") for trace in traces):
            return None
        chart_type, horizontal = XL_CHART_TYPE.LINE_MARKERS, False
    else:
        return None
    category_axis, value_axis = ("y", "x") if horizontal else ("x", "y")
    categories: list[str] = []
    for trace in traces:
        for value in _as_list(getattr(trace, category_axis)):
            if str(value) not in categories:
                categories.append(str(value))
    if not categories or any(
        not isinstance(value, str) for trace in traces for value in _as_list(getattr(trace, category_axis))
    ):
        return None  # dates or numbers on the category axis: a picture says it better
    branding = load_branding()
    series = []
    for index, trace in enumerate(traces):
        by_category = {
            str(category): _number(value)
            for category, value in zip(
                _as_list(getattr(trace, category_axis)), _as_list(getattr(trace, value_axis)), strict=False
            )
        }
        opacities = _opacities(trace, len(_as_list(getattr(trace, category_axis))))
        light = [
            categories.index(str(category))
            for category, opacity in zip(_as_list(getattr(trace, category_axis)), opacities, strict=False)
            if opacity < 1.0
        ]
        colour = getattr(getattr(trace, "marker", None), "color", None)
        if not isinstance(colour, str) or not colour.startswith("#"):
            line_colour = getattr(getattr(trace, "line", None), "color", None)
            colour = line_colour if isinstance(line_colour, str) and line_colour.startswith("#") else None
        series.append(
            NativeSeries(
                name=str(trace.name or ""),
                values=[by_category.get(category) for category in categories],
                colour=colour or branding.sequence[index % len(branding.sequence)],
                light_points=light,
            )
        )
    tick_format = str(getattr(figure.layout, f"{value_axis}axis").tickformat or "")
    labels = len(series) == 1 or chart_type in (XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED)
    if horizontal:  # PowerPoint draws the first category at the bottom, as plotly does for a y axis
        pass
    return NativeChart(chart_type, categories, series, "%" in tick_format, labels and len(categories) <= 24)


def _native_chart(slide: Any, native: NativeChart, branding: Branding) -> Any:
    data = CategoryChartData(number_format="0%" if native.percent else "#,##0")
    data.categories = native.categories
    for series in native.series:
        data.add_series(series.name, series.values)
    frame = slide.shapes.add_chart(native.chart_type, MARGIN, CHART_TOP, CHART_WIDTH, CHART_HEIGHT, data)
    chart = frame.chart
    chart.has_title = False  # the slide's title names it; a chart title would say it twice
    chart.font.size = Pt(12)
    chart.font.color.rgb = _hex("#26323D")
    chart.has_legend = len(native.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if native.chart_type in (
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        XL_CHART_TYPE.COLUMN_STACKED,
        XL_CHART_TYPE.BAR_CLUSTERED,
        XL_CHART_TYPE.BAR_STACKED,
    ):
        plot.gap_width = 60
        if native.chart_type in (XL_CHART_TYPE.COLUMN_STACKED, XL_CHART_TYPE.BAR_STACKED):
            plot.overlap = 100
    if native.labels:
        plot.has_data_labels = True
        plot.data_labels.number_format = "0%" if native.percent else "#,##0"
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _hex("#E3E7EB")
    value_axis.tick_labels.number_format = "0%" if native.percent else "#,##0"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.format.line.fill.background()
    for plotted, series in zip(plot.series, native.series, strict=True):
        colour = series.colour or branding.primary
        if native.chart_type == XL_CHART_TYPE.LINE_MARKERS:
            plotted.format.line.color.rgb = _hex(colour)
            plotted.format.line.width = Pt(2.5)
            plotted.smooth = False
            plotted.marker.format.fill.solid()
            plotted.marker.format.fill.fore_color.rgb = _hex(colour)
        else:
            plotted.format.fill.solid()
            plotted.format.fill.fore_color.rgb = _hex(colour)
        for index in series.light_points:
            point = plotted.points[index]
            if native.chart_type == XL_CHART_TYPE.LINE_MARKERS:
                point.marker.format.fill.solid()
                point.marker.format.fill.fore_color.rgb = _hex(lighter(colour))
            else:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _hex(lighter(colour))
    return chart
