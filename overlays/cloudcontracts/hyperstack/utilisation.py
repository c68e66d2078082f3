"""How much of a Hyperstack contract's committed GPU capacity was used in a period.

::

    from cloudcontracts import HyperstackContracts
    from cloudcontracts.hyperstack.utilisation import contract_utilisation

    with HyperstackContracts() as hs:
        u = contract_utilisation(hs, 131, start="2026-04-01", end="2026-05-01")
        print(u.contracted_gpu_hours, u.allocated_gpu_hours, u.utilisation_percent)

For one contract and a period ``[start, end)`` (UTC):

- the contract's **active part** of the period is its overlap with the contract's term
  (``start_date`` to ``end_date``), whatever its ``status`` says;
- **contracted GPU-hours**: every discount plan reserves ``resource_count`` machines of one flavour
  (``resource_name``); the plans' GPUs (``resource_count`` x GPUs per flavour) times the hours of the
  active part. GPUs per flavour come from the contract's machines (``gpu_count`` of a machine of that
  flavour) and otherwise from the flavour's name, which Hyperstack ends in ``x<GPUs>`` (``n3-H100x8``);
- **allocated GPU-hours**: the GPU allocation graph of the active part, each bucket's GPUs times the
  hours of the bucket inside it (the graph's resolution is its ``granularity``);
- **billed machine hours** and **billed cost** (USD): ``usage_time`` and ``incurred_bill`` of the VM
  billing history entries of the period whose ``contract_id`` is the contract;
- **unused GPU-hours**: contracted less allocated, never below zero; **utilisation %**: allocated /
  contracted x 100 (``None`` when nothing is contracted in the period).

:func:`contract_utilisation` fetches what one contract needs; :func:`utilisations` computes several
contracts against one billing history walk; :func:`compute_utilisation` is the arithmetic alone, on
models already fetched. The async client works with :func:`acontract_utilisation`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from cloudcontracts.hyperstack.graph import graph_points
from cloudcontracts.hyperstack.timestamps import (
    DateLike,
    check_time_range,
    parse_hyperstack_datetime,
    to_utc_datetime,
)
from hyperstack_client.types import Unset

if TYPE_CHECKING:
    from cloudcontracts.hyperstack.client import AsyncHyperstackContracts, HyperstackContracts
    from hyperstack_client.models import (
        Contract,
        ContractInstanceFields,
        CustomerContractFields,
        ResourceLevelBillingHistoryResources,
    )

__all__ = [
    "PlanCommitment",
    "Utilisation",
    "acontract_utilisation",
    "compute_utilisation",
    "contract_utilisation",
    "flavour_gpus",
    "utilisations",
]

_GPUS_IN_NAME = re.compile(r"x(\d+)\Z")
_HOUR = 3600.0


def _value(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def _int(value: Any) -> int | None:
    value = _value(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float:
    value = _value(value)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def flavour_gpus(flavour: str, machines: Iterable[ContractInstanceFields] = ()) -> int | None:
    """GPUs of one machine of ``flavour``: a machine's ``gpu_count``, else the name's ``x<GPUs>``."""
    for machine in machines:
        count = _int(machine.gpu_count)
        if _value(machine.flavor_name) == flavour and count is not None:
            return count
    match = _GPUS_IN_NAME.search(flavour)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class PlanCommitment:
    """One discount plan as a commitment: ``resource_count`` machines of ``flavour``."""

    plan_id: int | None
    flavour: str | None
    resource_count: int
    gpus_per_resource: int | None

    @property
    def gpus(self) -> int:
        return self.resource_count * (self.gpus_per_resource or 0)


@dataclass(frozen=True)
class Utilisation:
    """One contract's commitment and use over one period (see the module docstring)."""

    contract_id: int
    period_start: datetime
    period_end: datetime
    active_start: datetime | None
    active_end: datetime | None
    plans: tuple[PlanCommitment, ...]
    contracted_gpu_hours: float
    allocated_gpu_hours: float
    billed_machine_hours: float
    billed_cost: float
    billed_machines: int
    points: tuple[tuple[datetime, int], ...]
    granularity: int | None

    @property
    def active_hours(self) -> float:
        if self.active_start is None or self.active_end is None:
            return 0.0
        return (self.active_end - self.active_start).total_seconds() / _HOUR

    @property
    def contracted_gpus(self) -> int:
        return sum(plan.gpus for plan in self.plans)

    @property
    def unused_gpu_hours(self) -> float:
        return round(max(0.0, self.contracted_gpu_hours - self.allocated_gpu_hours), 6)

    @property
    def utilisation_percent(self) -> float | None:
        if self.contracted_gpu_hours <= 0:
            return None
        return round(100 * self.allocated_gpu_hours / self.contracted_gpu_hours, 2)

    def commitment_at(self, moment: datetime) -> int:
        """GPUs contracted at ``moment`` (0 outside the active part)."""
        if self.active_start is None or self.active_end is None:
            return 0
        return self.contracted_gpus if self.active_start <= moment < self.active_end else 0


def _bounds(start: DateLike, end: DateLike) -> tuple[datetime, datetime]:
    start_text, end_text = check_time_range(start, end)
    if start_text is None or end_text is None:  # not reached: both given
        raise ValueError("utilisation needs both start and end")
    first, last = parse_hyperstack_datetime(start_text), parse_hyperstack_datetime(end_text)
    if last <= first:
        raise ValueError(f"end ({end_text}) must be after start ({start_text})")
    return first, last


