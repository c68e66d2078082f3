"""Value objects (``x-cloudcontracts-value-object``): immutable models, one shared instance per value.

The schemas carrying the extension are read from the OpenAPI documents; ``CommonCode`` (NCP's
``{code, codeName}``) is the one the documents mark today. ``from_dict`` returns a shared instance for a
body whose values are all strings or nulls and which has no unknown keys; the store of shared instances
is bounded (``openapi/templates/README.md``).
"""

from __future__ import annotations

import copy
import json
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

import attrs
import pytest
from support.hostile_server import HostileServer, RawRequest, response
from support.ncp_fixtures import page_bodies

from cloudcontracts import NcloudBilling, ResponseDecodeError
from cloudcontracts.ncloud.xml_decoding import decode_ncp_xml, ncp_openapi_document
from ncloud_billing_client.models import CommonCode, GetContractUsageListResponseEnvelope
from ncloud_billing_client.models import common_code as common_code_module

EXTENSION = "x-cloudcontracts-value-object"
REF = "#/components/schemas/CommonCode"


def shared_store(module: ModuleType) -> dict[tuple[Any, ...], Any]:
    store: dict[tuple[Any, ...], Any] = module._SHARED
    return store


@pytest.fixture
def empty_store() -> Iterator[dict[tuple[Any, ...], Any]]:
    store = shared_store(common_code_module)
    store.clear()
    yield store
    store.clear()


def code_properties(document: Mapping[str, Any]) -> set[str]:
    """The property names whose schema is a ``$ref`` to ``CommonCode``, anywhere in the document."""
    names: set[str] = set()
    for schema in document["components"]["schemas"].values():
        for name, prop in (schema.get("properties") or {}).items():
            if prop.get("$ref") == REF:
                names.add(name)
    return names


