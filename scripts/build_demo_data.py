"""Rebuild data/demo/*.csv: the demo alliance, September 2020 to the end of 2024 (plus the March 2025 forum).

The public record (../shared/seeds/FACTS.md) fixes the member totals at five dates, the country counts
at two, the named members, the chair and vice chairs, and the events on record. Everything else (most
member names, exact join days, member types, the illustrative events and who attended what) is made up
deterministically here and marked in the data: illustrative members are *named* "Illustrative think
tank N (Country)" and every row carries a `source` saying "illustrative" or the public address.

Run: python scripts/build_demo_data.py   (writes data/demo/; the output is committed)
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
ILLUSTRATIVE = "illustrative"
SEED = 20200919

FOUNDING_DAY = dt.date(2020, 9, 19)  # the month is on record (ZGC Forum, Sept 2020); the day is illustrative
COUNCIL_2021 = dt.date(2021, 9, 23)
COUNCIL_2022 = dt.date(2022, 9, 24)
SPRING_VOTE_2022 = dt.date(2022, 3, 15)  # illustrative online vote
GUIYANG_2023 = dt.date(2023, 11, 18)
FORUM_2024 = dt.date(2024, 4, 28)
COUNCIL_2024 = dt.date(2024, 11, 20)  # illustrative online council meeting

COUNTRY_NAMES = {
    "CHN": ("China", "中国"),
    "USA": ("United States", "美国"),
    "JPN": ("Japan", "日本"),
    "SGP": ("Singapore", "新加坡"),
    "ISR": ("Israel", "以色列"),
    "SRB": ("Serbia", "塞尔维亚"),
    "DEU": ("Germany", "德国"),
    "FRA": ("France", "法国"),
    "KOR": ("South Korea", "韩国"),
    "MYS": ("Malaysia", "马来西亚"),
    "IND": ("India", "印度"),
    "GBR": ("United Kingdom", "英国"),
    "BRA": ("Brazil", "巴西"),
    "ITA": ("Italy", "意大利"),
    "NPL": ("Nepal", "尼泊尔"),
    "ESP": ("Spain", "西班牙"),
}
CAPITALS = {
    "USA": "Washington",
    "JPN": "Tokyo",
    "SGP": "Singapore",
    "ISR": "Tel Aviv",
    "SRB": "Belgrade",
    "DEU": "Berlin",
    "FRA": "Paris",
    "KOR": "Seoul",
    "MYS": "Kuala Lumpur",
    "IND": "New Delhi",
    "GBR": "London",
    "BRA": "Brasília",
    "ITA": "Rome",
    "NPL": "Kathmandu",
    "ESP": "Madrid",
}
# Every city the demo names, in English and in its standard Chinese name (written to city_zh).
CITY_NAMES_ZH = {
    "Beijing": "北京",
    "Shanghai": "上海",
    "Shenzhen": "深圳",
    "Hangzhou": "杭州",
    "Wuhan": "武汉",
    "Chengdu": "成都",
    "Guiyang": "贵阳",
    "Washington": "华盛顿",
    "Tokyo": "东京",
    "Singapore": "新加坡",
    "Tel Aviv": "特拉维夫",
    "Belgrade": "贝尔格莱德",
    "Berlin": "柏林",
    "Paris": "巴黎",
    "Seoul": "首尔",
    "Kuala Lumpur": "吉隆坡",
    "New Delhi": "新德里",
    "London": "伦敦",
    "Brasília": "巴西利亚",
    "Rome": "罗马",
    "Kathmandu": "加德满都",
    "Madrid": "马德里",
}
CHINESE_CITIES = ["Beijing", "Beijing", "Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Wuhan", "Chengdu"]
MEMBER_TYPES = [
    "comprehensive",
    "science_technology",
    "economic",
    "industry",
    "publishing_media",
    "enterprise",
]
TYPE_WEIGHTS = [30, 30, 18, 10, 6, 6]

# Join waves: (day, {country: how many}). Totals: 19, 23, 4 + 15, 13, 8 + 15 = 97 ever; 2 leave in 2022.
JOIN_WAVES: list[tuple[dt.date, dict[str, int]]] = [
    (FOUNDING_DAY, {"CHN": 11, "USA": 2, "JPN": 1, "SGP": 1, "ISR": 1, "SRB": 1, "DEU": 2}),
    (COUNCIL_2021, {"CHN": 14, "FRA": 2, "DEU": 2, "USA": 1, "JPN": 3, "SRB": 1}),
    (SPRING_VOTE_2022, {"CHN": 2, "KOR": 1, "IND": 1}),
    (COUNCIL_2022, {"CHN": 7, "KOR": 2, "MYS": 2, "IND": 1, "DEU": 1, "FRA": 1, "USA": 1}),
    (GUIYANG_2023, {"CHN": 8, "GBR": 1, "DEU": 1, "SRB": 1, "JPN": 1, "KOR": 1}),
    (FORUM_2024, {"CHN": 4, "BRA": 1, "IND": 1, "ITA": 1, "SRB": 1}),
    (COUNCIL_2024, {"CHN": 5, "BRA": 1, "IND": 1, "ITA": 1, "JPN": 2, "NPL": 1, "SRB": 2, "ESP": 2}),
]

BJAST_2021 = "bjast.ac.cn/Html/Article/20211013/49426.html"
VICE_CHAIRS_2021 = "bjast.ac.cn/Html/Article/20211104/49770.html"
FOUNDING_SOURCE = "bjast.ac.cn/Html/Article/20201021/45541.html"
GUIYANG_SOURCE = "ZGCTA Activities, 2024-06-05 (seed 000_055df8533c82cf71.txt)"

# Members named in the public record: (wave day, country, name_en, name_zh, type, city, source).
NAMED_MEMBERS = [
    (
        FOUNDING_DAY,
        "CHN",
        "Beijing Academy of Science and Technology (BJAST)",
        "北京市科学技术研究院",
        "science_technology",
        "Beijing",
        f"public record: chair unit ({FOUNDING_SOURCE}); join day illustrative",
    ),
    (
        FOUNDING_DAY,
        "CHN",
        "Center for China and Globalization (CCG)",
        "全球化智库",
        "comprehensive",
        "Beijing",
        f"public record: vice-chair unit from 2021 ({VICE_CHAIRS_2021}); join day illustrative",
    ),
    (
        FOUNDING_DAY,
        "CHN",
        "Institutes of Science and Development, Chinese Academy of Sciences (CASISD)",
        "中国科学院科技战略咨询研究院",
        "science_technology",
        "Beijing",
        f"public record: vice-chair unit from 2021 ({VICE_CHAIRS_2021}); join day illustrative",
    ),
    (
        FOUNDING_DAY,
        "DEU",
        "Springer Nature",
        "施普林格·自然集团",
        "publishing_media",
        "Berlin",
        f"public record: vice-chair unit from 2021 ({VICE_CHAIRS_2021}); join day and country illustrative",
    ),
    (
        COUNCIL_2021,
        "CHN",
        "Capital Institute of Science and Technology Development Strategies",
        "首都科技发展战略研究院",
        "science_technology",
        "Beijing",
        f"public record: joined 2021-09-23 ({BJAST_2021})",
    ),
    (
        COUNCIL_2021,
        "CHN",
        "Grandview Institution",
        "盘古智库",
        "comprehensive",
        "Beijing",
        "public record: co-chaired the 2022 council meeting (panansia.cn/content/details3_1399.html); join day illustrative",
    ),
    (
        GUIYANG_2023,
        "CHN",
        "Guizhou Academy of Social Sciences",
        "贵州省社会科学院",
        "comprehensive",
        "Guiyang",
        f"public record: vice-chair unit from 2023 ({GUIYANG_SOURCE}); joining with the 13 new members is illustrative",
    ),
]

# Illustrative departures (the record names none; 2022 has 19 joins and 2 departures, net +17 = 42 -> 59).
DEPARTURES = [("CHN", COUNCIL_2021, dt.date(2022, 6, 30)), ("USA", FOUNDING_DAY, dt.date(2022, 8, 31))]


@dataclass
class Member:
    member_id: str
    name_en: str
    name_zh: str
    country: str
    city: str
    member_type: str
    joined_on: dt.date
    left_on: dt.date | None
    website: str
    source: str


@dataclass
class Event:
    event_id: str
    title_en: str
    title_zh: str
    event_type: str
    start_date: dt.date
    end_date: dt.date
    city: str
    country: str
    format: str
    attendees: int | None
    countries_represented: int | None
    online_viewers: int | None
    source: str
    participants: list[tuple[str, str]] = field(default_factory=list)


def build_members(rng: random.Random) -> list[Member]:
    members: list[Member] = []
    named = list(NAMED_MEMBERS)
    illustrative_number = 0
    for wave_day, countries in JOIN_WAVES:
        for country, count in countries.items():
            for _ in range(count):
                match = next((entry for entry in named if entry[0] == wave_day and entry[1] == country), None)
                member_id = f"{len(members) + 1:03d}"
                if match:
                    named.remove(match)
                    _, _, name_en, name_zh, member_type, city, source = match
                    website = ""
                else:
                    illustrative_number += 1
                    english, chinese = COUNTRY_NAMES[country]
                    name_en = f"Illustrative think tank {illustrative_number} ({english})"
                    name_zh = f"示例智库{illustrative_number}（{chinese}）"
                    member_type = rng.choices(MEMBER_TYPES, TYPE_WEIGHTS)[0]
                    city = rng.choice(CHINESE_CITIES) if country == "CHN" else CAPITALS[country]
                    source = ILLUSTRATIVE
                    website = f"https://example.org/think-tank-{illustrative_number}"
                members.append(
                    Member(
                        member_id,
                        name_en,
                        name_zh,
                        country,
                        city,
                        member_type,
                        wave_day,
                        None,
                        website,
                        source,
                    )
                )
    assert not named, f"named members not placed: {named}"
    for country, cohort_day, left_on in DEPARTURES:
        leaver = next(
            m
            for m in members
            if m.country == country
            and m.joined_on == cohort_day
            and m.source == ILLUSTRATIVE
            and m.left_on is None
        )
        leaver.left_on = left_on
    return members


def city_in_chinese(city: str) -> str:
    """The Chinese name of a demo city ("" for none); a city missing from CITY_NAMES_ZH stops the build."""
    return CITY_NAMES_ZH[city] if city else ""


def active_on(members: list[Member], day: dt.date) -> list[Member]:
    return [m for m in members if m.joined_on <= day and (m.left_on is None or day < m.left_on)]


def pick(
    rng: random.Random, pool: list[Member], count: int, must: list[Member] | None = None
) -> list[Member]:
    chosen = list(must or [])
    rest = [m for m in pool if m not in chosen]
    chosen += rng.sample(rest, min(count - len(chosen), len(rest)))
    return chosen


def by_name(members: list[Member], prefix: str) -> Member:
    return next(m for m in members if m.name_en.startswith(prefix))


def build_events(members: list[Member], rng: random.Random) -> list[Event]:
    bjast = by_name(members, "Beijing Academy")
    gass = by_name(members, "Guizhou Academy")
    events: list[Event] = []

    def add(event: Event, participants: list[Member], roles: dict[str, str] | None = None) -> None:
        roles = roles or {}
        event.participants = [(m.member_id, roles.get(m.member_id, "participant")) for m in participants]
        events.append(event)

    # --- Events on record ---------------------------------------------------------------------------
    founders = active_on(members, FOUNDING_DAY)
    add(
        Event(
            "EV-2020-01",
            "ZGC Forum think-tank forum: founding of the Alliance",
            "中关村论坛智库论坛：联盟成立",
            "forum",
            FOUNDING_DAY,
            FOUNDING_DAY,
            "Beijing",
            "CHN",
            "in_person",
            None,
            None,
            None,
            f"public record: founded with 19 members ({FOUNDING_SOURCE}); day illustrative",
        ),
        founders,
        {bjast.member_id: "host"},
    )
    at_2021 = active_on(members, COUNCIL_2021)
    attending_2021 = pick(rng, at_2021, 41, [bjast])  # 41 member units from 8 countries
    add(
        Event(
            "EV-2021-03",
            "Council meeting and 2nd session of the 1st chairs' meeting",
            "理事会会议暨第一届理事长会议第二次会议",
            "council_meeting",
            COUNCIL_2021,
            COUNCIL_2021,
            "",
            "CHN",
            "online",
            None,
            8,
            None,
            f"public record: 41 member units from 8 countries ({BJAST_2021})",
        ),
        attending_2021,
        {bjast.member_id: "host"},
    )
    add(
        Event(
            "EV-2021-04",
            "2021 ZGC Forum Global S&T Innovation Think Tank Forum and signing ceremony",
            "2021中关村论坛全球科技创新智库论坛暨签约仪式",
            "signing_ceremony",
            dt.date(2021, 9, 25),
            dt.date(2021, 9, 25),
            "Beijing",
            "CHN",
            "hybrid",
            None,
            10,
            None,
            f"public record: speakers from 10 countries ({BJAST_2021})",
        ),
        pick(rng, at_2021, 30, [bjast]),
        {bjast.member_id: "host"},
    )
    at_2022 = active_on(members, COUNCIL_2022)
    nine_countries = {"DEU", "FRA", "KOR", "MYS", "USA", "JPN", "SRB", "IND", "CHN"}
    grandview = by_name(members, "Grandview")
    add(
        Event(
            "EV-2022-05",
            "Council meeting and 3rd session of the 1st chairs' meeting",
            "理事会会议暨第一届理事长会议第三次会议",
            "council_meeting",
            COUNCIL_2022,
            COUNCIL_2022,
            "",
            "CHN",
            "online",
            80,
            9,
            None,
            "public record: 80+ representatives of 55 members from 9 countries (ZGCTA Activities page)",
        ),
        pick(rng, [m for m in at_2022 if m.country in nine_countries], 55, [bjast, grandview]),
        {bjast.member_id: "host", grandview.member_id: "co_host"},
    )
    add(
        Event(
            "EV-2023-04",
            "BJUT High-End Think Tank Development Conference",
            "北京工业大学高端智库建设发展大会",
            "other",
            dt.date(2023, 9, 19),
            dt.date(2023, 9, 19),
            "Beijing",
            "CHN",
            "in_person",
            None,
            None,
            None,
            "public record: sector event (seed 002_35790dbbb1c1bf17.txt); no member participation recorded",
        ),
        [],
    )
    at_guiyang = active_on(members, GUIYANG_2023)
    guiyang_roles = {bjast.member_id: "host", gass.member_id: "co_host"}
    guiyang_core = pick(rng, at_guiyang, 45, [bjast, gass])
    add(
        Event(
            "EV-2023-05",
            '"Technological Modernization and Innovation" Think Tank Forum',
            "“科技现代化与创新”智库论坛",
            "forum",
            GUIYANG_2023,
            dt.date(2023, 11, 19),
            "Guiyang",
            "CHN",
            "in_person",
            150,
            None,
            None,
            f"public record: 150 attendees from China, Germany, the UK, Japan, Serbia and others ({GUIYANG_SOURCE})",
        ),
        guiyang_core,
        guiyang_roles,
    )
    add(
        Event(
            "EV-2023-06",
            "Council meeting: 13 new council members and a new vice-chair unit",
            "理事会会议：13家新理事单位与新任副理事长单位",
            "council_meeting",
            GUIYANG_2023,
            GUIYANG_2023,
            "Guiyang",
            "CHN",
            "in_person",
            None,
            None,
            None,
            f"public record: the alliance's first in-person council meeting ({GUIYANG_SOURCE})",
        ),
        guiyang_core[:40],
        guiyang_roles,
    )
    add(
        Event(
            "EV-2023-07",
            "Site visits: national big-data pilot zone and the FAST telescope",
            "实地调研：国家大数据综合试验区与“中国天眼”",
            "site_visit",
            dt.date(2023, 11, 19),
            dt.date(2023, 11, 19),
            "Guiyang",
            "CHN",
            "in_person",
            None,
            None,
            None,
            f"public record ({GUIYANG_SOURCE}); participants illustrative",
        ),
        guiyang_core[:25],
        {gass.member_id: "host"},
    )
    add(
        Event(
            "EV-2023-08",
            "Excellent Research Report award, 2023",
            "2023年度优秀研究报告颁奖",
            "award",
            GUIYANG_2023,
            GUIYANG_2023,
            "Guiyang",
            "CHN",
            "in_person",
            None,
            None,
            None,
            f"public record ({GUIYANG_SOURCE}); participants illustrative",
        ),
        guiyang_core[:12],
        {gass.member_id: "host"},
    )
    at_forum_2024 = active_on(members, FORUM_2024)
    add(
        Event(
            "EV-2024-02",
            "2024 Global High-level Think Tank Forum for S&T Innovation",
            "2024全球科技创新高端智库论坛",
            "forum",
            FORUM_2024,
            FORUM_2024,
            "Beijing",
            "CHN",
            "hybrid",
            500,
            95,
            1_200_000,
            "public record: 500+ people from 95 countries and regions, 70+ think tanks, 1.2 million live-stream viewers",
        ),
        pick(rng, at_forum_2024, 62, [bjast]),
        {bjast.member_id: "host"},
    )
    add(
        Event(
            "EV-2025-01",
            "2025 Global S&T Innovation High-level Think Tank Forum: signing of 23 new members",
            "2025全球科技创新高端智库论坛：23家新成员签约",
            "signing_ceremony",
            dt.date(2025, 3, 28),
            dt.date(2025, 3, 28),
            "Beijing",
            "CHN",
            "in_person",
            None,
            None,
            None,
            "public record: 23 think tanks from 8 countries signed (bj.people.com.cn/n2/2025/0401/c14540-41182561.html); day illustrative",
        ),
        pick(
            rng,
            active_on(members, dt.date(2025, 3, 28)),
            40,
            [bjast, *[m for m in members if m.joined_on.year == 2024]],
        ),
        {bjast.member_id: "host"},
    )

    # --- Illustrative events: seminars, site visits and meetings between the events on record --------
    illustrative = [
        (
            "2021-03-18",
            "seminar",
            "online",
            "Online seminar: think tanks and the post-pandemic recovery",
            "线上研讨会：智库与疫后复苏",
        ),
        (
            "2021-06-10",
            "seminar",
            "online",
            "Online seminar: open science and data sharing",
            "线上研讨会：开放科学与数据共享",
        ),
        (
            "2021-12-08",
            "seminar",
            "online",
            "Online seminar: carbon neutrality pathways",
            "线上研讨会：碳中和路径",
        ),
        (
            "2022-04-21",
            "seminar",
            "online",
            "Online seminar: digital economy rules",
            "线上研讨会：数字经济规则",
        ),
        (
            "2022-06-16",
            "seminar",
            "hybrid",
            "Seminar: technology transfer across borders",
            "研讨会：跨境技术转移",
        ),
        ("2022-11-10", "seminar", "online", "Online seminar: AI governance", "线上研讨会：人工智能治理"),
        ("2022-12-14", "other", "online", "Members' year-end exchange", "成员单位年终交流会"),
        ("2023-03-23", "seminar", "hybrid", "Seminar: science diplomacy", "研讨会：科学外交"),
        (
            "2023-05-25",
            "site_visit",
            "in_person",
            "Site visit: Zhongguancun Science Park",
            "实地调研：中关村科学城",
        ),
        ("2023-07-06", "seminar", "online", "Online seminar: innovation indices", "线上研讨会：创新指数"),
        (
            "2024-01-18",
            "seminar",
            "online",
            "Online seminar: the 2024 work plan",
            "线上研讨会：2024年工作计划",
        ),
        (
            "2024-03-14",
            "seminar",
            "hybrid",
            "Seminar: Belt and Road science cooperation",
            "研讨会：“一带一路”科技合作",
        ),
        (
            "2024-06-20",
            "site_visit",
            "in_person",
            "Site visit: Beijing Economic-Technological Development Area",
            "实地调研：北京经济技术开发区",
        ),
        ("2024-09-12", "seminar", "online", "Online seminar: green finance", "线上研讨会：绿色金融"),
        (
            "2024-11-20",
            "council_meeting",
            "online",
            "Council meeting: election of new members",
            "理事会会议：新成员选举",
        ),
        (
            "2024-12-05",
            "award",
            "hybrid",
            "Excellent Research Report award, 2024",
            "2024年度优秀研究报告颁奖",
        ),
    ]
    for number, (day_text, event_type, event_format, title_en, title_zh) in enumerate(illustrative, start=1):
        day = dt.date.fromisoformat(day_text)
        pool = active_on(members, day)
        size = {"council_meeting": 70, "seminar": 14, "site_visit": 10, "award": 16, "other": 24}[event_type]
        attendees = None if event_format == "online" else size * 2 + rng.randint(5, 40)
        viewers = rng.randint(2_000, 20_000) if event_format == "hybrid" else None
        countries_represented = len({m.country for m in pool}) if event_type == "council_meeting" else None
        add(
            Event(
                f"EV-{day.year}-I{number:02d}",
                title_en,
                title_zh,
                event_type,
                day,
                day,
                "" if event_format == "online" else "Beijing",
                "CHN",
                event_format,
                attendees,
                countries_represented,
                viewers,
                ILLUSTRATIVE,
            ),
            pick(rng, pool, min(size, len(pool)), [bjast]),
            {bjast.member_id: "host"},
        )
    # Speakers: two per event among the non-hosts, for the role mix.
    for event in events:
        speakers = [i for i, (_, role) in enumerate(event.participants) if role == "participant"][:2]
        for index in speakers:
            event.participants[index] = (event.participants[index][0], "speaker")
    events.sort(key=lambda e: (e.start_date, e.event_id))
    return events


def roles(members: list[Member]) -> list[dict[str, object]]:
    bjast = by_name(members, "Beijing Academy")
    rows = [{"member_id": bjast.member_id, "role": "chair", "start_date": FOUNDING_DAY, "end_date": ""}]
    for prefix in (
        "Center for China and Globalization",
        "Springer Nature",
        "Institutes of Science and Development",
    ):
        rows.append(
            {
                "member_id": by_name(members, prefix).member_id,
                "role": "vice_chair",
                "start_date": COUNCIL_2021,
                "end_date": "",
            }
        )
    rows.append(
        {
            "member_id": by_name(members, "Guizhou Academy").member_id,
            "role": "vice_chair",
            "start_date": GUIYANG_2023,
            "end_date": "",
        }
    )
    return rows


# The annual work plan's targets: illustrative (the record publishes none).
TARGETS = [
    (2021, {"members": 40, "countries": 8, "events": 4, "engaged_members": 30}),
    (2022, {"members": 60, "countries": 10, "events": 6, "engaged_members": 45}),
    (2023, {"members": 75, "countries": 12, "events": 8, "engaged_members": 55}),
    (2024, {"members": 90, "countries": 15, "events": 10, "engaged_members": 70}),
    (2025, {"members": 110, "countries": 18, "events": 12, "engaged_members": 80}),
]


def write_csv(name: str, rows: list[dict[str, object]]) -> None:
    path = DEMO_DIR / f"{name}.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if value is None else value for key, value in row.items()})
    print(f"wrote {len(rows):>4} rows to {path.relative_to(DEMO_DIR.parent.parent)}")


def main() -> None:
    rng = random.Random(SEED)
    members = build_members(rng)
    events = build_events(members, rng)
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(
        "members",
        [
            {
                "member_id": m.member_id,
                "name_en": m.name_en,
                "name_zh": m.name_zh,
                "country": m.country,
                "city": m.city,
                "city_zh": city_in_chinese(m.city),
                "member_type": m.member_type,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
                "website": m.website,
                "source": m.source,
            }
            for m in members
        ],
    )
    write_csv("roles", roles(members))
    write_csv(
        "events",
        [
            {
                "event_id": e.event_id,
                "title_en": e.title_en,
                "title_zh": e.title_zh,
                "event_type": e.event_type,
                "start_date": e.start_date,
                "end_date": e.end_date,
                "city": e.city,
                "city_zh": city_in_chinese(e.city),
                "country": e.country,
                "format": e.format,
                "attendees": e.attendees,
                "countries_represented": e.countries_represented,
                "online_viewers": e.online_viewers,
                "source": e.source,
            }
            for e in events
        ],
    )
    write_csv(
        "participation",
        [
            {"event_id": e.event_id, "member_id": mid, "role": role}
            for e in events
            for mid, role in e.participants
        ],
    )
    write_csv(
        "targets",
        [
            {"year": year, "metric": metric, "target": target}
            for year, goals in TARGETS
            for metric, target in goals.items()
        ],
    )


if __name__ == "__main__":
    main()
