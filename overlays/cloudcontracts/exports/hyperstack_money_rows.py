"""Hyperstack money as flat rows: VM billing history, machines under a contract, the pricebook, and
contract utilisation.

- billing: one row per virtual machine and period (``ResourceLevelBillingHistoryResources``), its
  ``attributes`` and ``metrics`` side by side, with the period asked for;
- machines: one row per ``ContractInstanceFields``, date-times in UTC;
- pricebook: one row per ``PricebookModel`` (USD per hour);
- utilisation: one row per contract and period (:mod:`cloudcontracts.hyperstack.utilisation`).

Every field is optional upstream: a missing one is a null cell; a present one of the wrong type is a
:class:`~cloudcontracts.errors.ResponseDecodeError` naming it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.values import integer, number, text, utc_datetime
from cloudcontracts.hyperstack.utilisation import Utilisation

__all__ = [
    "BILLING_COLUMNS",
    "MACHINE_COLUMNS",
    "PRICEBOOK_COLUMNS",
    "UTILISATION_COLUMNS",
    "UTILISATION_TABLE_COLUMNS",
    "billing_rows",
    "machine_rows",
    "pricebook_rows",
    "utilisation_rows",
]

BILLING_COLUMNS: tuple[Column, ...] = (
    Column("period_start", "datetime", "start of the period asked for (UTC)"),
    Column("period_end", "datetime", "end of the period asked for (UTC)"),
    Column("contract_id", "integer", "attributes.contract_id (null or 0: on demand)"),
    Column("machine_id", "string", "attributes.id"),
    Column("infrahub_id", "integer", "attributes.infrahub_id"),
    Column("resource_name", "string", "attributes.resource_name"),
    Column("status", "string", "attributes.status"),
    Column("usage_hours", "decimal", "metrics.usage_time (hours)"),
    Column("price_per_hour", "decimal", "metrics.price_per_hour (USD)"),
    Column("incurred_bill", "decimal", "metrics.incurred_bill (USD)"),
)
MACHINE_COLUMNS: tuple[Column, ...] = (
    Column("contract_id", "integer", "the contract asked for"),
    Column("machine_id", "integer", "id"),
    Column("name", "string", "name"),
    Column("status", "string", "status"),
    Column("flavor_name", "string", "flavor_name"),
    Column("gpu_count", "integer", "gpu_count"),
    Column("created_at", "datetime", "created_at (UTC)"),
    Column("termination_time", "datetime", "termination_time (UTC; null while running)"),
    Column("total_usage_seconds", "integer", "total_usage_time (seconds)"),
)
PRICEBOOK_COLUMNS: tuple[Column, ...] = (
    Column("id", "integer", "id"),
    Column("name", "string", "name (the flavour)"),
    Column("value", "decimal", "value (USD per hour)"),
    Column("original_value", "decimal", "original_value (USD per hour)"),
    Column("discount_applied", "string", "discount_applied (true/false)"),
    Column("start_time", "datetime", "start_time (UTC)"),
    Column("end_time", "datetime", "end_time (UTC)"),
)
UTILISATION_COLUMNS: tuple[Column, ...] = (
    Column("contract_id", "integer", "the contract"),
    Column("period_start", "datetime", "start of the period (UTC)"),
    Column("period_end", "datetime", "end of the period (UTC)"),
    Column("active_start", "datetime", "start of the contract's term within the period"),
    Column("active_end", "datetime", "end of the contract's term within the period"),
    Column("active_hours", "decimal", "hours of the active part"),
    Column("plans", "integer", "discount plans"),
    Column("contracted_gpus", "integer", "sum of resource_count x GPUs per flavour"),
    Column("contracted_gpu_hours", "decimal", "contracted GPUs x active hours"),
    Column("allocated_gpu_hours", "decimal", "GPU allocation graph over the active part"),
    Column("unused_gpu_hours", "decimal", "contracted less allocated (never below 0)"),
    Column("utilisation_percent", "decimal", "allocated / contracted x 100"),
    Column("billed_machines", "integer", "billing history entries under the contract"),
    Column("billed_machine_hours", "decimal", "their usage_time"),
    Column("billed_cost", "decimal", "their incurred_bill (USD)"),
)
UTILISATION_TABLE_COLUMNS = (
    "contract_id",
    "active_hours",
    "contracted_gpus",
    "contracted_gpu_hours",
    "allocated_gpu_hours",
    "unused_gpu_hours",
    "utilisation_percent",
    "billed_machine_hours",
    "billed_cost",
)


def _field(model: Any, name: str) -> Any:
    return getattr(model, name, None) if model is not None else None


def billing_rows(
    entries: Iterable[Any], *, start: datetime | None = None, end: datetime | None = None
) -> Iterator[Row]:
    """One row per ``ResourceLevelBillingHistoryResources``; ``start``/``end`` the period asked for."""
    for entry in entries:
        attributes, metrics = _field(entry, "attributes"), _field(entry, "metrics")
        where = "billing history entry"
        yield {
            "period_start": start,
            "period_end": end,
            "contract_id": integer(_field(attributes, "contract_id"), where, "contract_id"),
            "machine_id": text(_field(attributes, "id"), where, "id"),
            "infrahub_id": integer(_field(attributes, "infrahub_id"), where, "infrahub_id"),
            "resource_name": text(_field(attributes, "resource_name"), where, "resource_name"),
            "status": text(_field(attributes, "status"), where, "status"),
            "usage_hours": number(_field(metrics, "usage_time"), where, "usage_time"),
            "price_per_hour": number(_field(metrics, "price_per_hour"), where, "price_per_hour"),
            "incurred_bill": number(_field(metrics, "incurred_bill"), where, "incurred_bill"),
        }


def machine_rows(contract_id: int, machines: Iterable[Any]) -> Iterator[Row]:
    """One row per ``ContractInstanceFields`` of ``contract_id``."""
    for machine in machines:
        where = f"machine of contract {contract_id}"
        yield {
            "contract_id": contract_id,
            "machine_id": integer(machine.id, where, "id"),
            "name": text(machine.name, where, "name"),
            "status": text(machine.status, where, "status"),
            "flavor_name": text(machine.flavor_name, where, "flavor_name"),
            "gpu_count": integer(machine.gpu_count, where, "gpu_count"),
            "created_at": utc_datetime(machine.created_at, where, "created_at"),
            "termination_time": utc_datetime(machine.termination_time, where, "termination_time"),
            "total_usage_seconds": integer(machine.total_usage_time, where, "total_usage_time"),
        }


def pricebook_rows(prices: Iterable[Any]) -> Iterator[Row]:
    """One row per ``PricebookModel``."""
    for price in prices:
        where = "pricebook entry"
        applied = price.discount_applied
        yield {
            "id": integer(price.id, where, "id"),
            "name": text(price.name, where, "name"),
            "value": number(price.value, where, "value"),
            "original_value": number(price.original_value, where, "original_value"),
            "discount_applied": ("true" if applied else "false") if isinstance(applied, bool) else None,
            "start_time": utc_datetime(price.start_time, where, "start_time"),
            "end_time": utc_datetime(price.end_time, where, "end_time"),
        }


def utilisation_rows(found: Iterable[Utilisation]) -> Iterator[Row]:
    """One row per :class:`~cloudcontracts.hyperstack.utilisation.Utilisation`."""
    for u in found:
        yield {
            "contract_id": u.contract_id,
            "period_start": u.period_start,
            "period_end": u.period_end,
            "active_start": u.active_start,
            "active_end": u.active_end,
            "active_hours": round(u.active_hours, 6),
            "plans": len(u.plans),
            "contracted_gpus": u.contracted_gpus,
            "contracted_gpu_hours": u.contracted_gpu_hours,
            "allocated_gpu_hours": u.allocated_gpu_hours,
            "unused_gpu_hours": u.unused_gpu_hours,
            "utilisation_percent": u.utilisation_percent,
            "billed_machines": u.billed_machines,
            "billed_machine_hours": u.billed_machine_hours,
            "billed_cost": u.billed_cost,
        }
