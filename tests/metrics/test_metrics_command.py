"""The `metrics` command: one JSON object with the contract's keys, a readable table, clear errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.cli.output import EXIT_STORE_UNREACHABLE
from analysis.store.database import AllianceDatabase

CONTRACT_KEYS = {
    "as_of",
    "members",
    "countries",
    "new_members_ytd",
    "departed_members_ytd",
    "members_year_ago",
    "members_yoy",
    "vice_chairs",
    "events_ytd",
    "event_attendees_ytd",
    "engaged_members_ytd",
    "engagement_rate_ytd",
    "new_countries_ytd",
    "members_by_country",
    "members_by_type",
}


def run_metrics(database_path: Path, *arguments: str) -> int:
    return main(["metrics", "--db", str(database_path), *arguments])


def test_json_on_the_tiny_alliance(
    nine_member_alliance: AllianceDatabase, database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nine_member_alliance.close()  # the command opens the file itself
    assert run_metrics(database_path, "--as-of", "2024-12-31", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed.keys() >= CONTRACT_KEYS
    # worked out in test_headline.py: 7 members, 6 a year ago, yoy 7/6 - 1
    assert printed["as_of"] == "2024-12-31"
    assert printed["members"] == 7
    assert printed["countries"] == 5
    assert printed["members_year_ago"] == 6
    assert printed["members_yoy"] == pytest.approx(1 / 6)
    assert printed["vice_chairs"] == 1
    assert printed["events_ytd"] == 1
    assert printed["event_attendees_ytd"] == 20
    assert printed["engaged_members_ytd"] == 1
    assert printed["engagement_rate_ytd"] == pytest.approx(1 / 7)
    assert printed["new_countries_ytd"] == 1
    assert printed["members_by_country"] == {"CHN": 3, "BRA": 1, "DEU": 1, "JPN": 1, "SRB": 1}
    assert printed["members_by_type"]["comprehensive"] == 3


def test_filters_on_the_command_line(
    nine_member_alliance: AllianceDatabase, database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nine_member_alliance.close()
    arguments = (
        "--as-of",
        "2024-12-31",
        "--json",
        "--country",
        "chn",
        "DEU",
        "--member-type",
        "comprehensive",
    )
    assert run_metrics(database_path, *arguments) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["members"] == 1  # comprehensive in CHN or DEU: m1 only
    assert printed["members_by_country"] == {"CHN": 1}
    # a year before (2023-12-31) comprehensive members in CHN or DEU were m1 alone too -> yoy 1/1 - 1 = 0
    assert printed["members_yoy"] == 0


def test_host_country_option(
    nine_member_alliance: AllianceDatabase, database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nine_member_alliance.close()
    assert run_metrics(database_path, "--as-of", "2024-12-31", "--json", "--host-country", "jpn") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["host_country"] == "JPN"
    assert printed["share_outside_host_country"] == pytest.approx(6 / 7)  # all but m5 of the 7


def test_members_yoy_is_null_without_members_a_year_ago(
    nine_member_alliance: AllianceDatabase, database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nine_member_alliance.close()
    assert run_metrics(database_path, "--as-of", "2021-06-30", "--json") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["members"] == 3
    assert printed["members_yoy"] is None


def test_readable_table(
    nine_member_alliance: AllianceDatabase, database_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nine_member_alliance.close()
    assert run_metrics(database_path, "--as-of", "2024-12-31") == 0
    lines = capsys.readouterr().out.splitlines()
    assert "members                       7" in lines
    assert "  CHN                         3" in lines
    assert "members_yoy                   0.1667" in lines


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--country", "XXX"), "Unknown country code 'XXX'"),
        (("--member-type", "university"), "Unknown value 'university' for --member-type"),
        (("--format", "paper"), "Unknown value 'paper' for --format"),
        (("--host-country", "ZZZ"), "Unknown country code 'ZZZ'"),
        (("--region", "Atlantis"), "Unknown value 'Atlantis' for --region"),
        (("--start", "2024-05-01", "--end", "2024-01-01"), "--start 2024-05-01 is after --end 2024-01-01"),
    ],
)
def test_bad_filter_values_exit_2_with_a_message(
    nine_member_alliance: AllianceDatabase,
    database_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: tuple[str, ...],
    message: str,
) -> None:
    nine_member_alliance.close()
    assert run_metrics(database_path, "--as-of", "2024-12-31", "--json", *arguments) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


@pytest.mark.parametrize("bad_day", ["2024-13-01", "2023-02-29", "31/12/2024"])
def test_bad_day_exits_2_with_a_message(
    database_path: Path, capsys: pytest.CaptureFixture[str], bad_day: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run_metrics(database_path, "--as-of", bad_day, "--json")
    assert stopped.value.code == 2
    assert f"{bad_day!r} is not a day: write it as YYYY-MM-DD" in capsys.readouterr().err


def test_missing_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run_metrics(tmp_path / "none.ducklake", "--as-of", "2024-12-31", "--json") == EXIT_STORE_UNREACHABLE
    )
    assert "No alliance store at" in capsys.readouterr().err
    assert not (tmp_path / "none.ducklake").exists()
