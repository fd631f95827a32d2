"""The one plotly look for every chart: brand colours, fonts that render Chinese, a colour per country.

`themed(figure, language)` is the last step of every figure builder. The template is registered with
plotly as "alliance" (so image exports look the same as the dashboard). `country_colour(iso3)` gives a
country the same colour in every chart, whatever else that chart shows.
"""

from __future__ import annotations

import colorsys
import unicodedata
import zlib
from functools import cache

import plotly.graph_objects as go
import plotly.io as pio

from analysis.branding import load_branding
from analysis.filters import DEFAULT_HOST_COUNTRY
from analysis.i18n import Language
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES

TEMPLATE_NAME = "alliance"
# The brand's font first: the dashboard serves it (data/branding.toml [fonts], static/fonts/), so charts
# and widgets look alike in every browser. Then Noto Sans CJK SC (Debian: fonts-noto-cjk), which draws
# both scripts in exports; the fallbacks cover Windows and macOS.
FONT_FAMILY = (
    f'"{load_branding().font_family}", '
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"Hiragino Sans GB", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif'
)
GRID_COLOUR = "#E3E7EB"
TEXT_COLOUR = load_branding().text

# Countries the alliance's record names get hand-picked, clearly different colours; any other country
# gets a hue derived from its code (stable across runs and charts). The host country takes the brand colour.
_NAMED_COUNTRY_COLOURS = {  # from Kelly's colours of maximum contrast
    "USA": "#BE0032",
    "JPN": "#F3C300",
    "SGP": "#008856",
    "ISR": "#875692",
    "SRB": "#F38400",
    "DEU": "#654522",
    "FRA": "#A1CAF1",
    "KOR": "#E68FAC",
    "MYS": "#8DB600",
    "IND": "#E25822",
    "GBR": "#604E97",
    "BRA": "#2B3D26",
    "ITA": "#B3446C",
    "NPL": "#882D17",
    "ESP": "#F99379",
    "RUS": "#848482",
}


@cache
def country_colour(iso3: str) -> str:
    """The colour `iso3` has in every chart (hex)."""
    if iso3 == DEFAULT_HOST_COUNTRY:
        return load_branding().primary
    if iso3 in _NAMED_COUNTRY_COLOURS:
        return _NAMED_COUNTRY_COLOURS[iso3]
    hue = (zlib.crc32(iso3.encode("ascii", "replace")) % 360) / 360
    red, green, blue = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    return f"#{round(red * 255):02X}{round(green * 255):02X}{round(blue * 255):02X}"


def country_colours(codes: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`color_discrete_map`-style mapping for the given countries."""
    return {code: country_colour(code) for code in codes}


def category_colours(categories: tuple[str, ...] = MEMBER_TYPES) -> dict[str, str]:
    """A fixed colour per member type / event type / format, from the brand sequence (same in every chart)."""
    sequence = load_branding().sequence
    return {code: sequence[index % len(sequence)] for index, code in enumerate(categories)}


MEMBER_TYPE_COLOURS = category_colours(MEMBER_TYPES)
EVENT_TYPE_COLOURS = category_colours(EVENT_TYPES)
FORMAT_COLOURS = category_colours(EVENT_FORMATS)


def date_format(language: Language, grain: str = "month") -> str:
    """A d3 date format for axes and hovers that reads right in the language (plotly's month names are English)."""
    if grain == "year":
        return "%Y" if language == "en" else "%Y年"
    if grain == "day":
        return "%-d %b %Y" if language == "en" else "%Y年%-m月%-d日"
    return "%b %Y" if language == "en" else "%Y年%-m月"


def _build_template() -> go.layout.Template:
    branding = load_branding()
    template = go.layout.Template()
    template.layout = go.Layout(
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOUR},
        title={"font": {"family": FONT_FAMILY, "size": 16, "color": TEXT_COLOUR}, "x": 0, "xanchor": "left"},
        colorway=list(branding.sequence),
        paper_bgcolor=branding.background,
        plot_bgcolor=branding.background,
        margin={"l": 10, "r": 10, "t": 90, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        # Under the plot, at the figure's foot (plotly makes room): a legend above the plot wrapped over
        # the title on a half-width chart or a phone, and one beside it squeezed the plot.
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "title": None,
        },
        xaxis={"gridcolor": GRID_COLOUR, "linecolor": GRID_COLOUR, "zeroline": False, "automargin": True},
        yaxis={"gridcolor": GRID_COLOUR, "linecolor": GRID_COLOUR, "zeroline": False, "automargin": True},
        colorscale={"sequential": [[i / (len(branding.scale) - 1), c] for i, c in enumerate(branding.scale)]},
        geo={
            "showframe": False,
            "showcoastlines": False,
            "showland": True,
            "landcolor": "#F1F3F5",
            "showcountries": True,
            "countrycolor": "#FFFFFF",
            "projection": {"type": "natural earth"},
            "bgcolor": branding.background,
            "fitbounds": False,  # plotly.js 4 zooms to the data otherwise; the alliance is a world view
            "lataxis": {"range": [-58, 85]},
        },
        separators=".,",
    )
    return template


def register_template() -> None:
    """Register the "alliance" template with plotly (idempotent)."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _build_template()


TITLE_LINE = 44  # display columns (a Chinese character is two) a title line holds on a phone-wide chart


def wrapped_title(text: str, width: int = TITLE_LINE) -> str:
    """`text` broken into lines of at most `width` display columns (plotly never wraps a title, so a long
    one ran off a narrow chart): at spaces in English, between any two characters in Chinese. Removing
    every "<br>" gives `text` back (a line ends with its space)."""
    if "<br>" in text or _display_length(text) <= width:
        return text
    lines: list[str] = []
    line = ""
    for word in _breakable_pieces(text):
        if line.strip() and _display_length(line.rstrip() + word.rstrip()) > width and word.strip():
            space = " " if word.startswith(" ") else ""
            lines.append(line + space)  # the space stays at the line's end, not before the next line
            line = word.removeprefix(space)
        else:
            line += word
    lines.append(line)
    return "<br>".join(lines)


def _display_length(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in ("W", "F") else 1 for character in text)


def _breakable_pieces(text: str) -> list[str]:
    """Words with their leading space, and each wide (Chinese) character on its own."""
    pieces: list[str] = []
    for character in text:
        wide = unicodedata.east_asian_width(character) in ("W", "F")
        if not pieces or wide or character == " " or _display_length(pieces[-1][-1:]) == 2:
            pieces.append(character)
        else:
            pieces[-1] += character
    return pieces


def themed(figure: go.Figure, language: Language) -> go.Figure:
    """`figure` in the alliance look; the language sets the number separators (same in both for now).
    A long title is wrapped to fit a phone-wide chart."""
    register_template()
    figure.update_layout(template=TEMPLATE_NAME, separators=".,")
    title = figure.layout.title.text
    if isinstance(title, str) and title:
        figure.update_layout(title_text=wrapped_title(title))
    return figure


register_template()
