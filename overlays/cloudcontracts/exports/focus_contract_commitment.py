"""Hyperstack contracts as the FOCUS 1.3 Contract Commitment dataset.

FOCUS 1.3 adds a second dataset beside Cost and Usage: Contract Commitment, the terms of the contracts a
customer agreed with a provider, one row per commitment, joined to Cost and Usage rows through
``ContractApplied.Elements[*].ContractCommitmentId``
(https://focus.finops.org/focus-specification/v1-3/, "Contract Commitment"; column definitions in
``specification/datasets/contract_commitment/columns/*.md`` of FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec).
Its 13 columns, all mandatory (present), are in :data:`CONTRACT_COMMITMENT_COLUMNS`, then ``x_`` ones.

A Hyperstack contract's discount plans are its commitments: each reserves ``resource_count`` machines
of one flavour for the contract's term at a discount, so each plan is one row: category ``Usage``, type
``Capacity Reservation``, quantity ``resource_count`` in ``Instances``, the contract's period as the
commitment's period. :data:`CONTRACT_COMMITMENT_MAPPING` says where each column comes from;
``docs/focus.md`` is generated from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.focus_columns import Source
from cloudcontracts.exports.focus_hyperstack_cost import USD, commitment_id
from cloudcontracts.exports.values import integer, number, text, utc_datetime

__all__ = [
    "CONTRACT_COMMITMENT_COLUMNS",
    "CONTRACT_COMMITMENT_MAPPING",
    "CONTRACT_COMMITMENT_STANDARD_COLUMNS",
    "CommitmentMapping",
    "contract_commitment_rows",
]


@dataclass(frozen=True)
class CommitmentMapping:
    """One column of the dataset, whether FOCUS 1.3 lets it be null, and Hyperstack's source."""

    column: Column
    nullable: bool
    hyperstack: Source


def _m(name: str, kind: Any, nullable: bool, level: Any, source: str) -> CommitmentMapping:
    return CommitmentMapping(Column(name, kind), nullable, Source(level, source))


CONTRACT_COMMITMENT_MAPPING: tuple[CommitmentMapping, ...] = (
    _m("BillingCurrency", "string", True, "derived", '"USD" (Hyperstack bills in US dollars)'),
    _m("ContractCommitmentCategory", "string", False, "derived", '"Usage" (a count of machines, not spend)'),
    _m(
        "ContractCommitmentCost",
        "decimal",
        True,
        "unavailable",
        "no operation carries the price of a contract (its machines are billed hourly at the contract price)",
    ),
    _m(
        "ContractCommitmentDescription",
        "string",
        True,
        "derived",
        "the plan: `resource_count` x `resource_name`, its discount, and the contract's `description`",
    ),
    _m("ContractCommitmentId", "string", False, "derived", "`<contract id>/<discounts[].id>`"),
    _m("ContractCommitmentPeriodEnd", "utc_datetime", False, "exact", "the contract's `end_date` (UTC)"),
    _m("ContractCommitmentPeriodStart", "utc_datetime", False, "exact", "the contract's `start_date` (UTC)"),
    _m("ContractCommitmentQuantity", "decimal", True, "exact", "`discounts[].resource_count`"),
    _m("ContractCommitmentType", "string", False, "derived", '"Capacity Reservation"'),
    _m("ContractCommitmentUnit", "string", True, "derived", '"Instances" (machines of the flavour)'),
    _m("ContractId", "string", False, "exact", "the contract's `id`"),
    _m("ContractPeriodEnd", "utc_datetime", False, "exact", "the contract's `end_date` (UTC)"),
    _m("ContractPeriodStart", "utc_datetime", False, "exact", "the contract's `start_date` (UTC)"),
    _m("x_ContractStatus", "string", True, "exact", "the contract's `status`"),
    _m("x_ExpirationPolicy", "integer", True, "exact", "the contract's `expiration_policy`"),
    _m("x_ResourceId", "integer", True, "exact", "`discounts[].resource_id` (the flavour)"),
    _m("x_ResourceName", "string", True, "exact", "`discounts[].resource_name` (the flavour)"),
    _m("x_DiscountCode", "string", True, "exact", "`discounts[].discount_code`"),
    _m("x_DiscountType", "string", True, "exact", "`discounts[].discount_type`"),
    _m("x_DiscountPercent", "decimal", True, "exact", "`discounts[].discount_percent`"),
    _m("x_DiscountAmount", "decimal", True, "exact", "`discounts[].discount_amount`"),
    _m("x_DiscountStatus", "string", True, "exact", "`discounts[].discount_status`"),
    _m("x_RemainingCount", "integer", True, "exact", "`discounts[].remaining_count`"),
)
"""Every column written, in order: the 13 of FOCUS 1.3 (alphabetical), then the ``x_`` ones."""

