from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GetContractUsageListResponse")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "requestId",
        "returnCode",
        "returnMessage",
        "totalRows",
        "contractList",
    )
)


@_attrs_define(repr=False)
class GetContractUsageListResponse:
    """
    Attributes:
        request_id (str | Unset):
        return_code (str | Unset): "0" on success.
        return_message (str | Unset):
        total_rows (int | Unset): Number of contracts over all pages.
        contract_list (list[Contract] | Unset):
    """

    request_id: str | Unset = UNSET
    return_code: str | Unset = UNSET
    return_message: str | Unset = UNSET
    total_rows: int | Unset = UNSET
    contract_list: list[Contract] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        return_code = self.return_code

        return_message = self.return_message

        total_rows = self.total_rows

        contract_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contract_list, Unset):
            contract_list = []
            for contract_list_item_data in self.contract_list:
                contract_list_item = contract_list_item_data.to_dict()
                contract_list.append(contract_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if request_id is not UNSET:
            field_dict["requestId"] = request_id
        if return_code is not UNSET:
            field_dict["returnCode"] = return_code
        if return_message is not UNSET:
            field_dict["returnMessage"] = return_message
        if total_rows is not UNSET:
            field_dict["totalRows"] = total_rows
        if contract_list is not UNSET:
            field_dict["contractList"] = contract_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _contract_list = src_dict.get("contractList", UNSET)
        get_contract_usage_list_response = cls(
            src_dict.get("requestId", UNSET),
            src_dict.get("returnCode", UNSET),
            src_dict.get("returnMessage", UNSET),
            src_dict.get("totalRows", UNSET),
            UNSET
            if _contract_list is UNSET
            else [Contract.from_dict(item) for item in _contract_list],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            get_contract_usage_list_response.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return get_contract_usage_list_response

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("request_id", self.request_id),
                ("return_code", self.return_code),
                ("return_message", self.return_message),
                ("total_rows", self.total_rows),
                ("contract_list", self.contract_list),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"GetContractUsageListResponse({', '.join(fields)})"

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
from ..models.contract import Contract  # noqa: E402
