"""NCP money end to end against the sandbox: the two cost operations through the generic pager (sync and
async, XML and JSON), the sandbox's money adding up, the FOCUS export joining usage and cost (exact sums
per invoice), the usage-only export for a key without the cost permission, and the two CLI commands."""

from __future__ import annotations

import asyncio
import csv
import io
from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from support.cli_support import SEED as CLI_SEED
from support.cli_support import Runner
from support.fixtures import sandbox_data
from support.narrowing import of_type

from cloudcontracts import AsyncNcloudBilling, NcloudBilling
from cloudcontracts.core.operations import operation
from cloudcontracts.exports import FOCUS_COLUMNS, FOCUS_MAPPING
from cloudcontracts.exports.focus import focus_rows_from_ncp
from cloudcontracts.exports.focus_ncp_export import ncp_focus_rows
from cloudcontracts.exports.ncp_money_rows import NCP_CONTRACT_COST_COLUMNS, NCP_INVOICE_COLUMNS
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.credentials import SandboxCredentials
from ncloud_billing_client.models import Contract, ContractDemandCost, DemandCost

SEED = 5
COSTS = "getContractDemandCostList"
INVOICES = "getDemandCostList"
COST_COLUMNS = [m.column.name for m in FOCUS_MAPPING if m.column.name.endswith("Cost")]
DENIED = SandboxCredentials(ncp_denied_operations=frozenset({COSTS, INVOICES}))


pytestmark = sandbox_data(seed=SEED)


def _period(sandbox: Sandbox) -> tuple[str, str]:
    months = sandbox.state.ncp_months
    return months[0], months[-1]


def _client(sandbox: Sandbox, response_format: str = "json") -> NcloudBilling:
    return NcloudBilling(
        sandbox.ncp_access_key,
        sandbox.ncp_secret_key,
        base_url=sandbox.ncloud_url,
        response_format=response_format,  # type: ignore[arg-type]
    )


def test_the_cost_operations_page_by_convention() -> None:
    for operation_id, key in ((COSTS, None), (INVOICES, ("demand_no",))):
        paging = operation("ncloud-billing", operation_id).paging
        assert paging is not None
        assert (paging.style, paging.months, paging.max_size, paging.item_key) == ("ncp", True, 1000, key)


@pytest.mark.parametrize("response_format", ["json", "xml"])
@pytest.mark.parametrize("operation_id", [COSTS, INVOICES])
def test_iter_items_returns_exactly_the_sandbox_rows_sync_and_async(
    sb: Sandbox, operation_id: str, response_format: str
) -> None:
    first, last = _period(sb)  # six months: two three-month windows
    state = sb.state
    expected = (
        state.ncp_contract_demand_costs(first, last)
        if operation_id == COSTS
        else state.ncp_demand_costs(first, last)
    )
    with _client(sb, response_format) as billing:
        synced = [
            item.to_dict()
            for item in billing.iter_items(operation_id, start_month=first, end_month=last, page_size=7)
        ]
    assert synced == expected
    assert len(expected) > 7 * 2  # several pages per window

    async def pull() -> list[dict[str, Any]]:
        async with AsyncNcloudBilling(
            sb.ncp_access_key,
            sb.ncp_secret_key,
            base_url=sb.ncloud_url,
            response_format=response_format,  # type: ignore[arg-type]
        ) as billing:
            items: AsyncIterator[ContractDemandCost | DemandCost]
            if operation_id == COSTS:
                items = billing.iter_contract_demand_costs(first, last, page_size=5)
            else:
                items = billing.iter_demand_costs(first, last, page_size=2)
            return [item.to_dict() async for item in items]

    assert asyncio.run(pull()) == expected


def test_the_named_shortcuts_send_filters_the_document_declares(sb: Sandbox) -> None:
    first, last = _period(sb)
    member = sb.state.ncp_members[1]
    with _client(sb, "xml") as billing:
        rows = list(
            billing.iter_contract_demand_costs(first, last, member_no_list=[member], region_code="KR")
        )
        invoices = list(billing.iter_demand_costs(first, last, member_no_list=[member]))
    expected = sb.state.ncp_contract_demand_costs(first, last, member_nos=[member], region_code="KR")
    assert [row.to_dict() for row in rows] == expected
    assert {row.member_no for row in rows} == {member} == {invoice.member_no for invoice in invoices}


