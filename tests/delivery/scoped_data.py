"""A small alliance with members in Europe and elsewhere, worked out by hand for the scope tests.

Members: D1 (DEU), F1 (FRA), C1 (CHN, chair), U1 (USA). Events: E-BER hosted in Germany (D1 and C1
took part), E-BJ hosted in China (D1 and C1), E-NY hosted in the USA (U1 only). Target 2024: 10.
A Europe scope sees D1, F1; E-BER (hosted there) and E-BJ (D1 took part); D1's two participations;
D1's vice-chair role; no target.
"""

from __future__ import annotations

from analysis.store.connection import AllianceDatabase
from tests.builders import add_event, add_member, add_participation, add_role, insert_rows


def fill(database: AllianceDatabase) -> None:
    add_member(database, "D1", "DEU", "2021-01-10")
    add_member(database, "F1", "FRA", "2022-05-01")
    add_member(database, "C1", "CHN", "2020-09-19")
    add_member(database, "U1", "USA", "2023-03-03")
    add_event(database, "E-BER", "2024-03-01", country="DEU", city="Berlin", attendees=40)
    add_event(database, "E-BJ", "2024-06-01", country="CHN", attendees=150)
    add_event(database, "E-NY", "2024-09-01", country="USA", city="New York", attendees=70)
    for event, member in (("E-BER", "D1"), ("E-BER", "C1"), ("E-BJ", "D1"), ("E-BJ", "C1"), ("E-NY", "U1")):
        add_participation(database, event, member)
    add_role(database, "C1", "chair", "2020-09-19")
    add_role(database, "D1", "vice_chair", "2021-09-23")
    insert_rows(database, "targets", [{"year": 2024, "metric": "members", "target": 10}])
