from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceLevelBillingHistory")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "org_id",
        "total_count",
        "pagination",
        "billing_history",
    )
)


@_attrs_define(repr=False)
class ResourceLevelBillingHistory:
    """
    Attributes:
        org_id (int | Unset):
        total_count (int | Unset): Entries over all pages.
        pagination (PaginationData | Unset):
        billing_history (list[ResourceLevelBillingHistoryResources] | Unset):
    """

    org_id: int | Unset = UNSET
    total_count: int | Unset = UNSET
    pagination: PaginationData | Unset = UNSET
    billing_history: list[ResourceLevelBillingHistoryResources] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        org_id = self.org_id

        total_count = self.total_count

        pagination: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pagination, Unset):
            pagination = self.pagination.to_dict()

        billing_history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.billing_history, Unset):
            billing_history = []
            for billing_history_item_data in self.billing_history:
                billing_history_item = billing_history_item_data.to_dict()
                billing_history.append(billing_history_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if total_count is not UNSET:
            field_dict["total_count"] = total_count
        if pagination is not UNSET:
            field_dict["pagination"] = pagination
        if billing_history is not UNSET:
            field_dict["billing_history"] = billing_history

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _pagination = src_dict.get("pagination", UNSET)
        _billing_history = src_dict.get("billing_history", UNSET)
        resource_level_billing_history = cls(
            src_dict.get("org_id", UNSET),
            src_dict.get("total_count", UNSET),
            UNSET if _pagination is UNSET else PaginationData.from_dict(_pagination),
            UNSET
            if _billing_history is UNSET
            else [
                ResourceLevelBillingHistoryResources.from_dict(item)
                for item in _billing_history
            ],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            resource_level_billing_history.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return resource_level_billing_history

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("org_id", self.org_id),
                ("total_count", self.total_count),
                ("pagination", self.pagination),
                ("billing_history", self.billing_history),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ResourceLevelBillingHistory({', '.join(fields)})"

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
from ..models.pagination_data import PaginationData  # noqa: E402
from ..models.resource_level_billing_history_resources import (
    ResourceLevelBillingHistoryResources,  # noqa: E402
)
