"""cloudcontracts runs on httpx2 only: neither httpx nor httpcore is installed with it or imported by it.

The dependency closure is computed from the installed distributions' own metadata (the versions
``constraints.txt`` pins), offline: the wheel's requirements with every extra, then each requirement's,
markers evaluated for this interpreter.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys

from packaging.requirements import Requirement

FORBIDDEN = {"httpx", "httpcore"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure(root: str, extras: set[str]) -> set[str]:
    seen: set[str] = set()
    pending: list[tuple[str, set[str]]] = [(root, extras)]
    while pending:
        name, wanted = pending.pop()
        key = _canonical(name)
        if key in seen and not wanted:
            continue
        seen.add(key)
        for text in importlib.metadata.distribution(name).requires or []:
            requirement = Requirement(text)
            environments = [{"extra": extra} for extra in wanted] or [{"extra": ""}]
            applies = requirement.marker is None or any(
                requirement.marker.evaluate(env) for env in environments
            )
            if applies and (_canonical(requirement.name) not in seen or requirement.extras):
                pending.append((requirement.name, set(requirement.extras)))
    return seen


def test_every_extra_installs_neither_httpx_nor_httpcore() -> None:
    extras = set(importlib.metadata.metadata("cloudcontracts").get_all("Provides-Extra") or [])
    assert {"sandbox", "plot", "parquet"} <= extras
    installed = _closure("cloudcontracts", extras)
    assert {"httpx2", "httpcore2"} <= installed
    assert not installed & FORBIDDEN, sorted(installed & FORBIDDEN)


def test_every_module_of_the_package_imports_without_httpx() -> None:
    """As in an environment without httpx and httpcore (here the development tools bring them: the
    generator depends on httpx): importing either fails, and every module still imports."""
    probe = (
        "import sys, pkgutil, importlib\n"
        "sys.modules['httpx'] = None\n"
        "sys.modules['httpcore'] = None\n"
        "import cloudcontracts, hyperstack_client, ncloud_billing_client\n"
        "for package in (cloudcontracts, hyperstack_client, ncloud_billing_client):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        if not info.name.endswith('__main__'):\n"
        "            importlib.import_module(info.name)\n"
        "print(sum(1 for m in sys.modules if m.startswith(('cloudcontracts', 'hyperstack_client', 'ncloud_billing'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) > 50
