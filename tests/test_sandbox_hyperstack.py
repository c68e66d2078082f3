"""The sandbox's Hyperstack contract operations: the api_key check, pagination under both meanings of
``count``, 400/404/405 bodies, and the GPU graph's period, buckets and defaults."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest

from cloudcontracts.sandbox import Sandbox

NOW = datetime(2026, 5, 20, 13, 47, 12, tzinfo=UTC).timestamp()
NAIVE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\Z")


@pytest.fixture(scope="module")
def sandbox_server() -> Iterator[Sandbox]:
    """The sandbox ``sb`` resets here: on a frozen clock (NOW), so timestamps are exact."""
    with Sandbox(clock=lambda: NOW) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client() as client:
        yield client


def get(http: httpx2.Client, sb: Sandbox, path: str, params: dict[str, Any] | None = None) -> httpx2.Response:
    return http.get(sb.hyperstack_url + path, params=params, headers={"api_key": sb.hyperstack_api_key})


def error(message: str, reason: str) -> dict[str, Any]:
    return {"status": False, "message": message, "error_reason": reason}


# --- authentication ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing api_key header"),
        ({"api_key": "wrong-key"}, "invalid api_key"),
        ({"api_key": ""}, "invalid api_key"),
        ({"api_key": "Bearer sandbox-hyperstack-key"}, "invalid api_key"),
        ({"Authorization": "Bearer sandbox-hyperstack-key"}, "missing api_key header"),
        ({"api-key": "sandbox-hyperstack-key"}, "missing api_key header"),
    ],
    ids=["none", "wrong", "empty", "with-bearer-prefix", "authorization-header", "hyphenated-name"],
)
@pytest.mark.parametrize(
    "path", ["/pricebook/contracts", "/pricebook/contracts/1", "/pricebook/contracts/1/gpu_allocation_graph"]
)
def test_every_operation_needs_the_raw_key_in_api_key(
    sb: Sandbox, http: httpx2.Client, headers: dict[str, str], reason: str, path: str
) -> None:
    response = http.get(sb.hyperstack_url + path + "?page=x", headers=headers)  # 401 before the 400
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json() == error("Unauthorized", reason)


# --- the list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count_mode", ["total", "page"])
@pytest.mark.parametrize("per_page", [1, 7, 30, 100])
def test_pages_walk_every_contract_with_count_as_configured(
    sb: Sandbox, http: httpx2.Client, count_mode: Any, per_page: int
) -> None:
    sb.reset(hyperstack_count=count_mode)
    expected = sb.state.hyperstack_contracts()
    assert len(expected) == 30
    pages = math.ceil(len(expected) / per_page)
    seen: list[dict[str, Any]] = []
    for page in range(1, pages + 2):  # and one past the last
        body = get(http, sb, "/pricebook/contracts", {"page": page, "per_page": per_page}).json()
        assert body["status"] is True
        rows = body["contracts"]
        assert len(rows) == max(0, min(per_page, len(expected) - (page - 1) * per_page))
        assert body["count"] == (len(expected) if count_mode == "total" else len(rows))
        seen.extend(rows)
    assert seen == expected


def test_defaults_are_page_1_of_20(sb: Sandbox, http: httpx2.Client) -> None:
    body = get(http, sb, "/pricebook/contracts").json()
    assert body == {
        "status": True,
        "message": "Getting contracts success",
        "contracts": sb.state.hyperstack_contracts()[:20],
        "count": 30,
    }


def test_a_maximum_per_page_shortens_pages_quietly(sb: Sandbox, http: httpx2.Client) -> None:
    sb.reset(hyperstack_max_per_page=8, hyperstack_default_per_page=5)
    assert len(get(http, sb, "/pricebook/contracts").json()["contracts"]) == 5
    body = get(http, sb, "/pricebook/contracts", {"page": 2, "per_page": 100}).json()
    assert body["contracts"] == sb.state.hyperstack_contracts()[8:16]


def test_an_empty_account_has_an_empty_list(sb: Sandbox, http: httpx2.Client) -> None:
    sb.reset(hyperstack_contracts=0)
    assert get(http, sb, "/pricebook/contracts").json()["contracts"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "0"}, "page must be a positive integer, got '0'"),
        ({"page": "-1"}, "page must be a positive integer, got '-1'"),
        ({"page": "abc"}, "page must be a positive integer, got 'abc'"),
        ({"page": ""}, "page must be a positive integer, got ''"),
        ({"page": "1.0"}, "page must be a positive integer, got '1.0'"),
        ({"page": "99999999999999999999"}, "page must be a positive integer, got '99999999999999999999'"),
        ({"per_page": "0"}, "per_page must be a positive integer, got '0'"),
        ({"per_page": "ten"}, "per_page must be a positive integer, got 'ten'"),
    ],
)
def test_malformed_paging_is_a_400(
    sb: Sandbox, http: httpx2.Client, params: dict[str, str], message: str
) -> None:
    response = get(http, sb, "/pricebook/contracts", params)
    assert response.status_code == 400
    assert response.json() == error(message, "invalid_parameter")


# --- one contract -------------------------------------------------------------------------------------


def test_details_return_the_contract_as_one_object(sb: Sandbox, http: httpx2.Client) -> None:
    for contract_id in sb.state.hyperstack_contract_ids()[:5]:
        body = get(http, sb, f"/pricebook/contracts/{contract_id}").json()
        assert body == {
            "status": True,
            "message": "Getting contract details success",
            "contracts": sb.state.hyperstack_contract(contract_id),
        }


def test_an_unknown_contract_is_a_404(sb: Sandbox, http: httpx2.Client) -> None:
    unknown = max(sb.state.hyperstack_contract_ids()) + 1
    for path in (f"/pricebook/contracts/{unknown}", f"/pricebook/contracts/{unknown}/gpu_allocation_graph"):
        response = get(http, sb, path)
        assert response.status_code == 404
        assert response.json() == error(f"Contract {unknown} not found", "not_found")


@pytest.mark.parametrize("contract_id", ["abc", "0", "-3", "1.5", "%20"])
def test_a_malformed_contract_id_is_a_400(sb: Sandbox, http: httpx2.Client, contract_id: str) -> None:
    for suffix in ("", "/gpu_allocation_graph"):
        response = get(http, sb, f"/pricebook/contracts/{contract_id}{suffix}")
        assert response.status_code == 400
        shown = " " if contract_id == "%20" else contract_id
        assert response.json() == error(
            f"contract_id must be a positive integer, got {shown!r}", "invalid_parameter"
        )


def test_other_methods_are_405_and_unknown_paths_404(sb: Sandbox, http: httpx2.Client) -> None:
    response = http.post(
        sb.hyperstack_url + "/pricebook/contracts", headers={"api_key": sb.hyperstack_api_key}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json() == error("Method POST not allowed", "method_not_allowed")
    missing = get(http, sb, "/pricebook/contract")
    assert missing.status_code == 404
    assert missing.json() == error("No route for GET /v1/pricebook/contract", "not_found")


def test_the_seeded_contracts_have_the_real_variety(sb: Sandbox) -> None:
    contracts = sb.state.hyperstack_contracts()
    discounts = [d for c in contracts for d in c["discounts"]]
    assert {d["discount_type"] for d in discounts} == {"flat", "percent"}
    assert any(isinstance(d["discount_percent"], int) and d["discount_percent"] for d in discounts)
    assert any(isinstance(d["discount_percent"], float) for d in discounts)
    assert {c["expiration_policy"] for c in contracts} == {0, 1}
    assert len({c["status"] for c in contracts}) >= 3
    assert any(c["discounts"] == [] for c in contracts)
    assert all(NAIVE.match(c["start_date"]) and NAIVE.match(c["end_date"]) for c in contracts)
    assert any("." in c["created_at"] for c in contracts)  # microseconds now and then
    assert all(d["remaining_count"] <= d["resource_count"] for d in discounts)


# --- the GPU graph -----------------------------------------------------------------------------------

GRANULARITY = [
    ("2026-05-01T00:00:00", "2026-05-02T00:00:00", 3600, 24),
    ("2026-05-01T00:00:00", "2026-05-01T00:30:00", 3600, 1),
    ("2026-05-01T00:00:00", "2026-05-31T23:59:59", 3600, 744),
    ("2026-05-01T00:00:00", "2026-06-01T00:00:00", 3600, 744),
    ("2026-05-01T00:00:00", "2026-06-01T00:00:01", 86400, 32),
    ("2026-01-01T00:00:00", "2027-01-02T00:00:00", 86400, 366),
    ("2026-01-01T00:00:00", "2027-01-03T00:00:00", 604800, 53),
]


@pytest.mark.parametrize("case", GRANULARITY, ids=[f"{c[0]}..{c[1]}" for c in GRANULARITY])
def test_the_graph_has_period_over_granularity_buckets(
    sb: Sandbox, http: httpx2.Client, case: tuple[str, str, int, int]
) -> None:
    start, end, granularity, buckets = case
    contract_id = sb.state.hyperstack_contract_ids()[0]
    response = get(
        http,
        sb,
        f"/pricebook/contracts/{contract_id}/gpu_allocation_graph",
        {"start_date": start, "end_date": end},
    )
    body = response.json()
    contract = body["contract"]
    period = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    assert contract["granularity"] == granularity
    assert (
        len(contract["allocated_gpu_count_graph"])
        == buckets
        == math.ceil(period.total_seconds() / granularity)
    )
    assert contract["id"] == str(contract_id)
    times = [datetime.fromisoformat(point["datetime"]) for point in contract["allocated_gpu_count_graph"]]
    assert times[0] == datetime.fromisoformat(start)
    assert all(b - a == timedelta(seconds=granularity) for a, b in itertools.pairwise(times))
    for point in contract["allocated_gpu_count_graph"]:
        assert NAIVE.match(point["datetime"])
        assert type(point["value"]) is int
        assert 0 <= point["value"] <= contract["total_gpu_allocation"]
    expected = sb.state.gpu_graph(contract_id, datetime.fromisoformat(start), datetime.fromisoformat(end))
    assert body == {"status": True, "message": "Getting GPU allocation graph success", "contract": expected}


def test_the_graph_is_zero_outside_the_contract_and_the_machines_running_inside(
    sb: Sandbox, http: httpx2.Client
) -> None:
    """A bucket's value is the sum of ``gpu_count`` of the contract's machines (as the machines
    operation lists them) running at the bucket's start; nothing before the contract's term."""
    record = next(
        r
        for r in map(sb.state.hyperstack_record, sb.state.hyperstack_contract_ids())
        if r and r.fields["discounts"] and sb.state.hyperstack_machines(r.contract_id)
    )
    before = record.start - timedelta(days=2)
    inside = record.start + timedelta(days=29)
    path = f"/pricebook/contracts/{record.contract_id}/gpu_allocation_graph"
    params = {
        "start_date": before.strftime("%Y-%m-%dT%H:%M:%S"),
        "end_date": inside.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    points = get(http, sb, path, params).json()["contract"]["allocated_gpu_count_graph"]
    machines = get(http, sb, f"/core/virtual-machines/contract/{record.contract_id}/virtual-machines").json()
    runs = [
        (
            datetime.fromisoformat(m["created_at"]),
            datetime.fromisoformat(m["termination_time"]) if "termination_time" in m else record.end,
            m["gpu_count"],
        )
        for m in machines["instances"]
    ]
    times = [datetime.fromisoformat(p["datetime"]) for p in points]
    assert all(p["value"] == 0 for p, t in zip(points, times, strict=True) if t < record.start)
    assert [p["value"] for p in points] == [
        sum(gpus for begin, end, gpus in runs if begin <= t < end) for t in times
    ]
    assert len({p["value"] for p in points}) > 1


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({}, "2026-04-20T13:00:00", "2026-05-20T13:00:00"),  # 30 days up to the clock's hour
        ({"start_date": "2026-01-01T00:00:00"}, "2026-01-01T00:00:00", "2026-01-31T00:00:00"),
        ({"end_date": "2026-01-31T00:00:00"}, "2026-01-01T00:00:00", "2026-01-31T00:00:00"),
    ],
    ids=["no-dates", "start-only", "end-only"],
)
def test_the_default_period_is_thirty_days(
    sb: Sandbox, http: httpx2.Client, params: dict[str, str], start: str, end: str
) -> None:
    contract_id = sb.state.hyperstack_contract_ids()[0]
    contract = get(http, sb, f"/pricebook/contracts/{contract_id}/gpu_allocation_graph", params).json()[
        "contract"
    ]
    points = contract["allocated_gpu_count_graph"]
    assert contract["granularity"] == 3600
    assert len(points) == 720
    assert points[0]["datetime"] == start
    assert points[-1]["datetime"] == (datetime.fromisoformat(end) - timedelta(hours=1)).isoformat()


def test_a_configured_granularity_is_used(sb: Sandbox, http: httpx2.Client) -> None:
    sb.reset(hyperstack_graph_granularity=900)
    contract_id = sb.state.hyperstack_contract_ids()[1]
    params = {"start_date": "2026-05-01T00:00:00", "end_date": "2026-05-01T06:00:00"}
    contract = get(http, sb, f"/pricebook/contracts/{contract_id}/gpu_allocation_graph", params).json()[
        "contract"
    ]
    assert contract["granularity"] == 900
    assert len(contract["allocated_gpu_count_graph"]) == 24


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"start_date": "2026-05-01"},
            "start_date must be formatted as YYYY-MM-DDTHH:MM:SS, got '2026-05-01'",
        ),
        (
            {"start_date": "2026-05-01T00:00:00Z"},
            "start_date must be formatted as YYYY-MM-DDTHH:MM:SS, got '2026-05-01T00:00:00Z'",
        ),
        (
            {"end_date": "2026-05-01T00:00:00.000"},
            "end_date must be formatted as YYYY-MM-DDTHH:MM:SS, got '2026-05-01T00:00:00.000'",
        ),
        (
            {"end_date": "2026-05-01 00:00:00"},
            "end_date must be formatted as YYYY-MM-DDTHH:MM:SS, got '2026-05-01 00:00:00'",
        ),
        ({"start_date": "2026-13-01T00:00:00"}, "start_date is not a valid date-time: '2026-13-01T00:00:00'"),
        ({"start_date": "2026-02-30T00:00:00"}, "start_date is not a valid date-time: '2026-02-30T00:00:00'"),
        (
            {"start_date": "2026-05-02T00:00:00", "end_date": "2026-05-01T00:00:00"},
            "end_date must be later than start_date",
        ),
        (
            {"start_date": "2026-05-01T00:00:00", "end_date": "2026-05-01T00:00:00"},
            "end_date must be later than start_date",
        ),
        (
            {"start_date": "2000-01-01T00:00:00", "end_date": "2026-05-01T00:00:00"},
            "the date range is too long for one graph",
        ),
    ],
)
def test_malformed_graph_dates_are_a_400(
    sb: Sandbox, http: httpx2.Client, params: dict[str, str], message: str
) -> None:
    contract_id = sb.state.hyperstack_contract_ids()[0]
    response = get(http, sb, f"/pricebook/contracts/{contract_id}/gpu_allocation_graph", params)
    assert response.status_code == 400
    assert response.json() == error(message, "invalid_parameter")


def test_a_default_bound_past_year_9999_is_a_400_not_a_crash(sb: Sandbox, http: httpx2.Client) -> None:
    contract_id = sb.state.hyperstack_contract_ids()[0]
    response = get(
        http,
        sb,
        f"/pricebook/contracts/{contract_id}/gpu_allocation_graph",
        {"start_date": "9999-12-31T00:00:00"},
    )
    assert response.status_code == 400
    assert response.json() == error("the date range is out of bounds", "invalid_parameter")
