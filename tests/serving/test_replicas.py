"""`python -m analysis serve`: two real dashboard processes behind a real nginx (analysis/serving/).

One deployment for the module (starting two servers and nginx takes a while): a session sticks to its
replica, both replicas show an import made by another process, the headers are on every answer, the
metrics are refused, upload addresses are logged without their session id, and stopping leaves no
process behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.serving.proxy import ROUTE_COOKIE
from analysis.serving.replicas import Deployment, stop_running
from analysis.store.database import open_database
from benchmarks.dashboard_server import free_port
from benchmarks.streamlit_client import StreamlitSession, first_visit_cookies
from tests.datasets import copy_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()),
        reason="needs Debian's nginx (apt-get install nginx)",
    ),
]

ANONYMOUS = "[access]\nanonymous_viewers = true\n"
HEADLINE = re.compile(rb"the Alliance has (\d+) member think tanks")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from analysis.demo import load_demo_data

    folder = tmp_path_factory.mktemp("serve")
    template = folder / "template.ducklake"
    database = open_database(template)
    try:
        load_demo_data(database)
    finally:
        database.close()
    copy = folder / "store.ducklake"
    copy_store(template, copy)
    return copy


@pytest.fixture(scope="module")
def deployment(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    folder = tmp_path_factory.mktemp("run")
    secrets = folder / "secrets.toml"
    secrets.write_text(ANONYMOUS, encoding="utf-8")
    serving = Deployment(
        replicas=2,
        port=free_port(range(8700, 8710)),
        run_dir=folder / "serve",
        store=str(store),
        secrets=secrets,
        say=lambda _line: None,
    )
    with serving:
        yield serving
    pids = serving.pids()
    assert pids == [], "stop() forgets every process it stopped"


def _get(url: str, cookies: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _upstreams(access_log: Path, marker: str) -> set[str]:
    """The replicas (upstream addresses) that served the logged requests containing `marker`."""
    time.sleep(0.3)  # nginx writes the line after the answer
    lines = [line for line in access_log.read_text(encoding="utf-8").splitlines() if marker in line]
    return {line.rsplit('"', 2)[-2] for line in lines}


def _cookie_per_replica(deployment: Deployment) -> dict[str, str]:
    """A route cookie for each replica: new visitors until both replicas have one (random keys)."""
    found: dict[str, str] = {}
    for _attempt in range(60):
        cookies = first_visit_cookies(deployment.url)
        marker = f"/?visit={uuid.uuid4().hex}"
        _get(deployment.url + marker, cookies)
        served = _upstreams(deployment.run_dir / "access.log", f"GET {marker} ")
        assert len(served) == 1
        found.setdefault(served.pop(), cookies)
        if len(found) == 2:
            return found
    raise AssertionError("60 new visitors all went to one replica")


async def _headline(url: str, cookies: str) -> int:
    async with StreamlitSession(url, cookies=cookies) as session:
        await session.load("")
        match = HEADLINE.search(bytes(session.received))
        assert match, "the Overview's highlights name the member count"
        return int(match.group(1))


def test_every_answer_carries_the_security_headers(deployment: Deployment) -> None:
    status, headers, body = _get(deployment.url + "/")
    assert status == 200 and b"<html" in body.lower()
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "http" not in policy.replace("'self'", ""), "no other origin is allowed"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["set-cookie"].startswith(f"{ROUTE_COOKIE}=")
    assert "HttpOnly" in headers["set-cookie"]
    status, headers, _ = _get(deployment.url + "/_stcore/health")
    assert status == 200 and headers["x-content-type-options"] == "nosniff"


def test_the_metrics_are_refused(deployment: Deployment) -> None:
    for path in ("/_stcore/metrics", "/_stcore/metrics?format=text", "/_stcore/metrics/"):
        status, headers, body = _get(deployment.url + path)
        assert status == 403, path
        assert b"session" not in body and "content-security-policy" in headers


def test_a_session_sticks_to_its_replica(deployment: Deployment) -> None:
    cookies = _cookie_per_replica(deployment)
    log = deployment.run_dir / "access.log"
    for number, (replica, cookie) in enumerate(cookies.items()):
        for attempt in range(5):
            _get(f"{deployment.url}/?visitor={number}&again={attempt}", cookie)
        assert _upstreams(log, f"GET /?visitor={number}&again=") == {replica}
        # The visitor's websocket (its session) goes to the same replica as its pages.
        before = len(log.read_text(encoding="utf-8").splitlines())
        asyncio.run(_headline(deployment.url, cookie))
        time.sleep(0.3)
        new_lines = log.read_text(encoding="utf-8").splitlines()[before:]
        assert {line.rsplit('"', 2)[-2] for line in new_lines if "/_stcore/stream" in line} == {replica}


def test_both_replicas_see_an_import_at_the_next_click(
    deployment: Deployment, store: Path, tmp_path: Path
) -> None:
    cookies = _cookie_per_replica(deployment)
    before = {replica: asyncio.run(_headline(deployment.url, cookie)) for replica, cookie in cookies.items()}
    assert set(before.values()) == {95}, "the demo's 95 members as of its default day"
    # A new member, imported by another process (the command line), joined before that day.
    header = (
        (Path(__file__).parents[2] / "data" / "demo" / "members.csv")
        .read_text(encoding="utf-8")
        .splitlines()[0]
    )
    members = tmp_path / "members.csv"
    members.write_text(
        header + "\n900,Serve Test Institute,服务测试研究所,FRA,Paris,巴黎,comprehensive,2021-05-01,,,test\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "import", "--db", str(store), str(members)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    time.sleep(0.6)  # a replica reads the store's version at most every 0.5 s (app_ui/state/database.py)
    after = {replica: asyncio.run(_headline(deployment.url, cookie)) for replica, cookie in cookies.items()}
    assert after == {replica: 96 for replica in cookies}


def test_an_upload_without_a_sign_in_is_refused_by_the_proxy(deployment: Deployment) -> None:
    """A session that never signed in cannot send files (19 MB each) to hold in the server's memory."""
    request = urllib.request.Request(
        f"{deployment.url}/_stcore/upload_file/some-session/some-file", data=b"x" * 1_000_000, method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30).close()
    assert refused.value.code == 403


