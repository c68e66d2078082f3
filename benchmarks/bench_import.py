"""Cold ``import cloudcontracts`` against ``import httpx`` and the official SDK's ``import hyperstack``.

    python benchmarks/bench_import.py [--rounds 25] [--quick] [--json FILE]

Every measurement is a fresh interpreter that times its own import with ``time.perf_counter`` (the
interpreter's start-up, the same for all, is left out) and prints the seconds. Contenders:

- ours: ``import cloudcontracts`` then ``cloudcontracts.HyperstackContracts`` and
  ``cloudcontracts.NcloudBilling``, from this checkout (``PYTHONPATH=overlays:generated``); each run then
  checks that the wrappers and both generated packages (``hyperstack_client``, ``ncloud_billing_client``:
  their clients) really were loaded from the checkout. The generated ``models`` and endpoint modules
  load on first use (``tests/test_import_cost.py`` fixes which), so they are not part of the import.
  What a first call brings on top -- the page's models, built by attrs on first use
  (``openapi/templates/``), about 0.7 ms each -- is not part of the import either;
- ``import httpx`` in the same interpreter (``.venv``) with the same ``PYTHONPATH``: our floor, since the
  wrappers sit on httpx. Note that httpx itself imports click and rich when they are installed (its
  ``httpx2._main`` command line), as they are in ``.venv``;
- the official SDK's ``import hyperstack`` (PyPI ``hyperstack``, pinned), run by ``benchmarks/.sdk-venv``'s
  interpreter, where it is installed for the benchmark only;
- interpreter check: the same stdlib imports in both interpreters (both venvs come from the same base
  Python), reported as a ratio that should be about 1.0, so the SDK comparison compares packages, not
  interpreters.

All subprocesses share one bytecode cache (``harness.subprocess_env``): "cold" means a fresh process, as a
user's script or CLI call starts, with ``.pyc`` files present as after ``pip install``; the OS file
cache is warm. Rounds interleave the contenders; the first (unrecorded) round fills the bytecode cache.
After the rounds, one ``python -X importtime`` run lists what ``import cloudcontracts`` loads beyond
``import httpx``, by package, to show where the remaining time goes.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from harness import (
    OUR_PYTHON,
    ROOT,
    SDK_REQUIREMENT,
    Figure,
    bench_arguments,
    ensure_sdk,
    finish,
    interleave,
    print_times,
    ratios,
    rounds_of,
    run_python,
    subprocess_env,
)

HTTPX_BAR = 1.3
SDK_BAR = 0.125

_TIMED = "import time\nstarted = time.perf_counter()\n{body}\nelapsed = time.perf_counter() - started\n"
OURS = (
    _TIMED.format(
        body="import cloudcontracts\ncloudcontracts.HyperstackContracts\ncloudcontracts.NcloudBilling"
    )
    + """import sys
from pathlib import Path
root = Path(sys.argv[1])
for name, folder in (
    ("cloudcontracts", "overlays"),
    ("cloudcontracts.hyperstack.client", "overlays"),
    ("cloudcontracts.ncloud.client", "overlays"),
    # The generated models and endpoint modules load on first use (tests/test_import_cost.py), so the
    # generated packages are proved loaded from generated/ by their clients.
    ("hyperstack_client.client", "generated"),
    ("ncloud_billing_client.client", "generated"),
):
    module = sys.modules.get(name)
    if module is None or not Path(module.__file__).is_relative_to(root / folder):
        raise SystemExit(f"{name} was not loaded from {folder}/ by import cloudcontracts")
