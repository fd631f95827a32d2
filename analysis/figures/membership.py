"""Figures and the member table for the membership page: pure functions of a metric frame and a language.

Selectable points carry `customdata` `[field, value, ...]` (see app_ui/state/selection.py): a period bar
`["period", start_iso, end_iso, ...]`, a member-type bar `["member_types", code]`, a region bar
`["regions", name]`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.branding import load_branding
from analysis.figures.styling import BOTTOM_LEGEND, category_colour, category_label, ordered_codes, titled
from analysis.i18n import LANGUAGES, Language, country_name, format_percent, translate
from analysis.i18n.labels import as_date, grain_name, period_labels


def _period_customdata(frame: pd.DataFrame, *extra_columns: str) -> list[list[object]]:
    return [
        ["period", as_date(row["period_start"]).isoformat(), as_date(row["period_end"]).isoformat()]
        + [row[column] for column in extra_columns]
        for row in frame.to_dict("records")
    ]


def membership_growth_figure(members_over_time: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Joined (up) and left (down) bars per period, the net change, and members at period end (right axis).

    Input: `members_over_time` [period_start, period_end, joined, left, net_change, members_end].
    """

    labels = period_labels(members_over_time["period_start"], grain, language)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(
        x=labels,
        y=list(members_over_time["joined"]),
        name=translate("membership.growth.joined", language),
        marker_color=category_colour("flow", "joined"),
        customdata=_period_customdata(members_over_time),
        hovertemplate=f"%{{x}}<br>{translate('membership.growth.joined', language)}: %{{y:,}}<extra></extra>",
    )
    figure.add_bar(
        x=labels,
        y=[-int(value) for value in members_over_time["left"]],
        name=translate("membership.growth.left", language),
        marker_color=category_colour("flow", "left"),
        customdata=_period_customdata(members_over_time, "left"),
        hovertemplate=f"%{{x}}<br>{translate('membership.growth.left', language)}: %{{customdata[3]:,}}<extra></extra>",
    )
    figure.add_scatter(
        x=labels,
        y=list(members_over_time["net_change"]),
        name=translate("membership.growth.net", language),
        mode="markers",
        marker={"symbol": "diamond", "size": 9, "color": category_colour("flow", "net")},
        hovertemplate=f"%{{x}}<br>{translate('membership.growth.net', language)}: %{{y:+,}}<extra></extra>",
    )
    figure.add_scatter(
        x=labels,
        y=list(members_over_time["members_end"]),
        name=translate("membership.growth.cumulative", language),
        mode="lines+markers",
        line={"color": category_colour("flow", "cumulative"), "width": 3},
        hovertemplate=f"%{{x}}<br>{translate('membership.growth.cumulative', language)}: %{{y:,}}<extra></extra>",
        secondary_y=True,
    )
    figure.update_layout(barmode="relative")
    figure.update_xaxes(title_text=translate("membership.axis.period", language), type="category")
    flows_low, flows_high, totals_low, totals_high = _aligned_zero_ranges(members_over_time)
    figure.update_yaxes(
        title_text=translate("membership.growth.flow_axis", language),
        secondary_y=False,
        range=[flows_low, flows_high],
    )
    figure.update_yaxes(
        title_text=translate("membership.growth.total_axis", language),
        secondary_y=True,
        range=[totals_low, totals_high],
        tickmode="array",
        tickvals=_round_ticks(totals_high),  # none below zero: a member count is never negative
        tickformat=",d",
        showgrid=False,
    )
    title = translate("membership.growth.title", language, grain=grain_name(grain, language))
    return titled(figure, language, title)


def _aligned_zero_ranges(members_over_time: pd.DataFrame) -> tuple[float, float, float, float]:
    """Ranges for the flows axis (joined up, left down) and the members axis on the right, with both
    zeros at the same height, so the members line is not read against the flows' zero."""
    flows = [0, 1, *members_over_time["joined"], *members_over_time["net_change"]]
    flows_low = min([0, *(-members_over_time["left"]), *members_over_time["net_change"]]) * 1.1
    flows_high = max(flows) * 1.1
    totals_high = max([1, *members_over_time["members_end"]]) * 1.1
    return (
        float(flows_low),
        float(flows_high),
        float(flows_low / flows_high * totals_high),
        float(totals_high),
    )


def _round_ticks(top: float) -> list[int]:
    """About five round tick values from 0 up to `top` (steps of 1, 2 or 5 times a power of ten)."""
    rough = max(top / 5, 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)
    return list(range(0, int(top) + 1, int(step)))


