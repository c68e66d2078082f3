"""The generated ``from_dict``: every field read into its own attribute, unknown keys kept, bad shapes typed.

``from_dict`` passes the fields to the constructor positionally, in the order the class declares them,
and gathers unknown keys only when a body has some (``openapi/templates/README.md``). These tests build,
for every model of both packages, an instance whose every field holds a value no other field holds
(from the field types the generator wrote), and check that ``from_dict(to_dict())`` gives it back: a
field read into the wrong position would move a value to another attribute.
"""

from __future__ import annotations

import datetime
import itertools
import re
from types import ModuleType
from typing import Any

import attrs
import pytest

from hyperstack_client import models as hs_models
from ncloud_billing_client import models as ncp_models

PACKAGES = {"hyperstack_client": hs_models, "ncloud_billing_client": ncp_models}
# Each flavor's dates are written back in its own form: NCP keeps its +09:00, Hyperstack is UTC.
ZONES = {
    "hyperstack_client": datetime.UTC,
    "ncloud_billing_client": datetime.timezone(datetime.timedelta(hours=9)),
}


def model_classes(package: ModuleType) -> list[Any]:
    return [cls for cls in (getattr(package, name) for name in package.__all__) if attrs.has(cls)]


class Values:
    """Values no two fields share: strings, numbers and dates drawn from one counter."""

    def __init__(self, package: str) -> None:
        self.models = PACKAGES[package]
        self.zone = ZONES[package]
        self.counter = itertools.count(1)
        self.kinds: set[str] = set()

    def of(self, type_text: str, depth: int) -> Any:
        text = type_text.removesuffix(" | Unset")
        n = next(self.counter)
        self.kinds.add(text)
        scalars: dict[str, Any] = {
            "str": f"value-{n}",
            "int | str": f"value-{n}",
            "int": n,
            "float": n + 0.5,
            "bool": n % 2 == 0,
            "datetime.datetime": datetime.datetime(2026, 1, 1, tzinfo=self.zone)
            + datetime.timedelta(seconds=n),
            "dict[str, Any]": {f"key-{n}": n},
        }
        if text in scalars:
            return scalars[text]
        listed = re.fullmatch(r"list\[(\w+)\]", text)
        if listed:
            return [self.of(listed.group(1), depth), self.of(listed.group(1), depth)]
        return self.instance(getattr(self.models, text), depth + 1)

    def instance(self, cls: Any, depth: int) -> Any:
        fields = {
            field.name: self.of(str(field.type), depth)
            for field in attrs.fields(cls)
            if field.init
            and field.name != "additional_properties"
            and (depth < 4 or field.default is attrs.NOTHING)
        }
        unknown = attrs.fields_dict(cls).get("additional_properties")
        if unknown is None:
            return cls(**fields)
        kept = {f"unknownKey{next(self.counter)}": "kept"}
        if unknown.init:  # an immutable value object takes them in its constructor
            return cls(**fields, additional_properties=kept)
        instance = cls(**fields)
        instance.additional_properties = kept
        return instance


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_field_of_every_model_reads_back_into_its_own_attribute(package: str) -> None:
    values = Values(package)
    classes = model_classes(PACKAGES[package])
    for cls in classes:
        built = values.instance(cls, 0)
        body = built.to_dict()
        again = cls.from_dict(body)
        assert again == built, cls.__name__
        assert again.to_dict() == body, cls.__name__
    assert len(classes) >= 9
    assert {"str", "int", "datetime.datetime"} <= values.kinds  # the check covers the common kinds


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_a_body_without_unknown_keys_gives_each_model_its_own_empty_dict(package: str) -> None:
    for cls in model_classes(PACKAGES[package]):
        if "additional_properties" not in attrs.fields_dict(cls) or _required(cls):
            continue
        first, second = cls.from_dict({}), cls.from_dict({})
        assert first.additional_properties == {} and second.additional_properties == {}
        if attrs.fields_dict(cls)["additional_properties"].init:  # a value object: read-only, may be shared
            with pytest.raises(TypeError):
                first.additional_properties["added"] = 1
            continue
        first["added"] = 1
        assert second.additional_properties == {}, cls.__name__


def test_unknown_keys_are_kept_in_the_order_of_the_body() -> None:
    body = {"zeta": 1, "code": "A", "alpha": [2], "codeName": "B", "middle": None}
    code = ncp_models.CommonCode.from_dict(body)
    assert (code.code, code.code_name) == ("A", "B")
    assert list(code.additional_properties.items()) == [("zeta", 1), ("alpha", [2]), ("middle", None)]
    assert code.to_dict() == body
    assert code.additional_properties is not body


@pytest.mark.parametrize(
    "body",
    [
        None,
        "text",
        42,
        ["contractNo", "1"],
        [["contractNo", "1"]],  # pairs, which dict() would have taken for a mapping
    ],
)
def test_a_body_that_is_not_an_object_raises(body: Any) -> None:
    with pytest.raises((AttributeError, TypeError, KeyError, ValueError)):
        ncp_models.Contract.from_dict(body)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("contractType", ["code", "A"]),  # a list where an object is expected
        ("contractType", "A"),
        ("contractProductList", 5),  # not iterable where a list is expected
        ("contractProductList", [1, 2]),  # a list of non-objects
        ("contractStartDate", 20220207),
        ("contractStartDate", "2022-02-07T18:11:01+0960"),
    ],
)
def test_a_nested_value_of_the_wrong_shape_raises(field: str, value: Any) -> None:
    with pytest.raises((AttributeError, TypeError, KeyError, ValueError)):
        ncp_models.Contract.from_dict({"contractNo": "1", field: value})


def _required(cls: type) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING and f.init]
