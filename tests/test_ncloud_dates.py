"""NCP months in, NCP dates out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cloudcontracts.ncloud.dates import YearMonth, month_windows, parse_month, parse_ncp_datetime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("202402", YearMonth(2024, 2)),
        ("2024-02", YearMonth(2024, 2)),
        (date(2024, 2, 29), YearMonth(2024, 2)),
        (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), YearMonth(2024, 12)),
    ],
)
def test_months_accepted(value: str | date, expected: YearMonth) -> None:
    assert parse_month(value) == expected
    assert str(parse_month(value)) == f"{expected.year}{expected.month:02d}"


@pytest.mark.parametrize("value", ["202413", "202400", "2024/02", "24-02", "2024-2", "", "2024021"])
def test_bad_months(value: str) -> None:
    with pytest.raises(ValueError, match="not a month"):
        parse_month(value)


def test_month_must_be_string_or_date() -> None:
    with pytest.raises(
        ValueError, match="month must be a 'yyyyMM' or 'yyyy-MM' string, a date or a datetime"
    ):
        parse_month(202402)  # type: ignore[arg-type]


def test_windows_of_three_months_across_a_year_boundary() -> None:
    windows = [(str(a), str(b)) for a, b in month_windows("2023-11", date(2024, 7, 1))]
    assert windows == [("202311", "202401"), ("202402", "202404"), ("202405", "202407")]
    assert [(str(a), str(b)) for a, b in month_windows("202402", "202402")] == [("202402", "202402")]


def test_start_after_end() -> None:
    with pytest.raises(ValueError, match="start_month 202405 is after end_month 202402"):
        month_windows("202405", "202402")


def test_ncp_datetimes() -> None:
    kst = timezone(timedelta(hours=9))
    assert parse_ncp_datetime("2022-02-07T18:11:01+0900") == datetime(2022, 2, 7, 18, 11, 1, tzinfo=kst)
    assert parse_ncp_datetime("2999-12-31T23:59:59+0900") == datetime(2999, 12, 31, 23, 59, 59, tzinfo=kst)
    assert parse_ncp_datetime("2022-02-07T18:11:01-0130") == datetime(
        2022, 2, 7, 18, 11, 1, tzinfo=timezone(-timedelta(hours=1, minutes=30))
    )
    assert parse_ncp_datetime("2022-02-07T18:11:01+09:00") == datetime(2022, 2, 7, 18, 11, 1, tzinfo=kst)
    assert parse_ncp_datetime("") is None


@pytest.mark.parametrize(
    "value",
    [
        "2022-02-07 18:11:01+0900",
        "2022-02-07T18:11:01",
        "2022-02-30T00:00:00+0900",
        "2022-02-07T18:11:01+09\uff10\uff10",  # fullwidth digits in the offset: not NCP's form
        "\uff12022-02-07T18:11:01+0900",
    ],
)
def test_bad_ncp_datetimes(value: str) -> None:
    with pytest.raises(ValueError, match=value[:10]):
        parse_ncp_datetime(value)


def test_the_same_instant_in_two_zones_gives_each_zone_its_own_month() -> None:
    """Aware datetimes at one instant compare equal, yet name different months in their own zones:
    windows are worked out for each, never taken from an earlier call's answer."""
    utc = datetime(2024, 1, 31, 15, tzinfo=UTC)
    kst = datetime(2024, 2, 1, 0, tzinfo=timezone(timedelta(hours=9)))
    assert utc == kst
    assert [(str(a), str(b)) for a, b in month_windows(utc, "2024-03")] == [("202401", "202403")]
    assert [(str(a), str(b)) for a, b in month_windows(kst, "2024-03")] == [("202402", "202403")]


def test_repeated_months_give_equal_windows_and_errors_every_time() -> None:
    assert month_windows("202401", "202407") == month_windows("202401", "202407")
    for _ in range(2):
        with pytest.raises(ValueError, match="after end_month"):
            month_windows("202405", "202402")
    with pytest.raises(ValueError, match="start_month must be"):
        month_windows(["202401"], "202402")  # type: ignore[arg-type]
