from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceLevelBillingHistoryResources")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "attributes",
        "metrics",
    )
)


@_attrs_define(repr=False)
class ResourceLevelBillingHistoryResources:
    """
    Attributes:
        attributes (ResourceLevelBillingHistoryResponseAttributes | Unset):
        metrics (ResourceLevelBillingHistoryResponseMetrics | Unset):
    """

    attributes: ResourceLevelBillingHistoryResponseAttributes | Unset = UNSET
    metrics: ResourceLevelBillingHistoryResponseMetrics | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        metrics: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metrics, Unset):
            metrics = self.metrics.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if metrics is not UNSET:
            field_dict["metrics"] = metrics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _attributes = src_dict.get("attributes", UNSET)
        _metrics = src_dict.get("metrics", UNSET)
        resource_level_billing_history_resources = cls(
            UNSET
            if _attributes is UNSET
            else ResourceLevelBillingHistoryResponseAttributes.from_dict(_attributes),
            UNSET
            if _metrics is UNSET
            else ResourceLevelBillingHistoryResponseMetrics.from_dict(_metrics),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            resource_level_billing_history_resources.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return resource_level_billing_history_resources

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("attributes", self.attributes),
                ("metrics", self.metrics),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ResourceLevelBillingHistoryResources({', '.join(fields)})"

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
from ..models.resource_level_billing_history_response_attributes import (
    ResourceLevelBillingHistoryResponseAttributes,  # noqa: E402
)
from ..models.resource_level_billing_history_response_metrics import (
    ResourceLevelBillingHistoryResponseMetrics,  # noqa: E402
)