def raw_codes(value: Any, names: set[str]) -> Iterator[dict[str, Any]]:
    """Every code object of a decoded JSON body, by the property names the document gives them."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in names:
                yield item
            else:
                yield from raw_codes(item, names)
    elif isinstance(value, list):
        for item in value:
            yield from raw_codes(item, names)


def as_key(body: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(body.items()))


def model_codes(value: Any) -> Iterator[CommonCode]:
    """Every ``CommonCode`` a model holds, however deep."""
    if isinstance(value, CommonCode):
        yield value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from model_codes(getattr(value, field.name))
    elif isinstance(value, list):
        for item in value:
            yield from model_codes(item)


# --- the document ----------------------------------------------------------------------------------------


def test_the_ncp_document_marks_common_code_and_only_plain_string_schemas() -> None:
    schemas = ncp_openapi_document()["components"]["schemas"]
    marked = {name for name, schema in schemas.items() if schema.get(EXTENSION) is True}
    assert marked == {"CommonCode"}
    for name in marked:
        assert {prop["type"] for prop in schemas[name]["properties"].values()} == {"string"}, name


def test_only_marked_schemas_are_frozen() -> None:
    from ncloud_billing_client import models  # noqa: PLC0415

    schemas = ncp_openapi_document()["components"]["schemas"]
    for name in models.__all__:
        cls = getattr(models, name)
        if not attrs.has(cls) or name not in schemas:
            continue
        frozen = cls.__setattr__ is not object.__setattr__
        assert frozen is (schemas[name].get(EXTENSION) is True), name


# --- one instance per value, on a whole page -----------------------------------------------------------------


@pytest.mark.usefixtures("empty_store")
def test_equal_codes_on_a_page_are_one_object_and_different_ones_are_not() -> None:
    _, body = page_bodies(200)
    raw = json.loads(body)
    names = code_properties(ncp_openapi_document())
    expected = list(raw_codes(raw, names))
    distinct = {as_key(code) for code in expected}

    page = GetContractUsageListResponseEnvelope.from_dict(json.loads(body))
    codes = list(model_codes(page))

    assert (
        len(codes) == len(expected) == 200 * 29
    )  # 3 a contract, 4 a product, 3 a usage: 3 + 2 x (4 + 3 x 3)
    assert Counter(as_key(code.to_dict()) for code in codes) == Counter(as_key(code) for code in expected)
    assert len({id(code) for code in codes}) == len(distinct)
    assert 10 < len(distinct) < 200
    by_value: dict[tuple[tuple[str, Any], ...], CommonCode] = {}
    for code in codes:
        assert by_value.setdefault(as_key(code.to_dict()), code) is code
    assert len(shared_store(common_code_module)) == len(distinct)


@pytest.mark.usefixtures("empty_store")
def test_the_xml_form_of_a_page_gives_the_very_same_code_objects() -> None:
    xml_body, json_body = page_bodies(50)
    from_json = GetContractUsageListResponseEnvelope.from_dict(json.loads(json_body))
    from_xml = GetContractUsageListResponseEnvelope.from_dict(decode_ncp_xml(xml_body))
    pairs = list(zip(model_codes(from_json), model_codes(from_xml), strict=True))
    assert len(pairs) == 50 * 29
    assert all(one is other for one, other in pairs)
    assert from_xml == from_json


# --- immutability ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["code", "code_name", "additional_properties"])
def test_assigning_a_field_raises(name: str) -> None:
    code = CommonCode.from_dict({"code": "VSVR", "codeName": "Server (VPC)"})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(code, name, "other")
    assert code.to_dict() == {"code": "VSVR", "codeName": "Server (VPC)"}


def test_unknown_keys_are_kept_read_only_and_never_shared(empty_store: dict[tuple[Any, ...], Any]) -> None:
    body = {"code": "A", "zeta": [1], "codeName": "B", "alpha": None}
    code = CommonCode.from_dict(body)
    assert code.additional_properties == {"zeta": [1], "alpha": None}
    assert code.additional_keys == ["zeta", "alpha"]
    assert code["zeta"] == [1] and "alpha" in code and "code" not in code
    assert code.to_dict() == body and list(code.to_dict()) == ["zeta", "alpha", "code", "codeName"]
    with pytest.raises(TypeError):
        code.additional_properties["new"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        code["new"] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        del code["zeta"]  # type: ignore[attr-defined]
    assert CommonCode.from_dict(body) is not code
    assert empty_store == {}


def test_a_body_with_unknown_keys_never_gets_the_instance_of_its_known_values() -> None:
    plain = CommonCode.from_dict({"code": "A", "codeName": "B"})
    assert CommonCode.from_dict({"code": "A", "codeName": "B"}) is plain
    extended = CommonCode.from_dict({"code": "A", "extra": "x"})  # as many keys as the plain body
    assert extended is not plain and extended.to_dict() == {"extra": "x", "code": "A"}
    wider = CommonCode.from_dict({"code": "A", "codeName": "B", "extra": "x"})
    assert wider is not plain and wider.additional_properties == {"extra": "x"}


def test_the_constructor_copies_the_unknown_keys_it_is_given() -> None:
    unknown = {"extra": 1}
    code = CommonCode(code="A", additional_properties=unknown)
    unknown["later"] = 2
    assert dict(code.additional_properties) == {"extra": 1}
    assert code.to_dict() == {"extra": 1, "code": "A"}
    assert repr(code) == "CommonCode(code='A', additional_properties={'extra': 1})"


# --- equality, hashing, copies ---------------------------------------------------------------------------------


def test_equal_by_value_and_hashable_even_with_unhashable_unknown_values() -> None:
    built = CommonCode(code="A", code_name="B")
    assert built == CommonCode.from_dict({"code": "A", "codeName": "B"})
    assert hash(built) == hash(CommonCode.from_dict({"code": "A", "codeName": "B"}))
    assert built != CommonCode(code="A")
    with_list = CommonCode.from_dict({"code": "A", "codeName": "B", "extra": [1, 2]})
    assert with_list != built and with_list == CommonCode(
        code="A", code_name="B", additional_properties={"extra": [1, 2]}
    )
    assert len({built, with_list, CommonCode(code="A", code_name="B")}) == 2


@pytest.mark.parametrize(
    "copy_of",
    [copy.copy, copy.deepcopy, lambda value: pickle.loads(pickle.dumps(value))],  # noqa: S301 -- our own bytes
    ids=["copy", "deepcopy", "pickle"],
)
def test_copies_and_pickles_are_equal_and_still_read_only(
    copy_of: Callable[[CommonCode], CommonCode],
) -> None:
    code = CommonCode.from_dict({"code": "A", "codeName": "B", "extra": [1]})
    again = copy_of(code)
    assert again == code and again.to_dict() == {"extra": [1], "code": "A", "codeName": "B"}
    with pytest.raises(TypeError):
        again.additional_properties["new"] = 1  # type: ignore[index]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        again.code = "other"  # type: ignore[misc]


# --- what is shared, and the bound ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"code": "A"},
        {"codeName": "B"},
        {"code": "A", "codeName": None},
        {"codeName": "B", "code": "A"},
        {"code": "", "codeName": ""},
    ],
)
def test_a_body_of_strings_and_nulls_is_shared_and_gives_itself_back(
    body: dict[str, Any], empty_store: dict[tuple[Any, ...], Any]
) -> None:
    code = CommonCode.from_dict(body)
    assert CommonCode.from_dict(dict(body)) is code
    assert code.to_dict() == body
    assert len(empty_store) == 1


@pytest.mark.parametrize(
    "bodies",
    [
        [{"code": 1}, {"code": True}, {"code": 1.0}],  # equal in Python, not in JSON
        [{"code": 0.0}, {"code": -0.0}],
        [{"code": ["A"]}, {"code": ["A"]}],  # not hashable
        [{"code": {"inner": "A"}}, {"code": {"inner": "A"}}],
    ],
)
def test_other_values_are_built_fresh_and_give_themselves_back(
    bodies: list[dict[str, Any]], empty_store: dict[tuple[Any, ...], Any]
) -> None:
    codes = [CommonCode.from_dict(body) for body in bodies]
    assert [json.dumps(code.to_dict()) for code in codes] == [json.dumps(body) for body in bodies]
    assert len({id(code) for code in codes}) == len(bodies)
    assert empty_store == {}


def test_the_store_never_exceeds_its_bound(empty_store: dict[tuple[Any, ...], Any]) -> None:
    limit = common_code_module._SHARED_LIMIT
    assert limit == 4096
    for n in range(100_000):
        code = CommonCode.from_dict({"code": f"C{n}", "codeName": "hostile"})
        assert code.code == f"C{n}"
        assert len(empty_store) <= limit
    assert len(empty_store) == limit
    late = CommonCode.from_dict({"code": "late"})
    assert CommonCode.from_dict({"code": "late"}) is not late  # past the bound: fresh, still right
    assert CommonCode.from_dict({"code": "late"}) == late == CommonCode(code="late")
    assert CommonCode.from_dict({"code": "C0", "codeName": "hostile"}) is empty_store[next(iter(empty_store))]


def test_threads_building_the_same_values_get_one_instance_each_value(
    empty_store: dict[tuple[Any, ...], Any],
) -> None:
    bodies = [{"code": f"C{n % 7}", "codeName": "name"} for n in range(2000)]
    results: list[list[CommonCode]] = [[] for _ in range(8)]
    start = threading.Barrier(8)

    def build(out: list[CommonCode]) -> None:
        start.wait()
        out.extend(CommonCode.from_dict(body) for body in bodies)

    threads = [threading.Thread(target=build, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(code) for out in results for code in out}) == 7
    assert len(empty_store) == 7


def test_a_subclass_gets_instances_of_its_own_class() -> None:
    @attrs.define(repr=False, frozen=True)
    class Special(CommonCode):
        pass

    base = CommonCode.from_dict({"code": "S"})
    special = Special.from_dict({"code": "S"})
    assert type(special) is Special and type(base) is CommonCode
    assert Special.from_dict({"code": "S"}) is special


def test_a_changed_code_is_a_new_object_built_by_evolve() -> None:
    code = CommonCode.from_dict({"code": "A", "codeName": "B", "extra": 1})
    changed = attrs.evolve(code, code_name="C")
    assert changed.to_dict() == {"extra": 1, "code": "A", "codeName": "C"}
    assert code.to_dict() == {"extra": 1, "code": "A", "codeName": "B"}


# --- through the client -----------------------------------------------------------------------------------


def _usage_page(contract_type: Any) -> bytes:
    body = {
        "getContractUsageListResponse": {
            "returnCode": "0",
            "totalRows": 2,
            "contractList": [
                {"contractNo": "1", "contractType": contract_type, "contractProductList": []},
                {"contractNo": "2", "contractType": {"code": "VSVR"}, "contractProductList": []},
            ],
        }
    }
    return response(200, body, headers=[("Content-Type", "application/json")])


def _page_of(contract_type: Any) -> list[Any]:
    def handler(request: RawRequest) -> list[bytes]:
        return [_usage_page(contract_type)]

    with (
        HostileServer(handler) as server,
        NcloudBilling(
            "ncp-fake-access-VALUE-01", "ncp-fake-secret-VALUE-02", base_url=server.url + "/billing/v1"
        ) as billing,
    ):
        return list(billing.contract_usage_page("2024-02", "2024-02").contract_list or [])


def test_a_page_through_the_client_shares_its_equal_codes() -> None:
    first, second = _page_of({"code": "VSVR"})
    assert first.contract_type is second.contract_type
    assert first.contract_type == CommonCode(code="VSVR")


@pytest.mark.parametrize("contract_type", [["code", "VSVR"], "VSVR", 5])
def test_a_code_that_is_not_an_object_is_a_response_decode_error(contract_type: Any) -> None:
    with pytest.raises(ResponseDecodeError):
        _page_of(contract_type)
