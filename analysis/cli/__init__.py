"""`python -m analysis COMMAND`: one subcommand per `*_command.py` module in this package.

A command module defines NAME, HELP, `add_arguments(parser)` and `run(args) -> int`. Every command
gets `--db STORE` (a catalog file or a postgresql:// address; else $ALLIANCE_DB, else
data/alliance.ducklake). A user-facing error (AllianceError) prints its message and exits with the code
of its kind (analysis/cli/output.py: 2 usage, 3 bad data, 4 store unreachable); anything unexpected
prints one line and exits 1 (`--debug` shows the traceback). The same commands run as `alliance ...`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from analysis.cli.output import EXIT_UNEXPECTED, exit_code_for
from analysis.errors import AllianceError


def command_modules() -> list[ModuleType]:
    """Every `analysis.cli.*_command` module, sorted by command name."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name.endswith("_command")
    ]
    return sorted(modules, key=lambda module: module.NAME)


def _program_name() -> str:
    """`alliance` when run as the console script, else `python -m analysis`."""
    return "alliance" if Path(sys.argv[0]).name == "alliance" else "python -m analysis"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_program_name(), description="Alliance growth analytics: data, metrics, reports."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        subparser = subcommands.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        subparser.add_argument(
            "--db",
            metavar="STORE",
            help="the store: a catalog file or a postgresql:// address (default: $ALLIANCE_DB, else data/alliance.ducklake)",
        )
        module.add_arguments(subparser)
        subparser.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except AllianceError as error:
        print(f"error: {error}", file=sys.stderr)
        return exit_code_for(error)
    except BrokenPipeError:  # `alliance status | head`: the reader left; say nothing more
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python's own advice for a closed pipe
        return EXIT_UNEXPECTED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: a person should see a sentence, not a traceback
        if args.debug:
            raise
        print(
            f"error: unexpected {type(error).__name__}: {error} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
