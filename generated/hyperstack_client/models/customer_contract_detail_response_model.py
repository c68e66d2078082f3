from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerContractDetailResponseModel")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "status",
        "message",
        "contracts",
    )
)


@_attrs_define(repr=False)
class CustomerContractDetailResponseModel:
    """
    Attributes:
        status (bool | Unset):
        message (str | Unset):
        contracts (CustomerContractFields | Unset):
    """

    status: bool | Unset = UNSET
    message: str | Unset = UNSET
    contracts: CustomerContractFields | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        contracts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contracts, Unset):
            contracts = self.contracts.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if contracts is not UNSET:
            field_dict["contracts"] = contracts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _contracts = src_dict.get("contracts", UNSET)
        customer_contract_detail_response_model = cls(
            src_dict.get("status", UNSET),
            src_dict.get("message", UNSET),
            UNSET
            if _contracts is UNSET
            else CustomerContractFields.from_dict(_contracts),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            customer_contract_detail_response_model.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return customer_contract_detail_response_model

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("status", self.status),
                ("message", self.message),
                ("contracts", self.contracts),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"CustomerContractDetailResponseModel({', '.join(fields)})"

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
from ..models.customer_contract_fields import CustomerContractFields  # noqa: E402