def test_contract_costs_add_up_to_each_invoice_and_describe_the_usage(sb: Sandbox) -> None:
    first, last = _period(sb)
    state = sb.state
    costs = state.ncp_contract_demand_costs(first, last)
    invoices = state.ncp_demand_costs(first, last)
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in costs:
        total = sums[(row["memberNo"], row["demandMonth"])]
        for name in ("useAmount", "promiseDiscountAmount", "promotionDiscountAmount", "demandAmount"):
            total[name] += row[name]
        assert row["demandAmount"] == (
            row["useAmount"]
            - row["promiseDiscountAmount"]
            - row["promotionDiscountAmount"]
            - row["etcDiscountAmount"]
            - row["memberPriceDiscountAmount"]
            - row["memberPromiseDiscountAddAmount"]
            + row["defaultAmount"]
        )
    assert len(invoices) == len(sums)
    for invoice in invoices:
        total = sums[(invoice["memberNo"], invoice["demandMonth"])]
        assert invoice["useAmount"] == total["useAmount"]
        assert invoice["promiseDiscountAmount"] == total["promiseDiscountAmount"]
        assert invoice["thisMonthDemandAmount"] == total["demandAmount"]
        vat = int(Decimal(invoice["thisMonthDemandAmount"]) / 10)
        assert invoice["thisMonthVatAmount"] == vat
        assert invoice["thisMonthAmountIncludingVat"] == invoice["thisMonthDemandAmount"] + vat
    # The same contracts, members and months as the usage (contract x product x month, one row each).
    usage = {
        (contract["contractNo"], product["contractProductSequence"], month)
        for month in state.ncp_months
        for contract in state.ncp_contracts(month, month)
        for product in contract["contractProductList"]
    }
    billed = {
        (
            row["contract"]["contractNo"],
            row["contract"]["contractProductList"][0]["contractProductSequence"],
            row["demandMonth"],
        )
        for row in costs
    }
    assert billed == usage
    assert len(costs) == len(usage)
    assert {row["memberNo"] for row in costs} <= set(state.ncp_members)


def test_months_are_closed_but_the_last_and_older_rows_have_no_currency(sb: Sandbox) -> None:
    first, last = _period(sb)
    costs = sb.state.ncp_contract_demand_costs(first, last)
    invoices = sb.state.ncp_demand_costs(first, last)
    for row in (*costs, *invoices):
        assert ("writeDate" in row) == (row["demandMonth"] != last)
    assert all(not invoice["isPaidUp"] for invoice in invoices if invoice["demandMonth"] == last)
    newer = set(sb.state.ncp_months[-3:])
    for row in (*costs, *invoices):
        assert ("payCurrency" in row) == (row["demandMonth"] in newer)
    assert any("payCurrency" not in row for row in costs)
    assert any("under100DiscountAmount" in row for row in invoices)
    assert any("rounddownDiscountAmount" in row for row in invoices)


def test_the_focus_export_bills_exactly_each_invoice(sb: Sandbox) -> None:
    first, last = _period(sb)
    warnings: list[str] = []
    with _client(sb) as billing:
        rows = list(ncp_focus_rows(billing, first, last, warn=warnings.append))
    assert warnings == []
    invoices = sb.state.ncp_demand_costs(first, last)
    billed: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        assert isinstance(row["InvoiceId"], str)
        billed[row["InvoiceId"]] += Decimal(str(row["BilledCost"]))
    assert billed == {invoice["demandNo"]: Decimal(invoice["thisMonthDemandAmount"]) for invoice in invoices}
    costs = sb.state.ncp_contract_demand_costs(first, last)
    assert len(rows) == len(costs)
    assert sum(Decimal(str(row["ListCost"])) for row in rows) == sum(Decimal(c["useAmount"]) for c in costs)
    assert {row["BillingCurrency"] for row in rows} == {"KRW"}
    assert {(row["InvoiceIssuerName"], row["PublisherName"], row["ProviderName"]) for row in rows} == {
        ("NAVER Cloud", "NAVER Cloud", "NAVER Cloud")
    }
    assert {row["BillingAccountId"] for row in rows} == {c["memberNo"] for c in costs}
    assert all(row["SubAccountId"] is None for row in rows)  # the account's own view: no sub accounts
    assert all(row["ContractedCost"] >= row["EffectiveCost"] for row in rows)  # type: ignore[operator]
    # Joined with usage on contract, product and month: every usage record with a month is behind a charge.
    records = sum(
        1
        for c in sb.state.ncp_contracts(first, last)
        for p in c["contractProductList"]
        for u in p["usageList"]
        if u["useMonth"]
    )
    assert sum(of_type(int, row["x_UsageRecords"] or 0) for row in rows) == records


