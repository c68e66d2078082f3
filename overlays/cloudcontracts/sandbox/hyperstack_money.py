"""Hyperstack money for the sandbox: machines under the seeded contracts, their bills, and the pricebook.

Built from the seeded contracts (:mod:`.seeding`), so the contract operations, the GPU allocation graph,
the machines under a contract, the VM billing history and the pricebook describe one world:

- **pricebook**: one hourly list price (USD) per flavour of :data:`FLAVOR_PRICES`; one flavour carries a
  discount Hyperstack applies to everyone (``discount_applied``, ``value`` below ``original_value``);
- **machines**: each discount plan of a contract that has begun by :data:`~.seeding.SEEDED_AS_OF` gets
  ``resource_count`` slots; a slot runs machines of the plan's flavour one after another (never two at
  once, so a plan never holds more machines than it reserved), each from and to a whole hour, within the
  contract's term. A machine still running at ``SEEDED_AS_OF`` has no ``termination_time`` and runs to
  the last whole hour of the contract. A few on-demand machines (no contract) run too;
- **GPU allocation graph**: a bucket's value is the sum of ``gpu_count`` of the contract's machines
  running at the bucket's start (:meth:`HyperstackMoney.allocated_gpus`);
- **billing history**: per machine and period, ``usage_time`` is the hours it ran in the period,
  ``price_per_hour`` the contract's price for its flavour (the list price less the plan's discount when
  the plan is active: ``percent`` off, or ``flat`` USD per hour off, which Hyperstack does not define
  further; the sandbox never goes below half the list price), and ``incurred_bill`` is
  ``price_per_hour`` x ``usage_time`` to four decimals.

Every value is a pure function of the config: same seed, same money.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.seeding import HYPERSTACK_FLAVORS, SEEDED_AS_OF, HyperstackRecord

__all__ = [
    "FLAVOR_GPUS",
    "FLAVOR_PRICES",
    "HyperstackMoney",
    "Machine",
    "bucket_values",
    "contract_price",
    "seed_hyperstack_money",
]

FLAVOR_PRICES: Mapping[str, tuple[float, float]] = {
    # flavour: (value, original_value), USD per hour (orders of magnitude of Hyperstack's public prices)
    "n3-H100x8": (15.2, 15.2),
    "n3-H100x1": (1.9, 1.9),
    "n3-H100-SXM5x8": (19.2, 19.2),
    "n3-A100x4": (5.4, 5.4),
    "n3-A100x1": (1.35, 1.35),
    "n3-L40x2": (2.0, 2.0),
    "n3-RTX-A6000x1": (0.45, 0.5),
}
FLAVOR_GPUS: Mapping[str, int] = {name: gpus for name, _resource_id, gpus in HYPERSTACK_FLAVORS}
_HOUR = timedelta(hours=1)
_FIRST_MACHINE_ID = 30_001
_ON_DEMAND = 6
_PRICEBOOK_SINCE = "2024-01-01T00:00:00"


def _naive(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _ceil_hour(moment: datetime) -> datetime:
    floor = moment.replace(minute=0, second=0, microsecond=0)
    return floor if floor == moment else floor + _HOUR


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def contract_price(plan: Mapping[str, Any]) -> float:
    """USD per hour of the plan's flavour under the contract: the list price less an active discount."""
    value = FLAVOR_PRICES[str(plan["resource_name"])][0]
    if plan.get("discount_status") != "active":
        return value
    if plan.get("discount_type") == "percent":
        return round(value * (1 - float(plan["discount_percent"]) / 100), 4)
    return round(max(value / 2, value - float(plan["discount_amount"])), 4)


@dataclass(frozen=True)
class Machine:
    """One virtual machine: it runs from ``start`` to ``stop`` (naive UTC, whole hours)."""

    id: int
    name: str
    flavor: str
    contract_id: int  # 0: on demand
    price_per_hour: float
    start: datetime
    stop: datetime
    terminated: bool  # ended by SEEDED_AS_OF (else still running then, no termination_time)

    @property
    def gpus(self) -> int:
        return FLAVOR_GPUS[self.flavor]

    def hours_in(self, start: datetime, end: datetime) -> float:
        """Hours this machine ran in ``[start, end)``."""
        overlap = min(self.stop, end) - max(self.start, start)
        return max(0.0, overlap.total_seconds() / 3600)

    def instance(self) -> dict[str, Any]:
        """Its ``ContractInstanceFields``."""
        ran = min(self.stop, SEEDED_AS_OF) - self.start
        fields: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "status": "DELETED" if self.terminated else "ACTIVE",
            "flavor_name": self.flavor,
            "gpu_count": self.gpus,
            "created_at": _naive(self.start),
        }
        if self.terminated:
            fields["termination_time"] = _naive(self.stop)
        fields["total_usage_time"] = max(0, int(ran.total_seconds()))
        return fields

    def billing(self, start: datetime, end: datetime) -> dict[str, Any]:
        """Its ``ResourceLevelBillingHistoryResources`` for ``[start, end)``."""
        hours = self.hours_in(start, end)
        return {
            "attributes": {
                "contract_id": self.contract_id,
                "id": str(self.id),
                "infrahub_id": self.id,
                "resource_name": self.name,
                "status": "DELETED" if self.terminated else "ACTIVE",
            },
            "metrics": {
                "incurred_bill": round(self.price_per_hour * hours, 4),
                "price_per_hour": self.price_per_hour,
                "usage_time": round(hours, 6),
            },
        }


