"""The lockout is atomic. 20 guesses at once for one name: 5 are checked, 15 are locked.

The attempts go through `attempt_sign_in`, the sign-in form's own check, with real bcrypt hashes and
real threads released together by a barrier (the race the review found: 19 wrong verdicts and one
sign-in, nobody told "locked").
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bcrypt
import pytest

from analysis.auth.roles import Identity, Role
from analysis.auth.settings import access_settings_from
from analysis.auth.throttle import Locked, LoginThrottle, attempt_sign_in
from tests.attacks.access_server import access_server
from tests.attacks.streamlit_socket import RawSession, Run
from tests.browser.browser_session import PASSWORD as PASSWORD_OF_THE_SERVER

PASSWORD = "correct horse battery"
HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=10)).decode()  # ~50 ms per check
SETTINGS = access_settings_from(
    {
        "access": {
            "users": {
                "ed": {"role": "editor", "password_hash": HASH},
                "vera": {"role": "viewer", "password_hash": HASH},
            }
        }
    }
)


def at_once(count: int, attempt: object) -> list[object]:
    barrier = threading.Barrier(count)

    def one(index: int) -> object:
        barrier.wait()
        return attempt(index)  # type: ignore[operator]

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def test_twenty_simultaneous_wrong_guesses_lock_the_name_and_none_succeeds() -> None:
    throttle = LoginThrottle()
    started = time.time()
    outcomes = at_once(
        20, lambda index: attempt_sign_in(SETTINGS, throttle, "ed", f"guess {index}", f"10.0.0.{index}")
    )
    wrong = [outcome for outcome in outcomes if outcome is None]
    locked = [outcome for outcome in outcomes if isinstance(outcome, Locked)]
    assert len(wrong) == 5 and len(locked) == 15  # exactly the limit was checked, the rest refused unchecked
    assert not any(isinstance(outcome, Identity) for outcome in outcomes)
    assert {outcome.scope for outcome in locked} == {"name"}
    # locked until the first failure leaves the 5-minute window: about 300 s from now
    assert all(started + 299 <= outcome.until <= time.time() + 300 for outcome in locked)

    later = attempt_sign_in(SETTINGS, throttle, "ed", PASSWORD, "10.9.9.9")  # even the right password
    assert isinstance(later, Locked) and later.scope == "name" and 290 < later.seconds <= 300
    assert attempt_sign_in(SETTINGS, throttle, "vera", PASSWORD, "10.9.9.9") == Identity(
        "vera", Role.VIEWER, "password"
    )


def test_the_right_password_among_twenty_at_once_is_checked_only_before_the_lock() -> None:
    """19 wrong and 1 right at once: exactly 5 are checked, whichever they are; the other 15 are locked."""
    throttle = LoginThrottle()
    outcomes = at_once(
        20,
        lambda index: attempt_sign_in(
            SETTINGS, throttle, "ed", PASSWORD if index == 7 else "wrong", "10.0.0.1"
        ),
    )
    checked = [outcome for outcome in outcomes if not isinstance(outcome, Locked)]
    assert len(checked) == 5
    assert sum(isinstance(outcome, Locked) for outcome in outcomes) == 15
    assert sum(isinstance(outcome, Identity) for outcome in outcomes) <= 1


def test_one_client_guessing_many_names_is_locked_per_client_and_the_server_has_a_global_limit() -> None:
    now = [1000.0]
    throttle = LoginThrottle(clock=lambda: now[0], wall_clock=lambda: 50_000.0 + now[0])
    for index in range(20):  # 20 names, 1 guess each, from one address: no name reaches 5
        assert throttle.begin(f"name{index}", "10.0.0.1") is not None
    refused = throttle.begin("name99", "10.0.0.1")
    assert isinstance(refused, Locked) and refused.scope == "client" and refused.seconds == 300.0
    assert refused.until == 50_000.0 + 1300.0
    other = throttle.begin("name99", "10.0.0.2")  # another address may still try
    assert not isinstance(other, Locked)

    for index in range(79):  # 100 failures on the whole server within the window
        throttle.begin(f"spread{index}", f"10.1.{index}.1")
    everyone = throttle.begin("vera", "10.2.0.1")
    assert isinstance(everyone, Locked) and everyone.scope == "everyone"
    now[0] = 1300.0  # the window has passed: open again
    assert not isinstance(throttle.begin("vera", "10.2.0.1"), Locked)


def test_a_success_takes_back_only_its_own_count() -> None:
    throttle = LoginThrottle()
    for _ in range(4):
        assert attempt_sign_in(SETTINGS, throttle, "ed", "wrong", "10.0.0.1") is None
    assert attempt_sign_in(SETTINGS, throttle, "ed", PASSWORD, "10.0.0.1") == Identity(
        "ed", Role.EDITOR, "password"
    )
    assert throttle.seconds_locked("ed") == 0.0  # 4 failures stand, the success did not count
    assert attempt_sign_in(SETTINGS, throttle, "ed", "wrong", "10.0.0.1") is None
    assert throttle.seconds_locked("ed") > 290  # the fifth failure within the window locks the name


@pytest.mark.slow
def test_twenty_sessions_submitting_the_form_at_once_on_a_real_server(tmp_path: Path) -> None:
    """The review's attack as it was run: 20 websockets submit the sign-in form for ed at the same moment."""

    async def attack(url: str) -> list[str]:
        sessions = [RawSession(url) for _ in range(20)]
        for session in sessions:
            await session.__aenter__()
        try:
            forms = [await session.run("") for session in sessions]  # each draws its own form
            submits = [
                session.run(
                    "",
                    trigger=form.button("Sign in"),
                    texts={form.text_inputs["User name"]: "ed", form.text_inputs["Password"]: "not it"},
                )
                for session, form in zip(sessions, forms, strict=True)
            ]
            answers = await asyncio.gather(*submits)
        finally:
            for session in sessions:
                await session.__aexit__(None, None, None)
        return [
            "wrong"
            if answer.shows("Wrong user name or password.")
            else "locked"
            if answer.shows("It is locked until")
            else "?"
            for answer in answers
        ]

    async def later(url: str, password: str) -> Run:
        async with RawSession(url) as session:
            form = await session.run("")
            return await session.run(
                "",
                trigger=form.button("Sign in"),
                texts={form.text_inputs["User name"]: "ed", form.text_inputs["Password"]: password},
            )

    with access_server(tmp_path) as server:
        verdicts = asyncio.run(attack(server.url))
        assert sorted(verdicts) == ["locked"] * 15 + ["wrong"] * 5
        right = asyncio.run(later(server.url, PASSWORD_OF_THE_SERVER))
        assert right.shows("It is locked until") and right.shows("(in 5 min)")  # the right one too, for now
        assert not right.shows("Signed in as")
