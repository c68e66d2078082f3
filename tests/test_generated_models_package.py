"""The generated ``models`` packages import each model on first use (``openapi/templates/models_init.py.jinja``).

What a user of the generated packages relies on must hold as with the generator's eager ``__init__``:
every model reachable as an attribute, by ``from ... import`` and by ``import *``, the same class
object as its module defines, listed by ``dir`` and ``__all__``; an unknown name an ``AttributeError``.
And the point of it: importing the package builds no model class.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hyperstack_client", "ncloud_billing_client")


def model_modules(package: str) -> set[str]:
    """The model modules the generator wrote (every .py beside the package's __init__)."""
    folder = ROOT / "generated" / package / "models"
    return {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}


def models_package(package: str) -> ModuleType:
    return importlib.import_module(f"{package}.models")


@pytest.mark.parametrize("package", PACKAGES)
def test_importing_the_package_builds_no_model(package: str) -> None:
    probe = (
        "import json, sys\n"
        f"import {package}.models\n"
        "print(json.dumps(sorted(m for m in sys.modules if '.models.' in m)))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "generated"))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_model_module_has_its_name_in_all(package: str) -> None:
    models = models_package(package)
    assert {module.lstrip(".") for module in models._MODULES.values()} == model_modules(package)
    assert set(models.__all__) == set(models._MODULES)
    assert len(models.__all__) == len(model_modules(package))


@pytest.mark.parametrize("package", PACKAGES)
def test_each_name_is_the_class_its_module_defines(package: str) -> None:
    models = models_package(package)
    for name, module in models._MODULES.items():
        defined = getattr(importlib.import_module(f"{package}.models{module}"), name)
        assert getattr(models, name) is defined
        imported: dict[str, Any] = {}
        exec(f"from {package}.models import {name} as found", imported)  # noqa: S102 -- the import statement itself
        assert imported["found"] is defined


@pytest.mark.parametrize("package", PACKAGES)
def test_star_import_and_dir_list_every_model(package: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from {package}.models import *", namespace)  # noqa: S102 -- the import statement itself
    models = models_package(package)
    assert set(models.__all__) <= set(namespace)
    assert set(models.__all__) <= set(dir(models))


@pytest.mark.parametrize("package", PACKAGES)
def test_an_unknown_name_is_an_attribute_error(package: str) -> None:
    models = models_package(package)
    with pytest.raises(AttributeError, match=f"module '{package}.models' has no attribute 'NoSuchModel'"):
        models.NoSuchModel  # noqa: B018 -- the lookup is the test
    with pytest.raises(ImportError, match="NoSuchModel"):
        exec(f"from {package}.models import NoSuchModel", {})  # noqa: S102
    assert not hasattr(models, "_private_thing")