CONTRACT_COMMITMENT_COLUMNS: tuple[Column, ...] = tuple(m.column for m in CONTRACT_COMMITMENT_MAPPING)
CONTRACT_COMMITMENT_STANDARD_COLUMNS: tuple[Column, ...] = tuple(
    c for c in CONTRACT_COMMITMENT_COLUMNS if not c.name.startswith("x_")
)


def _value(model: Any, name: str) -> Any:
    value = getattr(model, name, None) if model is not None else None
    return None if type(value).__name__ == "Unset" else value


def _description(plan: Any, contract_text: str | None, count: int | None, flavour: str | None) -> str:
    kind, percent, amount = (
        _value(plan, n) for n in ("discount_type", "discount_percent", "discount_amount")
    )
    if kind == "percent":
        discount = f"{percent}% off"
    elif kind == "flat":
        discount = f"{amount} USD/h off"
    else:
        discount = "no discount stated"
    head = f"{count} x {flavour}, {discount}"
    return f"{head} ({contract_text})" if contract_text else head


def contract_commitment_rows(contracts: Iterable[Any]) -> Iterator[Row]:
    """One row per discount plan of each contract (a contract without plans commits to nothing and gives
    no row), every column of :data:`CONTRACT_COMMITMENT_COLUMNS`."""
    for contract in contracts:
        where = f"Hyperstack contract {_value(contract, 'id')}"
        contract_id = integer(_value(contract, "id"), where, "id")
        start = utc_datetime(_value(contract, "start_date"), where, "start_date")
        end = utc_datetime(_value(contract, "end_date"), where, "end_date")
        description = text(_value(contract, "description"), where, "description")
        plans = _value(contract, "discounts")
        for plan in plans if isinstance(plans, list) else []:
            count = integer(_value(plan, "resource_count"), where, "discounts[].resource_count")
            flavour = text(_value(plan, "resource_name"), where, "discounts[].resource_name")
            yield {
                "BillingCurrency": USD,
                "ContractCommitmentCategory": "Usage",
                "ContractCommitmentCost": None,
                "ContractCommitmentDescription": _description(plan, description, count, flavour),
                "ContractCommitmentId": commitment_id(contract_id, _value(plan, "id")),
                "ContractCommitmentPeriodEnd": end,
                "ContractCommitmentPeriodStart": start,
                "ContractCommitmentQuantity": float(count) if count is not None else None,
                "ContractCommitmentType": "Capacity Reservation",
                "ContractCommitmentUnit": "Instances" if count is not None else None,
                "ContractId": str(contract_id) if contract_id is not None else None,
                "ContractPeriodEnd": end,
                "ContractPeriodStart": start,
                "x_ContractStatus": text(_value(contract, "status"), where, "status"),
                "x_ExpirationPolicy": integer(
                    _value(contract, "expiration_policy"), where, "expiration_policy"
                ),
                "x_ResourceId": integer(_value(plan, "resource_id"), where, "discounts[].resource_id"),
                "x_ResourceName": flavour,
                "x_DiscountCode": text(_value(plan, "discount_code"), where, "discounts[].discount_code"),
                "x_DiscountType": text(_value(plan, "discount_type"), where, "discounts[].discount_type"),
                "x_DiscountPercent": number(
                    _value(plan, "discount_percent"), where, "discounts[].discount_percent"
                ),
                "x_DiscountAmount": number(
                    _value(plan, "discount_amount"), where, "discounts[].discount_amount"
                ),
                "x_DiscountStatus": text(
                    _value(plan, "discount_status"), where, "discounts[].discount_status"
                ),
                "x_RemainingCount": integer(
                    _value(plan, "remaining_count"), where, "discounts[].remaining_count"
                ),
            }
