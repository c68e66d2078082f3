from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GetDemandCostListResponse")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "requestId",
        "returnCode",
        "returnMessage",
        "totalRows",
        "demandCostList",
    )
)


@_attrs_define(repr=False)
class GetDemandCostListResponse:
    """
    Attributes:
        request_id (str | Unset):
        return_code (str | Unset): "0" on success.
        return_message (str | Unset):
        total_rows (int | Unset): Number of invoices over all pages.
        demand_cost_list (list[DemandCost] | Unset):
    """

    request_id: str | Unset = UNSET
    return_code: str | Unset = UNSET
    return_message: str | Unset = UNSET
    total_rows: int | Unset = UNSET
    demand_cost_list: list[DemandCost] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        return_code = self.return_code

        return_message = self.return_message

        total_rows = self.total_rows

        demand_cost_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.demand_cost_list, Unset):
            demand_cost_list = []
            for demand_cost_list_item_data in self.demand_cost_list:
                demand_cost_list_item = demand_cost_list_item_data.to_dict()
                demand_cost_list.append(demand_cost_list_item)

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
        if demand_cost_list is not UNSET:
            field_dict["demandCostList"] = demand_cost_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _demand_cost_list = src_dict.get("demandCostList", UNSET)
        get_demand_cost_list_response = cls(
            src_dict.get("requestId", UNSET),
            src_dict.get("returnCode", UNSET),
            src_dict.get("returnMessage", UNSET),
            src_dict.get("totalRows", UNSET),
            UNSET
            if _demand_cost_list is UNSET
            else [DemandCost.from_dict(item) for item in _demand_cost_list],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            get_demand_cost_list_response.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return get_demand_cost_list_response

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
                ("demand_cost_list", self.demand_cost_list),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"GetDemandCostListResponse({', '.join(fields)})"

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
from ..models.demand_cost import DemandCost  # noqa: E402
