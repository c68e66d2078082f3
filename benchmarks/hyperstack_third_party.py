"""The Hyperstack list page's schema as pydantic v2 models and msgspec ``Struct`` types, written by hand.

Imported only by ``bench_hyperstack_decode.py``'s worker, in the SDK's venv (``benchmarks/.sdk-venv``),
where both libraries are installed: neither is a dependency of cloudcontracts. Every field optional, as
in the generated models; pydantic keeps unknown fields (``extra="allow"``), as the generated models do;
msgspec cannot and drops them. No ``from __future__ import annotations``: both libraries read the
annotations at class creation.
"""

import msgspec
import pydantic

__all__ = ["ListPage", "MsListPage"]


class Discount(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    id: int | None = None
    resource_id: int | None = None
    resource_name: str | None = None
    discount_code: str | None = None
    discount_type: str | None = None
    discount_percent: float | None = None
    discount_amount: float | None = None
    discount_status: str | None = None
    resource_count: int | None = None
    remaining_count: int | None = None


class Contract(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    id: int | None = None
    org_id: int | None = None
    description: str | None = None
    status: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    created_at: str | None = None
    expiration_policy: int | None = None
    discounts: list[Discount] | None = None


class ListPage(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow")
    status: bool | None = None
    message: str | None = None
    contracts: list[Contract] | None = None
    count: int | None = None


class MsDiscount(msgspec.Struct):
    id: int | None = None
    resource_id: int | None = None
    resource_name: str | None = None
    discount_code: str | None = None
    discount_type: str | None = None
    discount_percent: float | None = None
    discount_amount: float | None = None
    discount_status: str | None = None
    resource_count: int | None = None
    remaining_count: int | None = None


class MsContract(msgspec.Struct):
    id: int | None = None
    org_id: int | None = None
    description: str | None = None
    status: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    created_at: str | None = None
    expiration_policy: int | None = None
    discounts: list[MsDiscount] | None = None


class MsListPage(msgspec.Struct):
    status: bool | None = None
    message: str | None = None
    contracts: list[MsContract] | None = None
    count: int | None = None
