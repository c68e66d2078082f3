"""What the model template changes besides dates: reprs of what is set, nested models imported once."""

from __future__ import annotations

import inspect
import subprocess
import sys
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import attrs
import pytest

from cloudcontracts.sandbox.state import SandboxState
from hyperstack_client import models as hs_models
from hyperstack_client.types import UNSET as HS_UNSET
from ncloud_billing_client import models as ncp_models
from ncloud_billing_client.types import UNSET

PACKAGES = {"hyperstack_client": hs_models, "ncloud_billing_client": ncp_models}


def model_classes(package: ModuleType) -> list[Any]:
    classes = [getattr(package, name) for name in package.__all__]
    return [cls for cls in classes if attrs.has(cls)]


# --- repr ------------------------------------------------------------------------------------------------


def test_repr_shows_only_what_is_set() -> None:
    assert (
        repr(ncp_models.Contract(contract_no="1", region_code="KR"))
        == "Contract(contract_no='1', region_code='KR')"
    )
    assert repr(ncp_models.CommonCode()) == "CommonCode()"
    assert repr(UNSET) == "UNSET" and repr(HS_UNSET) == "UNSET"


def test_repr_nests_and_keeps_unknown_fields_and_dates() -> None:
    contract = ncp_models.Contract.from_dict(
        {"contractNo": "7", "contractType": {"code": "VSVR"}, "futureField": 1, "contractStartDate": ""}
    )
    assert repr(contract) == (
        "Contract(contract_no='7', contract_type=CommonCode(code='VSVR'), additional_properties={'futureField': 1})"
    )
    graph = hs_models.AllocatedGPUCountGraph.from_dict({"datetime": "2026-05-01T00:00:00"})
    assert repr(graph) == f"AllocatedGPUCountGraph(datetime_={datetime(2026, 5, 1, tzinfo=UTC)!r})"


def test_repr_survives_a_cycle_built_by_hand() -> None:
    outer = ncp_models.Contract(contract_no="1")
    outer.contract_product_list = [ncp_models.ContractProduct(product_code="P")]
    outer.contract_product_list[0]["back"] = outer
    assert "additional_properties={'back': ...}" in repr(outer)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_no_repr_shows_an_unset_object(name: str) -> None:
    optional = [cls for cls in model_classes(PACKAGES[name]) if not _required(cls)]
    assert len(optional) >= 5
    for cls in optional:
        text = repr(cls.from_dict({}))
        assert text == f"{cls.__name__}()", text


def _required(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING and f.init]


def test_reprs_of_the_sandbox_data_name_no_object_addresses() -> None:
    state = SandboxState()
    months = state.ncp_months
    texts = [repr(ncp_models.Contract.from_dict(c)) for c in state.ncp_contracts(months[0], months[2])]
    texts += [repr(hs_models.CustomerContractFields.from_dict(c)) for c in state.hyperstack_contracts()]
    assert len(texts) > 20
    assert not [text for text in texts if "object at 0x" in text]


def test_equality_still_compares_every_field() -> None:
    assert ncp_models.CommonCode(code="A") != ncp_models.CommonCode(code="A", code_name="x")
    assert ncp_models.CommonCode.from_dict({"code": "A"}) == ncp_models.CommonCode(code="A")


# --- nested models: imported once, not per call --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_from_dict_and_to_dict_import_nothing(name: str) -> None:
    nesting = 0
    for cls in model_classes(PACKAGES[name]):
        for method in (cls.from_dict, cls.to_dict):
            source = inspect.getsource(method)
            assert "import " not in source, f"{cls.__name__}.{method.__name__}"
        nesting += "from_dict(" in inspect.getsource(cls.from_dict).replace("def from_dict(", "")
    assert nesting >= 3  # the check means something: several models do nest others


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_model_module_imports_first_in_a_fresh_interpreter(package: str) -> None:
    """Each model imported first, alone, then used: no import cycle among the hoisted imports."""
    script = f"""
import importlib, sys
import {package}.models as models
for name, module in sorted(models._MODULES.items()):
    for loaded in [m for m in sys.modules if m.startswith("{package}.models.")]:
        del sys.modules[loaded]
    cls = getattr(importlib.import_module(module, "{package}.models"), name)
    if hasattr(cls, "from_dict"):
        try:
            cls.from_dict({{}}).to_dict()
        except KeyError:  # a required property (the envelopes): the nested models were still reached
            pass
print("ok", len(models._MODULES))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "ok" and int(result.stdout.split()[1]) == len(
        PACKAGES[package].__all__
    )