def test_the_organisation_view_makes_members_sub_accounts(sb: Sandbox) -> None:
    first, _ = _period(sb)
    with _client(sb) as billing:
        rows = list(ncp_focus_rows(billing, first, first, warn=pytest.fail, is_organization=True))
    assert rows
    assert all(row["SubAccountId"] == row["BillingAccountId"] for row in rows)
    assert {row["SubAccountType"] for row in rows} == {"Organization Member"}


def test_the_cost_export_keeps_every_promise_the_mapping_makes(sb: Sandbox) -> None:
    first, last = _period(sb)
    with _client(sb) as billing:
        rows = list(ncp_focus_rows(billing, first, last, warn=pytest.fail))
        rows += list(ncp_focus_rows(billing, first, last, warn=pytest.fail, is_partner=True))
    for mapping in FOCUS_MAPPING:
        values = [row[mapping.column.name] for row in rows]
        if mapping.ncp_cost.level in ("unavailable", "not applicable"):
            assert values == [None] * len(rows), mapping.column.name
        else:
            assert any(v is not None for v in values), mapping.column.name


def test_a_key_without_the_cost_permission_gets_usage_only_and_one_warning() -> None:
    with Sandbox(seed=SEED, credentials=DENIED) as denied:
        first, last = _period(denied)
        warnings: list[str] = []
        with _client(denied) as billing:
            rows = list(ncp_focus_rows(billing, first, last, warn=warnings.append))
        usage = [
            *(Contract.from_dict(c) for c in denied.state.ncp_contracts(first, "202401")),
            *(Contract.from_dict(c) for c in denied.state.ncp_contracts("202402", last)),
        ]
    assert len(warnings) == 1
    assert "HTTP 401 permission denied (code 210)" in warnings[0]
    assert rows == list(focus_rows_from_ncp(usage))
    for name in [*COST_COLUMNS, "InvoiceId", "BillingCurrency", "ListUnitPrice"]:
        assert {row[name] for row in rows} == {None}, name


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@sandbox_data(**CLI_SEED)
def test_cli_costs_and_invoices_are_the_sandbox_rows(run: Runner, sb: Sandbox) -> None:
    months = ("--start-month", "2024-02", "--end-month", "2024-04")
    costs = run("ncloud", "costs", *months, "-o", "csv")
    assert costs.exit_code == 0, costs.stderr
    rows = _csv(costs.stdout)
    expected = sb.state.ncp_contract_demand_costs("202402", "202404")
    assert list(rows[0]) == [c.name for c in NCP_CONTRACT_COST_COLUMNS]
    assert [(r["contract_no"], r["demand_month"], r["demand_amount"]) for r in rows] == [
        (c["contract"]["contractNo"], c["demandMonth"], str(c["demandAmount"])) for c in expected
    ]
    invoices = run("ncloud", "invoices", *months, "-o", "jsonl", "--format", "xml")
    assert invoices.exit_code == 0, invoices.stderr
    lines = invoices.stdout.splitlines()
    assert len(lines) == len(sb.state.ncp_demand_costs("202402", "202404"))
    assert '"demand_no":' in lines[0] and len(NCP_INVOICE_COLUMNS) > 30
    focus = run("ncloud", "costs", *months, "-o", "focus-csv")
    assert focus.exit_code == 0, focus.stderr
    assert focus.stderr == ""
    focus_rows = _csv(focus.stdout)
    assert list(focus_rows[0]) == [c.name for c in FOCUS_COLUMNS]
    assert len(focus_rows) == len(expected)


def test_cli_costs_as_focus_without_the_cost_permission_warns_once(tmp_path: Any) -> None:
    with Sandbox(seed=SEED, credentials=DENIED) as denied:
        result = Runner(denied, tmp_path / "home")(
            "ncloud", "costs", "--start-month", "2024-02", "--end-month", "2024-04", "-o", "focus-csv"
        )
        usage = [Contract.from_dict(c) for c in denied.state.ncp_contracts("202402", "202404")]
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("warning: NCP cost not exported: the cost call answered HTTP 401")
    rows = _csv(result.stdout)
    assert len(rows) == len(list(focus_rows_from_ncp(usage)))
    assert {row["BilledCost"] for row in rows} == {""}
