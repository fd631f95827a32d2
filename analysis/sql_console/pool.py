"""The server's side of the console's workers: start them, hand each one query, stop the ones that overrun.

A worker (`analysis.sql_console.worker`) is a separate Python process; the server never parses, plans or
runs console SQL itself. `WorkerPool.run` sends one query to a free worker and waits for its answer until
the time limit plus `STOP_GRACE_SECONDS`; a worker that has not answered by then, or that died (its own
memory or CPU limit), is killed and reaped, its peak memory read, and the query answered with why. A
worker that answered stays warm for the next query unless it grew past `RECYCLE_RSS_BYTES`.
At most `WORKERS` queries run at a time per server process; the others wait up to `QUEUE_SECONDS`.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.paths import PROJECT_ROOT
from analysis.sql_console.policy import (
    MAX_RESULT_BYTES,
    QUEUE_SECONDS,
    RECYCLE_AFTER_QUERIES,
    RECYCLE_RSS_BYTES,
    STARTUP_SECONDS,
    STOP_GRACE_SECONDS,
    WORKERS,
    MiB,
)
from analysis.sql_console.protocol import DeadlineReader, WorkerFlooding, WorkerGone, WorkerLate, encode_frame

# The largest reply accepted: the result cap plus Arrow's framing (a bigger one means a broken worker).
MAX_REPLY_BYTES = 2 * MAX_RESULT_BYTES + 1 * MiB


@dataclass(frozen=True)
class WorkerAnswer:
    """A worker's reply: `header` (outcome, reason, detail, rows, truncated_by, peak_rss, cpu_seconds...)
    and `body` (the result as an Arrow IPC stream, or empty)."""

    header: dict[str, Any]
    body: bytes = b""
    worker_pid: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def outcome(self) -> str:
        return str(self.header.get("outcome", "failed"))


class _WorkerProcess:
    """One worker process, its private folder and its pipes."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="alliance-sql-worker-"))
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(PROJECT_ROOT), environment.get("PYTHONPATH", "")) if part
        )
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # our own interpreter and module, no shell
            [sys.executable, "-m", "analysis.sql_console.worker", str(self.folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=str(self.folder),
            env=environment,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.reader = DeadlineReader(self.process.stdout.fileno())
        self.ready = False
        self.queries = 0
        self.startup_seconds = 0.0

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, seconds: float) -> None:
        self.reader.read_frame(time.monotonic() + seconds, 0)
        self.ready = True
        self.startup_seconds = time.monotonic() - self.started

    def ask(self, request: dict[str, Any], deadline: float) -> tuple[dict[str, Any], bytes]:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(encode_frame(request))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerGone() from error
        return self.reader.read_frame(deadline, MAX_REPLY_BYTES)

    def kill(self) -> dict[str, Any]:
        """Kill it now and reap it in the background (a big process takes a moment to free its memory, and
        the person waiting should not); its peak resident memory (bytes), CPU seconds and how it ended."""
        peak, cpu = _peak_rss_of(self.pid), _cpu_seconds_of(self.pid)
        returncode = self.process.poll()
        if returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        reaper = threading.Thread(target=self._reap, name=f"sql-worker-reaper-{self.pid}", daemon=True)
        reaper.start()
        if returncode is None:  # it was running: say how it ended if it ended on its own just before
            with contextlib.suppress(subprocess.TimeoutExpired):
                returncode = self.process.wait(timeout=0.05)
        return {"peak_rss": peak, "returncode": returncode, "cpu_seconds": cpu}

    def _reap(self) -> None:
        with contextlib.suppress(ChildProcessError, OSError):
            self.process.wait()
        self._release()

    def close(self) -> None:
        """Let it finish (the end of its input), or kill it after two seconds."""
        with contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._release()

    def _release(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _peak_rss_of(pid: int) -> int:
    """A live process's VmHWM in bytes (0 when it cannot be read)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cpu_seconds_of(pid: int) -> float:
    """A live process's user + system CPU seconds (0 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _stopped(reason: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    return {"outcome": "failed", "reason": reason, "detail": detail, **extra}


class WorkerPool:
    """`size` worker slots; each slot holds a warm worker process or none yet."""

    def __init__(self, size: int = WORKERS) -> None:
        self._slots: queue.LifoQueue[_WorkerProcess | None] = queue.LifoQueue()
        for _ in range(size):
            self._slots.put(None)
        self._lock = threading.Lock()
        self._closed = False

    def warm(self) -> None:
        """Start a worker in an idle empty slot without waiting for it (so the next query finds one)."""
        try:
            slot = self._slots.get_nowait()
        except queue.Empty:
            return
        try:
            if slot is None and not self._closed:
                slot = _WorkerProcess()
        finally:
            self._slots.put(slot)

    def run(
        self, snapshot: Path, sql: str, *, limit: int, timeout: float, max_bytes: int = MAX_RESULT_BYTES
    ) -> WorkerAnswer:
        """Answer one query in a worker, within `timeout` + `STOP_GRACE_SECONDS` once a worker is ready."""
        queued = time.monotonic()
        try:
            worker = self._slots.get(timeout=QUEUE_SECONDS)
        except queue.Empty:
            return WorkerAnswer(_stopped("busy", f"{QUEUE_SECONDS:g}"))
        timings = {"queue_ms": (time.monotonic() - queued) * 1000}
        try:
            started = time.monotonic()
            worker = self._ready_worker(worker)
            if worker is None:
                return WorkerAnswer(_stopped("worker_start"))
            timings["start_ms"] = (time.monotonic() - started) * 1000
            request = {
                "snapshot": str(snapshot),
                "sql": sql,
                "limit": limit,
                "timeout": timeout,
                "max_bytes": max_bytes,
            }
            sent = time.monotonic()
            pid = worker.pid
            try:
                header, body = worker.ask(request, sent + timeout + STOP_GRACE_SECONDS)
            except WorkerLate:
                ended = worker.kill()
                worker = None
                return WorkerAnswer(
                    _stopped(
                        "timed_out",
                        f"{timeout:g}",
                        outcome="timed_out",
                        peak_rss=ended["peak_rss"],
                        cpu_seconds=ended["cpu_seconds"],
                    ),
                    worker_pid=pid,
                    timings={**timings, "run_ms": (time.monotonic() - sent) * 1000},
                )
            except WorkerGone:
                ended = worker.kill()
                worker = None
                cpu = ended["returncode"] == -signal.SIGXCPU
                return WorkerAnswer(
                    _stopped(
                        "cpu" if cpu else "stopped",
                        f"{timeout:g}",
                        peak_rss=ended["peak_rss"],
                        cpu_seconds=ended["cpu_seconds"],
                    ),
                    worker_pid=pid,
                    timings={**timings, "run_ms": (time.monotonic() - sent) * 1000},
                )
            except WorkerFlooding as flooding:
                ended = worker.kill()
                worker = None
                return WorkerAnswer(
                    _stopped("error", str(flooding), peak_rss=ended["peak_rss"]), worker_pid=pid
                )
            timings["run_ms"] = (time.monotonic() - sent) * 1000
            worker.queries += 1
            if (
                header.get("recycle")
                or int(header.get("rss", 0)) > RECYCLE_RSS_BYTES
                or worker.queries >= RECYCLE_AFTER_QUERIES
            ):
                worker.close()
                worker = None
            return WorkerAnswer(header, body, worker_pid=pid, timings=timings)
        finally:
            self._slots.put(worker)

    def _ready_worker(self, worker: _WorkerProcess | None) -> _WorkerProcess | None:
        """The slot's worker, started (or restarted once) and ready; None when no worker would start."""
        for _attempt in range(2):
            if worker is not None and worker.process.poll() is not None:
                worker.kill()
                worker = None
            if worker is None:
                worker = _WorkerProcess()
            if worker.ready:
                return worker
            try:
                worker.wait_ready(STARTUP_SECONDS)
                return worker
            except (WorkerLate, WorkerGone, WorkerFlooding, ValueError):
                worker.kill()
                worker = None
        return None

    def close(self) -> None:
        """Stop every idle worker (at exit; tests)."""
        self._closed = True
        drained: list[_WorkerProcess | None] = []
        while True:
            try:
                drained.append(self._slots.get_nowait())
            except queue.Empty:
                break
        for worker in drained:
            if worker is not None:
                worker.close()
        for _ in drained:
            self._slots.put(None)
        self._closed = False


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def console_pool() -> WorkerPool:
    """This process's pool (made at first use, closed at exit)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool(WORKERS)
            atexit.register(_pool.close)
        return _pool
