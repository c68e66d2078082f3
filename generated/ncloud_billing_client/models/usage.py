from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Usage")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "meteringType",
        "useMonth",
        "usageQuantity",
        "unit",
        "userUsageQuantity",
        "userUnit",
    )
)


@_attrs_define(repr=False)
class Usage:
    """
    Attributes:
        metering_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        use_month (str | Unset): yyyyMM, or "" when absent.
        usage_quantity (float | Unset): Can be fractional (e.g. 12.851112).
        unit (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when absent.
        user_usage_quantity (float | Unset): Undocumented; usage in the user-facing unit.
        user_unit (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when absent.
    """

    metering_type: CommonCode | Unset = UNSET
    use_month: str | Unset = UNSET
    usage_quantity: float | Unset = UNSET
    unit: CommonCode | Unset = UNSET
    user_usage_quantity: float | Unset = UNSET
    user_unit: CommonCode | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        metering_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metering_type, Unset):
            metering_type = self.metering_type.to_dict()

        use_month = self.use_month

        usage_quantity = self.usage_quantity

        unit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.unit, Unset):
            unit = self.unit.to_dict()

        user_usage_quantity = self.user_usage_quantity

        user_unit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user_unit, Unset):
            user_unit = self.user_unit.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if metering_type is not UNSET:
            field_dict["meteringType"] = metering_type
        if use_month is not UNSET:
            field_dict["useMonth"] = use_month
        if usage_quantity is not UNSET:
            field_dict["usageQuantity"] = usage_quantity
        if unit is not UNSET:
            field_dict["unit"] = unit
        if user_usage_quantity is not UNSET:
            field_dict["userUsageQuantity"] = user_usage_quantity
        if user_unit is not UNSET:
            field_dict["userUnit"] = user_unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _metering_type = src_dict.get("meteringType", UNSET)
        _unit = src_dict.get("unit", UNSET)
        _user_unit = src_dict.get("userUnit", UNSET)
        usage = cls(
            UNSET if _metering_type is UNSET else CommonCode.from_dict(_metering_type),
            src_dict.get("useMonth", UNSET),
            src_dict.get("usageQuantity", UNSET),
            UNSET if _unit is UNSET else CommonCode.from_dict(_unit),
            src_dict.get("userUsageQuantity", UNSET),
            UNSET if _user_unit is UNSET else CommonCode.from_dict(_user_unit),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            usage.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return usage

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("metering_type", self.metering_type),
                ("use_month", self.use_month),
                ("usage_quantity", self.usage_quantity),
                ("unit", self.unit),
                ("user_usage_quantity", self.user_usage_quantity),
                ("user_unit", self.user_unit),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"Usage({', '.join(fields)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one nests, imported once the class above exists: at the top, two models that nest
# each other would each find the other half-initialised; inside from_dict, as the generator has it,
# every call paid for the import statement again.
from ..models.common_code import CommonCode  # noqa: E402
