"""A real, throwaway PostgreSQL cluster for the tests and the benchmark: Debian's binaries, a temporary folder, its own port.

`initdb` refuses to run as root, so when the tests run as root the cluster belongs to the `postgres`
user (`runuser`). It listens on 127.0.0.1 only, trusts local connections (a test cluster, gone at the
end), and is stopped when the test session ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")


def postgres_available() -> bool:
    return (POSTGRES_BIN / "initdb").is_file()


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    folder: Path
    port: int

    @property
    def user(self) -> str:
        return "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")

    def address(self, database: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "alliance") -> str:
        """A new, empty database (as `createdb` makes one); returns its postgresql:// address."""
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        subprocess.run(
            _as_owner([str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name]),
            check=True,
            capture_output=True,
        )
        return self.address(name)

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            _as_owner([str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", mode, "stop"]),
            capture_output=True,
        )

    def start(self) -> None:
        subprocess.run(
            _as_owner(
                [
                    str(POSTGRES_BIN / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-l",
                    str(self.folder / "server.log"),
                    "-o",
                    f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )


def start_cluster() -> PostgresCluster:
    folder = Path(tempfile.mkdtemp(prefix="alliance-pg-"))
    os.chmod(folder, 0o777)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    subprocess.run(
        _as_owner(
            [
                str(POSTGRES_BIN / "initdb"),
                "-D",
                str(folder / "data"),
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        ),
        check=True,
        capture_output=True,
    )
    cluster = PostgresCluster(folder=folder, port=_free_port())
    cluster.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ready = subprocess.run(
            [str(POSTGRES_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(cluster.port)],
            capture_output=True,
        )
        if ready.returncode == 0:
            break
        time.sleep(0.2)
    return cluster


def remove_cluster(cluster: PostgresCluster) -> None:
    cluster.stop("immediate")
    shutil.rmtree(cluster.folder, ignore_errors=True)
