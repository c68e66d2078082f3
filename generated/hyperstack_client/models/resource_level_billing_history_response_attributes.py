from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceLevelBillingHistoryResponseAttributes")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "contract_id",
        "id",
        "infrahub_id",
        "resource_name",
        "status",
    )
)


@_attrs_define(repr=False)
class ResourceLevelBillingHistoryResponseAttributes:
    """
    Attributes:
        contract_id (int | Unset): The contract the machine ran under (absent or 0 when on demand).
        id (str | Unset):
        infrahub_id (int | Unset):
        resource_name (str | Unset):
        status (str | Unset):
    """

    contract_id: int | Unset = UNSET
    id: str | Unset = UNSET
    infrahub_id: int | Unset = UNSET
    resource_name: str | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contract_id = self.contract_id

        id = self.id

        infrahub_id = self.infrahub_id

        resource_name = self.resource_name

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contract_id is not UNSET:
            field_dict["contract_id"] = contract_id
        if id is not UNSET:
            field_dict["id"] = id
        if infrahub_id is not UNSET:
            field_dict["infrahub_id"] = infrahub_id
        if resource_name is not UNSET:
            field_dict["resource_name"] = resource_name
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        resource_level_billing_history_response_attributes = cls(
            src_dict.get("contract_id", UNSET),
            src_dict.get("id", UNSET),
            src_dict.get("infrahub_id", UNSET),
            src_dict.get("resource_name", UNSET),
            src_dict.get("status", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            resource_level_billing_history_response_attributes.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return resource_level_billing_history_response_attributes

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("contract_id", self.contract_id),
                ("id", self.id),
                ("infrahub_id", self.infrahub_id),
                ("resource_name", self.resource_name),
                ("status", self.status),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ResourceLevelBillingHistoryResponseAttributes({', '.join(fields)})"

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
