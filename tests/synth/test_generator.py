"""The synthetic generator: deterministic from its seed, inside the schema's rules, replacing old data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.errors import AllianceError
from analysis.filters import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES, PARTICIPATION_ROLES
from analysis.store.database import DATA_TABLES, AllianceDatabase, fetch_scalar, open_database
from analysis.synth import SynthSize, generate_synthetic_data
from tests.datasets import add_member

SMALL = SynthSize(members=300, events=40, participations=2_000, seed=11)


def rows_hash(database: AllianceDatabase) -> str:
    """A digest of every data row, read in a fixed order."""
    digest = hashlib.sha256()
    with database.reading() as cursor:
        for table in DATA_TABLES:
            for row in cursor.execute(f"select * from {table} order by all").fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def test_same_seed_gives_the_same_rows_and_another_seed_does_not(tmp_path: Path) -> None:
    digests = []
    for name, size in (("a", SMALL), ("b", SMALL), ("c", SynthSize(300, 40, 2_000, seed=12))):
        database = open_database(tmp_path / f"{name}.duckdb")
        generate_synthetic_data(database, size)
        digests.append(rows_hash(database))
        database.close()
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_sizes_and_constraints_hold(database: AllianceDatabase) -> None:
    summary = generate_synthetic_data(database, SMALL)
    assert summary.rows_written["members"] == 300
    assert summary.rows_written["events"] == 40
    assert summary.rows_written["participation"] == 2_000
    with database.reading() as cursor:

        def scalar(sql: str) -> int:
            return int(fetch_scalar(cursor, sql))

        # the schema enforces these too; checking them states what the generator promises
        assert (
            scalar("select count(*) from (select distinct event_id, member_id from participation)") == 2_000
        )
        assert scalar("select count(*) from members where left_on is not null and left_on <= joined_on") == 0
        assert scalar("select count(*) from members where left_on is not null") > 0  # some do leave
        assert scalar("select count(*) from events where end_date < start_date") == 0
        types = {row[0] for row in cursor.execute("select distinct member_type from members").fetchall()}
        event_types = {row[0] for row in cursor.execute("select distinct event_type from events").fetchall()}
        formats = {row[0] for row in cursor.execute("select distinct format from events").fetchall()}
        roles = {row[0] for row in cursor.execute("select distinct role from participation").fetchall()}
        assert types <= set(MEMBER_TYPES) and len(types) == 6
        assert event_types <= set(EVENT_TYPES)
        assert formats <= set(EVENT_FORMATS)
        assert roles <= set(PARTICIPATION_ROLES)
        # every event's participants number 2000 / 40 = 50, dealt round-robin
        assert (
            scalar("select count(distinct n) from (select count(*) n from participation group by event_id)")
            == 1
        )
        assert scalar("select count(*) from participation p anti join members using (member_id)") == 0
        assert scalar("select count(*) from members where country not in (select iso3 from countries)") == 0
        assert scalar("select count(*) from roles where role = 'chair'") == 1
        assert scalar("select count(*) from targets") > 0


def test_generating_again_replaces_the_data(database: AllianceDatabase) -> None:
    add_member(database, "real", "CHN", "2020-09-01")
    first = generate_synthetic_data(database, SynthSize(50, 5, 100))
    assert first.rows_replaced["members"] == 1
    second = generate_synthetic_data(database, SynthSize(20, 3, 30))
    assert second.rows_replaced == first.rows_written
    assert database.table_counts()["members"] == 20
    with database.reading() as cursor:
        assert fetch_scalar(cursor, "select count(*) from members where member_id = 'real'") == 0


def test_impossible_participation_count_is_refused(database: AllianceDatabase) -> None:
    with pytest.raises(AllianceError, match=r"more than members x events \(10 x 2\)"):
        generate_synthetic_data(database, SynthSize(members=10, events=2, participations=21))
    assert database.table_counts()["members"] == 0  # nothing written


def test_command_creates_then_says_it_replaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "synth.ducklake"
    arguments = ["synth", "--members", "30", "--events", "4", "--participations", "60", "--db", str(path)]
    assert main(arguments) == 0
    first_output = capsys.readouterr().out
    assert "creating store" in first_output
    assert "wrote 30 members" in first_output
    assert main([*arguments, "--seed", "5"]) == 0
    second_output = capsys.readouterr().out
    assert "replacing its data (30 members, 5 roles, 4 events, 60 participation" in second_output
    backup_line = next(
        line for line in second_output.splitlines() if line.startswith("the replaced data was backed up to")
    )
    backup_folder = Path(backup_line.rsplit(" ", 1)[-1])
    assert backup_folder.is_dir() and any(backup_folder.iterdir())  # the old data is kept, not lost
    database = open_database(path)
    assert database.table_counts()["participation"] == 60
    database.close()


def test_command_refuses_bad_sizes_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "refused.ducklake"
    assert main(["synth", "--members", "0", "--events", "1", "--participations", "0", "--db", str(path)]) == 2
    assert "--members 0: give a count from 1" in capsys.readouterr().err
    assert not path.exists()


def test_a_named_shape_gives_its_counts_and_a_count_given_overrides_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "national.ducklake"
    # national-small: a national registry's proportions at a hundredth (1,000 / 5,000 / 100,000).
    assert main(["synth", "--shape", "national-small", "--participations", "20000", "--db", str(path)]) == 0
    assert "wrote 1,000 members" in capsys.readouterr().out
    database = open_database(path)
    counts = database.table_counts()
    database.close()
    assert (counts["members"], counts["events"], counts["participation"]) == (1_000, 5_000, 20_000)


def test_without_a_shape_every_count_is_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "none.ducklake"
    assert main(["synth", "--members", "10", "--db", str(path)]) == 2
    error = capsys.readouterr().err
    assert "Give --events, --participations (or a named size: --shape" in error and "national" in error
    assert not path.exists()
