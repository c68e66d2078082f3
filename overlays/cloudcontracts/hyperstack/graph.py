"""Reading a GPU allocation graph (the generated ``Contract`` model) as plain, aware-UTC data.

The API sends each bucket as ``{"datetime": "2026-05-01T00:00:00", "value": 3}``: a zone-less timestamp
that means UTC (Hyperstack's documented format, :mod:`cloudcontracts.hyperstack.timestamps`) and a GPU
count. Every field is optional in the published spec, so a bucket missing its time or its value is skipped
rather than guessed; a value that is present but not a whole number is an error, not silently rounded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cloudcontracts.hyperstack.timestamps import to_utc_datetime
from hyperstack_client.types import Unset

if TYPE_CHECKING:
    from hyperstack_client.models import Contract

__all__ = ["graph_period", "graph_points"]


def _count(value: object, when: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"GPU count at {when} is not a number: {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"GPU count at {when} is not a whole number: {value!r}")
        return int(value)
    return value


def graph_points(contract: Contract) -> list[tuple[datetime, int]]:
    """The graph's buckets as ``(start of bucket as aware UTC datetime, GPU count)``, oldest first.

    Buckets without a ``datetime`` or a ``value`` are skipped. Raises ``ValueError`` (naming the value)
    for a timestamp that does not parse or a count that is not a whole number.
    """
    buckets = contract.allocated_gpu_count_graph
    if not isinstance(buckets, list):
        return []
    points: list[tuple[datetime, int]] = []
    for bucket in buckets:
        when, value = bucket.datetime_, bucket.value
        if isinstance(when, Unset) or when is None or isinstance(value, Unset) or value is None:
            continue
        if not isinstance(when, (str, datetime)):  # the model holds an aware datetime; str if set by hand
            raise ValueError(f"bucket time is not a date-time: {when!r}")
        points.append((to_utc_datetime(when), _count(value, when)))
    points.sort(key=lambda point: point[0])  # stable: equal times keep the API's order
    return points


def graph_period(contract: Contract) -> tuple[datetime, datetime] | None:
    """``(first bucket start, last bucket end)`` in UTC, or ``None`` for an empty graph.

    The last bucket ends ``granularity`` seconds after it starts; without a usable granularity the
    period ends at the last bucket's start.
    """
    points = graph_points(contract)
    if not points:
        return None
    granularity = contract.granularity
    step = (
        timedelta(seconds=granularity)
        if isinstance(granularity, int) and not isinstance(granularity, bool) and granularity > 0
        else timedelta(0)
    )
    return points[0][0], points[-1][0] + step
