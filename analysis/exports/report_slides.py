"""slides.pptx: a title slide, a highlights slide and one slide per figure with its caption (python-pptx)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from analysis.branding import load_branding
from analysis.exports.highlights import Highlights
from analysis.i18n import Language, translate

SLIDE_WIDTH = Inches(13.333)  # 16:9
SLIDE_HEIGHT = Inches(7.5)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT, TITLE_AND_CONTENT_LAYOUT = 0, 5, 1


@dataclass(frozen=True)
class FigureSlide:
    title: str
    caption: str
    key_numbers: list[str]
    image: Path | None  # the figure's PNG; None when no browser could draw it


def report_slides(
    year: int, subtitle: str, highlights: Highlights, figures: Sequence[FigureSlide], language: Language
) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    branding = load_branding()

    cover = presentation.slides.add_slide(presentation.slide_layouts[TITLE_LAYOUT])
    assert cover.shapes.title is not None
    cover.shapes.title.text = translate("exports.report.title", language, year=year)
    cover.placeholders[1].text = f"{branding.name(language)}\n{subtitle}"

    summary = presentation.slides.add_slide(presentation.slide_layouts[TITLE_AND_CONTENT_LAYOUT])
    assert summary.shapes.title is not None
    summary.shapes.title.text = translate("exports.report.highlights", language)
    body = summary.placeholders[1].text_frame
    body.text = highlights.paragraph
    for bullet in highlights.bullets:
        paragraph = body.add_paragraph()
        paragraph.text = bullet
        paragraph.level = 1
    for paragraph in body.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(16)

    for figure in figures:
        slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
        assert slide.shapes.title is not None
        slide.shapes.title.text = figure.title
        slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        slide.shapes.title.top, slide.shapes.title.height = Inches(0.2), Inches(0.9)
        picture_top, picture_height = Inches(1.1), Inches(5.0)
        if figure.image is not None and figure.image.is_file():
            picture = slide.shapes.add_picture(
                str(figure.image), Inches(0.5), picture_top, height=picture_height
            )
            picture.left = Emu(int((SLIDE_WIDTH - picture.width) / 2))
        caption = slide.shapes.add_textbox(Inches(0.6), Inches(6.15), SLIDE_WIDTH - Inches(1.2), Inches(1.2))
        frame = caption.text_frame
        frame.word_wrap = True
        frame.text = figure.caption
        frame.paragraphs[0].runs[0].font.size = Pt(14)
        if figure.key_numbers:
            numbers = frame.add_paragraph()
            numbers.text = " · ".join(figure.key_numbers)
            numbers.runs[0].font.size = Pt(12)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
