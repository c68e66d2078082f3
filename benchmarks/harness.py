"""What every benchmark in ``benchmarks/`` shares: interleaved rounds, per-round ratios, the figures and
their table, the interpreters and environments they run in, and the sandbox served from a subprocess.

The rules every figure follows (docs/performance.md, "Method"):

- a figure is a *ratio* against a baseline measured in the same run: absolute times on a shared 2-core
  machine mean little;
- contenders are measured in *interleaved rounds*: each round measures every contender once, in an order
  rotated every round, so a burst of noise from another process hits all of them alike;
- the ratio is taken *per round*; a figure is the median of its per-round ratios, shown with their spread
  (min-max);
- a bar is an upper bound on the median (``met`` when ``median <= bar``); a figure without a bar is
  reported only.

Each benchmark is a script that prints its details and, with ``--json FILE``, writes its figures for
``run_all.py``. Nothing here contacts anything but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = [
    "MSGSPEC_REQUIREMENT",
    "OUR_PYTHON",
    "ROOT",
    "SDK_REQUIREMENT",
    "Figure",
    "LineWorker",
    "SandboxProcess",
    "bench_arguments",
    "ensure_sdk",
    "finish",
    "interleave",
    "markdown_table",
    "print_times",
    "ratios",
    "run_python",
    "subprocess_env",
    "timed",
    "use_tree",
]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TREE_PATHS = (ROOT / "overlays", ROOT / "generated")
OUR_PYTHON = Path(sys.executable)
"""The interpreter running the benchmarks (``make bench``: the project's ``.venv``)."""
SDK_VENV = HERE / ".sdk-venv"
SDK_REQUIREMENT = "hyperstack==1.56.1a0"  # pinned so numbers stay comparable between runs
MSGSPEC_REQUIREMENT = "msgspec==0.22.0"  # decoded beside the SDK, in its venv (pydantic v2 comes with it)
# The table's typography, as in the README: en dash in ranges, multiplication sign, at-most sign.
EN_DASH, EM_DASH, TIMES, AT_MOST = "\u2013", "\u2014", "\u00d7", "\u2264"
PYCACHE = Path(tempfile.gettempdir()) / "cloudcontracts-bench-pycache"
"""Bytecode cache of every benchmark subprocess (see :func:`subprocess_env`)."""


# --- timing -----------------------------------------------------------------------------------------------


def timed(operation: Callable[[], object], repeat: int = 1, *, gc_off: bool = True) -> float:
    """Mean seconds per call over ``repeat`` calls, after a ``gc.collect()``.

    ``gc_off`` keeps the garbage collector off while timing, as ``timeit`` does (CPU-bound decoders);
    I/O benchmarks leave it on, as a user's program would.
    """
    gc.collect()
    if gc_off:
        gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(repeat):
            operation()
        return (time.perf_counter() - start) / repeat
    finally:
        if gc_off:
            gc.enable()


def interleave(
    contenders: Mapping[str, Callable[[], float]], rounds: int, *, warmup: int = 1
) -> dict[str, list[float]]:
    """Measure every contender once per round, rotating the order every round.

    Each contender is a callable returning one measurement (seconds, bytes...), so in-process timings,
    worker processes and fresh subprocesses interleave alike. ``warmup`` rounds run first, unrecorded.
    """
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name]()
    values: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            values[name].append(contenders[name]())
    return values


def ratios(values: Mapping[str, Sequence[float]], top: str, bottom: str) -> list[float]:
    """Per-round ratios ``top / bottom``."""
    return [a / b for a, b in zip(values[top], values[bottom], strict=True)]


def print_times(values: Mapping[str, Sequence[float]], *, unit: str = "ms", scale: float = 1e3) -> None:
    """One line per contender: median, min and max of its measurements."""
    width = max(len(name) for name in values) + 2
    print(f"{'contender':<{width}}{'median ' + unit:>13}{'min':>10}{'max':>10}")
    for name, series in values.items():
        scaled = [v * scale for v in series]
        print(f"{name:<{width}}{statistics.median(scaled):>13.2f}{min(scaled):>10.2f}{max(scaled):>10.2f}")


