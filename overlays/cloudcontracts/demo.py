"""The main job, end to end, against the embedded sandbox: ``make demo`` / ``python -m cloudcontracts.demo``.

It starts :class:`cloudcontracts.sandbox.Sandbox` in-process on 127.0.0.1 (no credentials, no network),
then, through the overlay exactly as a user would call it:

1. lists every Hyperstack contract (auto-pagination) as a table;
2. reads one contract's details and draws its GPU allocation as a terminal chart, then shows what the
   contract cost and how much of its commitment was used over the same period (VM billing history,
   machines, :mod:`cloudcontracts.hyperstack.utilisation`);
3. pulls three months of NCP contract usage once as XML (the API's default) and once as JSON, and
   confirms that both decode to identical typed models;
4. syncs both providers into a temporary DuckDB file (``cloudcontracts sync``'s engine: NCP usage and
   cost, Hyperstack contracts and VM billing) and prints one query over its FOCUS table: what each
   provider billed per month, in its currency.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cloudcontracts.hyperstack.client import HyperstackContracts, graph_period
from cloudcontracts.hyperstack.timestamps import format_query_datetime
from cloudcontracts.hyperstack.utilisation import contract_utilisation
from cloudcontracts.ncloud.client import NcloudBilling
from cloudcontracts.plot import render_terminal
from cloudcontracts.retry import RetryPolicy
from ncloud_billing_client.models import Contract as NcpContract

if TYPE_CHECKING:
    from cloudcontracts.sandbox import Sandbox

__all__ = ["main", "run_demo"]


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _utc(value: object) -> object:
    """A model's date-time (aware UTC) as Hyperstack writes it, ``2026-05-01T00:00:00``."""
    return format_query_datetime(value) if isinstance(value, datetime) else value


def _usage_rows(contracts: Sequence[NcpContract]) -> int:
    return sum(len(u.usage_list or []) for c in contracts for u in (c.contract_product_list or []))


def run_demo(out: TextIO = sys.stdout, *, seed: int = 20240417) -> bool:
    """Run the demo, writing the report to ``out``; True when XML and JSON decoded identically."""
    from cloudcontracts.sandbox import Sandbox  # noqa: PLC0415 -- the sandbox extra is only needed here

    def say(text: str = "") -> None:
        print(text, file=out)

    with Sandbox(seed=seed) as sandbox:
        say(f"cloudcontracts demo: sandbox on {sandbox.url} (fake credentials, loopback only)")
        say()
        with HyperstackContracts(sandbox.hyperstack_api_key, base_url=sandbox.hyperstack_url) as hyperstack:
            contracts = list(hyperstack.iter_contracts(per_page=10))
            say(f"Hyperstack contracts ({len(contracts)}, fetched 10 per page)")
            say(
                _table(
                    ["id", "status", "start (UTC)", "end (UTC)", "discounts", "description"],
                    [
                        [
                            c.id,
                            c.status,
                            _utc(c.start_date),
                            _utc(c.end_date),
                            len(c.discounts or []),
                            c.description,
                        ]
                        for c in contracts
                    ],
                )
            )
            say()
            # The most telling one: an active contract with discounts that runs today.
            now = datetime.now(UTC)
            first = next(
                (
                    c
                    for c in contracts
                    if c.status == "active"
                    and c.discounts
                    and isinstance(c.end_date, datetime)
                    and c.end_date > now
                ),
                contracts[0],
            )
            detail = hyperstack.get_contract(int(first.id))  # type: ignore[arg-type]
            say(f"Contract {detail.id}: {detail.description or '(no description)'} ({detail.status})")
            say(
                _table(
                    ["resource", "type", "percent", "amount", "count", "remaining", "status"],
                    [
                        [
                            d.resource_name,
                            d.discount_type,
                            d.discount_percent,
                            d.discount_amount,
                            d.resource_count,
                            d.remaining_count,
                            d.discount_status,
                        ]
                        for d in detail.discounts or []
                    ],
                )
            )
            say()
            graph = hyperstack.gpu_allocation_graph(int(first.id))  # type: ignore[arg-type]
            say(render_terminal(graph, width=78))
            say()
            period = graph_period(graph)
            if period is not None:
                _cost_step(hyperstack, int(first.id), period, say)  # type: ignore[arg-type]

        months = sandbox.state.ncp_months[-3:]
        start, end = months[0], months[-1]
        credentials = (sandbox.ncp_access_key, sandbox.ncp_secret_key)
        pulled: dict[str, list[NcpContract]] = {}
        for response_format in ("xml", "json"):
            with NcloudBilling(
                *credentials,
                base_url=sandbox.ncloud_url,
                response_format=response_format,
                retry_policy=RetryPolicy(),
            ) as billing:
                pulled[response_format] = list(billing.iter_contract_usage(start, end, page_size=25))
        xml_rows, json_rows = pulled["xml"], pulled["json"]
        usage_rows = _usage_rows(json_rows)
        say(f"NCP contract usage {start}..{end}: {len(json_rows)} contracts, {usage_rows} usage rows")
        say(
            _table(
                ["contract", "type", "region", "product", "month", "quantity", "unit"],
                [
                    [
                        c.contract_no,
                        c.contract_type.code if c.contract_type else "",
                        c.region_code,
                        p.product_code,
                        u.use_month,
                        u.usage_quantity,
                        u.unit.code if u.unit else "",
                    ]
                    for c in json_rows[:5]
                    for p in (c.contract_product_list or [])[:1]
                    for u in (p.usage_list or [])[:1]
                ],
            )
        )
        identical = xml_rows == json_rows
        say(
            f"XML and JSON decoded identically: {'yes' if identical else 'NO'} "
            f"({len(xml_rows)} contracts from XML, {len(json_rows)} from JSON)"
        )
        say()
        _sync_step(sandbox, say)
    return identical


