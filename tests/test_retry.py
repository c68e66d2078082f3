"""The retry policy's decisions, as a table: the error, then whether and how long to wait."""

from __future__ import annotations

import asyncio

import pytest

from cloudcontracts.errors import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    RateLimitError,
    ServerError,
    UnexpectedStatusError,
)
from cloudcontracts.retry import RetryPolicy, parse_retry_after

NOW = 1_700_000_000.0


def policy(**kwargs: object) -> RetryPolicy:
    return RetryPolicy(clock=lambda: NOW, random=lambda: 0.0, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (APIConnectionError("refused"), True),
        (APITimeoutError("slow"), True),
        (RateLimitError("", status_code=429), True),
        (ServerError("", status_code=500), True),
        (ServerError("", status_code=502), True),
        (ServerError("", status_code=503), True),
        (ServerError("", status_code=504), True),
        (ServerError("", status_code=501), False),
        (BadRequestError("", status_code=400), False),
        (AuthenticationError("", status_code=401), False),
        (UnexpectedStatusError("", status_code=409), False),
        (ValueError("bad input"), False),
    ],
)
def test_what_is_retried(error: Exception, retried: bool) -> None:
    assert policy().should_retry(error) is retried


def test_backoff_doubles_up_to_the_cap_with_jitter() -> None:
    error = ServerError("", status_code=503)
    assert [policy().delay(n, error) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    jittered = RetryPolicy(random=lambda: 1.0, jitter=0.25)
    assert jittered.delay(3, error) == 1.5


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("2.5", 2.5),
        ("Tue, 14 Nov 2023 22:13:50 GMT", 30.0),  # NOW is 22:13:20 GMT
        ("Tue, 14 Nov 2023 22:13:00 GMT", 0.0),  # in the past: retry at once
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_retry_after_forms(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def test_retry_after_is_honoured_up_to_the_cap() -> None:
    p = policy(max_retry_after=60.0)
    asked = RateLimitError("", status_code=429, retry_after="12")
    assert p.delay(1, asked) == 12.0
    assert p.should_retry(asked)
    assert not p.should_retry(RateLimitError("", status_code=429, retry_after="61"))


def test_call_retries_then_succeeds_and_async_matches() -> None:
    slept: list[float] = []
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise ServerError("", status_code=503)
        return "ok"

    p = RetryPolicy(max_retries=2, sleep=slept.append, random=lambda: 0.0)
    assert p.call(flaky) == "ok"
    assert (len(attempts), slept) == (3, [0.5, 1.0])

    async_slept: list[float] = []

    async def asleep(seconds: float) -> None:
        async_slept.append(seconds)

    attempts.clear()

    async def aflaky() -> str:
        return flaky()

    ap = RetryPolicy(max_retries=2, async_sleep=asleep, random=lambda: 0.0)
    assert asyncio.run(ap.acall(aflaky)) == "ok"
    assert async_slept == [0.5, 1.0]


def test_exhausted_retries_raise_the_last_error() -> None:
    calls: list[int] = []

    def always() -> None:
        calls.append(1)
        raise ServerError("down", status_code=500)

    with pytest.raises(ServerError, match="down"):
        RetryPolicy(max_retries=3, sleep=lambda s: None).call(always)
    assert len(calls) == 4
    calls.clear()
    with pytest.raises(ServerError):
        RetryPolicy(max_retries=0).call(always)
    assert len(calls) == 1


@pytest.mark.parametrize("value", [-1, True, 1.5])
def test_bad_max_retries(value: object) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=value)  # type: ignore[arg-type]


def _no_sleep(_seconds: float) -> None:
    return None


def test_a_policy_still_pickles_and_retries_the_same_after_it_was_used() -> None:
    import pickle  # noqa: PLC0415

    policy = RetryPolicy(max_retries=2, sleep=_no_sleep)
    calls: list[int] = []

    def always() -> None:
        calls.append(1)
        raise ServerError("down", status_code=503)

    with pytest.raises(ServerError):
        policy.call(always)
    copy = pickle.loads(pickle.dumps(policy))  # noqa: S301 -- our own bytes
    assert (copy.max_retries, copy.retry_statuses) == (policy.max_retries, policy.retry_statuses)
    with pytest.raises(ServerError):
        copy.call(always)
    assert len(calls) == 6