# --- figures ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One line of the table: a per-round ratio series against a baseline, and its bar (if any)."""

    name: str
    baseline: str
    values: tuple[float, ...]
    bar: float | None = None
    note: str = ""

    @classmethod
    def of(
        cls,
        name: str,
        baseline: str,
        values: Sequence[float],
        bar: float | None = None,
        note: str = "",
    ) -> Figure:
        return cls(name, baseline, tuple(values), bar, note)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> str:
        return f"{min(self.values):.2f}{EN_DASH}{max(self.values):.2f}"

    @property
    def verdict(self) -> str:
        if self.bar is None:
            return "reported"
        return "met" if self.median <= self.bar else "**not met**"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["values"] = list(self.values)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Figure:
        return cls.of(data["name"], data["baseline"], data["values"], data.get("bar"), data.get("note", ""))


def markdown_table(figures: Sequence[Figure]) -> str:
    """The table of figures: median ratio, spread, bar and verdict."""
    lines = [
        f"| figure | baseline | median ratio | spread (min{EN_DASH}max) | bar | result |",
        "|---|---|---|---|---|---|",
    ]
    for figure in figures:
        bar = EM_DASH if figure.bar is None else f"{AT_MOST} {figure.bar:g}{TIMES}"
        lines.append(
            f"| {figure.name} | {figure.baseline} | {figure.median:.3f}{TIMES} | {figure.spread} | {bar} | "
            f"{figure.verdict} |"
        )
    return "\n".join(lines)


@dataclass
class Report:
    """What a benchmark hands to ``run_all.py``: its figures and a few facts about how they were made."""

    benchmark: str
    figures: list[Figure]
    context: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "figures": [figure.to_json() for figure in self.figures],
            "context": self.context,
        }


def bench_arguments(description: str, *, rounds: int, quick_rounds: int = 3) -> argparse.ArgumentParser:
    """The options every benchmark takes: ``--rounds``, ``--quick`` and ``--json FILE``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rounds", type=int, default=None, help=f"interleaved rounds (default {rounds})")
    parser.add_argument(
        "--quick", action="store_true", help=f"a smoke run: {quick_rounds} rounds unless --rounds says more"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON (for run_all.py)")
    parser.set_defaults(default_rounds=rounds, quick_rounds=quick_rounds)
    return parser


def rounds_of(args: argparse.Namespace) -> int:
    if args.rounds is not None:
        return max(1, int(args.rounds))
    return int(args.quick_rounds if args.quick else args.default_rounds)


def finish(args: argparse.Namespace, benchmark: str, figures: list[Figure], **context: Any) -> int:
    """Print the figures as a table, write them to ``--json`` if asked; exit status 0 (this reports)."""
    print()
    print(markdown_table(figures))
    for figure in figures:
        if figure.note:
            print(f"- {figure.name}: {figure.note}")
    if args.json:
        report = Report(benchmark, figures, {"python": platform.python_version(), **context})
        Path(args.json).write_text(json.dumps(report.to_json(), indent=1), encoding="utf-8")
    return 0


# --- interpreters and environments ------------------------------------------------------------------------


def use_tree() -> None:
    """Import ``cloudcontracts`` and both generated packages from this checkout, not from site-packages
    (the wheel installed in .venv may lag behind the working tree)."""
    for path in reversed(TREE_PATHS):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))


def subprocess_env(*, tree: bool = True) -> dict[str, str]:
    """The environment of a benchmark subprocess.

    ``tree``: ``PYTHONPATH`` puts ``overlays/`` and ``generated/`` first, so the checkout is measured.
    Bytecode is cached in :data:`PYCACHE` (``PYTHONPYCACHEPREFIX``), even where the machine sets
    ``PYTHONDONTWRITEBYTECODE``: the checkout has no ``__pycache__`` of its own, and comparing a package
    compiled from source with one loaded from ``.pyc`` files would time the compiler, not the import.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PIP_CONSTRAINT", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "PYTHONHOME")
    }
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    if tree:
        env["PYTHONPATH"] = os.pathsep.join(str(path) for path in TREE_PATHS)
    return env


