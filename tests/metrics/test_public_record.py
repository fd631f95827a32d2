"""The demo data reproduces the public record (/work/shared/seeds/FACTS.md) through the metrics and the command.

FACTS.md: 19 members on 2020-09-30, 42 on 2021-09-30, 59 on 2022-09-30, 72 from 12 countries on
2023-11-19, 95 from 16 countries on 2024-12-31; growth +121% (2021), +40% (2022), +22% (2023),
+32% (2024); compound annual growth 2020 -> 2024 = (95/19)^(1/4) - 1 = 49.5%; vice-chair units CCG,
Springer Nature, CASISD from 2021 and Guizhou Academy of Social Sciences from 2023; one chair (BJAST).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.demo import load_demo_data
from analysis.filters import Filters
from analysis.metrics import headline_figures, members_over_time, new_members_per_council_meeting
from analysis.store.connection import AllianceDatabase, open_database

D = dt.date


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = Path(tmp_path_factory.mktemp("demo")) / "alliance.ducklake"
    database = open_database(path)
    try:
        load_demo_data(database)
    finally:
        database.close()
    return path


@pytest.fixture(scope="module")
def demo(demo_path: Path) -> Iterator[AllianceDatabase]:
    database = open_database(demo_path)
    yield database
    database.close()


@pytest.mark.parametrize(
    ("as_of", "members", "countries"),
    [
        (D(2020, 9, 30), 19, None),
        (D(2021, 9, 30), 42, None),
        (D(2022, 9, 30), 59, None),
        (D(2023, 11, 19), 72, 12),
        (D(2024, 12, 31), 95, 16),
    ],
)
def test_members_and_countries_on_the_record_days(
    demo: AllianceDatabase, as_of: dt.date, members: int, countries: int | None
) -> None:
    figures = headline_figures(demo, Filters(as_of=as_of))
    assert figures.members == members
    assert sum(figures.members_by_country.values()) == members
    if countries is not None:
        assert figures.countries == countries


@pytest.mark.parametrize(
    ("as_of", "growth"),
    [
        (D(2021, 9, 30), 42 / 19 - 1),  # +121%
        (D(2022, 9, 30), 59 / 42 - 1),  # +40%
        (D(2023, 11, 19), 72 / 59 - 1),  # +22%: a year before Guiyang the alliance still had 59
        (D(2024, 12, 31), 95 / 72 - 1),  # +32%
    ],
)
def test_year_on_year_growth(demo: AllianceDatabase, as_of: dt.date, growth: float) -> None:
    assert headline_figures(demo, Filters(as_of=as_of)).members_yoy == pytest.approx(growth)


def test_growth_in_2023_and_2024_and_since_founding(demo: AllianceDatabase) -> None:
    by_year = members_over_time(demo, Filters(as_of=D(2024, 12, 31)), "year")
    ends = dict(zip(by_year["period_start"].astype(str).str[:4], by_year["members_end"], strict=True))
    assert ends["2024"] == 95
    # +32% in 2024: 95 against the 72 of end 2023 (the Guiyang meeting added the last of 2023's members)
    assert ends["2023"] == 72
    figures = headline_figures(demo, Filters(as_of=D(2024, 12, 31)))
    assert figures.members_yoy == pytest.approx(95 / 72 - 1)
    # from 19 at the end of 2020 to 95 at the end of 2024: (95/19)^(1/4) - 1 = 49.5%
    assert ends["2020"] == 19
    assert figures.cagr_since_first_join == pytest.approx((95 / 19) ** 0.25 - 1)
    assert round(figures.cagr_since_first_join or 0, 3) == 0.495
    # 23 think tanks joined in 2024
    assert figures.new_members_ytd == 23


def test_governance_on_the_record(demo: AllianceDatabase) -> None:
    assert (
        headline_figures(demo, Filters(as_of=D(2021, 9, 30))).vice_chairs == 3
    )  # CCG, Springer Nature, CASISD
    late_2023 = headline_figures(demo, Filters(as_of=D(2023, 11, 19)))
    assert late_2023.vice_chairs == 4  # + Guizhou Academy of Social Sciences
    assert late_2023.chairs == 1  # BJAST
    assert late_2023.new_members_ytd == 13  # the 13 voted in at Guiyang


def test_metrics_command_on_the_demo_data(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "--db", str(demo_path), "--as-of", "2024-12-31", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["as_of"] == "2024-12-31"
    assert printed["members"] == 95
    assert printed["countries"] == 16
    assert printed["members_year_ago"] == 72
    assert printed["members_yoy"] == pytest.approx(95 / 72 - 1)
    assert printed["new_members_ytd"] == 23
    assert sum(printed["members_by_country"].values()) == 95
    assert sum(printed["members_by_type"].values()) == 95
    assert len(printed["members_by_type"]) == 6
    assert printed["vice_chairs"] == 4
    assert 0 <= printed["engagement_rate_ytd"] <= 1
    assert printed["engaged_members_ytd"] <= printed["members"]
    assert main(["metrics", "--db", str(demo_path), "--as-of", "2023-11-19", "--json"]) == 0
    on_guiyang_day = json.loads(capsys.readouterr().out)
    assert (on_guiyang_day["members"], on_guiyang_day["countries"]) == (72, 12)


def test_members_voted_in_at_the_council_meetings_on_record(demo: AllianceDatabase) -> None:
    frame = new_members_per_council_meeting(demo, Filters(as_of=dt.date(2024, 12, 31)))
    voted_in = dict(zip(frame["start_date"].astype(str), frame["new_members"], strict=True))
    assert voted_in["2021-09-23"] == 23  # 23 new member units voted in online (FACTS.md)
    assert voted_in["2023-11-18"] == 13  # 13 new council members at Guiyang
