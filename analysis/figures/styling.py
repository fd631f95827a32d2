"""What the membership, events and governance figures share on top of the one theme: names and steady
colours for the categories charts split by (member types, regions, event types, formats, roles, and the
membership flows joined/left/net/cumulative), and the finishing step `titled`.

A category keeps its colour on every chart and under every filter: the theme's `category_colours` gives
it by its place in the fixed list of its field, not by its place among the values a chart happens to show.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.figures.theme import category_colours, themed
from analysis.i18n import Language, translate
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES, PARTICIPATION_ROLES, ROLE_NAMES

# Charts with many series list them down the right-hand side: a long row above the plot would wrap
# over the title on a half-width chart.
SIDE_LEGEND = {"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.02}
# Under the chart, at the figure's foot (plotly makes room for it): charts shown side by side keep the
# same plot width whatever their legends hold, so their period axes tick alike; nothing wraps over the
# title; on a phone the legend wraps downwards instead of squeezing the plot.
BOTTOM_LEGEND = {
    "orientation": "h",
    "yref": "container",
    "yanchor": "bottom",
    "y": 0,
    "xanchor": "left",
    "x": 0,
    "title": {"side": "top"},
}

# The order regions are drawn and coloured in (the alliance's largest first); Antarctica last, for the
# reference's one country there.
REGION_DRAWING_ORDER = ("Asia", "Europe", "Americas", "Africa", "Oceania", "Antarctica")
FLOWS = ("joined", "left", "net", "cumulative")

FIELD_CODES: dict[str, tuple[str, ...]] = {
    "member_types": MEMBER_TYPES,
    "regions": REGION_DRAWING_ORDER,
    "event_types": EVENT_TYPES,
    "formats": EVENT_FORMATS,
    "roles": ROLE_NAMES,
    "participation_roles": PARTICIPATION_ROLES,
    "flow": FLOWS,
}
_LABEL_KEYS = {
    "member_types": "common.member_type.{}",
    "regions": "common.region.{}",
    "event_types": "common.event_type.{}",
    "formats": "common.format.{}",
    "roles": "common.role.{}",
    "participation_roles": "common.participation_role.{}",
    "flow": "membership.growth.{}",
}


def category_label(field: str, code: str, language: Language) -> str:
    """The name of `code` (e.g. "economic" in "member_types") in `language`."""
    return translate(_LABEL_KEYS[field].format(code), language)


def category_colour(field: str, code: str) -> str:
    """The colour `code` of `field` has on every chart (unknown codes share the neutral colour)."""
    return category_colours(FIELD_CODES[field]).get(code, load_branding().neutral)


def ordered_codes(field: str, values: Iterable[object]) -> list[str]:
    """The distinct codes among `values` in the field's fixed order (unknown codes last, sorted)."""
    present = {str(value) for value in values}
    known = [code for code in FIELD_CODES[field] if code in present]
    return known + sorted(present - set(known))


def titled(figure: go.Figure, language: Language, title: str) -> go.Figure:
    """The last step of every builder here: the one theme, and the title in `language`."""
    figure.update_layout(title_text=title)
    return themed(figure, language)
