"""The default set-up, as `make run` creates it, shared: two real dashboard servers on one embedded store,
and every command of the command line run beside them. A command-line import shows on both dashboards
at their next page run, with no restart; so does a restore.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.paths import PROJECT_ROOT
from benchmarks.dashboard_server import RunningServer, dashboard_server, free_port
from benchmarks.load_bench import ANONYMOUS_VIEWING
from benchmarks.streamlit_client import StreamlitSession

pytestmark = pytest.mark.slow

NEW_MEMBER = "Shared Store Institute"
PORTS = range(8700, 8720)


def page_bytes(server: RunningServer, page: str) -> bytes:
    """Everything the server sends for one run of `page`, in a new session."""

    async def load() -> bytes:
        async with StreamlitSession(server.url) as session:
            await session.load(page)
            return bytes(session.received)

    return asyncio.run(load())


def run_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def two_dashboards(tmp_path: Path) -> Iterator[tuple[Path, RunningServer, RunningServer]]:
    store = tmp_path / "alliance.ducklake"
    assert main(["init", "--demo", "--db", str(store)]) == 0
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ANONYMOUS_VIEWING, encoding="utf-8")
    first_port = free_port(PORTS)
    with dashboard_server(store, secrets, first_port, tmp_path / "first.log") as first:
        second_port = free_port(range(first_port + 1, PORTS.stop))
        with dashboard_server(store, secrets, second_port, tmp_path / "second.log") as second:
            yield store, first, second


def test_every_command_works_while_two_dashboards_run_and_both_show_the_changes(
    two_dashboards: tuple[Path, RunningServer, RunningServer], tmp_path: Path
) -> None:
    store, first, second = two_dashboards
    for server in (first, second):  # both servers work, each with the store open
        shown = page_bytes(server, "membership")
        assert b"Center for China and Globalization (CCG)" in shown  # a demo member, in the member list
        assert NEW_MEMBER.encode() not in shown

    db = ("--db", str(store))
    reads = {
        "status": run_command("status", *db),
        "metrics": run_command("metrics", "--as-of", "2024-12-31", "--json", *db),
        "export": run_command("export", "--out", str(tmp_path / "export"), *db),
        "backup": run_command("backup", "--out", str(tmp_path / "before-import"), *db),
        "sql": run_command("sql", "SELECT count(*) AS members FROM members", "--format", "csv", *db),
        "report": run_command(
            "report", "--year", "2024", "--lang", "en", "--out", str(tmp_path / "pack"), *db
        ),
    }
    for name, done in reads.items():
        assert done.returncode == 0, f"{name}: {done.stderr}"
        assert "Traceback" not in done.stderr and "in use by another process" not in done.stderr
    assert '"members": 95' in reads["metrics"].stdout  # the public record: 95 members at the end of 2024
    assert reads["sql"].stdout.splitlines()[:2] == ["members", "97"]  # 97 rows, 2 of them departed

    members = tmp_path / "members.csv"
    members.write_text(
        f"member_id,name_en,country,member_type,joined_on\nS1,{NEW_MEMBER},DEU,industry,2025-01-10\n",
        encoding="utf-8",
    )
    imported = run_command("import", str(members), *db)
    assert imported.returncode == 0, imported.stderr
    for server in (first, second):  # the next page run shows it, no restart
        assert NEW_MEMBER.encode() in page_bytes(server, "membership")

    restored = run_command("restore", str(tmp_path / "before-import"), *db)
    assert restored.returncode == 0, restored.stderr
    assert "members 97" in restored.stdout
    for server in (first, second):
        assert NEW_MEMBER.encode() not in page_bytes(server, "membership")

    synthesised = run_command("synth", "--members", "30", "--events", "4", "--participations", "60", *db)
    assert synthesised.returncode == 0, synthesised.stderr
    after_synth = run_command("status", *db)
    assert after_synth.returncode == 0 and "  members" in after_synth.stdout and " 30\n" in after_synth.stdout
    for server in (first, second):
        assert NEW_MEMBER.encode() not in page_bytes(server, "membership")
