"""The dashboard's speed: warm page reruns (AppTest) on the demo and the large database, and the time from
`streamlit run` to the first chart drawn in a real browser.

Targets from issue 4: a warm rerun under 300 ms on the demo data and under 1 s at 100,000 members /
1,000,000 participation rows; the first chart visible under 5 s after `streamlit run` starts.
AppTest needs Streamlit, which analysis/ never imports, so the reruns are timed by
scripts/time_dashboard_reruns.py in a child process.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.benchmark import BenchContext, BenchResult
from analysis.benchmark.dashboard_server import dashboard_server
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE, PROJECT_ROOT

PAGES = ("overview", "membership", "geography", "events", "governance")
DEMO_RERUN_TARGET_SECONDS = 0.3
LARGE_RERUN_TARGET_SECONDS = 1.0
FIRST_CHART_TARGET_SECONDS = 5.0
PORTS = range(8600, 8620)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BENCH_USER, BENCH_PASSWORD = "bench", "bench password"


def warm_reruns(database: Path, repeats: int) -> dict[str, float]:
    """Median warm rerun seconds per page, measured with AppTest in a child process."""
    command = [
        sys.executable,
        str(PROJECT_ROOT / "scripts" / "time_dashboard_reruns.py"),
        "--repeats",
        str(repeats),
        *(f"pages/{page}.py" for page in PAGES),
    ]
    environment = {**os.environ, DATABASE_ENVIRONMENT_VARIABLE: str(database)}
    finished = subprocess.run(
        command, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise RuntimeError(finished.stderr.strip().splitlines()[-1] if finished.stderr else "failed")
    return {
        Path(page).stem: seconds for page, seconds in json.loads(finished.stdout.splitlines()[-1]).items()
    }


def free_port(ports: range = PORTS) -> int:
    """A port in `ports` (this area's range on a shared machine) that nothing listens on."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("localhost", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def _secrets_file(folder: Path) -> Path:
    import bcrypt

    password_hash = bcrypt.hashpw(BENCH_PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
    path = folder / "secrets.toml"
    path.write_text(
        f'[access]\n[access.users.{BENCH_USER}]\nrole = "viewer"\npassword_hash = "{password_hash}"\n',
        encoding="utf-8",
    )
    return path


def first_chart_seconds(database: Path) -> float:
    """Seconds from starting `streamlit run` to the first plotly chart drawn (the sign-in included)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as scratch:
        folder = Path(scratch)
        served = folder / "served.duckdb"
        shutil.copy(database, served)
        secrets = _secrets_file(folder)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                # Tall enough that the overview's first chart is on screen (plotly draws charts as they come into view).
                page = browser.new_page(viewport={"width": 1440, "height": 1200})
                started = time.perf_counter()
                with dashboard_server(served, secrets, free_port(), folder / "server.log") as server:
                    page.goto(server.url)
                    page.get_by_role("textbox", name="User name").fill(BENCH_USER)
                    page.get_by_role("textbox", name="Password").fill(BENCH_PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                    return time.perf_counter() - started
            finally:
                browser.close()


def measure(context: BenchContext) -> list[BenchResult]:
    results: list[BenchResult] = []
    for size, database, target in (
        ("demo", context.demo_database, DEMO_RERUN_TARGET_SECONDS),
        (context.large_label, context.large_database, LARGE_RERUN_TARGET_SECONDS),
    ):
        for page, seconds in warm_reruns(database, context.repeats).items():
            results.append(
                BenchResult("dashboard", f"{page} page warm rerun (AppTest)", size, seconds, target)
            )
    if CHROMIUM.exists():
        seconds = first_chart_seconds(context.demo_database)
        results.append(
            BenchResult(
                "dashboard",
                "first chart drawn after `streamlit run` starts",
                "demo",
                seconds,
                FIRST_CHART_TARGET_SECONDS,
                f"fresh server, sign-in included; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            )
        )
    else:
        results.append(
            BenchResult(
                "dashboard", "first chart in the browser", "-", 0.0, note="skipped: apt-get install chromium"
            )
        )
    return results