def active_part(
    contract: CustomerContractFields, start: datetime, end: datetime
) -> tuple[datetime, datetime] | None:
    """The overlap of ``[start, end)`` with the contract's term, or ``None``."""
    begins, ends = _moment(contract.start_date), _moment(contract.end_date)
    first = max(start, begins) if begins is not None else start
    last = min(end, ends) if ends is not None else end
    return (first, last) if first < last else None


def _moment(value: Any) -> datetime | None:
    """A contract date as an aware UTC datetime (the models hold datetimes; text is read as the API's)."""
    value = _value(value)
    if isinstance(value, datetime):
        return to_utc_datetime(value)
    if isinstance(value, str) and value:
        return parse_hyperstack_datetime(value)
    return None


def _plans(
    contract: CustomerContractFields, machines: Sequence[ContractInstanceFields]
) -> tuple[PlanCommitment, ...]:
    plans = []
    for plan in _value(contract.discounts) or []:
        flavour = _value(plan.resource_name)
        gpus = flavour_gpus(flavour, machines) if isinstance(flavour, str) else None
        plans.append(PlanCommitment(_int(plan.id), flavour, _int(plan.resource_count) or 0, gpus))
    return tuple(plans)


def _allocated(
    points: Sequence[tuple[datetime, int]], step: timedelta, first: datetime, last: datetime
) -> float:
    seconds = 0.0
    for moment, gpus in points:
        overlap = (min(moment + step, last) - max(moment, first)).total_seconds()
        if overlap > 0:
            seconds += gpus * overlap
    return seconds / _HOUR


def compute_utilisation(
    contract: CustomerContractFields,
    *,
    start: DateLike,
    end: DateLike,
    graph: Contract | None,
    billing: Iterable[ResourceLevelBillingHistoryResources],
    machines: Sequence[ContractInstanceFields] = (),
) -> Utilisation:
    """The figures of one contract from models already fetched: ``graph`` of the contract's active part
    of the period (``None`` when it has none), the period's ``billing`` history (entries of other
    contracts are ignored) and the contract's ``machines`` (for GPUs per flavour)."""
    contract_id = _int(contract.id)
    if contract_id is None:
        raise ValueError("the contract has no id")
    first, last = _bounds(start, end)
    active = active_part(contract, first, last)
    plans = _plans(contract, machines)
    points: list[tuple[datetime, int]] = []
    granularity = None
    allocated = contracted = 0.0
    if active is not None:
        hours = (active[1] - active[0]).total_seconds() / _HOUR
        contracted = sum(plan.gpus for plan in plans) * hours
        if graph is not None:
            points = graph_points(graph)
            granularity = _int(graph.granularity)
            step = timedelta(seconds=granularity or 0)
            allocated = _allocated(points, step, *active)
    billed_hours = billed_cost = 0.0
    billed_machines = 0
    for entry in billing:
        attributes, metrics = _value(entry.attributes), _value(entry.metrics)
        if attributes is None or _int(attributes.contract_id) != contract_id or metrics is None:
            continue
        billed_machines += 1
        billed_hours += _number(metrics.usage_time)
        billed_cost += _number(metrics.incurred_bill)
    return Utilisation(
        contract_id=contract_id,
        period_start=first,
        period_end=last,
        active_start=active[0] if active else None,
        active_end=active[1] if active else None,
        plans=plans,
        contracted_gpu_hours=round(contracted, 6),
        allocated_gpu_hours=round(allocated, 6),
        billed_machine_hours=round(billed_hours, 6),
        billed_cost=round(billed_cost, 4),
        billed_machines=billed_machines,
        points=tuple(points),
        granularity=granularity,
    )


def utilisations(
    client: HyperstackContracts,
    *,
    start: DateLike,
    end: DateLike,
    contracts: Iterable[CustomerContractFields] | None = None,
) -> list[Utilisation]:
    """The figures of several contracts (every contract by default) over one period; the VM billing
    history of the period is walked once for all of them."""
    first, last = _bounds(start, end)
    billing = list(client.iter_vm_billing(first, last))
    chosen = client.iter_contracts() if contracts is None else contracts
    found = []
    for contract in chosen:
        contract_id = _int(contract.id)
        if contract_id is None:
            continue
        active = active_part(contract, first, last)
        machines = client.contract_machines(contract_id) if contract.discounts else []
        graph = (
            None
            if active is None
            else client.gpu_allocation_graph(contract_id, start=active[0], end=active[1])
        )
        found.append(
            compute_utilisation(
                contract, start=first, end=last, graph=graph, billing=billing, machines=machines
            )
        )
    return found


def contract_utilisation(
    client: HyperstackContracts, contract_id: int, *, start: DateLike, end: DateLike
) -> Utilisation:
    """The figures of one contract over ``[start, end)`` (UTC): its details, machines, GPU graph of the
    active part, and the period's VM billing history."""
    contract = client.get_contract(contract_id)
    (found,) = utilisations(client, start=start, end=end, contracts=[contract])
    return found


async def acontract_utilisation(
    client: AsyncHyperstackContracts, contract_id: int, *, start: DateLike, end: DateLike
) -> Utilisation:
    """:func:`contract_utilisation` with the async client."""
    first, last = _bounds(start, end)
    contract = await client.get_contract(contract_id)
    billing = [entry async for entry in client.iter_vm_billing(first, last)]
    machines = await client.contract_machines(contract_id) if contract.discounts else []
    active = active_part(contract, first, last)
    graph = (
        None
        if active is None
        else await client.gpu_allocation_graph(contract_id, start=active[0], end=active[1])
    )
    return compute_utilisation(
        contract, start=first, end=last, graph=graph, billing=billing, machines=machines
    )
