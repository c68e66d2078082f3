from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractDiscountPlanFields")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "resource_id",
        "resource_name",
        "discount_code",
        "discount_type",
        "discount_percent",
        "discount_amount",
        "discount_status",
        "resource_count",
        "remaining_count",
    )
)


@_attrs_define(repr=False)
class ContractDiscountPlanFields:
    """
    Attributes:
        id (int | Unset):
        resource_id (int | Unset):
        resource_name (str | Unset):
        discount_code (str | Unset):
        discount_type (str | Unset): "flat" or "percent" per the provider's docs (not a closed enum).
        discount_percent (float | Unset): May arrive as an integer.
        discount_amount (float | Unset): May arrive as an integer.
        discount_status (str | Unset): For example "active".
        resource_count (int | Unset):
        remaining_count (int | Unset):
    """

    id: int | Unset = UNSET
    resource_id: int | Unset = UNSET
    resource_name: str | Unset = UNSET
    discount_code: str | Unset = UNSET
    discount_type: str | Unset = UNSET
    discount_percent: float | Unset = UNSET
    discount_amount: float | Unset = UNSET
    discount_status: str | Unset = UNSET
    resource_count: int | Unset = UNSET
    remaining_count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        resource_id = self.resource_id

        resource_name = self.resource_name

        discount_code = self.discount_code

        discount_type = self.discount_type

        discount_percent = self.discount_percent

        discount_amount = self.discount_amount

        discount_status = self.discount_status

        resource_count = self.resource_count

        remaining_count = self.remaining_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if resource_id is not UNSET:
            field_dict["resource_id"] = resource_id
        if resource_name is not UNSET:
            field_dict["resource_name"] = resource_name
        if discount_code is not UNSET:
            field_dict["discount_code"] = discount_code
        if discount_type is not UNSET:
            field_dict["discount_type"] = discount_type
        if discount_percent is not UNSET:
            field_dict["discount_percent"] = discount_percent
        if discount_amount is not UNSET:
            field_dict["discount_amount"] = discount_amount
        if discount_status is not UNSET:
            field_dict["discount_status"] = discount_status
        if resource_count is not UNSET:
            field_dict["resource_count"] = resource_count
        if remaining_count is not UNSET:
            field_dict["remaining_count"] = remaining_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        contract_discount_plan_fields = cls(
            src_dict.get("id", UNSET),
            src_dict.get("resource_id", UNSET),
            src_dict.get("resource_name", UNSET),
            src_dict.get("discount_code", UNSET),
            src_dict.get("discount_type", UNSET),
            src_dict.get("discount_percent", UNSET),
            src_dict.get("discount_amount", UNSET),
            src_dict.get("discount_status", UNSET),
            src_dict.get("resource_count", UNSET),
            src_dict.get("remaining_count", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract_discount_plan_fields.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract_discount_plan_fields

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("id", self.id),
                ("resource_id", self.resource_id),
                ("resource_name", self.resource_name),
                ("discount_code", self.discount_code),
                ("discount_type", self.discount_type),
                ("discount_percent", self.discount_percent),
                ("discount_amount", self.discount_amount),
                ("discount_status", self.discount_status),
                ("resource_count", self.resource_count),
                ("remaining_count", self.remaining_count),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ContractDiscountPlanFields({', '.join(fields)})"

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
