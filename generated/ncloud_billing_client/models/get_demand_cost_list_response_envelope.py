from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import Unset

T = TypeVar("T", bound="GetDemandCostListResponseEnvelope")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(("getDemandCostListResponse",))


@_attrs_define(repr=False)
class GetDemandCostListResponseEnvelope:
    """The JSON form's top-level wrapper object.

    Attributes:
        get_demand_cost_list_response (GetDemandCostListResponse):
    """

    get_demand_cost_list_response: GetDemandCostListResponse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        get_demand_cost_list_response = self.get_demand_cost_list_response.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "getDemandCostListResponse": get_demand_cost_list_response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        get_demand_cost_list_response_envelope = cls(
            GetDemandCostListResponse.from_dict(src_dict["getDemandCostListResponse"]),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            get_demand_cost_list_response_envelope.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return get_demand_cost_list_response_envelope

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("get_demand_cost_list_response", self.get_demand_cost_list_response),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"GetDemandCostListResponseEnvelope({', '.join(fields)})"

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
from ..models.get_demand_cost_list_response import GetDemandCostListResponse  # noqa: E402
