"""`bench`: moved out of the library; says to run `python -m benchmarks` (or `make bench`) instead.

The benchmark is tooling that lives in the checkout's top-level `benchmarks/` package, which the
library never imports (and `pip install .` does not install). This command is kept only so that
`alliance bench` tells a person where it went, with the usage exit code.
"""

from __future__ import annotations

import argparse

from analysis.errors import AllianceError

NAME = "bench"
HELP = "moved: run `python -m benchmarks` (or `make bench`) from a checkout"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # The old command's options are accepted (and ignored) so that any old invocation gets the same line.
    for flag in ("--quick", "--strict"):
        parser.add_argument(flag, action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--work-dir", help=argparse.SUPPRESS)
    parser.add_argument("--only", nargs="*", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    raise AllianceError(
        "the benchmark is not part of the library: run `python -m benchmarks` (or `make bench`) "
        "from a checkout instead"
    )
