"""`undo CHANGE`: put back every row one change touched, as a new change; refused when later changes are in the way."""

from __future__ import annotations

import argparse
import getpass

from analysis.records.undo import undo_change
from analysis.store.connection import open_database

NAME = "undo"
HELP = "undo one change (see `history`): its rows are put back as they were; the undo is a change too"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("change", type=int, metavar="CHANGE", help="the change's number, from `history`")
    parser.add_argument("--by", metavar="NAME", help="who undoes it (default: the login name)")


def run(args: argparse.Namespace) -> int:
    database = open_database(args.db, create=False)
    try:
        outcome = undo_change(database, args.change, made_by=args.by or _login_name())
    finally:
        database.close()
    print(f"change {outcome.undone} undone as change {outcome.change_id} ({len(outcome.rows)} rows put back)")
    return 0


def _login_name() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
