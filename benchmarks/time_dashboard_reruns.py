"""Warm rerun time of each dashboard page with Streamlit's AppTest; prints JSON {page: seconds}.

Run by benchmarks/dashboard_bench.py in its own process (analysis/ never imports Streamlit):
    ALLIANCE_DB=path python benchmarks/time_dashboard_reruns.py --repeats 5 app_pages/overview.py app_pages/geography.py
A page is opened inside the frame with an editor signed in, run once cold, then timed warm (median).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from analysis.auth.roles import Identity, Role  # noqa: E402

USER = "bench"
SECRETS = {"access": {"users": {USER: {"role": "editor", "password_hash": "$2b$04$" + "x" * 53}}}}


def warm_rerun_seconds(page_script: str, repeats: int) -> float:
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=600)
    app.secrets = SECRETS
    app.session_state["auth_identity"] = Identity(name=USER, role=Role.EDITOR, method="password")
    app.run()
    app.switch_page(page_script).run()  # cold: fills the caches
    if app.exception:
        raise RuntimeError(f"{page_script}: {app.exception[0].value}")
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        app.run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    print(json.dumps({page: warm_rerun_seconds(page, args.repeats) for page in args.pages}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
