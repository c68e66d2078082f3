"""Hyperstack's billing operations: reachable with no per-operation code, paged by the generic pager, and
the sandbox's money consistent with its contracts, machines, GPU graph and pricebook."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest

from cloudcontracts import AsyncHyperstackContracts, HyperstackContracts
from cloudcontracts.core.operations import operation
from cloudcontracts.errors import NotFoundError, ResponseDecodeError
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.hyperstack_money import FLAVOR_GPUS, FLAVOR_PRICES, contract_price
from cloudcontracts.sandbox.seeding import SEEDED_AS_OF
from cloudcontracts.specs import openapi_document

APRIL = ("2026-04-01T00:00:00", "2026-05-01T00:00:00")
NAIVE_APRIL = (datetime(2026, 4, 1), datetime(2026, 5, 1))


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=0) as sandbox:
        yield sandbox


@pytest.fixture
def hs(sb: Sandbox) -> Iterator[HyperstackContracts]:
    with HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
        yield client


def _schema(name: str) -> dict[str, Any]:
    return openapi_document("hyperstack")["components"]["schemas"][name]  # type: ignore[no-any-return]


# --- the document and the generic pager -------------------------------------------------------------


def test_the_billing_history_pages_by_convention_along_the_documents_nested_list() -> None:
    paging = operation("hyperstack", "get_vm_billing_history").paging
    assert paging is not None
    # The walk the convention makes of the document: the one object, then its one array of objects.
    response = _schema("ResourceLevelVmBillingHistoryResponseModel")["properties"]
    history = _schema("ResourceLevelBillingHistory")["properties"]
    assert response["billing_history_vm"]["$ref"].endswith("/ResourceLevelBillingHistory")
    assert history["billing_history"]["type"] == "array" and history["total_count"]["type"] == "integer"
    assert paging.style == "pages"
    assert paging.items_path == ("billing_history_vm", "billing_history")
    assert paging.total_path == ("billing_history_vm", "total_count")
    assert (paging.page_param, paging.size_param) == ("page", "per_page")


def test_no_property_of_the_new_schemas_is_required() -> None:
    for name in (
        "ResourceLevelVmBillingHistoryResponseModel",
        "ResourceLevelBillingHistory",
        "ResourceLevelBillingHistoryResources",
        "ResourceLevelBillingHistoryResponseAttributes",
        "ResourceLevelBillingHistoryResponseMetrics",
        "PaginationData",
        "ContractInstancesResponse",
        "ContractInstanceFields",
        "PricebookModel",
    ):
        assert "required" not in _schema(name), name
    dates = ("created_at", "termination_time")
    fields = _schema("ContractInstanceFields")["properties"]
    assert all(fields[d]["$ref"].endswith("/HyperstackDateTime") for d in dates)
    book = _schema("PricebookModel")["properties"]
    assert all(book[d]["$ref"].endswith("/HyperstackDateTime") for d in ("start_time", "end_time"))


@pytest.mark.parametrize("per_page", [1, 7, 100])
def test_iter_items_walks_every_page_of_the_billing_history(
    sb: Sandbox, hs: HyperstackContracts, per_page: int
) -> None:
    expected = sb.state.hyperstack_billing_history(*NAIVE_APRIL)
    assert len(expected) == 113
    items = list(
        hs.iter_items("get_vm_billing_history", start_date=APRIL[0], end_date=APRIL[1], per_page=per_page)
    )
    assert [item.to_dict() for item in items] == expected
    pages = list(
        hs.iter_pages("get_vm_billing_history", start_date=APRIL[0], end_date=APRIL[1], per_page=per_page)
    )
    assert len(pages) == -(-113 // per_page)
    assert {page.total for page in pages} == {113}
    assert pages[-1].body.billing_history_vm.pagination.page == len(pages)


def test_the_shortcuts_are_the_same_calls(sb: Sandbox, hs: HyperstackContracts) -> None:
    start, end = (datetime.fromisoformat(t).replace(tzinfo=UTC) for t in APRIL)
    assert [e.to_dict() for e in hs.iter_vm_billing(start, end, per_page=9)] == (
        sb.state.hyperstack_billing_history(*NAIVE_APRIL)
    )
    assert [m.to_dict() for m in hs.contract_machines(115)] == sb.state.hyperstack_machines(115)
    assert hs.call("list_contract_virtual_machines", contract_id=115).to_dict()["instances"] == (
        sb.state.hyperstack_machines(115)
    )
    assert [p.to_dict() for p in hs.pricebook()] == sb.state.hyperstack_pricebook()
    assert [p.to_dict() for p in hs.call("list_pricebook")] == sb.state.hyperstack_pricebook()
    searched = list(hs.iter_vm_billing(start, end, search="ctr110-"))
    assert {getattr(e.attributes, "contract_id", None) for e in searched} == {110}
    assert len(searched) == 3


def test_the_async_client_walks_the_same_history(sb: Sandbox) -> None:
    async def pull() -> tuple[list[Any], list[Any], list[Any]]:
        async with AsyncHyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
            entries = [e async for e in client.iter_vm_billing(*APRIL, per_page=10, concurrency=3)]
            return entries, await client.contract_machines(110), await client.pricebook()

    entries, machines, prices = asyncio.run(pull())
    assert [e.to_dict() for e in entries] == sb.state.hyperstack_billing_history(*NAIVE_APRIL)
    assert [m.to_dict() for m in machines] == sb.state.hyperstack_machines(110)
    assert len(prices) == len(FLAVOR_PRICES)


def test_the_billing_history_needs_both_ends_of_its_period(hs: HyperstackContracts) -> None:
    with pytest.raises(ValueError, match="both start and end"):
        hs.iter_vm_billing("2026-04-01", None)  # type: ignore[arg-type]


def test_a_pricebook_that_is_not_an_array_is_a_decode_error() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json={"status": True, "pricebook": []})

    with (
        HyperstackContracts("k", transport=httpx2.MockTransport(handler), max_retries=0) as client,
        pytest.raises(ResponseDecodeError, match="expected a JSON array"),
    ):
        client.pricebook()


def test_a_pricebook_array_with_unknown_fields_keeps_them() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == "/v1/pricebook"
        return httpx2.Response(200, json=[{"name": "n3-H100x1", "value": 2, "region": "NORWAY-1"}])

    with HyperstackContracts("k", transport=httpx2.MockTransport(handler), max_retries=0) as client:
        (price,) = client.pricebook()
    assert (price.name, price.value, price.additional_properties) == ("n3-H100x1", 2, {"region": "NORWAY-1"})


# --- the sandbox's money is one consistent world ------------------------------------------------------


def test_every_billed_machine_runs_under_a_seeded_contract_with_a_plan_for_its_flavour(sb: Sandbox) -> None:
    state = sb.state
    money = state.hyperstack_money
    contract_ids = set(state.hyperstack_contract_ids())
    under_contract = [m for m in money.machines if m.contract_id]
    assert len(under_contract) > 1000 and len(money.machines) - len(under_contract) == 6  # on demand
    for machine in under_contract:
        assert machine.contract_id in contract_ids
        record = state.hyperstack_record(machine.contract_id)
        assert record is not None
        plans = [d for d in record.fields["discounts"] if d["resource_name"] == machine.flavor]
        assert plans, machine
        assert machine.price_per_hour in {contract_price(plan) for plan in plans}
        assert record.start <= machine.start < machine.stop <= record.end
        assert machine.start.minute == machine.stop.minute == 0  # whole hours


def test_incurred_bills_are_price_times_hours_and_the_pricebook_has_every_flavour(sb: Sandbox) -> None:
    names = {p["name"] for p in sb.state.hyperstack_pricebook()}
    assert names == set(FLAVOR_GPUS) == set(FLAVOR_PRICES)
    entries = sb.state.hyperstack_billing_history(*NAIVE_APRIL)
    for entry in entries:
        metrics = entry["metrics"]
        assert metrics["incurred_bill"] == round(metrics["price_per_hour"] * metrics["usage_time"], 4)
    # A percent plan takes its percentage off the list price; a flat plan its amount per hour, never
    # below half the list price; an inactive plan's machines pay the list price.
    by_id = {c: sb.state.hyperstack_record(c) for c in (110, 115, 131)}
    percent, flat = by_id[131].fields["discounts"]  # type: ignore[union-attr]
    assert (percent["discount_type"], percent["discount_percent"], flat["discount_amount"]) == (
        "percent",
        15,
        2.28,
    )
    assert contract_price(percent) == 1.615  # 1.90 less 15 %
    assert contract_price(flat) == 0.675  # 1.35 less 2.28 is below half of 1.35
    (capped,) = by_id[110].fields["discounts"]  # type: ignore[union-attr]
    assert (capped["discount_type"], capped["discount_amount"], contract_price(capped)) == ("flat", 2, 0.95)
    inactive = by_id[115].fields["discounts"][0]  # type: ignore[union-attr]
    assert inactive["discount_status"] == "inactive"
    assert contract_price(inactive) == FLAVOR_PRICES[inactive["resource_name"]][0]


def test_a_plan_never_runs_more_machines_than_it_reserved(sb: Sandbox) -> None:
    state = sb.state
    for contract_id in state.hyperstack_contract_ids():
        record = state.hyperstack_record(contract_id)
        assert record is not None
        reserved: dict[str, int] = {}
        for plan in record.fields["discounts"]:
            reserved[plan["resource_name"]] = reserved.get(plan["resource_name"], 0) + plan["resource_count"]
        machines = state.hyperstack_money.contract_machines(contract_id)
        for machine in machines:
            running = [
                m for m in machines if m.flavor == machine.flavor and m.start <= machine.start < m.stop
            ]
            assert len(running) <= reserved[machine.flavor]


def test_the_graph_is_the_sum_of_the_listed_machines_running_then(
    sb: Sandbox, hs: HyperstackContracts
) -> None:
    machines = hs.contract_machines(131)
    graph = hs.gpu_allocation_graph(131, start="2026-04-01", end="2026-04-08")
    assert graph.granularity == 3600
    assert isinstance(graph.allocated_gpu_count_graph, list)
    for bucket in graph.allocated_gpu_count_graph:
        moment = bucket.datetime_
        assert isinstance(moment, datetime)
        running = 0
        for machine in machines:
            created = machine.created_at
            assert isinstance(created, datetime)
            ended = machine.termination_time
            stop = ended if isinstance(ended, datetime) else None
            if created <= moment and (stop is None or moment < stop):
                assert isinstance(machine.gpu_count, int)
                running += machine.gpu_count
        assert bucket.value == running


def test_machines_running_at_the_seeded_now_have_no_termination_time(sb: Sandbox) -> None:
    instances = sb.state.hyperstack_machines(131)
    assert instances is not None
    running = [m for m in instances if "termination_time" not in m]
    assert running and all(m["status"] == "ACTIVE" for m in running)
    as_of = SEEDED_AS_OF
    for machine in instances:
        created = datetime.fromisoformat(machine["created_at"])
        assert created <= as_of
        if "termination_time" in machine:
            ran = datetime.fromisoformat(machine["termination_time"]) - created
        else:
            ran = as_of - created
        assert machine["total_usage_time"] == ran // timedelta(seconds=1)


def test_an_unknown_contract_has_no_machines(sb: Sandbox, hs: HyperstackContracts) -> None:
    with pytest.raises(NotFoundError):
        hs.contract_machines(99)
