"""Example questions the SQL console offers: a label in each language (sqlconsole.example.<code>) and a
working query (each run on the demo data by the tests, with hand-checked answers).

The Chinese view's queries show Chinese names where the data has them (`coalesce(name_zh, name_en)`).
"""

from __future__ import annotations

from analysis.i18n import Language, translate

_NAME = {"en": "m.name_en", "zh": "coalesce(m.name_zh, m.name_en)"}
_TITLE = {"en": "e.title_en", "zh": "coalesce(e.title_zh, e.title_en)"}
_COUNTRY = {"en": "c.name_en", "zh": "c.name_zh"}

_EXAMPLES: dict[str, str] = {
    "events_by_participants": """SELECT e.event_id, {title} AS title, e.start_date, e.event_type, e.format,
       count(p.member_id) AS participating_members
FROM events AS e
LEFT JOIN participation AS p ON p.event_id = e.event_id
GROUP BY ALL
ORDER BY participating_members DESC, e.start_date, e.event_id""",
    "members_never_attended": """SELECT m.member_id, {name} AS name, m.country, m.member_type, m.joined_on, m.left_on
FROM members AS m
WHERE NOT EXISTS (SELECT 1 FROM participation AS p WHERE p.member_id = m.member_id)
ORDER BY m.joined_on, m.member_id""",
    "members_by_country_year": """SELECT year(m.joined_on) AS year, m.country, {country} AS country_name, count(*) AS members_joined
FROM members AS m
JOIN countries AS c ON c.iso3 = m.country
GROUP BY ALL
ORDER BY year, members_joined DESC, m.country""",
    "active_members_by_year": """SELECT y.year, count(m.member_id) AS members
FROM range(2020, year(current_date) + 1) AS y(year)
LEFT JOIN members AS m ON is_active_on(m.joined_on, m.left_on, make_date(y.year::INT, 12, 31))
GROUP BY y.year
ORDER BY y.year""",
    "most_active_members": """SELECT m.member_id, {name} AS name, m.country, count(DISTINCT p.event_id) AS events
FROM members AS m
JOIN participation AS p ON p.member_id = m.member_id
GROUP BY ALL
ORDER BY events DESC, m.member_id
LIMIT 10""",
    "members_target_by_year": """SELECT t.year, t.target,
       (SELECT count(*) FROM members AS m
        WHERE is_active_on(m.joined_on, m.left_on, make_date(t.year, 12, 31))) AS members_at_year_end
FROM targets AS t
WHERE t.metric = 'members'
ORDER BY t.year""",
}

EXAMPLE_CODES: tuple[str, ...] = tuple(_EXAMPLES)


def example_sql(code: str, language: Language) -> str:
    """The query of example `code`, headed by its label, with names in `language` where the data has them."""
    body = _EXAMPLES[code].format(name=_NAME[language], title=_TITLE[language], country=_COUNTRY[language])
    return f"-- {translate(example_label_key(code), language)}\n{body}"


def example_label_key(code: str) -> str:
    return f"sqlconsole.example.{code}"