class HyperstackMoney:
    """The machines of every contract, and what they were billed (see the module docstring)."""

    def __init__(self, machines: Sequence[Machine]) -> None:
        self.machines = tuple(sorted(machines, key=lambda machine: machine.id))
        self._by_contract: dict[int, list[Machine]] = {}
        for machine in self.machines:
            if machine.contract_id:
                self._by_contract.setdefault(machine.contract_id, []).append(machine)

    def contract_machines(self, contract_id: int) -> list[Machine]:
        return list(self._by_contract.get(contract_id, ()))

    def allocated_gpus(self, contract_id: int, moment: datetime) -> int:
        """GPUs of the contract's machines running at ``moment``."""
        return sum(m.gpus for m in self._by_contract.get(contract_id, ()) if m.start <= moment < m.stop)

    def billed(self, start: datetime, end: datetime, search: str | None = None) -> list[dict[str, Any]]:
        """Billing history entries of every machine that ran in ``[start, end)``, machine id ascending;
        ``search`` keeps those whose name or id contains it (case-insensitive)."""
        needle = None if search is None else search.lower()
        entries = []
        for machine in self.machines:
            if machine.hours_in(start, end) <= 0:
                continue
            if needle is not None and needle not in machine.name.lower() and needle not in str(machine.id):
                continue
            entries.append(machine.billing(start, end))
        return entries

    @staticmethod
    def pricebook() -> list[dict[str, Any]]:
        """The ``PricebookModel`` list: one entry per flavour."""
        return [
            {
                "id": index,
                "name": name,
                "value": value,
                "original_value": original,
                "discount_applied": value != original,
                "start_time": _PRICEBOOK_SINCE,
            }
            for index, (name, (value, original)) in enumerate(FLAVOR_PRICES.items(), start=1)
        ]


def _slot(
    rng: random.Random, start: datetime, end: datetime, limit: int
) -> list[tuple[datetime, datetime, bool]]:
    """The runs of one slot within ``[start, end)``: ``(from, to, terminated by SEEDED_AS_OF)``."""
    runs: list[tuple[datetime, datetime, bool]] = []
    moment = start + rng.randrange(0, 24 * 14) * _HOUR
    while moment < min(end, SEEDED_AS_OF) and len(runs) < limit:
        stop = min(moment + rng.randrange(24, 24 * 90) * _HOUR, end)
        if stop > SEEDED_AS_OF:  # still running: it runs to the end of the contract
            runs.append((moment, end, False))
            break
        runs.append((moment, stop, True))
        moment = stop + rng.randrange(0, 24 * 7) * _HOUR
    return runs


def seed_hyperstack_money(config: SandboxConfig, contracts: Sequence[HyperstackRecord]) -> HyperstackMoney:
    """The machines of ``contracts`` and a few on-demand ones (see the module docstring)."""
    rng = random.Random(f"{config.seed}:hyperstack-money")  # noqa: S311 -- test data, not security
    machines: list[Machine] = []
    next_id = _FIRST_MACHINE_ID
    for record in contracts:
        start, end = _ceil_hour(record.start), _floor_hour(record.end)
        if start > SEEDED_AS_OF or end <= start:
            continue  # nothing created yet under a contract that has not begun
        for plan in record.fields["discounts"]:
            flavor = str(plan["resource_name"])
            price = contract_price(plan)
            for slot in range(int(plan["resource_count"])):
                if rng.random() < 0.25:
                    continue  # a reserved resource left unused
                for run, (begin, stop, terminated) in enumerate(_slot(rng, start, end, 24), start=1):
                    name = f"ctr{record.contract_id}-{flavor.removeprefix('n3-').lower()}-{slot + 1}-{run}"
                    machines.append(
                        Machine(next_id, name, flavor, record.contract_id, price, begin, stop, terminated)
                    )
                    next_id += 1
    for index in range(_ON_DEMAND):
        flavor = rng.choice(tuple(FLAVOR_PRICES))
        begin = datetime(2025, 1, 1) + rng.randrange(0, 24 * 480) * _HOUR
        stop = begin + rng.randrange(6, 24 * 60) * _HOUR
        name = f"ondemand-{flavor.removeprefix('n3-').lower()}-{index + 1}"
        price = FLAVOR_PRICES[flavor][0]
        machines.append(Machine(next_id, name, flavor, 0, price, begin, stop, stop <= SEEDED_AS_OF))
        next_id += 1
    return HyperstackMoney(machines)


def bucket_values(money: HyperstackMoney, contract_id: int, starts: Sequence[datetime]) -> list[int]:
    """The graph's values at each bucket start (sorted), from the machines' runs."""
    values = [0] * len(starts)
    for machine in money.contract_machines(contract_id):
        first = bisect.bisect_left(starts, machine.start)
        last = bisect.bisect_left(starts, machine.stop)
        for index in range(first, last):
            values[index] += machine.gpus
    return values
