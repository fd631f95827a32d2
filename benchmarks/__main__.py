"""Entry point of `python -m benchmarks` (what `make bench` runs)."""

import sys

from benchmarks.command import main

sys.exit(main())
