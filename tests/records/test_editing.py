"""Edit in place, add, record a departure, delete with what goes with it: on both store modes."""

from __future__ import annotations

import pytest

from analysis.importer import import_contents
from analysis.records.editing import (
    NothingToSaveError,
    RecordChangedError,
    RecordProblemsError,
    delete_record,
    deletion_effects,
    find_records,
    get_record,
    preview_save,
    save_record,
)
from analysis.records.history import change_rows, list_changes
from analysis.store.database import AllianceDatabase
from tests.importer.conftest import fingerprint


def count(database: AllianceDatabase, sql: str) -> int:
    with database.reading() as cursor:
        return int(cursor.execute(sql).fetchall()[0][0])


def test_a_misspelt_name_is_corrected_in_place_and_the_history_keeps_both_values(
    two_members_two_events: AllianceDatabase,
) -> None:
    original = get_record(two_members_two_events, "members", "M01")
    assert original is not None and original["name_en"] == "Institute of Belgrade"

    preview = preview_save(two_members_two_events, "members", {**original, "name_en": "Institute of Belgrad"})
    assert [(c.key, c.column, c.old, c.new) for c in preview.preview.changed] == [
        ("M01", "name_en", "Institute of Belgrade", "Institute of Belgrad")
    ]
    outcome = save_record(
        two_members_two_events,
        "members",
        {**original, "name_en": "Institute of Belgrad"},
        original=original,
        made_by="ana",
    )

    assert get_record(two_members_two_events, "members", "M01")["name_en"] == "Institute of Belgrad"  # type: ignore[index]
    assert outcome.change_id == two_members_two_events.data_version()
    newest = list_changes(two_members_two_events, limit=1)[0]
    assert (newest.change_id, newest.kind, newest.made_by, newest.message) == (
        outcome.change_id,
        "edit",
        "ana",
        "edit member M01",
    )
    assert newest.counts == {"members": {"added": 0, "changed": 1, "deleted": 0}}
    [row] = change_rows(two_members_two_events, outcome.change_id)
    assert (row.table, row.key, row.action, row.changed_columns) == ("members", "M01", "changed", ["name_en"])
    assert (row.before["name_en"], row.after["name_en"]) == ("Institute of Belgrade", "Institute of Belgrad")  # type: ignore[index]


def test_a_departure_is_a_left_on_day_checked_like_an_import(
    two_members_two_events: AllianceDatabase,
) -> None:
    original = get_record(two_members_two_events, "members", "007")
    assert original is not None
    with pytest.raises(RecordProblemsError) as refused:
        save_record(
            two_members_two_events,
            "members",
            {**original, "left_on": "2020-01-01"},
            original=original,
            made_by="ana",
        )
    [problem] = refused.value.problems
    assert problem.key == "left_before_joined"
    assert (
        problem.reason
        == "left_on 2020-01-01 is not after joined_on 2021-01-05; a member leaves after the day it joins"
    )
    assert (
        problem.reason_in("zh")
        == "left_on 2020-01-01 不晚于 joined_on 2021-01-05；成员退出日期必须晚于加入日期"
    )

    save_record(
        two_members_two_events,
        "members",
        {**original, "left_on": "2024-06-30"},
        original=original,
        made_by="ana",
    )
    assert get_record(two_members_two_events, "members", "007")["left_on"] == "2024-06-30"  # type: ignore[index]
    assert count(two_members_two_events, "select count(*) from members") == 2  # left, not deleted


def test_an_edit_gets_the_same_messages_as_an_import_of_the_same_values(
    two_members_two_events: AllianceDatabase,
) -> None:
    original = get_record(two_members_two_events, "members", "M01")
    assert original is not None
    bad = {**original, "country": "Serbja", "member_type": "think_tank"}
    with pytest.raises(RecordProblemsError) as refused:
        save_record(two_members_two_events, "members", bad, original=original, made_by="ana")
    csv = (
        b"member_id,name_en,country,member_type,joined_on\n"
        b"M01,Institute of Belgrade,Serbja,think_tank,2020-09-19\n"
    )
    report = import_contents(two_members_two_events, [("members.csv", csv)])
    assert sorted((p.column, p.reason) for p in refused.value.problems) == sorted(
        (p.column, p.reason) for p in report.problems
    )
    assert {p.column for p in report.problems} == {"country", "member_type"}


