from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_hyperstack_datetime, write_hyperstack_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerContractFields")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "id",
        "org_id",
        "description",
        "status",
        "start_date",
        "end_date",
        "created_at",
        "expiration_policy",
        "discounts",
    )
)


@_attrs_define(repr=False)
class CustomerContractFields:
    """
    Attributes:
        id (int | Unset):
        org_id (int | Unset):
        description (str | Unset):
        status (str | Unset):
        start_date (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        end_date (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        created_at (datetime.datetime | Unset): ISO 8601 date-time, documented as `YYYY-MM-DDTHH:MM:SS` with no zone,
            meaning UTC. The pattern is
            anchored at the start only so that `Z`, offsets and fractional seconds also conform.
             Example: 2026-05-01T00:00:00.
        expiration_policy (int | Unset): What happens at expiry: 0 = the contract's resources are deleted; 1 = they are
            kept and
            billed at market rates.
        discounts (list[ContractDiscountPlanFields] | Unset):
    """

    id: int | Unset = UNSET
    org_id: int | Unset = UNSET
    description: str | Unset = UNSET
    status: str | Unset = UNSET
    start_date: datetime.datetime | Unset = UNSET
    end_date: datetime.datetime | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    expiration_policy: int | Unset = UNSET
    discounts: list[ContractDiscountPlanFields] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        org_id = self.org_id

        description = self.description

        status = self.status

        start_date: str | Unset = UNSET
        if not isinstance(self.start_date, Unset):
            start_date = write_hyperstack_datetime(self.start_date)

        end_date: str | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = write_hyperstack_datetime(self.end_date)

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = write_hyperstack_datetime(self.created_at)

        expiration_policy = self.expiration_policy

        discounts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.discounts, Unset):
            discounts = []
            for discounts_item_data in self.discounts:
                discounts_item = discounts_item_data.to_dict()
                discounts.append(discounts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if description is not UNSET:
            field_dict["description"] = description
        if status is not UNSET:
            field_dict["status"] = status
        if start_date is not UNSET:
            field_dict["start_date"] = start_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if expiration_policy is not UNSET:
            field_dict["expiration_policy"] = expiration_policy
        if discounts is not UNSET:
            field_dict["discounts"] = discounts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _discounts = src_dict.get("discounts", UNSET)
        customer_contract_fields = cls(
            src_dict.get("id", UNSET),
            src_dict.get("org_id", UNSET),
            src_dict.get("description", UNSET),
            src_dict.get("status", UNSET),
            read_hyperstack_datetime(src_dict.get("start_date", UNSET)),
            read_hyperstack_datetime(src_dict.get("end_date", UNSET)),
            read_hyperstack_datetime(src_dict.get("created_at", UNSET)),
            src_dict.get("expiration_policy", UNSET),
            UNSET
            if _discounts is UNSET
            else [ContractDiscountPlanFields.from_dict(item) for item in _discounts],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            customer_contract_fields.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return customer_contract_fields

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("id", self.id),
                ("org_id", self.org_id),
                ("description", self.description),
                ("status", self.status),
                ("start_date", self.start_date),
                ("end_date", self.end_date),
                ("created_at", self.created_at),
                ("expiration_policy", self.expiration_policy),
                ("discounts", self.discounts),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"CustomerContractFields({', '.join(fields)})"

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
from ..models.contract_discount_plan_fields import ContractDiscountPlanFields  # noqa: E402
