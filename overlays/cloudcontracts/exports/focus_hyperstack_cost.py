"""Hyperstack's billing as FOCUS rows: what each machine was billed, and the contracts bought.

Inputs: the VM billing history of one period (``HyperstackContracts.iter_vm_billing``), the contracts
(``iter_contracts``), the machines of each contract (``contract_machines``: a machine's flavour is only
there) and the pricebook. Money is USD.

- **Usage rows**, one per billing history entry: ``BilledCost``/``EffectiveCost`` ``incurred_bill``;
  ``ContractedUnitPrice`` ``price_per_hour`` (the contract's price) and ``ContractedCost`` that price x
  ``usage_time``; ``ListUnitPrice`` the pricebook's price of the machine's flavour and ``ListCost`` that
  x ``usage_time``; the charge period is the period asked for. A machine that ran under a contract
  (``attributes.contract_id``) carries the contract as its commitment discount and, in
  ``ContractApplied`` (FOCUS 1.3), the discount plan of its flavour: the plan is the commitment
  (:mod:`.focus_contract_commitment`), so the two datasets join on ``ContractCommitmentId``.
- **Purchase rows**, one per discount plan of a contract whose term meets the period: the commitment
  bought (its ``resource_count`` machines of one flavour), charge period the term within the period,
  costs 0 (Hyperstack bills a contract through its machines' hours; no operation carries a price for the
  purchase itself), ``ResourceId`` the commitment's id as FOCUS 1.3 asks of a commitment's purchase.

``focus_columns.FOCUS_MAPPING`` (``hyperstack_cost``) says where each column comes from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.values import integer, number, text, utc_datetime

__all__ = ["USD", "commitment_id", "contract_applied", "focus_rows_from_hyperstack_billing"]

USD = "USD"
_PROVIDER = "Hyperstack"
_HOURS = "Hours"


def commitment_id(contract_id: object, plan_id: object) -> str:
    """The FOCUS ``ContractCommitmentId`` of a discount plan: ``<contract id>/<plan id>`` (unique at
    Hyperstack, and it names its one parent contract)."""
    return f"{contract_id}/{plan_id}"


def contract_applied(
    contract_id: object, plan_id: object, *, cost: float, quantity: float | None, unit: str | None
) -> str:
    """The FOCUS 1.3 ``ContractApplied`` object of one plan, serialised as compact JSON."""
    element: dict[str, Any] = {
        "ContractId": str(contract_id),
        "ContractCommitmentId": commitment_id(contract_id, plan_id),
        "ContractCommitmentAppliedCost": float(cost),
    }
    if quantity is not None:
        element["ContractCommitmentAppliedQuantity"] = float(quantity)
        element["ContractCommitmentAppliedUnit"] = unit
    return json.dumps({"Elements": [element]}, separators=(",", ":"))


def _value(model: Any, name: str) -> Any:
    value = getattr(model, name, None) if model is not None else None
    return None if type(value).__name__ == "Unset" else value


def _contract_columns(contract: Any, plan: Any) -> Row:
    where = f"Hyperstack contract {_value(contract, 'id')}"
    return {
        "x_ContractStatus": text(_value(contract, "status"), where, "status"),
        "x_ContractStart": utc_datetime(_value(contract, "start_date"), where, "start_date"),
        "x_ContractEnd": utc_datetime(_value(contract, "end_date"), where, "end_date"),
        "x_ExpirationPolicy": integer(_value(contract, "expiration_policy"), where, "expiration_policy"),
        "x_DiscountId": integer(_value(plan, "id"), where, "discounts[].id"),
        "x_DiscountCode": text(_value(plan, "discount_code"), where, "discounts[].discount_code"),
        "x_DiscountType": text(_value(plan, "discount_type"), where, "discounts[].discount_type"),
        "x_DiscountPercent": number(_value(plan, "discount_percent"), where, "discounts[].discount_percent"),
        "x_DiscountAmount": number(_value(plan, "discount_amount"), where, "discounts[].discount_amount"),
        "x_DiscountStatus": text(_value(plan, "discount_status"), where, "discounts[].discount_status"),
        "x_DiscountResourceName": text(_value(plan, "resource_name"), where, "discounts[].resource_name"),
        "x_ResourceCount": integer(_value(plan, "resource_count"), where, "discounts[].resource_count"),
        "x_RemainingCount": integer(_value(plan, "remaining_count"), where, "discounts[].remaining_count"),
    }


def _plans(contract: Any) -> list[Any]:
    plans = _value(contract, "discounts")
    return list(plans) if isinstance(plans, list) else []


def _list_prices(pricebook: Iterable[Any]) -> dict[str, float]:
    prices: dict[str, float] = {}
    for entry in pricebook:
        name = _value(entry, "name")
        price = number(_value(entry, "original_value"), "pricebook entry", "original_value")
        if price is None:
            price = number(_value(entry, "value"), "pricebook entry", "value")
        if isinstance(name, str) and price is not None:
            prices[name] = float(price)
    return prices


def _common(org_id: int | None, start: datetime, end: datetime) -> Row:
    return {
        "BillingAccountId": str(org_id) if org_id is not None else None,
        "BillingAccountType": "Organization" if org_id is not None else None,
        "BillingCurrency": USD,
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "InvoiceIssuerName": _PROVIDER,
        "ProviderName": _PROVIDER,
        "PublisherName": _PROVIDER,
        "ServiceCategory": "Compute",
        "ServiceName": "Virtual Machines",
        "ServiceSubcategory": "Virtual Machines",
    }


def _usage_row(
    entry: Any,
    *,
    base: Row,
    contracts: Mapping[int, Any],
    flavours: Mapping[str, str],
    list_prices: Mapping[str, float],
) -> Row:
    attributes, metrics = _value(entry, "attributes"), _value(entry, "metrics")
    where = "billing history entry"
    machine_id = text(_value(attributes, "id"), where, "id")
    infrahub_id = integer(_value(attributes, "infrahub_id"), where, "infrahub_id")
    contract_id = integer(_value(attributes, "contract_id"), where, "contract_id") or None
    hours = float(number(_value(metrics, "usage_time"), where, "usage_time") or 0)
    price = number(_value(metrics, "price_per_hour"), where, "price_per_hour")
    bill = float(number(_value(metrics, "incurred_bill"), where, "incurred_bill") or 0)
    name = text(_value(attributes, "resource_name"), where, "resource_name")
    flavour = flavours.get(machine_id or "") or flavours.get(str(infrahub_id))
    list_price = list_prices.get(flavour) if flavour else None
    if list_price is None and contract_id is None:
        list_price = float(price) if price is not None else None  # on demand: the pricebook price
    row: Row = {
        **base,
        "BilledCost": bill,
        "ChargeCategory": "Usage",
        "ChargeDescription": f"{name or machine_id} ({flavour})" if flavour else name,
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodStart": base["BillingPeriodStart"],
        "ChargePeriodEnd": base["BillingPeriodEnd"],
        "ConsumedQuantity": hours,
        "ConsumedUnit": _HOURS,
        "ContractedCost": round(float(price) * hours, 10) if price is not None else bill,
        "ContractedUnitPrice": float(price) if price is not None else None,
        "EffectiveCost": bill,
        "ListCost": round(list_price * hours, 10) if list_price is not None else None,
        "ListUnitPrice": list_price,
        "PricingCategory": "Committed" if contract_id is not None else "Standard",
        "PricingQuantity": hours,
        "PricingUnit": _HOURS,
        "ResourceId": machine_id or (str(infrahub_id) if infrahub_id is not None else None),
        "ResourceName": name,
        "ResourceType": "Virtual Machine",
        "SkuMeter": flavour,
    }
    if contract_id is None:
        return row
    contract = contracts.get(contract_id)
    plan = next((p for p in _plans(contract) if _value(p, "resource_name") == flavour), None)
    resource_id = integer(_value(plan, "resource_id"), where, "resource_id") if plan is not None else None
    row.update(
        {
            "CommitmentDiscountCategory": "Usage",
            "CommitmentDiscountId": str(contract_id),
            "CommitmentDiscountName": text(_value(contract, "description"), where, "description"),
            "CommitmentDiscountQuantity": hours,
            "CommitmentDiscountStatus": "Used",
            "CommitmentDiscountType": "Contract",
            "CommitmentDiscountUnit": _HOURS,
            "SkuId": str(resource_id) if resource_id is not None else None,
            "x_ContractId": str(contract_id),
        }
    )
    if contract is not None:
        row.update(_contract_columns(contract, plan))
    if plan is not None:
        row["ContractApplied"] = contract_applied(
            contract_id, _value(plan, "id"), cost=bill, quantity=hours, unit=_HOURS
        )
    return row


def _purchase_rows(contract: Any, start: datetime, end: datetime, org_id: int | None) -> Iterator[Row]:
    where = f"Hyperstack contract {_value(contract, 'id')}"
    contract_id = integer(_value(contract, "id"), where, "id")
    begins = utc_datetime(_value(contract, "start_date"), where, "start_date")
    ends = utc_datetime(_value(contract, "end_date"), where, "end_date")
    first = max(start, begins) if begins else start
    last = min(end, ends) if ends else end
    if contract_id is None or first >= last:
        return
    account = integer(_value(contract, "org_id"), where, "org_id")
    base = _common(account if account is not None else org_id, start, end)
    hours = (last - first).total_seconds() / 3600
    for plan in _plans(contract):
        plan_id = _value(plan, "id")
        count = integer(_value(plan, "resource_count"), where, "discounts[].resource_count") or 0
        flavour = text(_value(plan, "resource_name"), where, "discounts[].resource_name")
        resource_id = integer(_value(plan, "resource_id"), where, "discounts[].resource_id")
        commitment = commitment_id(contract_id, plan_id)
        yield {
            **base,
            "BilledCost": 0.0,
            "ChargeCategory": "Purchase",
            "ChargeDescription": f"{count} x {flavour} reserved under contract {contract_id}",
            "ChargeFrequency": "One-Time",
            "ChargePeriodStart": first,
            "ChargePeriodEnd": last,
            "CommitmentDiscountCategory": "Usage",
            "CommitmentDiscountId": str(contract_id),
            "CommitmentDiscountName": text(_value(contract, "description"), where, "description"),
            "CommitmentDiscountQuantity": count * hours,
            "CommitmentDiscountType": "Contract",
            "CommitmentDiscountUnit": _HOURS,
            "ContractApplied": contract_applied(contract_id, plan_id, cost=0.0, quantity=None, unit=None),
            "ContractedCost": 0.0,
            "EffectiveCost": 0.0,
            "ListCost": 0.0,
            "PricingCategory": "Committed",
            "PricingQuantity": float(count),
            "PricingUnit": "Instances",
            "ResourceId": commitment,
            "SkuId": str(resource_id) if resource_id is not None else None,
            "SkuMeter": flavour,
            "x_ContractId": str(contract_id),
            **_contract_columns(contract, plan),
        }


def focus_rows_from_hyperstack_billing(
    billing: Iterable[Any],
    *,
    start: datetime,
    end: datetime,
    org_id: int | None,
    contracts: Iterable[Any],
    machines: Mapping[int, Sequence[Any]],
    pricebook: Iterable[Any],
) -> Iterator[Row]:
    """FOCUS values of one period's billing (see the module docstring): a Usage row per billing history
    entry, then a Purchase row per discount plan of each of ``contracts`` whose term meets the period.

    ``start``/``end`` are the period the billing history was asked for (aware UTC); ``org_id`` its
    ``billing_history_vm.org_id``; ``machines`` the machines of each contract (by contract id).
    """
    by_id: dict[int, Any] = {}
    for contract in contracts:
        contract_id = integer(_value(contract, "id"), "Hyperstack contract", "id")
        if contract_id is not None:
            by_id[contract_id] = contract
    flavours: dict[str, str] = {}
    for instances in machines.values():
        for machine in instances:
            flavour, machine_id = _value(machine, "flavor_name"), _value(machine, "id")
            if isinstance(flavour, str) and machine_id is not None:
                flavours[str(machine_id)] = flavour
    list_prices = _list_prices(pricebook)
    base = _common(org_id, start, end)
    for entry in billing:
        yield _usage_row(entry, base=base, contracts=by_id, flavours=flavours, list_prices=list_prices)
    for contract in by_id.values():
        yield from _purchase_rows(contract, start, end, org_id)
