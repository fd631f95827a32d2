"""A user limited to Europe sees Europe's rows only, through every read, and changes nothing outside it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.auth.scope import parse_scope
from analysis.errors import AllianceError
from analysis.filters import Filters
from analysis.importer import import_files
from analysis.metrics.headline import headline_figures
from analysis.spreadsheets.tables import export_archive_bytes
from analysis.sql_console.runner import run_readonly_sql
from analysis.store.backups import list_backups, read_backup
from analysis.store.database import AllianceDatabase
from analysis.store.scoped import ScopedDatabase
from tests.datasets import fill_europe_scope_alliance

EUROPE = parse_scope("region:europe")


@pytest.fixture
def europe(store: AllianceDatabase) -> ScopedDatabase:
    fill_europe_scope_alliance(store)
    return ScopedDatabase(store, EUROPE)  # type: ignore[arg-type]


def rows(database: AllianceDatabase, sql: str) -> list[tuple[object, ...]]:
    with database.reading() as cursor:
        return cursor.execute(sql).fetchall()


def test_scope_parsing() -> None:
    assert EUROPE is not None and EUROPE.text == "region:Europe"
    assert {"DEU", "FRA", "SRB", "GBR"} <= EUROPE.countries and "CHN" not in EUROPE.countries
    both = parse_scope("countries:deu,fra; region:Asia")
    assert both is not None and both.text == "region:Asia;countries:DEU,FRA"
    with pytest.raises(AllianceError, match="'Europa' is not one of Africa, Americas, Asia, Europe, Oceania"):
        parse_scope("region:Europa")
    with pytest.raises(AllianceError, match="'XXX' is not an ISO3 country code"):
        parse_scope("countries:XXX")
    with pytest.raises(AllianceError, match="is not a scope"):
        parse_scope("europe")


def test_every_table_holds_the_scopes_rows_only(europe: ScopedDatabase) -> None:
    assert rows(europe, "select member_id from members order by 1") == [("D1",), ("F1",)]
    assert rows(europe, "select event_id from events order by 1") == [("E-BER",), ("E-BJ",)]
    assert rows(europe, "select event_id, member_id from participation order by 1") == [
        ("E-BER", "D1"),
        ("E-BJ", "D1"),
    ]
    assert rows(europe, "select member_id, role from roles") == [("D1", "vice_chair")]
    assert rows(europe, "select count(*) from targets") == [(0,)]
    assert rows(europe, "select count(*) from imports") == [(0,)]
    assert rows(europe, "select count(*) from countries") == [(249,)]  # the reference names, counts nothing


def test_figures_are_the_scopes(europe: ScopedDatabase, store: AllianceDatabase) -> None:
    day = dt.date(2024, 12, 31)
    scoped = headline_figures(europe, Filters(as_of=day))
    whole = headline_figures(store, Filters(as_of=day))
    assert (whole.members, whole.countries, whole.events_ytd) == (4, 4, 3)
    assert (scoped.members, scoped.countries, scoped.events_ytd) == (2, 2, 2)
    assert scoped.members_by_country == {"DEU": 1, "FRA": 1}
    assert scoped.chairs == 0 and scoped.vice_chairs == 1
    # A URL asking for China inside the Europe scope finds nothing (the rows are not there at all).
    assert headline_figures(europe, Filters(as_of=day, countries=("CHN",))).members == 0


def test_queries_cannot_reach_other_rows(europe: ScopedDatabase, tmp_path: Path) -> None:
    with europe.reading() as cursor:
        for hostile in (
            "select count(*) from lake.main.members",
            f"select * from read_parquet('{tmp_path}/**/*.parquet')",
            f"attach '{tmp_path}/x.duckdb' as x",
            "set enable_external_access = true",
        ):
            with pytest.raises(Exception, match=r"does not exist|disabled|locked|Permission"):
                cursor.execute(hostile)


def test_sql_console_answers_inside_the_scope(europe: ScopedDatabase, tmp_path: Path) -> None:
    audit = tmp_path / "audit.log"
    result = run_readonly_sql(europe, "select member_id, country from members order by 1", audit_log=audit)
    assert result.reason is None, result.reason
    assert result.frame["member_id"].tolist() == ["D1", "F1"]
    counted = run_readonly_sql(
        europe, "select count(*) as n from participation join events using (event_id)", audit_log=audit
    )
    assert counted.frame["n"].tolist() == [2]
    escaped = run_readonly_sql(europe, "select count(*) from lake.main.members", audit_log=audit)
    assert escaped.outcome != "answered" and escaped.frame.empty


def test_export_holds_the_scopes_rows_only(europe: ScopedDatabase) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_archive_bytes(europe)))
    members = pd.read_csv(archive.open("members.csv"), dtype=str, keep_default_na=False)
    assert members["member_id"].tolist() == ["D1", "F1"]
    participation = pd.read_csv(archive.open("participation.csv"), dtype=str, keep_default_na=False)
    assert sorted(participation["member_id"]) == ["D1", "D1"]
    targets = pd.read_csv(archive.open("targets.csv"), dtype=str, keep_default_na=False)
    assert targets.empty


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_scoped_editor_imports_inside_the_scope(
    europe: ScopedDatabase, store: AllianceDatabase, tmp_path: Path
) -> None:
    members = _write(
        tmp_path,
        "members.csv",
        "member_id,name_en,country,member_type,joined_on\nD2,Zweites Institut,DEU,economic,2024-04-01\n",
    )
    # F1 takes part in the Beijing event (which D1 attended, so the office sees it): F1's, inside the scope.
    participation = _write(tmp_path, "participation.csv", "event_id,member_id,role\nE-BJ,F1,speaker\n")
    report = import_files(europe, [members, participation], imported_by="berlin-office")
    assert report.ok, report.problems
    assert rows(store, "select count(*) from members") == [(5,)]
    assert rows(europe, "select member_id from members order by 1") == [("D1",), ("D2",), ("F1",)]
    assert rows(europe, "select count(*) from participation where member_id = 'F1'") == [(1,)]
    # The backup taken before the import is the whole store's, not the scope's.
    [backup] = list_backups(store)
    assert read_backup(backup.folder).table_counts["members"] == 4


@pytest.mark.parametrize(
    ("name", "content", "named"),
    [
        (
            "members.csv",
            "member_id,name_en,country,member_type,joined_on\nC9,Beijing new,CHN,economic,2024-04-01\n",
            "members C9",
        ),
        # An existing Chinese member rewritten as German: it would move into the scope.
        (
            "members.csv",
            "member_id,name_en,country,member_type,joined_on\nC1,Taken over,DEU,economic,2020-09-19\n",
            "members C1",
        ),
        (
            "events.csv",
            "event_id,title_en,event_type,start_date,end_date,country,format\nE-NY,Renamed,forum,2024-09-01,,USA,online\n",
            "events E-NY",
        ),
        (
            "events.csv",
            "event_id,title_en,event_type,start_date,end_date,country,format\nE-TOK,Tokyo,forum,2024-10-01,,JPN,online\n",
            "events E-TOK",
        ),
        ("targets.csv", "year,metric,target\n2024,members,3\n", "targets 2024 / members"),
    ],
)
def test_scoped_editor_cannot_change_rows_outside(
    europe: ScopedDatabase, store: AllianceDatabase, tmp_path: Path, name: str, content: str, named: str
) -> None:
    before = rows(store, "select * from members order by 1") + rows(store, "select * from events order by 1")
    report = import_files(europe, [_write(tmp_path, name, content)], imported_by="berlin-office")
    assert not report.ok
    [problem] = report.problems
    assert "inside your scope (region:Europe) only" in problem.reason
    assert named in problem.reason
    after = rows(store, "select * from members order by 1") + rows(store, "select * from events order by 1")
    assert after == before
    assert rows(store, "select count(*) from targets where target = 10") == [(1,)]
    assert list_backups(store) == []  # a refused import takes no backup


def test_participation_of_a_member_outside_the_scope_is_not_found(
    europe: ScopedDatabase, tmp_path: Path
) -> None:
    """C1 is not in the Europe office's data at all: the import says so as for any unknown id."""
    report = import_files(
        europe, [_write(tmp_path, "participation.csv", "event_id,member_id,role\nE-BER,C1,host\n")]
    )
    assert not report.ok
    assert any("'C1' is not in members" in problem.reason for problem in report.problems)


def test_a_scoped_user_cannot_restore(europe: ScopedDatabase, tmp_path: Path) -> None:
    from analysis.store.backups import restore_backup, write_backup

    folder = write_backup(europe, tmp_path / "b", "test")
    with pytest.raises(AllianceError, match="limited to a scope cannot restore"):
        restore_backup(europe, folder)
