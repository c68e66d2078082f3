"""Hyperstack date-times: zone-less means UTC; queries carry exactly YYYY-MM-DDTHH:MM:SS in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from cloudcontracts.hyperstack.timestamps import (
    check_time_range,
    format_query_datetime,
    parse_hyperstack_datetime,
    to_utc_datetime,
)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (datetime(2026, 5, 1, 12, 30, 45), "2026-05-01T12:30:45"),  # naive: taken as UTC
        (datetime(2026, 5, 1, 12, 30, 45, 999999), "2026-05-01T12:30:45"),  # truncated, not rounded
        (datetime(2026, 5, 1, 12, 30, 45, tzinfo=UTC), "2026-05-01T12:30:45"),
        (datetime(2026, 5, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=2))), "2026-04-30T23:00:00"),
        (
            datetime(2026, 5, 1, 23, 0, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
            "2026-05-02T04:30:00",
        ),
        (date(2026, 5, 1), "2026-05-01T00:00:00"),
        ("2026-05-01T12:30:45", "2026-05-01T12:30:45"),
        ("2026-05-01T12:30:45Z", "2026-05-01T12:30:45"),
        ("2026-05-01T12:30:45z", "2026-05-01T12:30:45"),
        ("2026-05-01T14:30:45+02:00", "2026-05-01T12:30:45"),
        ("2026-05-01T14:30:45+0200", "2026-05-01T12:30:45"),
        ("2026-05-01T14:30:45+02", "2026-05-01T12:30:45"),
        ("2026-05-01T07:30:45-05:00", "2026-05-01T12:30:45"),
        ("2026-05-01T12:30:45.123456789Z", "2026-05-01T12:30:45"),
        ("2026-05-01T12:30:45,5", "2026-05-01T12:30:45"),
        ("2026-05-01T00:30:00.5+01:00", "2026-04-30T23:30:00"),
        ("2026-05-01 12:30:45", "2026-05-01T12:30:45"),
        ("2026-05-01T12:30", "2026-05-01T12:30:00"),
        ("2026-05-01", "2026-05-01T00:00:00"),
        (" 2026-05-01T12:30:45 ", "2026-05-01T12:30:45"),
        (datetime(999, 1, 2, 3, 4, 5), "0999-01-02T03:04:05"),
    ],
)
def test_format_query_datetime(value: Any, sent: str) -> None:
    assert format_query_datetime(value) == sent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T00:00:00", datetime(2026, 5, 1, tzinfo=UTC)),
        ("2026-05-01T00:00:00Z", datetime(2026, 5, 1, tzinfo=UTC)),
        ("2026-05-01T02:00:00+02:00", datetime(2026, 5, 1, tzinfo=UTC)),
        ("2026-05-01T02:00:00+0200", datetime(2026, 5, 1, tzinfo=UTC)),
        ("2026-04-30T22:00:00-0200", datetime(2026, 5, 1, tzinfo=UTC)),
        ("2026-05-01T00:00:00.25", datetime(2026, 5, 1, 0, 0, 0, 250000, tzinfo=UTC)),
        ("2026-05-01T00:00:00.1234567Z", datetime(2026, 5, 1, 0, 0, 0, 123456, tzinfo=UTC)),
        ("2026-05-01T05:45:00.000001+05:45", datetime(2026, 5, 1, 0, 0, 0, 1, tzinfo=UTC)),
    ],
)
def test_parse_returns_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_hyperstack_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "05/01/2026",
        "2026-13-01T00:00:00",
        "2026-02-30T00:00:00",
        "2026-05-01T24:00:00",
        "2026-05-01T12:60:00",
        "2026-05-01T12:00:61",
        "2026-05-01T12:00:00+25:00",
        "2026-05-01T12:00:00+02:75",
        "2026-05-01T12:00:00 UTC",
        "2026-5-1T12:00:00",
        "20260501T120000",
        "2026-05-01T12:00:00.Z",
        "0001-01-01T00:00:00+01:00",
    ],
)
def test_bad_strings_are_value_errors_naming_the_value(text: str) -> None:
    with pytest.raises(ValueError, match="Hyperstack date-time") as caught:
        parse_hyperstack_datetime(text)
    assert repr(text) in str(caught.value)


def test_non_strings_are_type_errors() -> None:
    with pytest.raises(TypeError):
        parse_hyperstack_datetime(20260501)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_utc_datetime(1714521600)  # type: ignore[arg-type]


def test_to_utc_datetime() -> None:
    assert to_utc_datetime(datetime(2026, 5, 1, 9)) == datetime(2026, 5, 1, 9, tzinfo=UTC)
    aware = datetime(2026, 5, 1, 9, tzinfo=timezone(timedelta(hours=9)))
    assert to_utc_datetime(aware) == datetime(2026, 5, 1, 0, tzinfo=UTC)
    assert to_utc_datetime(aware).tzinfo is UTC
    assert to_utc_datetime(date(2026, 5, 1)) == datetime(2026, 5, 1, tzinfo=UTC)


def test_check_time_range() -> None:
    assert check_time_range(None, None) == (None, None)
    assert check_time_range("2026-05-01", None) == ("2026-05-01T00:00:00", None)
    assert check_time_range(None, date(2026, 5, 2)) == (None, "2026-05-02T00:00:00")
    assert check_time_range("2026-05-01T00:00:00Z", "2026-05-01T00:00:00") == (
        "2026-05-01T00:00:00",
        "2026-05-01T00:00:00",
    )
    with pytest.raises(
        ValueError, match=r"start \(2026-05-02T00:00:00\) is after end \(2026-05-01T00:00:00\)"
    ):
        check_time_range(date(2026, 5, 2), date(2026, 5, 1))
    # 01:00 at +02:00 is 23:00 UTC the day before: not after a UTC midnight end.
    assert check_time_range(
        datetime(2026, 5, 2, 1, tzinfo=timezone(timedelta(hours=2))), date(2026, 5, 2)
    ) == (
        "2026-05-01T23:00:00",
        "2026-05-02T00:00:00",
    )
