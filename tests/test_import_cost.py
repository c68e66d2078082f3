"""What ``import cloudcontracts`` loads: the wrappers, both generated packages, attrs, and nothing a
constructor does not need (benchmarks/bench_import.py times it against ``import httpx2``).

Deferred to first use, each with the reason in its module: asyncio (async calls), configparser (the NCP
configure file), importlib.resources (the shipped OpenAPI documents), PyYAML (decoding plans)
(retries), contextvars (the Hyperstack response hook), the generated operations other than
``list_contracts``, the generated models those operations do not import, and every regex.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudcontracts.ncloud.credentials import NcpCredentials, resolve_ncp_credentials

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
import httpx2
before = set(sys.modules)
import cloudcontracts
cloudcontracts.HyperstackContracts, cloudcontracts.NcloudBilling
print(json.dumps({"all": sorted(sys.modules), "beyond_httpx": sorted(set(sys.modules) - before)}))
"""

# Top-level packages `import cloudcontracts` may add to what `import httpx2` loads: the XML decoder
# (expat), the signer's hmac and decimal are imported on first use. attrs imports platform.
ALLOWED_BEYOND_HTTPX = {
    "cloudcontracts",
    "hyperstack_client",
    "ncloud_billing_client",
    "attr",
    "attrs",
    "platform",
}

# Never loaded by `import cloudcontracts` beyond what `import httpx2` loads itself (it loads
# importlib.resources, for instance).
NEVER = (
    "asyncio",
    "configparser",
    "contextvars",
    "importlib.resources",
    "yaml",
    "lxml",
    "matplotlib",
    "pyarrow",
    "starlette",
    "uvicorn",
    "cloudcontracts.cli",
    "cloudcontracts.demo",
    "cloudcontracts.exports",
    "cloudcontracts.plot",
    "cloudcontracts.sandbox",
    "cloudcontracts.ncloud.xml_decoding",
    "hyperstack_client.api.contracts.get_contract",
    "hyperstack_client.api.contracts.get_contract_gpu_allocation_graph",
)


@pytest.fixture(scope="module")
def loaded() -> dict[str, list[str]]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "overlays"), str(ROOT / "generated")]))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    data: dict[str, list[str]] = json.loads(result.stdout)
    return data


def test_only_the_wrappers_generated_packages_and_attrs_beyond_httpx(loaded: dict[str, list[str]]) -> None:
    top_level = {name.split(".")[0] for name in loaded["beyond_httpx"]}
    assert top_level <= ALLOWED_BEYOND_HTTPX, sorted(top_level - ALLOWED_BEYOND_HTTPX)
    for needed in (
        "cloudcontracts.hyperstack.client",
        "cloudcontracts.ncloud.client",
        "hyperstack_client",
        "ncloud_billing_client",
    ):
        assert needed in loaded["all"]


def test_no_model_is_imported_before_a_call(loaded: dict[str, list[str]]) -> None:
    """The generated models packages import each model on first use (openapi/templates/), and the
    clients import an operation's generated module when it is first called: ``import cloudcontracts``
    builds no model class at all."""
    assert sorted(m for m in loaded["all"] if ".models." in m or ".api." in m) == []


@pytest.mark.parametrize("name", NEVER)
def test_deferred_module_is_not_loaded(loaded: dict[str, list[str]], name: str) -> None:
    assert not [m for m in loaded["beyond_httpx"] if m == name or m.startswith(name + ".")]


# NcpCredentials is a frozen dataclass: equal by value, hashable, immutable, copied and pickled whole.


def test_credentials_are_frozen_hashable_values() -> None:
    creds = resolve_ncp_credentials("AKFAKE123456", "SKTOPSECRETFAKE", env={})
    same = NcpCredentials(
        access_key="AKFAKE123456", secret_key="SKTOPSECRETFAKE", base_url=creds.base_url, source="arguments"
    )
    assert creds == same
    assert hash(creds) == hash(same)
    assert {creds, same} == {creds}
    assert creds != NcpCredentials("AKFAKE123456", "other", creds.base_url, "arguments")
    with pytest.raises(dataclasses.FrozenInstanceError):
        creds.secret_key = "x"  # type: ignore[misc]  # the assignment a frozen dataclass refuses
    assert "SKTOPSECRETFAKE" not in repr(creds)


@pytest.mark.parametrize(
    "copy_of",
    [copy.copy, copy.deepcopy, lambda value: pickle.loads(pickle.dumps(value))],  # noqa: S301 -- our own bytes
    ids=["copy", "deepcopy", "pickle"],
)
def test_credentials_copy_and_pickle(copy_of: Callable[[Any], Any]) -> None:
    creds = resolve_ncp_credentials("AKFAKE123456", "SKTOPSECRETFAKE", env={})
    assert copy_of(creds) == creds
    assert type(copy_of(creds)) is NcpCredentials
    assert copy_of(creds).secret_key == "SKTOPSECRETFAKE"
