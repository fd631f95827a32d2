"""Slowing down password guessing: a name with too many recent failures is locked for a while."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class LoginThrottle:
    """Process-wide: counts failures per user name, whichever session they come from."""

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def seconds_locked(self, name: str) -> float:
        """How long `name` must wait before the next attempt is checked (0 = go ahead)."""
        with self._lock:
            failures = self._recent(name)
            if len(failures) < self.max_failures:
                return 0.0
            return max(0.0, failures[0] + self.window_seconds - self._clock())

    def record_failure(self, name: str) -> None:
        with self._lock:
            self._recent(name).append(self._clock())

    def record_success(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().lower(), None)

    def _recent(self, name: str) -> deque[float]:
        failures = self._failures[name.strip().lower()]
        while failures and failures[0] <= self._clock() - self.window_seconds:
            failures.popleft()
        return failures
