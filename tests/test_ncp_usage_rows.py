"""``iter_usage_rows``: every usage record of a period once, as a flat row, however many three-month
windows the period spans (``iter_contract_usage`` yields a contract once per window it has usage in)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from support.fixtures import sandbox_data

from cloudcontracts import AsyncNcloudBilling, NcloudBilling
from cloudcontracts.exports.ncp_rows import NCP_USAGE_COLUMNS
from cloudcontracts.sandbox import Sandbox

START, END = "202401", "202406"  # two windows


pytestmark = sandbox_data(seed=7, ncp_contracts=60)


Key = tuple[str, str, str, str]


def _usage_records(sb: Sandbox) -> Counter[Key]:
    """(contract, product sequence, month, metering type) of every usage record the sandbox answers
    for the period, window by window."""
    records: Counter[Key] = Counter()
    for window in (("202401", "202403"), ("202404", "202406")):
        for contract in sb.state.ncp_contracts(*window):
            for product in contract.get("contractProductList") or []:
                for usage in product.get("usageList") or []:
                    key = (contract["contractNo"], product["contractProductSequence"], usage["useMonth"])
                    records[(*key, usage["meteringType"]["code"])] += 1
    return records


def _keys(rows: list[dict[str, Any]]) -> Counter[Key]:
    """The same key for each row that carries a usage record (a product without usage in a window
    still gives one row, with the usage columns empty; an empty ``useMonth`` reads as absent)."""
    return Counter(
        (
            row["contract_no"],
            row["contract_product_sequence"],
            row["use_month"] or "",
            row["metering_type_code"],
        )
        for row in rows
        if row["metering_type_code"] is not None
    )


def test_each_usage_record_once_while_contracts_repeat_per_window(sb: Sandbox) -> None:
    with NcloudBilling(sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url) as billing:
        contracts = [c.contract_no for c in billing.iter_contract_usage(START, END)]
        rows = list(billing.iter_usage_rows(START, END, page_size=25))
    expected = _usage_records(sb)
    assert expected and _keys(rows) == expected
    assert max(Counter(contracts).values()) == 2  # the same contract in both windows
    assert list(rows[0]) == [column.name for column in NCP_USAGE_COLUMNS]


def test_async_rows_are_the_sync_rows(sb: Sandbox) -> None:
    with NcloudBilling(sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url) as billing:
        sync_rows = list(billing.iter_usage_rows(START, END, page_size=25))

    async def run() -> list[dict[str, Any]]:
        async with AsyncNcloudBilling(
            sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url
        ) as billing:
            return [row async for row in billing.iter_usage_rows(START, END, page_size=25)]

    assert asyncio.run(run()) == sync_rows


def test_filters_are_checked_before_any_request(sb: Sandbox) -> None:
    with (
        NcloudBilling(sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url) as billing,
        pytest.raises(ValueError, match="no parameter 'regoin_code'"),
    ):
        billing.iter_usage_rows(START, END, regoin_code="KR")
    assert sb.faults.history == []