# Rows with a cost only: Hyperstack's contract snapshot carries no price. Each provider bills in its own
# currency (NCP's won, Hyperstack's US dollars), so the currency is a column, never summed across.
_COST_QUERY = """
SELECT provider, month, "BillingCurrency" AS currency, count(*) AS rows, round(sum("BilledCost"), 2) AS billed
FROM focus WHERE "BilledCost" IS NOT NULL GROUP BY ALL ORDER BY provider, month
"""


def _cost_step(
    hyperstack: HyperstackContracts,
    contract_id: int,
    period: tuple[datetime, datetime],
    say: Callable[[str], None],
) -> None:
    """The contract's cost and commitment utilisation over the graph's period."""
    used = contract_utilisation(hyperstack, contract_id, start=period[0], end=period[1])
    percent = "n/a" if used.utilisation_percent is None else f"{used.utilisation_percent:g}%"
    first, last = (f"{moment:%Y-%m-%d %H:%M}" for moment in period)
    say(f"Contract {contract_id}: cost and utilisation, {first} to {last} UTC")
    say(
        _table(
            [
                "contracted GPU-h",
                "allocated GPU-h",
                "unused GPU-h",
                "utilisation",
                "machines",
                "hours",
                "cost USD",
            ],
            [
                [
                    f"{used.contracted_gpu_hours:.2f}",
                    f"{used.allocated_gpu_hours:.2f}",
                    f"{used.unused_gpu_hours:.2f}",
                    percent,
                    used.billed_machines,
                    f"{used.billed_machine_hours:.2f}",
                    f"{used.billed_cost:.2f}",
                ]
            ],
        )
    )
    say("")


def _sync_step(sandbox: Sandbox, say: Callable[[str], None]) -> None:
    """Sync every month of the sandbox into a temporary DuckDB file, then query it."""
    from cloudcontracts.dataset import Account, Month, default_resources, open_sink, sync  # noqa: PLC0415

    try:
        import duckdb  # noqa: PLC0415 -- the duckdb extra
    except ImportError:
        say("Sync skipped: install the 'duckdb' extra to keep a local cost data set.")
        return
    months = sandbox.state.ncp_months
    today = Month.parse(months[-1]).shifted(1)  # the month after the last one with usage
    credentials = (sandbox.ncp_access_key, sandbox.ncp_secret_key)
    accounts = [
        Account("ncloud", "sandbox", lambda: NcloudBilling(*credentials, base_url=sandbox.ncloud_url)),
        Account(
            "hyperstack",
            "sandbox",
            lambda: HyperstackContracts(sandbox.hyperstack_api_key, base_url=sandbox.hyperstack_url),
        ),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "costs.duckdb"
        sink = open_sink(path)
        try:
            report = sync(accounts, default_resources(), sink, today=today, since=Month.parse(months[0]))
        finally:
            sink.close()
        say(
            f"cloudcontracts sync --to costs.duckdb: {report.fetched} months of {report.accounts} accounts, "
            f"{report.rows_written} rows (flat and FOCUS)"
        )
        connection = duckdb.connect(str(path), read_only=True)
        try:
            result = connection.execute(_COST_QUERY)
            headers = [column[0] for column in result.description]
            say(_table(headers, result.fetchall()))
        finally:
            connection.close()


def main() -> int:
    return 0 if run_demo() else 1


if __name__ == "__main__":
    raise SystemExit(main())
