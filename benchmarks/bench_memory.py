"""Peak memory of the client iterating 100 pages of 1000 contracts, against iterating 10 pages.

    python benchmarks/bench_memory.py [--rounds 5] [--quick] [--json FILE]

An iterator that streams keeps one page in memory at a time, so iterating ten times more pages should
need about the same memory. The sandbox runs in its own process (``harness.SandboxProcess``, 127.0.0.1
only, so its memory is not counted), seeded with 100,000 Hyperstack contracts (``--hyperstack-contracts
100000``, at most 3 discounts each; about 0.6 MB of JSON per 1000-contract page). Hyperstack is used
because the sandbox serves any of its pages in constant time; the sandbox's NCP handler filters every
seeded contract on each request (about 2 s per page at 100,000 contracts), which would make this
benchmark take minutes.

Each measurement is a fresh client process (``--worker``): it imports ``cloudcontracts`` from the
checkout, creates a ``HyperstackContracts``, notes its resident set size (``/proc/self/statm``), iterates
``iter_contracts(per_page=1000)`` -- all 100 pages, or stopping after the 10,000th contract, the last of
page 10 (the iterator is lazy: page 11 is never requested) -- keeping nothing, and reports its peak
resident set size (``ru_maxrss``). The figure is the ratio of the *growth* (peak minus the size before
iterating: what iterating costs, without the interpreter and imports, which are the same for both);
the ratio of whole-process peaks is reported too. Rounds interleave the two.

Reported beside it, measured the same way in the same rounds: a bare ``httpx2.Client`` (no overlay, no
decoding) reading the same 100 or 10 pages' bodies and dropping them. Its growth ratio is the floor
the allocator sets for any client that reads these bodies through httpx: the creep comes from glibc's
heap (``/proc/self/smaps``: the growth is all in ``[heap]``, the interpreter's own arenas stay flat),
where httpx's 64 KiB reads and each page's joined body land once glibc's dynamic mmap threshold has
risen past a page's size.

Also reported, from glibc's own account at the end of each walk (``mallinfo2``, where glibc has it):
the heap *in use* -- what the walk still holds -- and the heap *free but kept*, 100 pages against 10.
The first is 1.00: the client holds nothing more after 100 pages than after 10. The second carries the
growth.

``--tracemalloc`` adds a run of each under ``tracemalloc`` that reports the Python-level peak and the
largest allocation sites of the 100-page run (slow; for finding a cause, not part of the figure).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from harness import (
    OUR_PYTHON,
    Figure,
    SandboxProcess,
    bench_arguments,
    finish,
    interleave,
    print_times,
    ratios,
    rounds_of,
    subprocess_env,
)

BAR = 1.2
PER_PAGE = 1000
PAGES = (100, 10)
CONTRACTS = max(PAGES) * PER_PAGE
HEAP_KEYS = ("heap_in_use", "heap_free")
# glibc's struct mallinfo2, in order (malloc.h).
MALLINFO2_FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks")
MALLINFO2_FIELDS += ("uordblks", "fordblks", "keepcost")


def current_rss() -> int:
    """Resident set size now, in bytes (Linux ``/proc``; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return peak_rss()


def peak_rss() -> int:
    """Peak resident set size of this process, in bytes (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def glibc_heap() -> dict[str, float]:
    """glibc's own account of its heap (``mallinfo2``): bytes in use and bytes free but kept. Empty
    where that call does not exist (musl, macOS, glibc before 2.33)."""
    import ctypes  # noqa: PLC0415

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in MALLINFO2_FIELDS]

    try:
        mallinfo2 = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return {}
    mallinfo2.restype = MallInfo2
    info = mallinfo2()
    return {"heap_in_use": float(info.uordblks), "heap_free": float(info.fordblks)}


def bare_worker(pages: int) -> None:
    """The reference: a bare ``httpx2.Client`` reading ``pages`` pages' bodies; print one JSON line."""
    import httpx2  # noqa: PLC0415

    base_url = os.environ["HYPERSTACK_API_ADDRESS"]
    client = httpx2.Client(headers={"api_key": os.environ["HYPERSTACK_API_KEY"]})
    before = current_rss()
    started = time.perf_counter()
    for page in range(1, pages + 1):
        response = client.get(f"{base_url}/pricebook/contracts", params={"page": page, "per_page": PER_PAGE})
        response.raise_for_status()
        del response
    elapsed = time.perf_counter() - started
    result = {"pages": pages, "contracts": pages * PER_PAGE, "before": before, "peak": peak_rss()}
    client.close()
    print(json.dumps({**result, "seconds": elapsed}))


def worker(pages: int, trace: bool) -> None:
    """Iterate ``pages`` pages of the sandbox named by the environment; print one JSON line."""
    from cloudcontracts import HyperstackContracts  # noqa: PLC0415 - the checkout, via PYTHONPATH

    client = HyperstackContracts()  # HYPERSTACK_API_KEY and HYPERSTACK_API_ADDRESS from the environment
    if trace:
        import tracemalloc  # noqa: PLC0415

        tracemalloc.start(10)
    before = current_rss()
    started = time.perf_counter()
    seen = 0
    for _contract in client.iter_contracts(per_page=PER_PAGE):
        seen += 1
        if seen == pages * PER_PAGE:
            break
    elapsed = time.perf_counter() - started
    result = {"pages": pages, "contracts": seen, "before": before, "peak": peak_rss(), "seconds": elapsed}
    result.update(glibc_heap())  # at the end of the walk, the last page released
    if trace:
        snapshot = tracemalloc.take_snapshot()
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
        result["top"] = [str(stat) for stat in snapshot.statistics("lineno")[:8]]
    client.close()
    print(json.dumps(result))


def run_worker(
    sandbox: SandboxProcess, pages: int, *, trace: bool = False, bare: bool = False
) -> dict[str, object]:
    env = subprocess_env()
    env["HYPERSTACK_API_KEY"] = sandbox.hyperstack_api_key
    env["HYPERSTACK_API_ADDRESS"] = sandbox.hyperstack_url
    command = [str(OUR_PYTHON), str(Path(__file__).resolve()), "--worker", str(pages)]
    if trace:
        command.append("--tracemalloc")
    if bare:
        command.append("--bare")
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"memory worker ({pages} pages) failed:\n{result.stderr[-2000:]}")
    data: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    if data["contracts"] != pages * PER_PAGE:
        raise RuntimeError(f"the worker iterated {data['contracts']} contracts, expected {pages * PER_PAGE}")
    return data


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], rounds=5, quick_rounds=1)
    parser.add_argument("--worker", type=int, metavar="PAGES", help="(internal) run one measured client")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slow)")
    parser.add_argument("--bare", action="store_true", help="(internal) the worker reads with bare httpx")
    args = parser.parse_args()
    if args.worker:
        if args.bare:
            bare_worker(args.worker)
        else:
            worker(args.worker, args.tracemalloc)
        return 0
    rounds = rounds_of(args)

    growth: dict[str, list[float]] = {}
    peaks: dict[int, list[float]] = {pages: [] for pages in PAGES}
    seconds: dict[int, list[float]] = {pages: [] for pages in PAGES}
    heap: dict[tuple[str, int], list[float]] = {(key, pages): [] for key in HEAP_KEYS for pages in PAGES}
    options = [
        "--hyperstack-contracts",
        str(CONTRACTS),
        "--hyperstack-discounts",
        "3",
        "--ncp-contracts",
        "0",
    ]
    with SandboxProcess(options, start_timeout=300) as sandbox:

        def measure(pages: int, *, bare: bool = False) -> Callable[[], float]:
            def run() -> float:
                data = run_worker(sandbox, pages, bare=bare)
                if not bare:
                    peaks[pages].append(float(data["peak"]))  # type: ignore[arg-type]
                    for key in ("heap_in_use", "heap_free"):
                        if key in data:
                            heap[key, pages].append(float(data[key]))  # type: ignore[arg-type]
                    seconds[pages].append(float(data["seconds"]))  # type: ignore[arg-type]
                return float(data["peak"]) - float(data["before"])  # type: ignore[arg-type]

            return run

        names = {pages: f"{pages} pages x {PER_PAGE} contracts: RSS growth" for pages in PAGES}
        bare_names = {pages: f"bare httpx, {pages} pages' bodies: RSS growth" for pages in PAGES}
        growth = interleave(
            {
                **{names[pages]: measure(pages) for pages in PAGES},
                **{bare_names[pages]: measure(pages, bare=True) for pages in PAGES},
            },
            rounds,
            warmup=0,
        )
        traced = [run_worker(sandbox, pages, trace=True) for pages in PAGES] if args.tracemalloc else []

    print(
        f"peak memory of a fresh client process iterating HyperstackContracts.iter_contracts"
        f"(per_page={PER_PAGE}); sandbox in its own process; {rounds} interleaved rounds; "
        f"Python {sys.version.split()[0]}\n"
    )
    print_times(growth, unit="MB", scale=1e-6)
    print()
    print_times(
        {f"{pages} pages: whole-process peak RSS": peaks[pages] for pages in PAGES}, unit="MB", scale=1e-6
    )
    print()
    print_times({f"{pages} pages: iteration time": seconds[pages] for pages in PAGES}, unit="s", scale=1)
    for data in traced:
        print(f"\ntracemalloc, {data['pages']} pages: peak {float(data['traced_peak']) / 1e6:.1f} MB")  # type: ignore[arg-type]
        print("\n".join(f"  {line}" for line in data["top"]))  # type: ignore[union-attr]
    many, few = (names[pages] for pages in PAGES)
    figures = [
        Figure.of(
            f"peak memory iterating {PAGES[0]} pages of {PER_PAGE} rows (growth while iterating)",
            f"iterating {PAGES[1]} pages",
            ratios(growth, many, few),
            BAR,
        ),
        Figure.of(
            f"reference: a bare `httpx2.Client` reading the same {PAGES[0]} pages' bodies (RSS growth)",
            f"reading {PAGES[1]} pages",
            ratios(growth, *(bare_names[pages] for pages in PAGES)),
            note="glibc's floor for reading these bodies through httpx (no overlay, no decoding)",
        ),
        *(
            Figure.of(
                f"after iterating {PAGES[0]} pages: glibc heap {what} (`mallinfo2`)",
                f"after {PAGES[1]} pages",
                [a / b for a, b in zip(heap[key, PAGES[0]], heap[key, PAGES[1]], strict=True)],
                note=note,
            )
            for key, what, note in (
                ("heap_in_use", "in use", "what the walk holds once done: the same for 10 pages as for 100"),
                (
                    "heap_free",
                    "free but kept",
                    "where the growth is: freed memory glibc keeps, not live data",
                ),
            )
            if heap[key, PAGES[0]]
        ),
        Figure.of(
            f"peak memory iterating {PAGES[0]} pages of {PER_PAGE} rows (whole-process peak RSS)",
            f"iterating {PAGES[1]} pages",
            [a / b for a, b in zip(peaks[PAGES[0]], peaks[PAGES[1]], strict=True)],
        ),
    ]
    return finish(args, "bench_memory", figures, rounds=rounds)


if __name__ == "__main__":
    sys.exit(main())
