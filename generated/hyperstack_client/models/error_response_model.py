from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponseModel")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "status",
        "message",
        "error_reason",
    )
)


@_attrs_define(repr=False)
class ErrorResponseModel:
    """
    Attributes:
        status (bool | Unset): Always false on an error.
        message (str | Unset):
        error_reason (str | Unset):
    """

    status: bool | Unset = UNSET
    message: str | Unset = UNSET
    error_reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        error_reason = self.error_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if error_reason is not UNSET:
            field_dict["error_reason"] = error_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        error_response_model = cls(
            src_dict.get("status", UNSET),
            src_dict.get("message", UNSET),
            src_dict.get("error_reason", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            error_response_model.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return error_response_model

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("status", self.status),
                ("message", self.message),
                ("error_reason", self.error_reason),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ErrorResponseModel({', '.join(fields)})"

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
