from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ResourceLevelBillingHistoryResponseMetrics")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "incurred_bill",
        "price_per_hour",
        "usage_time",
    )
)


@_attrs_define(repr=False)
class ResourceLevelBillingHistoryResponseMetrics:
    """
    Attributes:
        incurred_bill (float | Unset): USD billed for the period.
        price_per_hour (float | Unset): USD per hour.
        usage_time (float | Unset): Hours billed in the period.
    """

    incurred_bill: float | Unset = UNSET
    price_per_hour: float | Unset = UNSET
    usage_time: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        incurred_bill = self.incurred_bill

        price_per_hour = self.price_per_hour

        usage_time = self.usage_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if incurred_bill is not UNSET:
            field_dict["incurred_bill"] = incurred_bill
        if price_per_hour is not UNSET:
            field_dict["price_per_hour"] = price_per_hour
        if usage_time is not UNSET:
            field_dict["usage_time"] = usage_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        resource_level_billing_history_response_metrics = cls(
            src_dict.get("incurred_bill", UNSET),
            src_dict.get("price_per_hour", UNSET),
            src_dict.get("usage_time", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            resource_level_billing_history_response_metrics.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return resource_level_billing_history_response_metrics

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("incurred_bill", self.incurred_bill),
                ("price_per_hour", self.price_per_hour),
                ("usage_time", self.usage_time),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ResourceLevelBillingHistoryResponseMetrics({', '.join(fields)})"

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