def _stacked_by_category(
    frame: pd.DataFrame, category: str, field: str, grain: str, language: Language, title: str, legend: str
) -> go.Figure:
    """One bar trace per category value (stacked), x = period, y = members; points select `field`."""
    figure = go.Figure()
    members_axis = translate("membership.axis.members", language)
    for code in ordered_codes(field, frame[category]):
        rows = frame[frame[category] == code]
        if not rows["members"].any():
            continue  # a category with no member in any period would only add a legend entry
        name = category_label(field, code, language)
        figure.add_bar(
            x=period_labels(rows["period_start"], grain, language),
            y=list(rows["members"]),
            name=name,
            marker_color=category_colour(field, code),
            customdata=[  # [field, code] selects; the period after it is what the drill list reads
                [field, code, as_date(start).isoformat(), as_date(end).isoformat()]
                for start, end in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            hovertemplate=f"%{{x}}<br>{name}: %{{y:,}}<extra></extra>",
        )
    # Under the plot: the two charts side by side keep one plot width, and a phone keeps the plot whole.
    figure.update_layout(barmode="stack", legend=BOTTOM_LEGEND | {"title": {"text": legend, "side": "top"}})
    figure.update_xaxes(title_text=translate("membership.axis.period", language), type="category")
    figure.update_yaxes(title_text=members_axis)
    return titled(figure, language, title)


def member_mix_figure(member_mix_over_time: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Members at each period's end, stacked by member type. Input: [period_start, period_end, member_type, members]."""
    return _stacked_by_category(
        member_mix_over_time,
        "member_type",
        "member_types",
        grain,
        language,
        translate("membership.mix.title", language, grain=grain_name(grain, language)),
        translate("membership.mix.legend", language),
    )


def members_by_region_figure(
    members_by_region_over_time: pd.DataFrame, grain: str, language: Language
) -> go.Figure:
    """Members at each period's end, stacked by region. Input: [period_start, period_end, region, members]."""
    return _stacked_by_category(
        members_by_region_over_time,
        "region",
        "regions",
        grain,
        language,
        translate("membership.region.title", language, grain=grain_name(grain, language)),
        translate("membership.region.legend", language),
    )


def cohort_retention_figure(cohort_retention: pd.DataFrame, language: Language) -> go.Figure:
    """Heat map: rows = year joined, columns = year end, cell = share of that year's joiners still members.

    Input: [join_year, year_end, joined, still_active, share_active]; cells before the joining year
    are left empty.
    """

    join_years = sorted({_year(value) for value in cohort_retention["join_year"]})
    end_years = sorted({_year(value) for value in cohort_retention["year_end"]})
    cells = {
        (_year(row["join_year"]), _year(row["year_end"])): row for row in cohort_retention.to_dict("records")
    }
    shares: list[list[float | None]] = []
    cell_text: list[list[str]] = []
    hover: list[list[str]] = []
    for join_year in join_years:
        share_row: list[float | None] = []
        text_row: list[str] = []
        hover_row: list[str] = []
        for end_year in end_years:
            row = cells.get((join_year, end_year))
            if row is None:
                share_row.append(None)
                text_row.append("")
                hover_row.append("")
                continue
            share = None if pd.isna(row["share_active"]) else float(row["share_active"])
            share_row.append(share)
            text_row.append(format_percent(share, language))
            hover_row.append(
                f"{translate('membership.cohort.join_year', language)}: {join_year}<br>{translate('membership.cohort.year_end', language)}: {end_year}<br>"
                f"{translate('membership.cohort.joined', language)}: {int(row['joined'])}<br>{translate('membership.cohort.still_active', language)}: {int(row['still_active'])}"
                f" ({format_percent(share, language)})"
            )
        shares.append(share_row)
        cell_text.append(text_row)
        hover.append(hover_row)
    scale = load_branding().scale
    figure = go.Figure(
        go.Heatmap(
            x=[str(year) for year in end_years],
            y=[str(year) for year in join_years],
            z=shares,
            zmin=0,
            zmax=1,
            text=cell_text,
            texttemplate="%{text}",
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            colorscale=[[index / (len(scale) - 1), colour] for index, colour in enumerate(scale)],
            colorbar={"title": {"text": translate("membership.cohort.share", language)}, "tickformat": ".0%"},
        )
    )
    figure.update_xaxes(title_text=translate("membership.cohort.year_end", language), type="category")
    figure.update_yaxes(
        title_text=translate("membership.cohort.join_year", language), type="category", autorange="reversed"
    )
    return titled(figure, language, translate("membership.cohort.title", language))


def _year(value: object) -> int:
    """A year from a year number or from a day in it (the metric gives year ends as dates)."""
    if isinstance(value, numbers.Real):
        return int(float(value))
    return as_date(value).year


MEMBER_TABLE_COLUMNS = (
    "name",
    "country",
    "member_type",
    "region",
    "joined_on",
    "left_on",
    "roles",
    "events_attended",
)


def member_table(member_list: pd.DataFrame, language: Language, search: str = "") -> pd.DataFrame:
    """The member list as a reader sees it: names, countries, types, regions and roles in `language`,
    dates as dates, sorted by join date; rows whose text holds `search` (case-insensitive, in either
    language) when given. Columns are headed in `language` (MEMBER_TABLE_COLUMNS, in that order).

    Labels are looked up once per distinct code, so a list of 100,000 members stays quick."""
    table = pd.DataFrame(
        {
            "name": _display_names(member_list, language),
            "country": _labelled(member_list["country"], lambda code: country_name(code, language)),
            "member_type": _labelled(
                member_list["member_type"], lambda code: category_label("member_types", code, language)
            ),
            "region": _labelled(
                member_list["region"], lambda code: category_label("regions", code, language)
            ),
            "joined_on": pd.to_datetime(member_list["joined_on"]).dt.date,
            # ISO text, so former members sort by day and current members show an empty cell
            "left_on": pd.to_datetime(member_list["left_on"]).dt.strftime("%Y-%m-%d").fillna(""),
            **_labels_in(member_list, language, ("roles",)),
            "events_attended": member_list["events_attended"].astype("int64"),
        },
        columns=list(MEMBER_TABLE_COLUMNS),
    )
    if search.strip():
        needle = search.strip().lower()
        table = table[_matching(member_list, needle)]
    # Names in natural order: "think tank 2" before "think tank 10" (as text, 10 and 11 came before 2).
    table = table.sort_values(
        ["joined_on", "name"], key=lambda column: natural_keys(column) if column.name == "name" else column
    ).reset_index(drop=True)
    return table.rename(
        columns={column: translate(f"membership.list.{column}", language) for column in MEMBER_TABLE_COLUMNS}
    )


_DIGITS = re.compile(r"\d+")


def natural_keys(names: pd.Series) -> pd.Series:
    """A sort key per name that orders the numbers in it by value: each run of digits zero-padded."""
    return (
        names.astype(str)
        .str.casefold()
        .str.replace(_DIGITS, lambda match: match.group().zfill(12), regex=True)
    )


def _labelled(codes: pd.Series, label: Callable[[str], str]) -> np.ndarray:
    """`label(code)` for each value, computed once per distinct value ("" for a missing one)."""
    positions, distinct = pd.factorize(codes)
    labels = np.array([label(str(code)) if str(code) else "" for code in distinct] + [""], dtype=object)
    return labels[positions]  # a missing value has position -1: the trailing ""


def _labellers(language: Language) -> dict[str, Callable[[str], str]]:
    """For each coded column of the member list, how one of its values reads in `language`."""
    return {
        "country": lambda code: country_name(code, language),
        "member_type": lambda code: category_label("member_types", code, language),
        "region": lambda code: category_label("regions", code, language),
        "roles": lambda codes: _roles_text(codes, language),
    }


def _labels_in(
    member_list: pd.DataFrame, language: Language, columns: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """column -> its codes as labels in `language`, for the coded columns of the member list."""
    labellers = _labellers(language)
    return {column: _labelled(member_list[column], labellers[column]) for column in columns}


def _display_names(member_list: pd.DataFrame, language: Language) -> pd.Series:
    """The Chinese name where there is one and the page is in Chinese, else the English name."""
    english = member_list["name_en"].astype(str)
    if language != "zh":
        return english
    chinese = member_list["name_zh"].fillna("").astype(str)
    return chinese.where(chinese.str.strip() != "", english)


def _matching(member_list: pd.DataFrame, needle: str) -> np.ndarray:
    """Which members hold `needle` (lower case) in a name or in their country, region, type or roles
    in either language, so a search works whichever language the page is in. Coded columns are
    searched once per distinct value, names row by row (vectorised)."""
    matches = np.zeros(len(member_list), dtype=bool)
    for column in ("name_en", "name_zh"):
        names = member_list[column].fillna("").astype(str).str.lower()
        matches |= names.str.contains(needle, regex=False).to_numpy(dtype=bool)
    labellers = [_labellers(language) for language in LANGUAGES]
    for column in ("country", "region", "member_type", "roles"):
        positions, distinct = pd.factorize(member_list[column])
        texts = [
            " ".join([str(code), *(labeller[column](str(code)) for labeller in labellers)])
            for code in distinct
        ]
        hits = np.array([needle in text.lower() for text in texts] + [False])
        matches |= hits[positions]  # a missing value has position -1: the trailing False
    return matches


def _roles_text(codes: object, language: Language) -> str:
    """Comma-separated role codes ("chair, vice_chair") as their names in `language`."""
    if not isinstance(codes, str):
        return ""
    return ("、" if language == "zh" else ", ").join(
        translate(f"common.role.{code.strip()}", language) for code in codes.split(",") if code.strip()
    )
