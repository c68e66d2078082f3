"""Per-request cost of a wrapper call against a bare, reused ``httpx2.Client`` GET of the same URL.

    python benchmarks/bench_request_overhead.py [--rounds 31] [--requests 100] [--quick] [--json FILE]

The sandbox runs in its own process (``harness.SandboxProcess``, 127.0.0.1 only) with a few tiny
records (5 NCP contracts of one month, one product and one usage row; 5 Hyperstack contracts) and no
faults. Both sides of each figure send the same request to the same server and get the same answer, so
the server's work is identical and the ratio shows what the client adds:

- ours: ``NcloudBilling.contract_usage_page(month, month, page_size=1)`` on one reused client: query
  validation, the generated request builder, signature v2 (a fresh timestamp and HMAC per request), the
  decoding transport, ``json.loads`` and the generated ``from_dict``, the page checks and the retry
  policy's wrapper (no retry happens);
- bare: ``httpx2.Client.get(url, headers=...)`` on one reused client, with the exact wire URL our client
  sends and the three signature headers computed once, before any timing (the whole benchmark takes far
  less than the sandbox's five-minute signature window); the body is read, not decoded.

Reported alongside: the Hyperstack wrapper (``HyperstackContracts.list_contracts(per_page=1)``) against a
bare GET with the ``api_key`` header. Each measurement is the mean over ``--requests`` requests on a
warm connection (garbage collector on). Within a round the two sides of a figure take turns in blocks
of ten calls (ours, bare, bare, ours, ...), not one block of 100 after the other: on this shared VM a
burst of noise lasts tens of milliseconds, long enough to land on one side's 100 requests and not on
the other's, while it spans both sides of short turns. Ten calls in a row keep each client warm, as
in a program making repeated calls (strict call-by-call turns slow both sides down, each evicting the
other's code and data from the CPU caches). Rounds alternate the two figures.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable

from harness import (
    Figure,
    SandboxProcess,
    bench_arguments,
    finish,
    print_times,
    ratios,
    rounds_of,
    use_tree,
)

use_tree()

import httpx2  # noqa: E402

from cloudcontracts import HyperstackContracts, NcloudBilling  # noqa: E402
from cloudcontracts.ncloud.signing import (  # noqa: E402
    ACCESS_KEY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_v2,
)

BAR = 1.15
MONTH = "202404"  # the sandbox's default last month


def wire_request(billing: NcloudBilling) -> httpx2.URL:
    """The exact URL our client sends for the benchmark's page (captured from one real call)."""
    seen: list[httpx2.URL] = []
    httpx_client = billing.generated_client.get_httpx_client()
    httpx_client.event_hooks["request"].append(lambda request: seen.append(request.url))
    try:
        billing.contract_usage_page(MONTH, MONTH, page_size=1)
    finally:
        httpx_client.event_hooks["request"].pop()
    return seen[-1]


Call = Callable[[], object]


BLOCK = 10
"""Calls per side in a row: enough for each client to run warm (as a program making repeated calls
does), short enough (about 10 ms) that a burst of the VM's noise lands on both sides."""


