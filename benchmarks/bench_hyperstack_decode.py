"""Decoding a 1000-contract Hyperstack list page: our path vs the official SDK vs ``json.loads`` alone.

    python benchmarks/bench_hyperstack_decode.py [--rounds 15] [--repeat 5] [--no-sdk]

The page is deterministic (``hyperstack_pages.list_page_bytes``: 1000 contracts, 3 discounts each,
about 0.9 MB of compact JSON). Contenders, all decoding the same bytes into typed models:

- ``json.loads`` alone: the floor;
- ours, decode: what the wrapper's response path costs, ``json.loads`` then the generated
  ``GetCustomerContractsListResponseModel.from_dict`` (the hook's body check only looks at the first
  bytes, so it is not part of the cost);
- ours, full call: ``HyperstackContracts.list_contracts()`` end to end through an ``httpx.MockTransport``
  (httpx request and response, response hook, generated parsing, result checks);
- the official SDK (PyPI ``hyperstack``, OpenAPI Generator + pydantic):
  ``GetCustomerContractsListResponseModel.from_json``.

The SDK is **not** a dependency of cloudcontracts: the benchmark installs it for itself into
``benchmarks/.sdk-venv`` (git-ignored) and times it in that interpreter, a worker subprocess driven over
a pipe, so rounds can interleave: each round times every contender once, in a rotating order, and the
ratios are taken per round. Timing follows ``timeit``'s conventions (garbage collector off while
timing; each figure is the mean of ``--repeat`` decodes). When the SDK cannot be installed (no network,
no index), that comparison is skipped and the output says so.

The bar: ours (decode) no slower than the SDK's ``from_json``, median ratio <= 1.0; the exit status is 1
when it is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SDK_VENV = HERE / ".sdk-venv"
SDK_REQUIREMENT = "hyperstack==1.56.1a0"  # pinned so numbers stay comparable between runs
BAR = 1.0


def timed(decode: Callable[[], object], repeat: int) -> float:
    """Mean seconds per call over ``repeat`` calls, garbage collector off (as ``timeit`` does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(repeat):
            decode()
        return (time.perf_counter() - start) / repeat
    finally:
        gc.enable()


# --- the SDK side: runs inside benchmarks/.sdk-venv, imports nothing of ours -----------------------------


def sdk_worker(page_path: str) -> None:
    """Answer "<repeat>" lines with the mean seconds of that many SDK ``from_json`` calls."""
    from importlib.metadata import version  # noqa: PLC0415

    from hyperstack.models.get_customer_contracts_list_response_model import (  # noqa: PLC0415
        GetCustomerContractsListResponseModel,
    )

    data = Path(page_path).read_bytes()
    decoded = GetCustomerContractsListResponseModel.from_json(data)  # type: ignore[arg-type]
    contracts = decoded.contracts if decoded is not None else None
    if not contracts or len(contracts) != 1000 or len(contracts[0].discounts or []) != 3:
        raise SystemExit("the SDK decoded an unexpected shape")
    print(f"ready {version('hyperstack')}", flush=True)
    for line in sys.stdin:
        repeat = int(line)
        print(repr(timed(lambda: GetCustomerContractsListResponseModel.from_json(data), repeat)), flush=True)  # type: ignore[arg-type]


def sdk_python() -> Path:
    return SDK_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_sdk() -> tuple[Path | None, str]:
    """The SDK venv's interpreter, installing the SDK first if needed; or ``None`` and why not."""
    python = sdk_python()
    probe = [str(python), "-c", "import hyperstack.models.get_customer_contracts_list_response_model"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python, "already installed"
    print(f"installing {SDK_REQUIREMENT} into {SDK_VENV.relative_to(ROOT)} (once) ...", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(SDK_VENV)
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"could not create {SDK_VENV}: {exc}"
    # The project's constraints file (exported by the Makefile) is for the project, not this venv.
    env = {k: v for k, v in os.environ.items() if k != "PIP_CONSTRAINT"}
    install = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", SDK_REQUIREMENT]
    result = subprocess.run(install, capture_output=True, text=True, env=env, check=False, timeout=600)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        return None, f"pip could not install {SDK_REQUIREMENT}: {reason[-1] if reason else 'no output'}"
    if subprocess.run(probe, capture_output=True, check=False).returncode != 0:
        return None, f"{SDK_REQUIREMENT} installed but does not import"
    return python, "installed now"


class SdkWorker:
    """The SDK timing process: one request, one answer, so rounds interleave with ours."""

    def __init__(self, python: Path, page_path: Path) -> None:
        command = [str(python), str(Path(__file__).resolve()), "--sdk-worker", str(page_path)]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.version = self._read().removeprefix("ready ")

    def _read(self) -> str:
        stdout: IO[str] | None = self._process.stdout
        line = stdout.readline() if stdout is not None else ""
        if not line:
            raise RuntimeError("the SDK worker exited early")
        return line.strip()

    def time(self, repeat: int) -> float:
        assert self._process.stdin is not None
        self._process.stdin.write(f"{repeat}\n")
        self._process.stdin.flush()
        return float(self._read())

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


# --- our side ----------------------------------------------------------------------------------------------


def our_contenders(data: bytes) -> dict[str, Callable[[], object]]:
    # Measure the checkout, not whatever version is installed in the environment.
    sys.path[:0] = [str(ROOT / "overlays"), str(ROOT / "generated")]
    import httpx  # noqa: PLC0415

    from cloudcontracts.hyperstack import HyperstackContracts  # noqa: PLC0415
    from hyperstack_client.models import GetCustomerContractsListResponseModel  # noqa: PLC0415

    def ours_decode() -> object:
        return GetCustomerContractsListResponseModel.from_dict(json.loads(data))

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=data))
    client = HyperstackContracts("bench-fake-key", transport=transport, max_retries=0)

    def ours_call() -> object:
        return client.list_contracts(page=1, per_page=1000)

    page = ours_call()
    assert isinstance(page, GetCustomerContractsListResponseModel)
    assert isinstance(page.contracts, list)
    assert len(page.contracts) == 1000
    return {"json": lambda: json.loads(data), "ours decode": ours_decode, "ours call": ours_call}


def measure(
    contenders: dict[str, Callable[[], object]], worker: SdkWorker | None, rounds: int, repeat: int
) -> dict[str, list[float]]:
    """Seconds per decode, per contender, per round; rounds rotate which contender goes first."""
    names = list(contenders) + (["sdk"] if worker is not None else [])
    times: dict[str, list[float]] = {name: [] for name in names}
    for decode in contenders.values():  # warm-up: imports, caches, allocator
        decode()
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            if worker is not None and name == "sdk":
                times[name].append(worker.time(repeat))
            else:
                times[name].append(timed(contenders[name], repeat))
    return times


def report(times: dict[str, list[float]], sdk_version: str | None, skipped: str) -> int:
    """Print the table; return the exit status (1 when the bar is missed)."""
    labels = {
        "json": "json.loads alone",
        "ours decode": "ours: json.loads + generated from_dict",
        "ours call": "ours: full list_contracts() via MockTransport",
        "sdk": f"official SDK from_json (hyperstack {sdk_version})",
    }
    print(f"{'path':<52}{'median ms':>10}{'min ms':>9}{'max ms':>9}")
    for name, seconds in times.items():
        ms = [t * 1e3 for t in seconds]
        print(f"{labels[name]:<52}{statistics.median(ms):>10.2f}{min(ms):>9.2f}{max(ms):>9.2f}")

    def ratios(top: str, bottom: str) -> list[float]:
        return [a / b for a, b in zip(times[top], times[bottom], strict=True)]

    rows = [("ours decode / json.loads", ratios("ours decode", "json"))]
    if "sdk" in times:
        rows = [
            ("ours decode / SDK from_json", ratios("ours decode", "sdk")),
            ("ours full call / SDK from_json", ratios("ours call", "sdk")),
            *rows,
            ("SDK from_json / json.loads", ratios("sdk", "json")),
        ]
    print(f"\n{'ratio, per round':<52}{'median':>10}  spread (min-max)")
    for label, values in rows:
        print(f"{label:<52}{statistics.median(values):>10.2f}  {min(values):.2f}-{max(values):.2f}")
    if "sdk" not in times:
        print(f"\nofficial SDK comparison skipped: {skipped}")
        return 0
    median = statistics.median(ratios("ours decode", "sdk"))
    passed = median <= BAR
    print(f"\nbar: ours decode / SDK from_json <= {BAR}: {'PASS' if passed else 'FAIL'} ({median:.2f})")
    return 0 if passed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5, help="decodes per contender per round")
    parser.add_argument("--no-sdk", action="store_true", help="skip the official SDK comparison")
    parser.add_argument("--sdk-worker", metavar="PAGE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sdk_worker:
        sdk_worker(args.sdk_worker)
        return 0

    sys.path.insert(0, str(HERE))
    from hyperstack_pages import list_page_bytes  # noqa: PLC0415

    data = list_page_bytes(size=1000, discounts=3)
    contenders = our_contenders(data)
    worker: SdkWorker | None = None
    skipped = "--no-sdk given"
    with tempfile.TemporaryDirectory() as scratch:
        page_path = Path(scratch) / "page.json"
        page_path.write_bytes(data)
        if not args.no_sdk:
            python, skipped = ensure_sdk()
            worker = SdkWorker(python, page_path) if python is not None else None
        try:
            times = measure(contenders, worker, args.rounds, args.repeat)
        finally:
            if worker is not None:
                worker.close()
    print(
        f"\nHyperstack list page: 1000 contracts x 3 discounts, {len(data) / 1e6:.2f} MB of JSON; "
        f"{args.rounds} interleaved rounds x {args.repeat} decodes each\n"
    )
    return report(times, worker.version if worker is not None else None, skipped)


if __name__ == "__main__":
    sys.exit(main())
