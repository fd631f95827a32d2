"""How commands speak: the exit codes they return and their `--json` output.

Exit codes (the same for every command, and documented in docs/command-line.md):
  0  done
  1  an unexpected error (a bug: the message says to run with --debug)
  2  a usage error: options the command cannot act on (argparse's own code too)
  3  bad data: an import refused, a rule of the store broken, a damaged backup
  4  the store cannot be used now: missing, busy with another writer, or its server did not answer
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from analysis.errors import AllianceError, BadDataError, StoreUnreachableError

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_BAD_DATA = 3
EXIT_STORE_UNREACHABLE = 4


def exit_code_for(error: AllianceError) -> int:
    """The exit code of a user-facing error, by its kind."""
    if isinstance(error, BadDataError):
        return EXIT_BAD_DATA
    if isinstance(error, StoreUnreachableError):
        return EXIT_STORE_UNREACHABLE
    return EXIT_USAGE


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print the result as one JSON document on standard output"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def print_json(document: Any) -> None:
    """One JSON document, UTF-8 text as it is (Chinese names stay readable), dates in ISO 8601."""
    print(json.dumps(document, ensure_ascii=False, indent=2, default=_plain))
