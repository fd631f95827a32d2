"""Alert rules: a state per rule (and per recipient scope), a message only when the state changes.

States: "ok", or what fires ("below", "quiet", "left:DEU,USA", "crossed"). The first check records
the state silently when it is "ok" and sends when it already fires; after that one message goes out per
change (it fires once when the projection drops below the target, once more when it recovers), in each
recipient's language, with a link that opens the dashboard on the view that shows it.

- projection_below_target: the year-end members projection (`members_projection`) under the year's
  members target. No target for the year: "ok".
- no_recent_event: no event started in the last `days` days (default 90), counted to the check day.
- country_left: a country that had members has none any more (the state names every such country;
  a country rejoining is a change too).
- figure: a headline figure (`analysis/delivery/figures.py`) below or above a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from analysis.delivery.content import view_link
from analysis.delivery.settings import AlertRule
from analysis.filters import Filters
from analysis.filters.url_state import ViewState
from analysis.i18n import Language, country_name, format_date, format_number, translate
from analysis.metrics.headline import headline_figures
from analysis.metrics.plan import members_projection
from analysis.queries import load_query
from analysis.store.connection import AllianceDatabase

FIGURE_PAGES = {
    "members": "membership",
    "new_members_ytd": "membership",
    "departed_members_ytd": "membership",
    "members_yoy": "membership",
    "countries": "geography",
    "regions": "geography",
    "new_countries_ytd": "geography",
    "share_outside_host_country": "geography",
    "effective_number_of_countries": "geography",
    "chairs": "governance",
    "vice_chairs": "governance",
    "events_ytd": "events",
    "event_attendees_ytd": "events",
    "engaged_members_ytd": "events",
    "engagement_rate_ytd": "events",
}
RULE_PAGES = {"projection_below_target": "overview", "no_recent_event": "events", "country_left": "geography"}


@dataclass(frozen=True)
class Evaluation:
    state: str
    values: Mapping[str, object]  # what the message says (numbers, days, countries)
    page: str
    day: dt.date

    @property
    def firing(self) -> bool:
        return self.state != "ok"


def evaluate(database: AllianceDatabase, rule: AlertRule, day: dt.date) -> Evaluation:
    filters = Filters(as_of=day)
    if rule.rule == "projection_below_target":
        projection = members_projection(database, filters)
        below = projection.target is not None and projection.year_end_estimate < projection.target
        values: dict[str, object] = {
            "estimate": projection.year_end_estimate,
            "target": projection.target,
            "year": day.year,
        }
        return Evaluation("below" if below else "ok", values, "overview", day)
    if rule.rule == "no_recent_event":
        with database.reading() as cursor:
            rows = cursor.execute(load_query("delivery/last_event_start"), {"day": day}).fetchall()
        last = rows[0][0] if rows else None
        quiet = last is None or (day - last).days > rule.days
        return Evaluation("quiet" if quiet else "ok", {"last": last, "days": rule.days}, "events", day)
    if rule.rule == "country_left":
        with database.reading() as cursor:
            rows = cursor.execute(
                load_query("delivery/countries_without_active_members"), {"day": day}
            ).fetchall()
        left = [str(row[0]) for row in rows]
        return Evaluation("left:" + ",".join(left) if left else "ok", {"countries": left}, "geography", day)
    figures = headline_figures(database, filters).to_json_dict()
    value = figures[str(rule.figure)]
    crossed = value is not None and (
        (rule.below is not None and float(value) < rule.below)
        or (rule.above is not None and float(value) > rule.above)
    )
    threshold = rule.below if rule.below is not None else rule.above
    values = {
        "figure": rule.figure,
        "value": value,
        "threshold": threshold,
        "below": rule.below is not None,
    }
    return Evaluation("crossed" if crossed else "ok", values, FIGURE_PAGES[str(rule.figure)], day)


def _number(value: object, language: Language) -> str:
    if isinstance(value, float) and abs(value) < 10 and value != int(value):
        return format_number(value, language, decimals=2)
    return format_number(value if isinstance(value, int | float) else 0, language)


def message(
    rule: AlertRule, evaluation: Evaluation, previous: str | None, language: Language, dashboard_url: str
) -> tuple[str, str, str]:
    """(subject, body, link) in `language`."""
    link = view_link(
        dashboard_url, evaluation.page, ViewState(Filters(as_of=evaluation.day), language=language)
    )
    kind = "firing" if evaluation.firing else "recovered"
    values: dict[str, object] = {"name": rule.name, "day": format_date(evaluation.day, language)}
    found = evaluation.values
    if rule.rule == "projection_below_target":
        values |= {
            "estimate": _number(found["estimate"], language),
            "target": _number(found["target"], language),
            "year": found["year"],
        }
    elif rule.rule == "no_recent_event":
        last = found["last"]
        values |= {
            "days": found["days"],
            "last": format_date(last, language) if isinstance(last, dt.date) else "–",
        }
    elif rule.rule == "country_left":
        was = set(previous[5:].split(",")) if previous and previous.startswith("left:") else set()
        now = {str(code) for code in cast(list[str], found["countries"])}
        changed = sorted(now - was) if evaluation.firing else sorted(was - now)
        if evaluation.firing and not changed:  # fewer countries gone than before: some rejoined
            kind, changed = "rejoined", sorted(was - now)
        values["countries"] = (
            "、".join(country_name(c, language) for c in changed)
            if language == "zh"
            else ", ".join(country_name(c, language) for c in changed)
        )
        values["all"] = ", ".join(country_name(c, language) for c in sorted(now)) or "–"
    else:
        values |= {
            "figure": translate(f"delivery.figure.{found['figure']}", language),
            "value": _number(found["value"], language),
            "threshold": _number(found["threshold"], language),
            "direction": translate(
                "delivery.alert.below" if found["below"] else "delivery.alert.above", language
            ),
        }
    prefix = f"delivery.alert.{rule.rule}.{kind}"
    subject = translate(f"{prefix}.subject", language, **values)
    body = "\n\n".join(
        [translate(f"{prefix}.body", language, **values), translate("delivery.link", language, link=link)]
    )
    return subject, body, link
