"""The end-to-end pull: what a user waits for, ours against a hand-written httpx2 script doing the same.

    python benchmarks/bench_pull.py [--rounds 2] [--quick] [--json FILE] [--contracts 5000]

A local server (``pull_server.py``, its own process, 127.0.0.1 only) serves precomputed bodies, with the
latency in the request path. Each pull runs in a fresh process (``pull_contenders.py``): wall and CPU
seconds of the pull, peak RSS of the process. The pulls:

- **NCP**: 12 months x 5,000 contracts = four three-month windows x 5 pages of 1,000 contracts (2
  products x 3 usages each; 20 pages, 2.8 MB of JSON or 8.6 MB of XML a page), through
  ``iter_contract_usage("202401", "202412")``;
- **Hyperstack**: 5,000 contracts in pages of 100 (``count`` the total), through ``iter_contracts``.

Contenders: ours sync and async (concurrency 4), and hand-written scripts (httpx2 + ``json.loads`` into
dicts, sync and async with at most 4 requests in flight; for NCP's XML, httpx2 + ``ElementTree`` into
dicts); the scenarios are 0 ms and 50 ms latency, and 500 ms for the async NCP figure. Every round runs
every contender of a scenario once, in an order rotated every round; each figure is the median of the
per-round ratios (the contenders a ratio compares ran in the same round).

The targets: sync JSON pull CPU <= 1.5x the hand-written script's; async NCP at 500 ms <= 0.35x our
sync wall time and at 50 ms no slower than sync; XML pull faster than the ElementTree script.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from harness import OUR_PYTHON, ROOT, Figure, bench_arguments, finish, rounds_of, subprocess_env

HERE = Path(__file__).resolve().parent

# (scenario, latency ms, contenders)
SCENARIOS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("ncp-json-0", 0, ("ours-ncp-sync", "ours-ncp-async", "hand-ncp-sync", "hand-ncp-async")),
    ("ncp-json-50", 50, ("ours-ncp-sync", "ours-ncp-async", "hand-ncp-sync", "hand-ncp-async")),
    ("ncp-json-500", 500, ("ours-ncp-sync", "ours-ncp-async")),
    ("ncp-xml-0", 0, ("ours-ncp-xml-sync", "hand-ncp-xml-sync")),
    (
        "hs-0",
        0,
        ("ours-hyperstack-sync", "ours-hyperstack-async", "hand-hyperstack-sync", "hand-hyperstack-async"),
    ),
    (
        "hs-50",
        50,
        ("ours-hyperstack-sync", "ours-hyperstack-async", "hand-hyperstack-sync", "hand-hyperstack-async"),
    ),
)


class PullServer:
    def __init__(self, contracts: int) -> None:
        self.process = subprocess.Popen(
            [str(OUR_PYTHON), str(HERE / "pull_server.py"), "--contracts", str(contracts)],
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline().split()
        if len(line) != 2 or line[0] != "ready":
            self.process.kill()
            raise RuntimeError("the pull server did not start")
        self.port = int(line[1])

    def base(self, latency_ms: int) -> str:
        return f"http://127.0.0.1:{self.port}/l{latency_ms}"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def pull(name: str, base: str, expected_rows: int) -> dict[str, float]:
    result = subprocess.run(
        [str(OUR_PYTHON), str(HERE / "pull_contenders.py"), name, base],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{result.stderr[-3000:]}")
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["rows"] != expected_rows:
        raise RuntimeError(f"{name} pulled {measured['rows']} rows, not {expected_rows}")
    return measured


def main() -> int:
    parser = bench_arguments(__doc__.split("\n\n")[0], rounds=2, quick_rounds=1)
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--only", nargs="+", help="scenarios to run (default: all)")
    args = parser.parse_args()
    rounds = rounds_of(args)
    expected = {"ncp": 4 * args.contracts, "hs": args.contracts}
    scenarios = [s for s in SCENARIOS if not args.only or s[0] in args.only]

    # results[scenario][contender] -> one measurement per round
    results: dict[str, dict[str, list[dict[str, float]]]] = {s: {c: [] for c in cs} for s, _, cs in scenarios}
    server = PullServer(args.contracts)
    try:
        for round_number in range(rounds):
            for scenario, latency, contenders in scenarios:
                shift = round_number % len(contenders)
                for name in contenders[shift:] + contenders[:shift]:
                    measured = pull(name, server.base(latency), expected[scenario.split("-")[0]])
                    results[scenario][name].append(measured)
                    print(
                        f"round {round_number + 1} {scenario:<13} {name:<22} wall {measured['wall']:7.3f} s  "
                        f"cpu {measured['cpu']:7.3f} s  peak RSS {measured['peak_rss'] / 2**20:6.0f} MiB",
                        flush=True,
                    )
    finally:
        server.close()

    def series(scenario: str, name: str, what: str) -> list[float]:
        return [m[what] for m in results[scenario][name]]

    def ratio(scenario: str, top: str, bottom: str, what: str, other: str | None = None) -> list[float]:
        return [
            a / b
            for a, b in zip(series(scenario, top, what), series(other or scenario, bottom, what), strict=True)
        ]

    print(f"\nmedians over {rounds} round(s): wall s / cpu s / peak RSS MiB")
    for scenario, contender_values in results.items():
        for name, values in contender_values.items():
            print(
                f"  {scenario:<13} {name:<22} {statistics.median(v['wall'] for v in values):7.3f} "
                f"{statistics.median(v['cpu'] for v in values):7.3f} "
                f"{statistics.median(v['peak_rss'] for v in values) / 2**20:6.0f}"
            )

    figures: list[Figure] = []
    hand = "hand-written httpx2 + `json.loads` script, same pages"
    present = {s for s, _, _ in scenarios}
    if "ncp-json-0" in present:
        figures += [
            Figure.of(
                "NCP pull 12 months \u00d7 5,000 contracts, sync JSON, 0 ms: CPU",
                hand,
                ratio("ncp-json-0", "ours-ncp-sync", "hand-ncp-sync", "cpu"),
                1.5,
            ),
            Figure.of("same: wall", hand, ratio("ncp-json-0", "ours-ncp-sync", "hand-ncp-sync", "wall")),
            Figure.of(
                "same: peak RSS", hand, ratio("ncp-json-0", "ours-ncp-sync", "hand-ncp-sync", "peak_rss")
            ),
            Figure.of(
                "NCP pull, async (concurrency 4), 0 ms: wall",
                "hand-written async script (4 in flight)",
                ratio("ncp-json-0", "ours-ncp-async", "hand-ncp-async", "wall"),
            ),
        ]
    if "ncp-json-50" in present:
        figures += [
            Figure.of(
                "NCP pull, sync JSON, 50 ms: wall",
                hand,
                ratio("ncp-json-50", "ours-ncp-sync", "hand-ncp-sync", "wall"),
            ),
            Figure.of(
                "NCP pull, async (concurrency 4), 50 ms: wall",
                "our sync pull, same latency",
                ratio("ncp-json-50", "ours-ncp-async", "ours-ncp-sync", "wall"),
                1.0,
            ),
            Figure.of(
                "same",
                "hand-written async script (4 in flight)",
                ratio("ncp-json-50", "ours-ncp-async", "hand-ncp-async", "wall"),
            ),
        ]
    if "ncp-json-500" in present:
        figures.append(
            Figure.of(
                "NCP pull, async (concurrency 4), 500 ms: wall",
                "our sync pull, same latency",
                ratio("ncp-json-500", "ours-ncp-async", "ours-ncp-sync", "wall"),
                0.35,
            )
        )
    if "ncp-xml-0" in present:
        et = "hand-written httpx2 + `ElementTree` script into dicts"
        figures += [
            Figure.of(
                "NCP pull, sync XML, 0 ms: wall",
                et,
                ratio("ncp-xml-0", "ours-ncp-xml-sync", "hand-ncp-xml-sync", "wall"),
                1.0,
            ),
            Figure.of("same: CPU", et, ratio("ncp-xml-0", "ours-ncp-xml-sync", "hand-ncp-xml-sync", "cpu")),
        ]
    if "hs-0" in present:
        figures += [
            Figure.of(
                "Hyperstack pull 5,000 contracts (pages of 100), sync, 0 ms: CPU",
                hand,
                ratio("hs-0", "ours-hyperstack-sync", "hand-hyperstack-sync", "cpu"),
                1.5,
            ),
            Figure.of(
                "same, async (concurrency 4): wall",
                "hand-written async script (4 in flight)",
                ratio("hs-0", "ours-hyperstack-async", "hand-hyperstack-async", "wall"),
            ),
        ]
    if "hs-50" in present:
        figures += [
            Figure.of(
                "Hyperstack pull, sync, 50 ms: wall",
                hand,
                ratio("hs-50", "ours-hyperstack-sync", "hand-hyperstack-sync", "wall"),
            ),
            Figure.of(
                "Hyperstack pull, async (concurrency 4), 50 ms: wall",
                "our sync pull, same latency",
                ratio("hs-50", "ours-hyperstack-async", "ours-hyperstack-sync", "wall"),
            ),
            Figure.of(
                "same",
                "hand-written async script (4 in flight)",
                ratio("hs-50", "ours-hyperstack-async", "hand-hyperstack-async", "wall"),
            ),
        ]
    return finish(args, "bench_pull", figures, rounds=rounds, contracts=args.contracts)


if __name__ == "__main__":
    sys.exit(main())
