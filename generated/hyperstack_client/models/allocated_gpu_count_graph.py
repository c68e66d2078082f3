from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_hyperstack_datetime, write_hyperstack_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="AllocatedGPUCountGraph")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "datetime",
        "value",
    )
)


@_attrs_define(repr=False)
class AllocatedGPUCountGraph:
    """
    Attributes:
        datetime_ (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        value (int | Unset):
    """

    datetime_: datetime.datetime | Unset = UNSET
    value: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        datetime_: str | Unset = UNSET
        if not isinstance(self.datetime_, Unset):
            datetime_ = write_hyperstack_datetime(self.datetime_)

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if datetime_ is not UNSET:
            field_dict["datetime"] = datetime_
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        allocated_gpu_count_graph = cls(
            read_hyperstack_datetime(src_dict.get("datetime", UNSET)),
            src_dict.get("value", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            allocated_gpu_count_graph.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return allocated_gpu_count_graph

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("datetime_", self.datetime_),
                ("value", self.value),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"AllocatedGPUCountGraph({', '.join(fields)})"

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
