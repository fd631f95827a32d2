"""History from the store's snapshots, undo of one change, the data as it stood: on both store modes."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.errors import AllianceError, DataRuleError
from analysis.filters import Filters
from analysis.importer import import_contents
from analysis.metrics.headline import headline_figures
from analysis.records.editing import delete_record, get_record, save_record
from analysis.records.history import change_rows, list_changes, version_on_day
from analysis.records.undo import UndoBlockedError, undo_blockers, undo_change
from analysis.store.backups import list_backups, restore_backup
from analysis.store.database import AllianceDatabase, open_past
from tests.importer.conftest import fingerprint

MEMBERS = (
    b"member_id,name_en,country,member_type,joined_on\n"
    b"A1,Alpha Institute,DEU,economic,2020-01-01\n"
    b"B2,Beta Institute,FRA,economic,2021-01-01\n"
)


def test_every_kind_of_change_is_listed_newest_first_with_who_and_what(store: AllianceDatabase) -> None:
    imported = import_contents(store, [("members.csv", MEMBERS)], imported_by="ana")
    a1 = get_record(store, "members", "A1")
    edited = save_record(store, "members", {**(a1 or {}), "city": "Berlin"}, original=a1, made_by="bo")
    deleted = delete_record(
        store, "members", "B2", original=get_record(store, "members", "B2"), made_by="ana"
    )
    undone = undo_change(store, deleted.change_id, made_by="cy")

    changes = list_changes(store)
    assert [(c.change_id, c.kind, c.made_by) for c in changes] == [
        (undone.change_id, "undo", "cy"),
        (deleted.change_id, "delete", "ana"),
        (edited.change_id, "edit", "bo"),
        (imported.change_id, "import", "ana"),
    ]
    assert undone.change_id == store.data_version()
    assert changes[0].undoes == deleted.change_id
    assert changes[-1].counts == {"members": {"added": 2, "changed": 0, "deleted": 0}}
    assert changes[-1].message == "import of members.csv"
    # filters: table, member, who, days
    assert [c.kind for c in list_changes(store, made_by="ana")] == ["delete", "import"]
    assert [c.kind for c in list_changes(store, member="A1")] == ["edit", "import"]
    assert list_changes(store, table="events") == []
    today = dt.datetime.now(dt.UTC).date()
    assert len(list_changes(store, since=today, until=today)) == 4
    assert list_changes(store, until=today - dt.timedelta(days=1)) == []
    with pytest.raises(AllianceError, match="no table"):
        list_changes(store, table="people")


def test_undo_of_a_deletion_puts_back_the_member_and_its_rows_exactly(store: AllianceDatabase) -> None:
    from tests.datasets import fill_two_members_two_events

    fill_two_members_two_events(store)
    before = fingerprint(store)
    deleted = delete_record(
        store, "members", "M01", original=get_record(store, "members", "M01"), made_by="ana"
    )
    # a later change to other rows is not in the way
    e01 = get_record(store, "events", "E01")
    save_record(store, "events", {**(e01 or {}), "attendees": 80}, original=e01, made_by="bo")

    assert undo_blockers(store, deleted.change_id) == {}
    outcome = undo_change(store, deleted.change_id, made_by="ana")

    after = fingerprint(store)
    for table in ("members", "roles", "participation"):
        assert after[table] == before[table]
    assert {(row.table, row.action) for row in change_rows(store, outcome.change_id)} == {
        ("members", "added"),
        ("roles", "added"),
        ("participation", "added"),
    }


def test_an_undo_with_later_changes_to_the_same_rows_names_them_and_changes_nothing(
    store: AllianceDatabase,
) -> None:
    imported = import_contents(store, [("members.csv", MEMBERS)], imported_by="ana")
    a1 = get_record(store, "members", "A1")
    edited = save_record(store, "members", {**(a1 or {}), "city": "Berlin"}, original=a1, made_by="bo")
    before = fingerprint(store)

    assert undo_blockers(store, imported.change_id or 0) == {edited.change_id: ["members A1"]}
    with pytest.raises(UndoBlockedError) as blocked:
        undo_change(store, imported.change_id or 0, made_by="ana")
    assert blocked.value.blocking == {edited.change_id: ["members A1"]}
    assert f"change {edited.change_id} (members A1)" in str(blocked.value)
    assert fingerprint(store) == before
    # undo the edit first (newest first), then the import is free to go
    undo_change(store, edited.change_id, made_by="ana")
    assert get_record(store, "members", "A1")["city"] is None  # type: ignore[index]
    with pytest.raises(UndoBlockedError):
        undo_change(store, imported.change_id or 0, made_by="ana")  # the undo of the edit touched A1 too


def test_an_undo_that_would_orphan_later_rows_is_refused_by_the_store_rules(store: AllianceDatabase) -> None:
    imported = import_contents(store, [("members.csv", MEMBERS)], imported_by="ana")
    events = b"event_id,title_en,event_type,start_date,end_date,country,format\nE1,Forum,forum,2022-01-01,,CHN,online\n"
    import_contents(
        store, [("events.csv", events), ("participation.csv", b"event_id,member_id,role\nE1,A1,host\n")]
    )
    before = fingerprint(store)
    with pytest.raises(DataRuleError, match="participation: member_id names a member"):
        undo_change(store, imported.change_id or 0, made_by="ana")
    assert fingerprint(store) == before


def test_a_restore_is_a_change_too(store: AllianceDatabase) -> None:
    import_contents(store, [("members.csv", MEMBERS)], imported_by="ana")
    import_contents(store, [("members.csv", b"member_id,delete\nB2,yes\n")], imported_by="ana")
    backup = list_backups(store)[0]  # taken before the deletion
    restore_backup(store, backup.folder, made_by="cy")
    newest = list_changes(store, limit=1)[0]
    assert (newest.kind, newest.made_by, newest.counts["members"]["added"]) == ("restore", "cy", 1)


def test_a_figure_as_it_stood_is_computed_again_from_the_past_snapshot(store: AllianceDatabase) -> None:
    imported = import_contents(store, [("members.csv", MEMBERS)], imported_by="ana")
    day = dt.date(2024, 12, 31)
    printed = headline_figures(store, Filters(as_of=day)).members
    assert printed == 2
    import_contents(
        store,
        [
            (
                "members.csv",
                b"member_id,name_en,country,member_type,joined_on\nC3,Gamma,ITA,economic,2022-01-01\n",
            )
        ],
    )
    delete_record(store, "members", "A1", original=get_record(store, "members", "A1"), made_by="ana")
    assert headline_figures(store, Filters(as_of=day)).members == 2  # B2 and C3: the same count by chance
    assert headline_figures(store, Filters(as_of=dt.date(2021, 6, 1))).members == 1  # only B2 now

    past = open_past(store, imported.change_id or 0)
    try:
        assert past.data_version() == imported.change_id
        assert (
            headline_figures(past, Filters(as_of=dt.date(2021, 6, 1))).members == 2
        )  # A1 and B2, as printed
        with past.reading() as cursor:
            assert [
                row[0] for row in cursor.execute("select member_id from members order by 1").fetchall()
            ] == ["A1", "B2"]
    finally:
        past.close()
    today = dt.datetime.now(dt.UTC).date()
    assert version_on_day(store, today) == store.data_version()
    assert version_on_day(store, dt.date(2000, 1, 1)) is None
