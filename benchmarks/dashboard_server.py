"""Start the dashboard as a real Streamlit server on localhost, for browser tests and the load benchmark.

Runs `streamlit run dashboard.py` in its own process (this module never imports Streamlit), with the
database and secrets file given, waits for /_stcore/health, and stops the process it started.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import AllianceError
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE, PROJECT_ROOT
from analysis.serving.replicas import streamlit_command


def free_port(ports: range) -> int:
    """The first port in `ports` nobody listens on (each area has its own range on shared machines)."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("localhost", port))
            except OSError:
                continue
            return port
    raise AllianceError(f"No free port in {ports.start}-{ports.stop - 1}: stop a server that uses one.")


@dataclass(frozen=True)
class RunningServer:
    url: str  # http://localhost:PORT
    pid: int
    log: Path


@contextmanager
def dashboard_server(
    database: Path,
    secrets: Path,
    port: int,
    log: Path,
    *,
    startup_seconds: float = 60.0,
    extra_options: tuple[str, ...] = (),
) -> Iterator[RunningServer]:
    """A dashboard server for the duration of the block; its output goes to `log`."""
    command = streamlit_command(port, "localhost", secrets, extra_options)
    environment = {**os.environ, DATABASE_ENVIRONMENT_VARIABLE: str(database)}
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        _wait_until_healthy(url, process, startup_seconds, log)
        yield RunningServer(url=url, pid=process.pid, log=log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AllianceError(
                f"The dashboard server stopped at start (exit {process.returncode}); see {log}."
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)  # the benchmark times the start: a coarser poll would add up to its interval
    raise AllianceError(f"The dashboard server did not answer on {url} within {seconds:.0f} s; see {log}.")
