"""graph_points / graph_period: the GPU allocation graph as aware-UTC (datetime, count) pairs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cloudcontracts.hyperstack import graph_period, graph_points
from hyperstack_client.models import Contract


def graph(points: list[dict[str, Any]], **fields: Any) -> Contract:
    return Contract.from_dict(
        {"id": "42", "granularity": 3600, **fields, "allocated_gpu_count_graph": points}
    )


def test_points_are_aware_utc_and_sorted() -> None:
    contract = graph(
        [
            {"datetime": "2026-05-01T01:00:00", "value": 4},
            {"datetime": "2026-05-01T00:00:00Z", "value": 2},
            {"datetime": "2026-05-01T04:00:00+02:00", "value": 6},  # 02:00 UTC
            {"datetime": "2026-05-01T03:00:00.500", "value": 8.0},
        ]
    )
    assert graph_points(contract) == [
        (datetime(2026, 5, 1, 0, tzinfo=UTC), 2),
        (datetime(2026, 5, 1, 1, tzinfo=UTC), 4),
        (datetime(2026, 5, 1, 2, tzinfo=UTC), 6),
        (datetime(2026, 5, 1, 3, 0, 0, 500000, tzinfo=UTC), 8),
    ]
    assert all(when.tzinfo is UTC for when, _ in graph_points(contract))
    assert all(type(value) is int for _, value in graph_points(contract))


def test_incomplete_buckets_are_skipped() -> None:
    contract = graph(
        [
            {"datetime": "2026-05-01T00:00:00", "value": 1},
            {"value": 5},
            {"datetime": "2026-05-01T01:00:00"},
            {"datetime": None, "value": 3},
            {"datetime": "2026-05-01T02:00:00", "value": None},
        ]
    )
    assert graph_points(contract) == [(datetime(2026, 5, 1, tzinfo=UTC), 1)]


def test_no_graph_field_means_no_points() -> None:
    contract = Contract.from_dict({"id": "42"})
    assert graph_points(contract) == []
    assert graph_period(contract) is None


@pytest.mark.parametrize(
    ("bucket", "message"),
    [
        ({"datetime": "01/05/2026 00:00", "value": 1}, "'01/05/2026 00:00'"),
        ({"datetime": "2026-05-01T00:00:00", "value": "three"}, "'three'"),
        ({"datetime": "2026-05-01T00:00:00", "value": 2.5}, "2.5"),
        ({"datetime": "2026-05-01T00:00:00", "value": True}, "True"),
        ({"datetime": 1714521600, "value": 1}, "1714521600"),
    ],
)
def test_malformed_buckets_are_value_errors_naming_the_value(bucket: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        graph_points(graph([bucket]))


def test_period_runs_to_the_end_of_the_last_bucket() -> None:
    contract = graph([{"datetime": f"2026-05-01T{h:02d}:00:00", "value": h} for h in range(24)])
    assert graph_period(contract) == (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 2, tzinfo=UTC))


def test_period_without_granularity_ends_at_the_last_bucket_start() -> None:
    contract = Contract.from_dict(
        {
            "allocated_gpu_count_graph": [
                {"datetime": "2026-05-01T00:00:00", "value": 1},
                {"datetime": "2026-05-01T05:00:00", "value": 1},
            ]
        }
    )
    assert graph_period(contract) == (datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 5, 1, 5, tzinfo=UTC))