def run_python(
    python: Path, code: str, *, tree: bool = True, timeout: float = 120, args: Sequence[str] = ()
) -> str:
    """Run ``python -c code`` in a fresh process; its standard output, stripped (errors raise)."""
    result = subprocess.run(
        [str(python), "-c", code, *args],
        capture_output=True,
        text=True,
        env=subprocess_env(tree=tree),
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{python} -c {code[:60]!r}... failed:\n{result.stderr[-2000:]}")
    return result.stdout.strip()


def sdk_python() -> Path:
    return SDK_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_sdk() -> tuple[Path | None, str]:
    """The interpreter of ``benchmarks/.sdk-venv`` with the official SDK, installing it first if needed;
    or ``None`` and why not. The SDK is never a dependency of cloudcontracts."""
    python = sdk_python()
    probe = [
        str(python),
        "-c",
        "import msgspec, pydantic, hyperstack.models.get_customer_contracts_list_response_model",
    ]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python, "already installed"
    print(f"installing {SDK_REQUIREMENT} into {SDK_VENV.relative_to(ROOT)} (once) ...", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(SDK_VENV)
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"could not create {SDK_VENV}: {exc}"
    # The project's constraints file (exported by the Makefile) is for the project, not this venv.
    env = {k: v for k, v in os.environ.items() if k != "PIP_CONSTRAINT"}
    install = [
        str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
        SDK_REQUIREMENT, MSGSPEC_REQUIREMENT,
    ]  # fmt: skip
    result = subprocess.run(install, capture_output=True, text=True, env=env, check=False, timeout=600)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        return None, f"pip could not install {SDK_REQUIREMENT}: {reason[-1] if reason else 'no output'}"
    if subprocess.run(probe, capture_output=True, check=False).returncode != 0:
        return None, f"{SDK_REQUIREMENT} installed but does not import"
    return python, "installed now"


class LineWorker:
    """A long-lived worker process driven over a pipe: one request line, one answer line.

    The worker prints ``ready <info>`` once, then answers each request line with one line. Used to time
    code in another interpreter (the SDK's venv) within the same interleaved rounds.
    """

    def __init__(self, command: Sequence[str], *, tree: bool = False) -> None:
        self._process = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=subprocess_env(tree=tree),
        )
        self.info = self._read().removeprefix("ready ")

    def _read(self) -> str:
        stdout: IO[str] | None = self._process.stdout
        line = stdout.readline() if stdout is not None else ""
        if not line:
            raise RuntimeError("the worker process exited early")
        return line.strip()

    def ask(self, request: str) -> str:
        assert self._process.stdin is not None
        self._process.stdin.write(request + "\n")
        self._process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)


# --- the sandbox, served from its own process -------------------------------------------------------------

_BANNER_FIELDS = {
    "Hyperstack base URL": "hyperstack_url",
    "Hyperstack api_key": "hyperstack_api_key",
    "NCP base URL": "ncloud_url",
    "NCP access key": "ncp_access_key",
    "NCP secret key": "ncp_secret_key",
}


class SandboxProcess:
    """``python -m cloudcontracts.sandbox --port 0 ...`` from this checkout, in its own process, so that
    its CPU time and memory are not the client's. Only 127.0.0.1 (the sandbox cannot bind elsewhere).

    ``options`` are its command-line options, e.g. ``["--ncp-contracts", "100"]``; latency on every
    request is ``["--fault-probability", "1", "--fault-kinds", "latency:0.05"]``.
    """

    def __init__(self, options: Sequence[str] = (), *, start_timeout: float = 120) -> None:
        self.options = list(options)
        self.start_timeout = start_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[str] | None = None
        self.hyperstack_url = self.hyperstack_api_key = ""
        self.ncloud_url = self.ncp_access_key = self.ncp_secret_key = ""

    def __enter__(self) -> SandboxProcess:
        self._stderr = tempfile.TemporaryFile("w+")
        command = [str(OUR_PYTHON), "-m", "cloudcontracts.sandbox", "--port", "0", *self.options]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._stderr, env=subprocess_env()
        )
        try:
            self._read_banner()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _read_banner(self) -> None:
        """Read the banner's lines as they come (raw reads: a buffered reader could hold lines that
        ``select`` no longer reports), up to the start-up deadline."""
        assert self._process is not None
        assert self._process.stdout is not None
        descriptor = self._process.stdout.fileno()
        found: dict[str, str] = {}
        pending = b""
        deadline = time.monotonic() + self.start_timeout
        with selectors.DefaultSelector() as selector:
            selector.register(descriptor, selectors.EVENT_READ)
            while len(found) < len(_BANNER_FIELDS):
                if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                    raise RuntimeError(f"the sandbox did not start within {self.start_timeout:g} s")
                chunk = os.read(descriptor, 65536)
                if not chunk:
                    raise RuntimeError(f"the sandbox exited early:\n{self._error_output()}")
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    label, _, value = line.decode("utf-8", "replace").partition(":")
                    attribute = _BANNER_FIELDS.get(label.strip())
                    if attribute is not None:
                        found[attribute] = value.strip()
        for attribute, value in found.items():
            setattr(self, attribute, value)
        if not self.ncloud_url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"unexpected sandbox URL {self.ncloud_url!r}")

    def _error_output(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read()[-2000:]

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()  # SIGTERM to the process started above: uvicorn shuts down gracefully
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
