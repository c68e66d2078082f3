# ruff: noqa: S608 -- SQL over the test's own table names
"""Helpers for the data set tests: sandbox accounts, and the expected values read from the sandbox."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudcontracts.dataset import (
    Account,
    Month,
    Resource,
    hyperstack_billing,
    hyperstack_contracts,
    month_range,
    ncp_usage,
)
from cloudcontracts.hyperstack.client import HyperstackContracts
from cloudcontracts.hyperstack.timestamps import parse_hyperstack_datetime
from cloudcontracts.ncloud.client import NcloudBilling
from cloudcontracts.sandbox import Sandbox

TODAY = Month.parse("2024-05")  # the sandbox's usage ends 202404: May is the month being synced in
SINCE = Month.parse("2023-10")  # one month before its first month of usage (an empty month)
NCP_PAGE = 10  # small pages, so months take several
HS_PAGE = 7


def resources() -> list[Resource]:
    return [ncp_usage(page_size=NCP_PAGE), hyperstack_contracts(per_page=HS_PAGE)]


def accounts(sb: Sandbox, *, max_retries: int = 2) -> list[Account]:
    """Two NCP accounts (the master member, and the others) and one Hyperstack account."""
    members = list(sb.state.ncp_members)

    def ncp() -> NcloudBilling:
        return NcloudBilling(
            sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url, max_retries=max_retries
        )

    def hyperstack() -> HyperstackContracts:
        return HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url, max_retries=max_retries)

    return [
        Account("ncloud", "master", ncp, {"member_no_list": members[:1]}),
        Account("ncloud", "members", ncp, {"member_no_list": members[1:]}),
        Account("hyperstack", "main", hyperstack),
    ]


def _members(sb: Sandbox, account: str) -> list[str]:
    members = list(sb.state.ncp_members)
    return members[:1] if account == "master" else members[1:]


def ncp_expected(sb: Sandbox, account: str, month: Month) -> tuple[int, float, int]:
    """(usage records, sum of usageQuantity, pages) the sandbox serves for one account and month."""
    contracts = sb.state.ncp_contracts(month.compact, month.compact, member_nos=_members(sb, account))
    usages = [u for c in contracts for p in c["contractProductList"] for u in p["usageList"]]
    pages = max(1, math.ceil(len(contracts) / NCP_PAGE))
    return len(usages), sum(u["usageQuantity"] for u in usages), pages


def hyperstack_expected(sb: Sandbox) -> tuple[int, int]:
    """(rows: one per contract x discount plan, at least one per contract; pages)."""
    contracts = sb.state.hyperstack_contracts()
    rows = sum(max(1, len(c["discounts"])) for c in contracts)
    # A full last page needs one more (empty) page to prove the end.
    return rows, len(contracts) // HS_PAGE + 1


def planned_pages(sb: Sandbox, months: Sequence[Month]) -> list[tuple[str, str, int]]:
    """(account, month, pages) of every unit in the engine's order, for the given NCP months."""
    units = []
    for account in ("master", "members"):
        for month in months:
            units.append((account, month.key, ncp_expected(sb, account, month)[2]))
    units.append(("main", TODAY.key, hyperstack_expected(sb)[1]))
    return units


def all_months() -> list[Month]:
    return month_range(SINCE, TODAY)


def open_months() -> list[Month]:
    return month_range(TODAY.shifted(-2), TODAY)


def bill_open(
    sb: Sandbox, month: Month, members: Sequence[str] | None = None, *, today: Month = TODAY
) -> bool:
    """Whether ``ncp_billing`` keeps ``month`` open (fetched again by the next sync), from the sandbox's
    invoices: the current month always; a month with invoices until every one has its writeDate; a month
    without any after two complete months, as usage."""
    if month.ordinal >= today.ordinal:
        return True
    invoices = sb.state.ncp_demand_costs(month.compact, month.compact, member_nos=members)
    if not invoices:
        return month.ordinal >= today.ordinal - 2
    return not all(invoice.get("writeDate") for invoice in invoices)


