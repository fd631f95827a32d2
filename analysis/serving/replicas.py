"""`python -m analysis serve --replicas N`: N dashboard processes on the same store behind nginx, on one port.

The supervisor (this process) starts the replicas (`streamlit run dashboard.py`, each on its own
127.0.0.1 port, all on the same store: embedded mode holds several readers and one writer at a time),
waits for each one's /_stcore/health, writes the nginx configuration into the run folder and runs nginx
in the foreground as its child. It then watches them: a replica that exits is started again on its port.
Ctrl-C, SIGTERM or `python -m analysis serve --stop` (`make stop`) stops nginx first (no new requests),
then every replica, and waits for each; nothing is left running. The run folder holds the pid file,
nginx.conf, the access and error logs and each replica's log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.auth.secrets_file import read_secrets, secrets_path
from analysis.errors import AllianceError
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE, PROJECT_ROOT
from analysis.serving.proxy import ProxySettings, embedding_origins, nginx_config

DEFAULT_RUN_DIR = PROJECT_ROOT / "build" / "serve"
PID_FILE = "serve.pid"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")
REPLICA_PORTS = range(8610, 8690)
STARTUP_SECONDS = 90.0
STOP_SECONDS = 20.0


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((path for path in NGINX_CANDIDATES if Path(path).exists()), None)
    if not found:
        raise AllianceError("nginx is not installed. Install Debian's package: apt-get install nginx")
    return found


def free_ports(count: int, ports: range, taken: set[int]) -> list[int]:
    import socket

    chosen: list[int] = []
    for port in ports:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise AllianceError(
        f"Fewer than {count} free ports in {ports.start}-{ports.stop - 1} for the replicas: stop servers that use them."
    )


def streamlit_command(port: int, address: str, secrets: Path, extra_options: Sequence[str] = ()) -> list[str]:
    """The `streamlit run dashboard.py` command line for one headless dashboard process on `address:port`."""
    streamlit = Path(sys.executable).with_name("streamlit")
    return [
        str(streamlit),
        "run",
        str(PROJECT_ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--secrets.files",
        str(secrets),
        *extra_options,
    ]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Replica:
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Deployment:
    """The replicas and nginx of one `serve`; `start()` then `stop()` (or use it as a context manager)."""

    replicas: int
    port: int
    run_dir: Path = DEFAULT_RUN_DIR
    host: str = "127.0.0.1"
    store: str | None = None  # a catalog file or postgresql:// address (default: $ALLIANCE_DB or the default)
    secrets: Path | None = None
    extra_options: tuple[str, ...] = ()
    say: Callable[[str], None] = print
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host if self.host not in ('0.0.0.0', '::') else '127.0.0.1'}:{self.port}"

    def __enter__(self) -> Deployment:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        if not 1 <= self.replicas <= 32:
            raise AllianceError(
                f"--replicas {self.replicas}: give 1 to 32 (about one per core is the useful most)."
            )
        nginx = nginx_binary()
        secrets = self.secrets or secrets_path()
        origins = embedding_origins(read_secrets(secrets))  # refuse a bad setting before starting anything
        self.run_dir.mkdir(parents=True, exist_ok=True)
        _refuse_second_supervisor(self.run_dir)
        (self.run_dir / PID_FILE).write_text(str(os.getpid()), encoding="utf-8")
        try:
            ports = free_ports(self.replicas, REPLICA_PORTS, {self.port})
            self.members = [Replica(port, self.run_dir / f"replica-{port}.log") for port in ports]
            for replica in self.members:
                self._launch(replica, secrets)
            deadline = time.monotonic() + STARTUP_SECONDS
            for replica in self.members:
                self._wait_healthy(replica, deadline)
            settings = ProxySettings(self.host, self.port, tuple(ports), self.run_dir, origins)
            config = self.run_dir / "nginx.conf"
            config.write_text(nginx_config(settings), encoding="utf-8")
            test = subprocess.run(
                [
                    nginx,
                    "-t",
                    "-q",
                    "-p",
                    str(self.run_dir),
                    "-c",
                    str(config),
                    "-e",
                    str(self.run_dir / "error.log"),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if test.returncode != 0:
                raise AllianceError(
                    f"nginx refused the generated configuration {config}: {test.stderr.strip()}"
                )
            self.nginx = subprocess.Popen(
                [nginx, "-p", str(self.run_dir), "-c", str(config), "-e", str(self.run_dir / "error.log")],
                stdout=subprocess.DEVNULL,
                stderr=(self.run_dir / "nginx-stderr.log").open("ab"),
                start_new_session=True,
            )
            self._wait_proxy(deadline)
        except BaseException:
            self.stop()
            raise

    def _launch(self, replica: Replica, secrets: Path) -> None:
        command = streamlit_command(replica.port, "127.0.0.1", secrets, self.extra_options)
        environment = dict(os.environ)
        if self.store:
            environment[DATABASE_ENVIRONMENT_VARIABLE] = self.store
        with replica.log.open("ab") as output:
            replica.process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: Ctrl-C reaches the supervisor, which stops it
            )

    def _wait_healthy(self, replica: Replica, deadline: float) -> None:
        while time.monotonic() < deadline:
            if replica.process is not None and replica.process.poll() is not None:
                raise AllianceError(
                    f"The dashboard replica on port {replica.port} stopped at start "
                    f"(exit {replica.process.returncode}); see {replica.log}."
                )
            if healthy(replica.url):
                return
            time.sleep(0.1)
        raise AllianceError(
            f"The replica on port {replica.port} did not answer within {STARTUP_SECONDS:.0f} s; see {replica.log}."
        )

    def _wait_proxy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.nginx is not None and self.nginx.poll() is not None:
                raise AllianceError(
                    f"nginx stopped at start (exit {self.nginx.returncode}); see {self.run_dir / 'error.log'} "
                    f"(is port {self.port} already in use?)."
                )
            if healthy(self.url):
                return
            time.sleep(0.1)
        raise AllianceError(f"nginx did not answer on {self.url}; see {self.run_dir / 'error.log'}.")

    def watch_once(self, secrets: Path | None = None) -> None:
        """Start again any replica that exited, on its port (nginx keeps sending its sessions there)."""
        for replica in self.members:
            if replica.process is not None and replica.process.poll() is not None:
                self.say(
                    f"replica on port {replica.port} exited ({replica.process.returncode}); starting it again"
                )
                replica.restarts += 1
                self._launch(replica, secrets or self.secrets or secrets_path())
        if self.nginx is not None and self.nginx.poll() is not None:
            raise AllianceError(
                f"nginx stopped (exit {self.nginx.returncode}); see {self.run_dir / 'error.log'}."
            )

    def stop(self) -> None:
        """nginx first (no new requests; its open websockets are closed), then every replica at once
        (SIGTERM, then SIGKILL for one still running after STOP_SECONDS), waiting for each."""
        if self.nginx is not None:
            _stop_all([self.nginx])
            self.nginx = None
        _stop_all([replica.process for replica in self.members if replica.process is not None])
        for replica in self.members:
            replica.process = None
        pid_file = self.run_dir / PID_FILE
        if pid_file.exists() and pid_file.read_text(encoding="utf-8").strip() == str(os.getpid()):
            pid_file.unlink()

    def pids(self) -> list[int]:
        found = [replica.process.pid for replica in self.members if replica.process is not None]
        return found + ([self.nginx.pid] if self.nginx is not None else [])


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each process group, then wait; SIGKILL for any still running after STOP_SECONDS."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_SECONDS)
        # The group may hold children (the browser that draws images): make sure none outlives it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


def _refuse_second_supervisor(run_dir: Path) -> None:
    pid = _running_supervisor(run_dir)
    if pid is not None:
        raise AllianceError(
            f"`serve` is already running here (process {pid}, run folder {run_dir}). "
            "Stop it first: make stop (or python -m analysis serve --stop)."
        )


def _running_supervisor(run_dir: Path) -> int | None:
    pid_file = run_dir / PID_FILE
    try:
        pid = int(pid_file.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _running(pid: int) -> bool:
    """The process exists and has not ended (an ended child its parent has not waited for yet is not running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def stop_running(run_dir: Path = DEFAULT_RUN_DIR, timeout_seconds: float = 90.0) -> int | None:
    """Ask the `serve` running from `run_dir` to stop, and wait until it has; its pid, or None if none ran."""
    pid = _running_supervisor(run_dir)
    if pid is None:
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if not _running(pid):
            return pid
        time.sleep(0.1)
    raise AllianceError(f"`serve` (process {pid}) did not stop within {timeout_seconds:.0f} s.")


def serve_until_stopped(deployment: Deployment) -> None:
    """Run until Ctrl-C or SIGTERM, restarting replicas that exit; then stop everything."""
    stopping = False

    def _ask_to_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, _ask_to_stop)
    try:
        deployment.start()
        deployment.say(
            f"serving {deployment.url} ({deployment.replicas} replica(s) on ports "
            f"{', '.join(str(r.port) for r in deployment.members)}); logs in {deployment.run_dir}. "
            "Ctrl-C or `make stop` stops them all."
        )
        while not stopping:
            time.sleep(0.5)
            deployment.watch_once()
    except KeyboardInterrupt:
        pass
    finally:
        deployment.say("stopping nginx and the replicas")
        deployment.stop()
        signal.signal(signal.SIGTERM, previous)