def test_upload_addresses_are_logged_without_the_session_id(deployment: Deployment) -> None:
    session_id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    request = urllib.request.Request(
        f"{deployment.url}/_stcore/upload_file/{session_id}/abc123file",
        data=b"x",
        method="PUT",
        headers={"Cookie": "alliance_sign_in=not-checked-here"},  # past the proxy's gate, to the app
    )
    with contextlib.suppress(urllib.error.HTTPError):  # refused (no XSRF token): the log line matters here
        urllib.request.urlopen(request, timeout=30).close()
    time.sleep(0.3)
    log = (deployment.run_dir / "access.log").read_text(encoding="utf-8")
    assert session_id not in log
    assert '"PUT /_stcore/upload_file/-/abc123file HTTP/1.1"' in log


def test_stop_leaves_no_process(store: Path, tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(ANONYMOUS, encoding="utf-8")
    run_dir = tmp_path / "serve"
    port = free_port(range(8710, 8720))
    command = [
        sys.executable, "-m", "analysis", "serve", "--db", str(store), "--replicas", "2",
        "--port", str(port), "--run-dir", str(run_dir), "--secrets", str(secrets),
    ]  # fmt: skip
    supervisor = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert supervisor.stdout is not None
        line = supervisor.stdout.readline()
        assert line.startswith(f"serving http://127.0.0.1:{port}"), line
        children = _children(supervisor.pid)
        assert len(children) == 3, "two replicas and nginx"
        nginx_workers = _children(int((run_dir / "nginx.pid").read_text().strip()))
        assert nginx_workers, "nginx's worker"
        assert stop_running(run_dir) == supervisor.pid  # what `make stop` runs
        supervisor.wait(timeout=60)
        assert supervisor.returncode == 0
        for pid in children + nginx_workers:
            assert not _alive(pid), f"process {pid} outlived the stop"
        assert not (run_dir / "serve.pid").exists()
        assert _refused(port), "nothing answers on the port any more"
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _refused(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5).close()
    except (urllib.error.URLError, ConnectionError):
        return True
    return False
