from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_hyperstack_datetime, write_hyperstack_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="PricebookModel")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "name",
        "value",
        "original_value",
        "discount_applied",
        "start_time",
        "end_time",
    )
)


@_attrs_define(repr=False)
class PricebookModel:
    """
    Attributes:
        id (int | Unset):
        name (str | Unset): The flavour (resource) name, as discount plans' `resource_name` give it.
        value (float | Unset): USD per hour, as charged now.
        original_value (float | Unset): USD per hour before a discount Hyperstack applies to everyone.
        discount_applied (bool | Unset):
        start_time (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        end_time (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
    """

    id: int | Unset = UNSET
    name: str | Unset = UNSET
    value: float | Unset = UNSET
    original_value: float | Unset = UNSET
    discount_applied: bool | Unset = UNSET
    start_time: datetime.datetime | Unset = UNSET
    end_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        value = self.value

        original_value = self.original_value

        discount_applied = self.discount_applied

        start_time: str | Unset = UNSET
        if not isinstance(self.start_time, Unset):
            start_time = write_hyperstack_datetime(self.start_time)

        end_time: str | Unset = UNSET
        if not isinstance(self.end_time, Unset):
            end_time = write_hyperstack_datetime(self.end_time)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if value is not UNSET:
            field_dict["value"] = value
        if original_value is not UNSET:
            field_dict["original_value"] = original_value
        if discount_applied is not UNSET:
            field_dict["discount_applied"] = discount_applied
        if start_time is not UNSET:
            field_dict["start_time"] = start_time
        if end_time is not UNSET:
            field_dict["end_time"] = end_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        pricebook_model = cls(
            src_dict.get("id", UNSET),
            src_dict.get("name", UNSET),
            src_dict.get("value", UNSET),
            src_dict.get("original_value", UNSET),
            src_dict.get("discount_applied", UNSET),
            read_hyperstack_datetime(src_dict.get("start_time", UNSET)),
            read_hyperstack_datetime(src_dict.get("end_time", UNSET)),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            pricebook_model.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return pricebook_model

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("id", self.id),
                ("name", self.name),
                ("value", self.value),
                ("original_value", self.original_value),
                ("discount_applied", self.discount_applied),
                ("start_time", self.start_time),
                ("end_time", self.end_time),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"PricebookModel({', '.join(fields)})"

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
