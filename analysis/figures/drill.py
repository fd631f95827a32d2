"""The drill lists as a reader sees them: the events behind a clicked bar (the members use
`membership.member_table`), and the line naming what was clicked. Pure: frames + language in."""

from __future__ import annotations

import pandas as pd

from analysis.figures.events import _place
from analysis.figures.styling import category_label
from analysis.i18n import Language, country_name, format_date, translate
from analysis.i18n.labels import as_date, display_name
from analysis.page_data.drill import DrillSpec

EVENT_TABLE_COLUMNS = ("title", "type", "format", "start_date", "place", "attendees", "member_participants")


def event_table(events: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Events named, typed, dated and placed in `language`, headed in `language`, newest first."""
    table = pd.DataFrame(
        {
            "title": [
                display_name(en, zh, language)
                for en, zh in zip(events["title_en"], events["title_zh"], strict=True)
            ],
            "type": [category_label("event_types", str(code), language) for code in events["event_type"]],
            "format": [category_label("formats", str(code), language) for code in events["format"]],
            "start_date": [as_date(day) for day in events["start_date"]],
            "place": [
                _place(city, city_zh, country, language)
                for city, city_zh, country in zip(
                    events["city"], events["city_zh"], events["country"], strict=True
                )
            ],
            "attendees": pd.to_numeric(events["attendees"]).astype("Int64"),
            "member_participants": pd.to_numeric(events["member_participants"]).astype("Int64"),
        },
        columns=list(EVENT_TABLE_COLUMNS),
    )
    return table.rename(
        columns={
            column: translate(f"ontrack.drill.column.{column}", language) for column in EVENT_TABLE_COLUMNS
        }
    )


def _period(spec: DrillSpec, language: Language) -> str:
    if spec.start is None or spec.end is None:
        return ""
    return f"{format_date(spec.start, language)} – {format_date(spec.end, language)}"


def describe_specs(specs: list[DrillSpec], as_of_day: object, language: Language) -> str:
    """What was clicked, in words: "Japan, active on 28 March 2025" / "Forum, 1 Jan 2024 – 31 Mar 2024"."""
    parts = []
    for spec in specs:
        words = []
        if spec.field == "countries" and spec.code:
            words.append(country_name(spec.code, language))
        elif spec.field is not None and spec.code:
            words.append(category_label(spec.field, spec.code, language))
        if spec.what == "joined":
            words.append(translate("ontrack.drill.joined", language, period=_period(spec, language)))
        elif spec.what == "left":
            words.append(translate("ontrack.drill.left", language, period=_period(spec, language)))
        elif spec.what == "active":
            day = spec.end or as_date(as_of_day)
            words.append(translate("ontrack.drill.active_at", language, day=format_date(day, language)))
        elif spec.start is not None:
            words.append(_period(spec, language))
        parts.append((" · ").join(word for word in words if word))
    return ("；" if language == "zh" else "; ").join(parts)
