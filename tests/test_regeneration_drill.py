"""The regeneration drill: edit the documents as a maintainer would, run ``make generate``, and check
that everything follows with no other edit (README, "After an API change").

A copy of the project is made in a scratch folder; the documents are changed there (see
``tests/drill/changes.py``), ``scripts/generate.py --root`` regenerates the copy, and the copy's own
code is run from its source (``PYTHONPATH``), so nothing here touches this checkout:

- a new response field (a string and a wrapped list): models, XML = JSON, flat exports;
- a new query parameter: generated functions, the pager and the named wrappers, the sandbox;
- a new GET list operation in each document: its generated function through ``generated_client`` with
  retries and typed errors, the pager (NCP month windows, XML and JSON, async), the sandbox, ``make
  demo``, and a focused part of the test suite;
- a renamed field: ``make lint``'s type check names the overlay lines to change.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "drill"))

import changes  # noqa: E402

pytestmark = pytest.mark.slow

_COPIED = ("openapi", "scripts", "generated", "overlays", "tests", "pyproject.toml", "README.md", "Makefile")
_IGNORED = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".pytest_cache", "*.pyc", "cassettes")


def _copy_project(target: Path) -> Path:
    for name in _COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_IGNORED)
        else:
            shutil.copy2(source, target / name)
    return target


def _edit(copy: Path, edit: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    paths = copy / "openapi" / "ncloud-billing.yaml", copy / "openapi" / "hyperstack.yaml"
    ncp, hyperstack = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in paths)
    edit(ncp, hyperstack)
    for path, document in zip(paths, (ncp, hyperstack), strict=True):
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _run(copy: Path, *command: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(copy / part) for part in ("overlays", "generated", "tests/drill")),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, *command],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _attribute_reads(path: Path, name: str) -> set[int]:
    """Lines of ``path`` that read ``.name`` as an attribute in code (not in strings or comments)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    return {
        token.start[0]
        for before, token in itertools.pairwise(tokens)
        if token.type == tokenize.NAME and token.string == name and before.string == "."
    }


def _generate(copy: Path) -> None:
    result = _run(copy, "scripts/generate.py", "--root", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def drilled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the three additions made and regenerated."""
    copy = _copy_project(tmp_path_factory.mktemp("drill"))

    def additions(ncp: dict[str, Any], hyperstack: dict[str, Any]) -> None:
        changes.add_response_fields(ncp, hyperstack)
        changes.add_query_parameters(ncp, hyperstack)
        changes.add_list_operations(ncp, hyperstack)

    _edit(copy, additions)
    _generate(copy)
    return copy


def test_generation_writes_the_new_operations(drilled: Path) -> None:
    assert (drilled / "generated/hyperstack_client/api/contracts/list_drill_probes.py").is_file()
    assert (drilled / "generated/ncloud_billing_client/api/cost/get_drill_probe_list.py").is_file()
    assert not (ROOT / "generated/hyperstack_client/api/contracts/list_drill_probes.py").exists()


@pytest.mark.parametrize("check", ["new-field", "new-parameter", "new-operation"])
def test_everything_follows_with_no_other_edit(drilled: Path, check: str) -> None:
    result = _run(drilled, "tests/drill/checks.py", check)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("ok"), result.stdout


def test_the_demo_runs_in_the_copy(drilled: Path) -> None:
    result = _run(drilled, "-m", "cloudcontracts.demo")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]


def test_a_focused_part_of_the_suite_passes_in_the_copy(drilled: Path) -> None:
    """The tests that read their expectations from the documents: they pass on the changed ones."""
    result = _run(
        drilled,
        "-m",
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        "tests/test_openapi_documents.py",
        "tests/test_sandbox_conformance.py",
        "tests/test_generated_models_package.py",
        "tests/test_ncloud_client.py",
        "tests/test_hyperstack_client.py",
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_a_renamed_field_is_named_by_the_type_check(tmp_path: Path) -> None:
    """``make lint`` runs ``mypy --strict overlays``: after a rename it names each overlay line that
    reads the old attribute, so the maintainer knows exactly what to change."""
    copy = _copy_project(tmp_path)
    _edit(copy, lambda ncp, hyperstack: changes.rename_field(hyperstack))
    _generate(copy)
    old, new = changes.RENAMED
    result = _run(copy, "-m", "mypy", "--strict", "--no-incremental", "overlays", timeout=300)
    assert result.returncode != 0
    named = set(re.findall(rf"^(overlays/\S+?\.py):(\d+): error: .*{old}", result.stdout, re.MULTILINE))
    readers = {
        (str(path.relative_to(copy)), str(number))
        for path in (copy / "overlays").rglob("*.py")
        for number in _attribute_reads(path, old)
    }
    assert readers, f"no overlay line reads .{old}: the drill's rename proves nothing"
    assert readers <= named, (sorted(readers - named), result.stdout[-3000:])
    assert new in (copy / "generated/hyperstack_client/models/contract_discount_plan_fields.py").read_text()
