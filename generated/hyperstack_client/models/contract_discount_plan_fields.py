from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractDiscountPlanFields")


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
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        resource_id = d.pop("resource_id", UNSET)

        resource_name = d.pop("resource_name", UNSET)

        discount_code = d.pop("discount_code", UNSET)

        discount_type = d.pop("discount_type", UNSET)

        discount_percent = d.pop("discount_percent", UNSET)

        discount_amount = d.pop("discount_amount", UNSET)

        discount_status = d.pop("discount_status", UNSET)

        resource_count = d.pop("resource_count", UNSET)

        remaining_count = d.pop("remaining_count", UNSET)

        contract_discount_plan_fields = cls(
            id=id,
            resource_id=resource_id,
            resource_name=resource_name,
            discount_code=discount_code,
            discount_type=discount_type,
            discount_percent=discount_percent,
            discount_amount=discount_amount,
            discount_status=discount_status,
            resource_count=resource_count,
            remaining_count=remaining_count,
        )

        contract_discount_plan_fields.additional_properties = d
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
