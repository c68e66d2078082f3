from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_hyperstack_datetime, write_hyperstack_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractInstanceFields")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "name",
        "status",
        "flavor_name",
        "gpu_count",
        "created_at",
        "termination_time",
        "total_usage_time",
        "cluster",
    )
)


@_attrs_define(repr=False)
class ContractInstanceFields:
    """
    Attributes:
        id (int | Unset):
        name (str | Unset):
        status (str | Unset):
        flavor_name (str | Unset):
        gpu_count (int | Unset):
        created_at (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        termination_time (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no
            zone, meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        total_usage_time (int | Unset): Seconds the machine has run.
        cluster (ContractInstanceFieldsCluster | Unset): The cluster the machine belongs to, if any (its fields are not
            documented).
    """

    id: int | Unset = UNSET
    name: str | Unset = UNSET
    status: str | Unset = UNSET
    flavor_name: str | Unset = UNSET
    gpu_count: int | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    termination_time: datetime.datetime | Unset = UNSET
    total_usage_time: int | Unset = UNSET
    cluster: ContractInstanceFieldsCluster | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        status = self.status

        flavor_name = self.flavor_name

        gpu_count = self.gpu_count

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = write_hyperstack_datetime(self.created_at)

        termination_time: str | Unset = UNSET
        if not isinstance(self.termination_time, Unset):
            termination_time = write_hyperstack_datetime(self.termination_time)

        total_usage_time = self.total_usage_time

        cluster: dict[str, Any] | Unset = UNSET
        if not isinstance(self.cluster, Unset):
            cluster = self.cluster.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status
        if flavor_name is not UNSET:
            field_dict["flavor_name"] = flavor_name
        if gpu_count is not UNSET:
            field_dict["gpu_count"] = gpu_count
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if termination_time is not UNSET:
            field_dict["termination_time"] = termination_time
        if total_usage_time is not UNSET:
            field_dict["total_usage_time"] = total_usage_time
        if cluster is not UNSET:
            field_dict["cluster"] = cluster

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _cluster = src_dict.get("cluster", UNSET)
        contract_instance_fields = cls(
            src_dict.get("id", UNSET),
            src_dict.get("name", UNSET),
            src_dict.get("status", UNSET),
            src_dict.get("flavor_name", UNSET),
            src_dict.get("gpu_count", UNSET),
            read_hyperstack_datetime(src_dict.get("created_at", UNSET)),
            read_hyperstack_datetime(src_dict.get("termination_time", UNSET)),
            src_dict.get("total_usage_time", UNSET),
            UNSET
            if _cluster is UNSET
            else ContractInstanceFieldsCluster.from_dict(_cluster),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract_instance_fields.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract_instance_fields

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("id", self.id),
                ("name", self.name),
                ("status", self.status),
                ("flavor_name", self.flavor_name),
                ("gpu_count", self.gpu_count),
                ("created_at", self.created_at),
                ("termination_time", self.termination_time),
                ("total_usage_time", self.total_usage_time),
                ("cluster", self.cluster),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ContractInstanceFields({', '.join(fields)})"

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
from ..models.contract_instance_fields_cluster import ContractInstanceFieldsCluster  # noqa: E402
