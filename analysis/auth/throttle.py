"""Slowing down password guessing: too many recent failures lock a name, a client, or (last) everyone.

Atomic: an attempt is counted as a failure *before* its password is checked, under one lock, so 20
attempts arriving at once cannot all slip past the check while bcrypt runs: the first five for a name
are checked, the rest are told the name is locked and until when. A correct password takes back only
its own count (the earlier failures still age out over the window), so a burst that holds the right
password is checked no further than one without it.

Limits (within a sliding window of 5 minutes): 5 failures per user name, 20 per client address, 100 for
the whole server. A locked attempt costs no bcrypt check at all.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from analysis.auth.passwords import authenticate
from analysis.auth.roles import Identity
from analysis.auth.settings import AccessSettings

MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_CLIENT = 20
MAX_FAILURES_IN_TOTAL = 100
WINDOW_SECONDS = 300.0


@dataclass(frozen=True)
class Locked:
    """An attempt refused unchecked: which limit, and when it lifts (Unix time) / in how many seconds."""

    scope: str  # "name", "client" or "everyone"
    seconds: float
    until: float


@dataclass(frozen=True)
class Attempt:
    """An attempt let through, already counted as a failure until `LoginThrottle.succeeded` says otherwise."""

    name: str
    client: str
    counted_at: float


class LoginThrottle:
    """Process-wide: counts failures per user name, per client and in total, whichever session they come from."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES_PER_NAME,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_client_failures: int = MAX_FAILURES_PER_CLIENT,
        max_total_failures: int = MAX_FAILURES_IN_TOTAL,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.max_failures = max_failures
        self.max_client_failures = max_client_failures
        self.max_total_failures = max_total_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._wall_clock = wall_clock
        self._by_name: defaultdict[str, deque[float]] = defaultdict(deque)
        self._by_client: defaultdict[str, deque[float]] = defaultdict(deque)
        self._total: deque[float] = deque()
        self._lock = threading.Lock()

    def begin(self, name: str, client: str = "") -> Attempt | Locked:
        """Under the lock: refuse while a limit is reached, else count this attempt as a failure now."""
        key, client = _key(name), client or "unknown"
        with self._lock:
            now = self._clock()
            for scope, failures, limit in (
                ("name", self._recent(self._by_name[key], now), self.max_failures),
                ("client", self._recent(self._by_client[client], now), self.max_client_failures),
                ("everyone", self._recent(self._total, now), self.max_total_failures),
            ):
                if len(failures) >= limit:
                    seconds = max(0.0, failures[len(failures) - limit] + self.window_seconds - now)
                    return Locked(scope, seconds, self._wall_clock() + seconds)
            self._by_name[key].append(now)
            self._by_client[client].append(now)
            self._total.append(now)
            return Attempt(key, client, now)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: this attempt's count is taken back (the others stand)."""
        with self._lock:
            for failures in (self._by_name[attempt.name], self._by_client[attempt.client], self._total):
                if attempt.counted_at in failures:
                    failures.remove(attempt.counted_at)

    def seconds_locked(self, name: str) -> float:
        """How long `name` must wait before the next attempt is checked (0 = go ahead)."""
        with self._lock:
            failures = self._recent(self._by_name[_key(name)], self._clock())
            if len(failures) < self.max_failures:
                return 0.0
            return max(0.0, failures[len(failures) - self.max_failures] + self.window_seconds - self._clock())

    def record_failure(self, name: str, client: str = "") -> None:
        """Count a failure after the fact (callers that checked the password themselves)."""
        with self._lock:
            now = self._clock()
            self._by_name[_key(name)].append(now)
            self._by_client[client or "unknown"].append(now)
            self._total.append(now)

    def record_success(self, name: str) -> None:
        with self._lock:
            self._by_name.pop(_key(name), None)

    def _recent(self, failures: deque[float], now: float) -> deque[float]:
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        return failures


def _key(name: str) -> str:
    return name.strip().lower()


def attempt_sign_in(
    settings: AccessSettings, throttle: LoginThrottle, name: str, password: str, client: str = ""
) -> Identity | Locked | None:
    """The sign-in form's whole check: the identity, None for a wrong name or password, or Locked."""
    attempt = throttle.begin(name, client)
    if isinstance(attempt, Locked):
        return attempt
    identity = authenticate(settings, name, password)
    if identity is not None:
        throttle.succeeded(attempt)
    return identity
