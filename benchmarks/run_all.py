"""Every benchmark in ``benchmarks/``, one table of ratios: ``make bench`` (``python benchmarks/run_all.py``).

    python benchmarks/run_all.py [--quick] [--only NAME ...] [--verbose] [--no-write] [--strict]

Each ``bench_*.py`` runs in its own subprocess, one after the other (never two at once: they would time
each other), with ``--json`` so it hands back its figures; its own detailed output is kept and written
under the table in ``benchmarks/RESULTS.md`` (``--verbose`` also streams it). The table lists, per
figure, the baseline it is measured against in the same run, the median of the per-round ratios with
their spread (min-max), the bar and whether the median meets it. ``--quick`` is a smoke run (few rounds;
the figures are noisy). Only 127.0.0.1 is contacted: the sandbox, started by the benchmarks that need
it, binds nothing else.

The exit status is 0 when every benchmark ran, whether or not its bars were met (``--strict``: 1 when a
bar is missed), and 2 when a benchmark failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import OUR_PYTHON, ROOT, Figure, markdown_table, subprocess_env

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
# In the order of the table in docs/performance.md: the end-to-end pull, import, decoding, per request,
# memory. (``bench_pagination.py``, 10 pages through the sandbox, still runs on its own: the pull covers it.)
BENCHMARKS = (
    "bench_pull",
    "bench_import",
    "bench_hyperstack_decode",
    "bench_ncp_xml",
    "bench_request_overhead",
    "bench_memory",
    "bench_table",
)


def run_one(name: str, *, quick: bool, verbose: bool) -> tuple[list[Figure], str, float, str | None]:
    """Run one benchmark; its figures, its output, its wall time, and an error (or ``None``)."""
    with tempfile.TemporaryDirectory() as scratch:
        figures_path = Path(scratch) / f"{name}.json"
        command = [str(OUR_PYTHON), str(HERE / f"{name}.py"), "--json", str(figures_path)]
        if quick:
            command.append("--quick")
        started = time.perf_counter()
        # tree=False: each benchmark puts the checkout on its own path (and its subprocesses' paths).
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=subprocess_env(tree=False),
            cwd=ROOT,
        )
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if verbose:
                print(f"  | {line}", end="", flush=True)
        status = process.wait()
        elapsed = time.perf_counter() - started
        output = "".join(lines)
        if status != 0 or not figures_path.exists():
            return [], output, elapsed, f"{name} exited with status {status}"
        data = json.loads(figures_path.read_text(encoding="utf-8"))
    return [Figure.from_json(item) for item in data["figures"]], output, elapsed, None


def results_markdown(
    table: str, notes: list[str], command: str, details: dict[str, str], timings: dict[str, float]
) -> str:
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"Latest run: {today}, Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.machine()}, the project's 2-core machine (shared with other work: "
        "expect noise; the spread shows it).",
        "",
        f"Command: `{command}` (`make bench`). Code under test: this checkout (`overlays/` and `generated/` "
        "on `PYTHONPATH`), not the wheel installed in `.venv`, which may lag behind it. Each figure is the "
        "median of per-round ratios against a baseline measured in the same run, interleaved; see "
        "`benchmarks/README.md` for how each one is measured.",
        "",
        table,
        "",
    ]
    if notes:
        lines += ["Notes:", "", *[f"- {note}" for note in notes], ""]
    total = sum(timings.values())
    lines += [
        f"Wall time: {total:.0f} s ("
        + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
        + ").",
        "",
        "## Details of each benchmark",
        "",
    ]
    for name, output in details.items():
        lines += [f"### {name}", "", "```text", output.rstrip(), "```", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: few rounds per benchmark")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these benchmarks")
    parser.add_argument("--verbose", action="store_true", help="stream each benchmark's own output")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a bar is missed")
    args = parser.parse_args()

    names = args.only or list(BENCHMARKS)
    figures: list[Figure] = []
    details: dict[str, str] = {}
    timings: dict[str, float] = {}
    errors: list[str] = []
    for name in names:
        print(f"{name} ...", end="" if not args.verbose else "\n", flush=True)
        found, output, elapsed, error = run_one(name, quick=args.quick, verbose=args.verbose)
        timings[name] = elapsed
        details[name] = output
        figures += found
        print(f" {elapsed:.0f} s" + (f"  FAILED: {error}" if error else ""), flush=True)
        if error:
            errors.append(error)
            print(output[-3000:], file=sys.stderr)

    table = markdown_table(figures)
    notes = [f"{figure.name}: {figure.note}" for figure in figures if figure.note]
    notes += [f"FAILED: {error} (see its details below)" for error in errors]
    if args.quick:
        notes.insert(0, "`--quick` run: few rounds, figures are indicative only.")
    command = "python benchmarks/run_all.py" + (" --quick" if args.quick else "")
    print()
    print(table)
    for note in notes:
        print(f"- {note}")
    print(f"\ntotal {sum(timings.values()):.0f} s")
    if not args.no_write:
        RESULTS.write_text(results_markdown(table, notes, command, details, timings), encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")
    if errors:
        return 2
    missed = [figure for figure in figures if figure.bar is not None and figure.median > figure.bar]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