def ncp_billing_expected(
    sb: Sandbox, month: Month, members: Sequence[str] | None = None
) -> dict[str, tuple[int, float]]:
    """(rows, sum) per table of ``ncp_billing`` for one month, from what the sandbox serves: usage
    records and their usageQuantity; cost rows and their demandAmount; invoices and their
    thisMonthDemandAmount; FOCUS rows (one per cost row, plus each usage record no cost row covers) and
    their BilledCost."""
    compact = month.compact
    contracts = sb.state.ncp_contracts(compact, compact, member_nos=members)
    usages = [
        (c["contractNo"], p["contractProductSequence"], u)
        for c in contracts
        for p in c["contractProductList"]
        for u in p["usageList"]
    ]
    costs = sb.state.ncp_contract_demand_costs(compact, compact, member_nos=members)
    invoices = sb.state.ncp_demand_costs(compact, compact, member_nos=members)
    billed = {
        (cost["contract"]["contractNo"], product["contractProductSequence"], cost["demandMonth"])
        for cost in costs
        for product in cost["contract"]["contractProductList"]
    }
    products = {(contract, sequence) for contract, sequence, _ in billed}
    # A record with an empty useMonth is covered by a cost row of its contract product in any month.
    uncovered = [
        u
        for contract, sequence, u in usages
        if (contract, sequence, u["useMonth"]) not in billed
        and not (not u["useMonth"] and (contract, sequence) in products)
    ]
    demand = sum(cost["demandAmount"] for cost in costs)
    return {
        "ncp_usage": (len(usages), sum(u["usageQuantity"] for _, _, u in usages)),
        "ncp_contract_costs": (len(costs), demand),
        "ncp_invoices": (len(invoices), sum(i["thisMonthDemandAmount"] for i in invoices)),
        "focus": (len(costs) + len(uncovered), demand),
    }


def requests(sb: Sandbox) -> int:
    return len(sb.faults.history)


def per_month(con: Any, table: str, quantity: str) -> dict[tuple[str, str], tuple[int, float]]:
    rows = con.execute(
        f'SELECT account, month, count(*), coalesce(sum("{quantity}"), 0) FROM {table} '
        "WHERE provider = 'ncloud' GROUP BY ALL"
    ).fetchall()
    return {(a, m): (n, q) for a, m, n, q in rows}


# --- Hyperstack billing (``hyperstack_billing``): the sandbox bills machines from 2024 to 2028 -------------

HS_BILLING_SINCE = Month.parse("2026-01")
HS_BILLING_TODAY = Month.parse("2026-05")  # the sandbox's "now" (SEEDED_AS_OF) is 2026-05-01
HS_BILLING_PAGE = 25  # several pages a month; contracts are walked at the same size


@dataclass(frozen=True)
class HyperstackBillingMonth:
    """What the sandbox serves for one month of ``hyperstack_billing``, asked as the resource asks."""

    entries: list[dict[str, Any]]
    purchases: int  # FOCUS Purchase rows: discount plans of the contracts whose term meets the month
    billing_pages: int
    requests: (
        int  # billing pages, contract pages, one machines call per billed contract with plans, pricebook
    )

    @property
    def billed(self) -> float:
        return math.fsum(entry["metrics"]["incurred_bill"] for entry in self.entries)


def hyperstack_period(month: Month) -> tuple[datetime, datetime]:
    """The naive UTC bounds the resource sends for ``month``, read back from its own query."""
    query = hyperstack_billing().query(month)
    return datetime.fromisoformat(str(query["start_date"])), datetime.fromisoformat(str(query["end_date"]))


def hyperstack_billing_expected(
    sb: Sandbox, month: Month, per_page: int = HS_BILLING_PAGE
) -> HyperstackBillingMonth:
    start, end = hyperstack_period(month)
    entries = sb.state.hyperstack_billing_history(start, end)
    contracts = sb.state.hyperstack_contracts()
    first, after = month.first_instant, month.next_instant
    purchases = 0
    for contract in contracts:
        begins = parse_hyperstack_datetime(contract["start_date"])
        ends = parse_hyperstack_datetime(contract["end_date"])
        if max(first, begins) < min(after, ends):
            purchases += len(contract["discounts"])
    billed = {entry["attributes"]["contract_id"] for entry in entries}
    machine_calls = sum(1 for c in contracts if c["id"] in billed and c["discounts"])
    # A full last page needs one more (empty) page to prove the end.
    billing_pages = len(entries) // per_page + 1
    contract_pages = len(contracts) // per_page + 1
    return HyperstackBillingMonth(
        entries, purchases, billing_pages, billing_pages + contract_pages + machine_calls + 1
    )


def billing_requests(sb: Sandbox) -> int:
    return sum(1 for operation, _ in sb.faults.history if operation == "get_vm_billing_history")
