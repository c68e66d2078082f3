from __future__ import annotations

import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Contract")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "org_id",
        "status",
        "granularity",
        "total_gpu_allocation",
        "allocated_gpu_count_graph",
    )
)


@_attrs_define(repr=False)
class Contract:
    """A contract as the GPU allocation graph reports it. Its `id` is a string here.

    Attributes:
        id (str | Unset):
        org_id (int | Unset):
        status (str | Unset):
        granularity (int | Unset): Bucket size, in seconds.
        total_gpu_allocation (int | Unset):
        allocated_gpu_count_graph (list[AllocatedGPUCountGraph] | Unset):
    """

    id: str | Unset = UNSET
    org_id: int | Unset = UNSET
    status: str | Unset = UNSET
    granularity: int | Unset = UNSET
    total_gpu_allocation: int | Unset = UNSET
    allocated_gpu_count_graph: list[AllocatedGPUCountGraph] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        org_id = self.org_id

        status = self.status

        granularity = self.granularity

        total_gpu_allocation = self.total_gpu_allocation

        allocated_gpu_count_graph: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.allocated_gpu_count_graph, Unset):
            allocated_gpu_count_graph = []
            for allocated_gpu_count_graph_item_data in self.allocated_gpu_count_graph:
                allocated_gpu_count_graph_item = (
                    allocated_gpu_count_graph_item_data.to_dict()
                )
                allocated_gpu_count_graph.append(allocated_gpu_count_graph_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if status is not UNSET:
            field_dict["status"] = status
        if granularity is not UNSET:
            field_dict["granularity"] = granularity
        if total_gpu_allocation is not UNSET:
            field_dict["total_gpu_allocation"] = total_gpu_allocation
        if allocated_gpu_count_graph is not UNSET:
            field_dict["allocated_gpu_count_graph"] = allocated_gpu_count_graph

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _allocated_gpu_count_graph = src_dict.get("allocated_gpu_count_graph", UNSET)
        contract = cls(
            src_dict.get("id", UNSET),
            src_dict.get("org_id", UNSET),
            src_dict.get("status", UNSET),
            src_dict.get("granularity", UNSET),
            src_dict.get("total_gpu_allocation", UNSET),
            UNSET
            if _allocated_gpu_count_graph is UNSET
            else [
                AllocatedGPUCountGraph.from_dict(item)
                for item in _allocated_gpu_count_graph
            ],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("id", self.id),
                ("org_id", self.org_id),
                ("status", self.status),
                ("granularity", self.granularity),
                ("total_gpu_allocation", self.total_gpu_allocation),
                ("allocated_gpu_count_graph", self.allocated_gpu_count_graph),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"Contract({', '.join(fields)})"

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
from ..models.allocated_gpu_count_graph import AllocatedGPUCountGraph  # noqa: E402
