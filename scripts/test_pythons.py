"""Run the test suite on the oldest and the newest Python this project supports that the machine has.

    python scripts/test_pythons.py          # each such interpreter but the one `make test` already used

Interpreters are looked for as ``python3.N`` on PATH and under pyenv (``~/.pyenv/versions/3.N*``), for
every minor version from the oldest supported (``requires-python`` in pyproject.toml) up; one that does
not run is skipped. Each gets its own virtual environment (``.venv-3.N``, installed by ``make install``
from the same pins) and runs ``pytest -m "not slow"``: lint, the generation check, the FOCUS validator
and the slow group (a copy of the project, a wheel) need not run twice.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWEST_MINOR_LOOKED_FOR = 15


def _oldest_supported() -> tuple[int, int]:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    found = re.fullmatch(r">=\s*3\.(\d+)", spec.strip())
    if found is None:
        raise SystemExit(f"cannot read the oldest supported Python from requires-python = {spec!r}")
    return 3, int(found.group(1))


def _version(python: str) -> tuple[int, int] | None:
    try:
        result = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    major, minor = result.stdout.split()
    return int(major), int(minor)


def _interpreters(oldest: tuple[int, int]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for minor in range(oldest[1], NEWEST_MINOR_LOOKED_FOR + 1):
        candidates = [shutil.which(f"python3.{minor}") or ""]
        candidates += sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/3.{minor}.*/bin/python3")))
        for candidate in filter(None, candidates):
            if _version(candidate) == (3, minor):
                found[(3, minor)] = candidate
                break
    return found


def main() -> int:
    oldest = _oldest_supported()
    found = _interpreters(oldest)
    if not found:
        print(f"no Python >= {oldest[0]}.{oldest[1]} found besides the default one")
        return 0
    default = _version(os.environ.get("PYTHON", "python3"))
    wanted = {min(found), max(found)} - {default}
    for version in sorted(wanted):
        name = f"{version[0]}.{version[1]}"
        print(f"--- the suite on Python {name} ({found[version]})", flush=True)
        command = [
            "make",
            "--no-print-directory",
            "test-suite",
            f"PYTHON={found[version]}",
            f"VENV=.venv-{name}",
            "PYTEST_ARGS=-m 'not slow' -q",
        ]
        if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
            print(f"the suite failed on Python {name}", file=sys.stderr)
            return 1
    if not wanted:
        print("the default Python is the only supported one here")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