def alternating(ours: Call, bare: Call, requests: int) -> tuple[float, float]:
    """Mean seconds per call of ``ours`` and of ``bare`` over ``requests`` calls each, in blocks of
    :data:`BLOCK` calls taking turns (ours, bare, bare, ours, ...: each side goes first half the time);
    after a ``gc.collect()``, collector on."""
    clock = time.perf_counter
    spent = [0.0, 0.0]
    calls = (ours, bare)
    gc.collect()
    blocks = -(-requests // BLOCK)
    for index in range(2 * blocks):
        side = (index + index // 2) % 2  # 0 1 1 0 0 1 1 0 ...
        call = calls[side]
        started = clock()
        for _ in range(BLOCK):
            call()
        spent[side] += clock() - started
    return spent[0] / (blocks * BLOCK), spent[1] / (blocks * BLOCK)


def contenders(sandbox: SandboxProcess) -> dict[str, tuple[Call, Call]]:
    """The two figures, each a pair of one-request calls: ours and the bare GET it is compared with."""
    access_key, secret_key = sandbox.ncp_access_key, sandbox.ncp_secret_key
    billing = NcloudBilling(access_key, secret_key, base_url=sandbox.ncloud_url)
    hyperstack = HyperstackContracts(sandbox.hyperstack_api_key, base_url=sandbox.hyperstack_url)
    bare = httpx2.Client()
    url = wire_request(billing)
    uri = url.raw_path.decode("ascii")
    hyperstack_url = f"{sandbox.hyperstack_url}/pricebook/contracts?page=1&per_page=1"
    hyperstack_headers = {"api_key": sandbox.hyperstack_api_key, "Accept": "application/json"}
    # Signed once, before any timing, with the NCP sandbox's five-minute window well ahead.
    timestamp = str(int(time.time() * 1000))
    ncp_headers = {
        TIMESTAMP_HEADER: timestamp,
        ACCESS_KEY_HEADER: access_key,
        SIGNATURE_HEADER: signature_v2(
            method="GET", uri=uri, timestamp=timestamp, access_key=access_key, secret_key=secret_key
        ),
    }

    def expect(response: httpx2.Response) -> bytes:
        if response.status_code != 200:
            raise RuntimeError(f"bare GET got {response.status_code}: {response.text[:200]}")
        return response.content

    def ours_ncp() -> None:
        page = billing.contract_usage_page(MONTH, MONTH, page_size=1)
        assert page.total_rows == 5

    def ours_hyperstack() -> None:
        page = hyperstack.list_contracts(page=1, per_page=1)
        assert isinstance(page.contracts, list)
        assert len(page.contracts) == 1

    return {
        "ncp": (ours_ncp, lambda: expect(bare.get(url, headers=ncp_headers))),
        "hyperstack": (ours_hyperstack, lambda: expect(bare.get(hyperstack_url, headers=hyperstack_headers))),
    }


NAMES = {
    "ncp": (
        "ours: NcloudBilling.contract_usage_page (signed, tiny page)",
        "bare httpx2.Client GET, same signed URL",
    ),
    "hyperstack": (
        "ours: HyperstackContracts.list_contracts (tiny page)",
        "bare httpx2.Client GET, same Hyperstack URL",
    ),
}


def measure(pairs: dict[str, tuple[Call, Call]], rounds: int, requests: int) -> dict[str, list[float]]:
    """``rounds`` rounds, each measuring both figures (which one first alternates), after a warm-up."""
    for ours, bare in pairs.values():
        alternating(ours, bare, 10)
    times: dict[str, list[float]] = {name: [] for both in NAMES.values() for name in both}
    order = list(pairs)
    for round_number in range(rounds):
        for figure in order[round_number % 2 :] + order[: round_number % 2]:
            ours_time, bare_time = alternating(*pairs[figure], requests)
            ours_name, bare_name = NAMES[figure]
            times[ours_name].append(ours_time)
            times[bare_name].append(bare_time)
    return times


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], rounds=31)
    parser.add_argument("--requests", type=int, default=100, help="requests per side per round")
    args = parser.parse_args()
    rounds = rounds_of(args)
    options = [
        *("--ncp-contracts", "5", "--ncp-months", "1", "--ncp-products", "1", "--ncp-usage-rows", "1"),
        *("--hyperstack-contracts", "5", "--hyperstack-discounts", "1"),
    ]
    with SandboxProcess(options) as sandbox:
        times = measure(contenders(sandbox), rounds, args.requests)
    print(
        f"per-request cost: {args.requests} requests per side per measurement on a warm connection, the "
        f"two sides taking turns every {BLOCK} calls; sandbox in its own process; {rounds} rounds; "
        f"Python {sys.version.split()[0]}\n"
    )
    print_times(times, unit="us", scale=1e6)
    (ours_ncp, bare_ncp), (ours_hs, bare_hs) = NAMES["ncp"], NAMES["hyperstack"]

    def added_us(ours: str, bare: str) -> str:
        added = statistics.median(a - b for a, b in zip(times[ours], times[bare], strict=True)) * 1e6
        return f"the client adds {added:.0f} us per request (median of per-round differences)"

    figures = [
        Figure.of(
            "per-request cost: `NcloudBilling.contract_usage_page` (signed NCP request, 1-contract page)",
            "bare reused `httpx2.Client` GET of the same URL, same server",
            ratios(times, ours_ncp, bare_ncp),
            BAR,
            note=added_us(ours_ncp, bare_ncp),
        ),
        Figure.of(
            "per-request cost: `HyperstackContracts.list_contracts` (1-contract page)",
            "bare reused `httpx2.Client` GET of the same URL, same server",
            ratios(times, ours_hs, bare_hs),
            note=added_us(ours_hs, bare_hs),
        ),
    ]
    return finish(args, "bench_request_overhead", figures, rounds=rounds, requests=args.requests)


if __name__ == "__main__":
    sys.exit(main())