print(elapsed)
"""
)
HTTPX = _TIMED.format(body="import httpx2") + "print(elapsed)\n"
SDK = _TIMED.format(body="import hyperstack") + "print(elapsed)\n"
STDLIB = _TIMED.format(body="import asyncio, decimal, email.parser, http.client, json") + "print(elapsed)\n"


def probe(python: Path, code: str, *, tree: bool) -> Callable[[], float]:
    def run() -> float:
        return float(run_python(python, code, tree=tree, args=[str(ROOT)]))

    return run


def import_breakdown() -> list[str]:
    """``-X importtime`` of ours, only the modules ``import httpx`` does not load: self time by package."""
    listing = "import {}, sys; print('\\n'.join(sys.modules))"
    httpx_modules = set(run_python(OUR_PYTHON, listing.format("httpx2")).split())
    loaded = set(run_python(OUR_PYTHON, listing.format("cloudcontracts")).split()) - httpx_modules
    result = subprocess.run(
        [str(OUR_PYTHON), "-X", "importtime", "-c", OURS, str(ROOT)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        check=True,
        timeout=120,
    )
    by_package: dict[str, float] = defaultdict(float)
    by_module: list[tuple[float, str]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        module = name.strip()
        if module not in loaded:  # loaded by httpx already, or a failed optional import
            continue
        by_package[module.split(".")[0]] += int(self_us) / 1e3
        by_module.append((int(self_us) / 1e3, module))
    total = sum(by_package.values())
    lines = [
        f"beyond `import httpx`, `import cloudcontracts` loads {len(by_module)} modules, "
        f"{total:.1f} ms self time under -X importtime (which inflates small modules):"
    ]
    lines += [
        f"  {package:<28}{ms:7.1f} ms" for package, ms in sorted(by_package.items(), key=lambda kv: -kv[1])
    ]
    lines.append("  slowest modules (self time):")
    lines += [f"    {ms:6.1f} ms  {module}" for ms, module in sorted(by_module, reverse=True)[:12]]
    return lines


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], rounds=25)
    args = parser.parse_args()
    rounds = rounds_of(args)

    contenders: dict[str, Callable[[], float]] = {
        "ours: import cloudcontracts (+ both wrappers)": probe(OUR_PYTHON, OURS, tree=True),
        "import httpx2": probe(OUR_PYTHON, HTTPX, tree=True),
        "stdlib imports, .venv": probe(OUR_PYTHON, STDLIB, tree=True),
    }
    sdk_python, sdk_status = ensure_sdk()
    if sdk_python is not None:
        sdk_version = run_python(
            sdk_python, "from importlib.metadata import version; print(version('hyperstack'))", tree=False
        )
        contenders[f"official SDK: import hyperstack {sdk_version}"] = probe(sdk_python, SDK, tree=False)
        contenders["stdlib imports, .sdk-venv"] = probe(sdk_python, STDLIB, tree=False)
    names = list(contenders)

    times = interleave(contenders, rounds)
    print(
        f"cold imports: fresh interpreter per measurement, {rounds} interleaved rounds; "
        f"Python {sys.version.split()[0]}\n"
    )
    print_times(times)
    ours, httpx = names[0], names[1]
    figures = [
        Figure.of(
            "cold `import cloudcontracts` (wrappers + both generated packages)",
            "`import httpx2` alone (same venv)",
            ratios(times, ours, httpx),
            HTTPX_BAR,
        )
    ]
    if sdk_python is not None:
        sdk = names[3]
        figures.append(
            Figure.of(
                "cold `import cloudcontracts` (same)",
                f"official SDK `import hyperstack` ({SDK_REQUIREMENT}, .sdk-venv)",
                ratios(times, ours, sdk),
                SDK_BAR,
            )
        )
        figures.append(
            Figure.of(
                "interpreter check: stdlib imports in .sdk-venv",
                "the same in .venv",
                ratios(times, names[4], names[2]),
                note="about 1.0: both venvs run the same base Python, so the SDK ratio compares packages",
            )
        )
    else:
        print(f"\nofficial SDK comparison skipped: {sdk_status}")
    print()
    print("\n".join(import_breakdown()))
    return finish(args, "bench_import", figures, rounds=rounds)


if __name__ == "__main__":
    sys.exit(main())
