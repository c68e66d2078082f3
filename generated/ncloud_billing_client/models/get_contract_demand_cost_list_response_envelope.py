from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.get_contract_demand_cost_list_response import (
        GetContractDemandCostListResponse,
    )


T = TypeVar("T", bound="GetContractDemandCostListResponseEnvelope")


@_attrs_define
class GetContractDemandCostListResponseEnvelope:
    """The JSON form's top-level wrapper object.

    Attributes:
        get_contract_demand_cost_list_response (GetContractDemandCostListResponse):
    """

    get_contract_demand_cost_list_response: GetContractDemandCostListResponse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        get_contract_demand_cost_list_response = (
            self.get_contract_demand_cost_list_response.to_dict()
        )

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "getContractDemandCostListResponse": get_contract_demand_cost_list_response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.get_contract_demand_cost_list_response import (
            GetContractDemandCostListResponse,
        )

        d = dict(src_dict)
        get_contract_demand_cost_list_response = (
            GetContractDemandCostListResponse.from_dict(
                d.pop("getContractDemandCostListResponse")
            )
        )

        get_contract_demand_cost_list_response_envelope = cls(
            get_contract_demand_cost_list_response=get_contract_demand_cost_list_response,
        )

        get_contract_demand_cost_list_response_envelope.additional_properties = d
        return get_contract_demand_cost_list_response_envelope

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
