"""A readers-writer gate around the one DuckDB connection of a process.

Sessions read and write through the connection at the same time ("shared"); replacing the connection
itself (a restore swaps the file, a reconnect after a fatal error opens it again) needs everyone out
("exclusive"). Shared entry is re-entrant per thread, so a reader that reads again inside its own
read does not wait behind a pending exclusive entry it would itself block.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ConnectionGate:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._shared_holders = 0
        self._exclusive_held = False
        self._exclusive_waiting = 0
        self._local = threading.local()

    def _depth(self) -> int:
        return int(getattr(self._local, "depth", 0))

    def held_by_this_thread(self) -> bool:
        """True inside a shared use: this thread must not ask for the connection alone (it would wait on itself)."""
        return self._depth() > 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Use the connection alongside others; waits while it is being replaced."""
        depth = self._depth()
        if depth == 0:
            with self._condition:
                while self._exclusive_held or self._exclusive_waiting:
                    self._condition.wait()
                self._shared_holders += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                with self._condition:
                    self._shared_holders -= 1
                    self._condition.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Have the connection alone: waits for current users to finish, lets no new one in."""
        if self._depth():
            raise RuntimeError("the connection cannot be replaced from inside a read or write")
        with self._condition:
            self._exclusive_waiting += 1
            try:
                while self._exclusive_held or self._shared_holders:
                    self._condition.wait()
            finally:
                self._exclusive_waiting -= 1
            self._exclusive_held = True
        try:
            yield
        finally:
            with self._condition:
                self._exclusive_held = False
                self._condition.notify_all()
