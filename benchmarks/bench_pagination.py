"""Auto-pagination over 10 pages with 50 ms of server latency: async (pages overlapped) vs page by page.

    python benchmarks/bench_pagination.py [--rounds 15] [--latency 0.05] [--quick] [--json FILE]

The sandbox runs in its own process (``harness.SandboxProcess``, 127.0.0.1 only), seeded with 100 NCP
contracts (one month, one product and one usage row each) and 100 Hyperstack contracts, and delays
**every** request by 50 ms: its fault plan draws a fault for every request (``--fault-probability 1``)
from the single kind ``latency:0.05`` (``--fault-kinds latency:0.05``), which sleeps with
``asyncio.sleep`` and then answers normally, so delayed requests overlap on the server as they would at
a real API. Pages hold 10 contracts: small on purpose, so the figure measures how well the client
overlaps waiting, not how fast it decodes (``bench_hyperstack_decode`` and ``bench_ncp_xml`` do that).

Each measurement is one full iteration with a fresh client (wall time, garbage collector on; creating
and closing the client, and ``asyncio.run``'s own set-up, are outside the timed part: httpx builds an SSL
context for every client, ~35 ms, whatever the URL's scheme):

- sequential baseline: the sync wrapper, which fetches page after page
  (``NcloudBilling.iter_contract_usage``, ``HyperstackContracts.iter_contracts``);
- async: ``AsyncNcloudBilling(concurrency=10).iter_contract_usage`` and
  ``AsyncHyperstackContracts.iter_contracts(concurrency=10)`` under ``asyncio.run``. Both fetch the first
  page alone (it tells how many pages there are), then the other nine at once, so the floor is two
  latencies against ten: 0.2;
- async with the default concurrency (4), reported: the first page, then three waves of at most four,
  so its floor is 4/10 = 0.4 and the 0.25 bar cannot be met with the default.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator

from harness import (
    Figure,
    SandboxProcess,
    bench_arguments,
    finish,
    interleave,
    print_times,
    ratios,
    rounds_of,
    use_tree,
)

use_tree()

from cloudcontracts import (  # noqa: E402
    AsyncHyperstackContracts,
    AsyncNcloudBilling,
    HyperstackContracts,
    NcloudBilling,
)
from cloudcontracts.core.options import DEFAULT_CONCURRENCY  # noqa: E402

BAR = 0.25
PAGES = 10
PAGE_SIZE = 10
TOTAL = PAGES * PAGE_SIZE
MONTH = "202404"  # the sandbox's default last month; with --ncp-months 1 every contract has usage in it


def timed_iteration(items: Iterator[object]) -> float:
    """Seconds to iterate every contract of ``items``, which must yield all of them."""
    started = time.perf_counter()
    seen = sum(1 for _ in items)
    return checked(time.perf_counter() - started, seen)


async def timed_async_iteration(items: AsyncIterator[object]) -> float:
    started = time.perf_counter()
    seen = 0
    async for _ in items:
        seen += 1
    return checked(time.perf_counter() - started, seen)


def checked(elapsed: float, seen: int) -> float:
    if seen != TOTAL:
        raise RuntimeError(f"iterated {seen} contracts, expected {TOTAL}")
    return elapsed


def contenders(sandbox: SandboxProcess) -> dict[str, Callable[[], float]]:
    """Each contender makes a fresh client (untimed: httpx builds an SSL context per client, ~35 ms),
    times one full iteration, and closes the client."""
    keys = (sandbox.ncp_access_key, sandbox.ncp_secret_key)
    ncp_url, hs_key, hs_url = sandbox.ncloud_url, sandbox.hyperstack_api_key, sandbox.hyperstack_url

    def ncp_sync() -> float:
        with NcloudBilling(*keys, base_url=ncp_url) as client:
            return timed_iteration(client.iter_contract_usage(MONTH, MONTH, page_size=PAGE_SIZE))

    def ncp_async(concurrency: int) -> Callable[[], float]:
        async def run() -> float:
            async with AsyncNcloudBilling(*keys, base_url=ncp_url, concurrency=concurrency) as client:
                return await timed_async_iteration(
                    client.iter_contract_usage(MONTH, MONTH, page_size=PAGE_SIZE)
                )

        return lambda: asyncio.run(run())

    def hs_sync() -> float:
        with HyperstackContracts(hs_key, base_url=hs_url) as client:
            return timed_iteration(client.iter_contracts(per_page=PAGE_SIZE))

    def hs_async() -> float:
        async def run() -> float:
            async with AsyncHyperstackContracts(hs_key, base_url=hs_url) as client:
                return await timed_async_iteration(
                    client.iter_contracts(per_page=PAGE_SIZE, concurrency=PAGES)
                )

        return asyncio.run(run())

    return {
        "NCP sync, page by page": ncp_sync,
        f"NCP async, concurrency={PAGES}": ncp_async(PAGES),
        f"NCP async, default concurrency={DEFAULT_CONCURRENCY}": ncp_async(DEFAULT_CONCURRENCY),
        "Hyperstack sync, page by page": hs_sync,
        f"Hyperstack async, concurrency={PAGES}": hs_async,
    }


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], rounds=15)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every request")
    args = parser.parse_args()
    rounds = rounds_of(args)
    options = [
        *("--ncp-contracts", str(TOTAL), "--ncp-months", "1", "--ncp-products", "1"),
        *("--ncp-usage-rows", "1", "--hyperstack-contracts", str(TOTAL), "--hyperstack-discounts", "1"),
        *("--fault-probability", "1", "--fault-kinds", f"latency:{args.latency:g}"),
    ]
    with SandboxProcess(options) as sandbox:
        runs = contenders(sandbox)
        times = interleave(runs, rounds)
    ms = args.latency * 1e3
    print(
        f"auto-pagination: {PAGES} pages of {PAGE_SIZE} contracts, {ms:g} ms latency on every request "
        f"(sandbox in its own process); {rounds} interleaved rounds; Python {sys.version.split()[0]}\n"
    )
    print_times(times)
    ncp_sync, ncp_async, ncp_default, hs_sync, hs_async = list(runs)
    label = f"auto-pagination, {PAGES} pages, {ms:g} ms latency"
    figures = [
        Figure.of(
            f"{label}: `AsyncNcloudBilling.iter_contract_usage` (concurrency={PAGES})",
            "sync `NcloudBilling`, page by page",
            ratios(times, ncp_async, ncp_sync),
            BAR,
        ),
        Figure.of(
            f"{label}: `AsyncHyperstackContracts.iter_contracts` (concurrency={PAGES})",
            "sync `HyperstackContracts`, page by page",
            ratios(times, hs_async, hs_sync),
            BAR,
        ),
        Figure.of(
            f"{label}: `AsyncNcloudBilling` with the default concurrency={DEFAULT_CONCURRENCY}",
            "sync `NcloudBilling`, page by page",
            ratios(times, ncp_default, ncp_sync),
            note=f"floor {1 + -(-(PAGES - 1) // DEFAULT_CONCURRENCY)}/{PAGES} latencies: first page, "
            f"then waves of {DEFAULT_CONCURRENCY}",
        ),
    ]
    return finish(args, "bench_pagination", figures, rounds=rounds, latency_s=args.latency)


if __name__ == "__main__":
    sys.exit(main())