def test_a_role_ends_with_an_end_date_and_a_new_record_is_added(
    two_members_two_events: AllianceDatabase,
) -> None:
    key = "M01 / chair / 2020-09-19"
    role = get_record(two_members_two_events, "roles", key)
    assert role == {"member_id": "M01", "role": "chair", "start_date": "2020-09-19", "end_date": None}
    save_record(
        two_members_two_events, "roles", {**role, "end_date": "2023-09-19"}, original=role, made_by="ana"
    )
    assert get_record(two_members_two_events, "roles", key)["end_date"] == "2023-09-19"  # type: ignore[index]

    new = {"member_id": "007", "role": "chair", "start_date": "2023-09-19", "end_date": None}
    outcome = save_record(two_members_two_events, "roles", new, original=None, made_by="ana")
    assert outcome.key == "007 / chair / 2023-09-19" and outcome.action == "add"
    with pytest.raises(RecordProblemsError) as twice:
        save_record(two_members_two_events, "roles", new, original=None, made_by="ana")
    assert twice.value.problems[0].key == "already_stored"
    with pytest.raises(RecordProblemsError) as unknown:
        save_record(
            two_members_two_events,
            "participation",
            {"event_id": "E01", "member_id": "X99", "role": "host"},
            original=None,
            made_by="ana",
        )
    assert unknown.value.problems[0].key == "reference_unknown"


def test_saving_the_stored_values_changes_nothing(two_members_two_events: AllianceDatabase) -> None:
    original = get_record(two_members_two_events, "events", "E01")
    before = fingerprint(two_members_two_events)
    with pytest.raises(NothingToSaveError):
        save_record(two_members_two_events, "events", dict(original or {}), original=original, made_by="ana")
    assert fingerprint(two_members_two_events) == before


def test_a_duplicate_member_is_deleted_with_its_participations_and_roles(
    two_members_two_events: AllianceDatabase,
) -> None:
    assert deletion_effects(two_members_two_events, "members", "M01") == {
        "members": 1,
        "roles": 1,
        "participation": 2,
    }
    assert deletion_effects(two_members_two_events, "events", "E02") == {"events": 1, "participation": 2}
    original = get_record(two_members_two_events, "members", "M01")
    outcome = delete_record(two_members_two_events, "members", "M01", original=original, made_by="ana")

    assert outcome.rows == {"roles": 1, "participation": 2, "members": 1}
    assert count(two_members_two_events, "select count(*) from members") == 1
    assert count(two_members_two_events, "select count(*) from participation") == 1
    assert count(two_members_two_events, "select count(*) from roles") == 0
    change = list_changes(two_members_two_events, limit=1)[0]
    assert (change.kind, change.total("deleted")) == ("delete", 4)
    assert {
        (row.table, row.key, row.action) for row in change_rows(two_members_two_events, change.change_id)
    } == {
        ("members", "M01", "deleted"),
        ("roles", "M01 / chair / 2020-09-19", "deleted"),
        ("participation", "E01 / M01", "deleted"),
        ("participation", "E02 / M01", "deleted"),
    }


def test_the_second_of_two_editors_is_told_and_sees_both_versions(
    two_members_two_events: AllianceDatabase,
) -> None:
    opened_by_ana = get_record(two_members_two_events, "members", "M01")
    opened_by_bo = get_record(two_members_two_events, "members", "M01")
    assert opened_by_ana is not None and opened_by_bo is not None
    save_record(
        two_members_two_events,
        "members",
        {**opened_by_ana, "city": "Belgrade"},
        original=opened_by_ana,
        made_by="ana",
    )
    before = fingerprint(two_members_two_events)

    with pytest.raises(RecordChangedError) as told:
        save_record(
            two_members_two_events,
            "members",
            {**opened_by_bo, "city": "Beograd"},
            original=opened_by_bo,
            made_by="bo",
        )

    assert fingerprint(two_members_two_events) == before  # nothing lost, nothing written
    assert told.value.theirs["city"] == "Belgrade"  # type: ignore[index]
    assert told.value.yours["city"] == "Beograd"  # type: ignore[index]
    # Bo has seen both and saves his over Ana's: allowed, since he now starts from hers.
    save_record(
        two_members_two_events, "members", told.value.yours or {}, original=told.value.theirs, made_by="bo"
    )
    assert get_record(two_members_two_events, "members", "M01")["city"] == "Beograd"  # type: ignore[index]
    # A deletion by one editor while another edits: the editor is told, nothing is recreated.
    delete_record(
        two_members_two_events,
        "members",
        "007",
        original=get_record(two_members_two_events, "members", "007"),
        made_by="ana",
    )
    with pytest.raises(RecordChangedError) as gone:
        save_record(
            two_members_two_events,
            "members",
            {
                "member_id": "007",
                "name_en": "W",
                "country": "NAM",
                "member_type": "economic",
                "joined_on": "2021-01-05",
            },
            original={"member_id": "007"},
            made_by="bo",
        )
    assert gone.value.theirs is None


def test_records_are_found_by_name_or_id_in_either_language(two_members_two_events: AllianceDatabase) -> None:
    assert list(find_records(two_members_two_events, "members", "windhoek")["member_id"]) == ["007"]
    assert list(find_records(two_members_two_events, "members", "论坛")["member_id"]) == ["007"]
    assert list(find_records(two_members_two_events, "members", "m01")["member_id"]) == ["M01"]
    assert list(find_records(two_members_two_events, "participation", "Belgrade")["event_id"]) == [
        "E01",
        "E02",
    ]
    assert len(find_records(two_members_two_events, "events", "")) == 2
