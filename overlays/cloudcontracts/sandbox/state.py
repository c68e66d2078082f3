"""One sandbox's data (moto's "models"): seeded once, read-only afterwards, queried by the handlers and tests.

A :class:`SandboxState` is built from a :class:`~.config.SandboxConfig` and never changes: a reset builds
a new one and swaps it in whole, so a request in flight keeps reading the state it started with, and
nothing a request does (faults included) can alter it. Its public query methods return deep copies, the
exact data the sandbox serves, for tests to compare with what a client got::

    expected = sandbox.state.ncp_contracts("202402", "202404", member_nos=["1234567"])
    assert [c.contract_no for c in client.iter_contract_usage(...)] == [c["contractNo"] for c in expected]

The ``select_*`` methods return the same data without copying, for the handlers, which only render it.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.hyperstack_money import HyperstackMoney, bucket_values, seed_hyperstack_money
from cloudcontracts.sandbox.ncp_money import NcpMoney, seed_ncp_money
from cloudcontracts.sandbox.seeding import (
    HyperstackRecord,
    NcpRecord,
    month_sequence,
    seed_hyperstack,
    seed_ncp,
)

__all__ = ["MAX_GRAPH_BUCKETS", "MAX_GRAPH_PERIOD", "SandboxState"]

MAX_GRAPH_PERIOD = timedelta(days=3660)
"""Longest GPU graph period served (about ten years); longer is a 400 (the real limit is undocumented)."""
MAX_GRAPH_BUCKETS = 10_000
"""Most buckets one graph may hold with a configured granularity; more is a 400."""
_AUTO_GRANULARITIES = ((timedelta(days=31), 3600), (timedelta(days=366), 86400))
_WEEK = 7 * 86400


class SandboxState:
    """The seeded records of one sandbox instance, for both APIs."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self._hyperstack = seed_hyperstack(self.config)
        self._hyperstack_by_id = {record.contract_id: record for record in self._hyperstack}
        self._members, self._ncp = seed_ncp(self.config)
        self._money: NcpMoney | None = None
        self._hyperstack_money = seed_hyperstack_money(self.config, self._hyperstack)
        self._money_lock = threading.Lock()
        # The matches of the last few NCP queries: the records never change after seeding, and a walk
        # asks the same query for every page (as NCP's own indexes would spare it a full scan).
        self._ncp_matches: dict[tuple[Any, ...], list[_NcpMatch]] = {}
        self._generated: dict[str, list[Any]] = {}
        self._generated_lock = threading.Lock()

    # --- Hyperstack ---------------------------------------------------------------------------------

    def hyperstack_contract_ids(self) -> list[int]:
        return [record.contract_id for record in self._hyperstack]

    def select_hyperstack_contracts(self) -> list[dict[str, Any]]:
        """Every contract's ``CustomerContractFields``, id ascending (shared: do not mutate)."""
        return [record.fields for record in self._hyperstack]

    def hyperstack_contracts(self) -> list[dict[str, Any]]:
        """Every contract, id ascending, exactly as the list pages serve them (a copy)."""
        return copy.deepcopy(self.select_hyperstack_contracts())

    def hyperstack_contract(self, contract_id: int) -> dict[str, Any] | None:
        """One contract as ``GET /pricebook/contracts/{id}`` serves it (a copy), or ``None``."""
        record = self._hyperstack_by_id.get(contract_id)
        return None if record is None else copy.deepcopy(record.fields)

    def hyperstack_record(self, contract_id: int) -> HyperstackRecord | None:
        return self._hyperstack_by_id.get(contract_id)

    def graph_granularity(self, start: datetime, end: datetime) -> int | None:
        """The bucket size for ``[start, end)``, or ``None`` if the period is empty or too long."""
        period = end - start
        if period <= timedelta(0) or period > MAX_GRAPH_PERIOD:
            return None
        configured = self.config.hyperstack_graph_granularity
        if configured is not None:
            return configured if math.ceil(period.total_seconds() / configured) <= MAX_GRAPH_BUCKETS else None
        for longest, granularity in _AUTO_GRANULARITIES:
            if period <= longest:
                return granularity
        return _WEEK

    def gpu_graph(self, contract_id: int, start: datetime, end: datetime) -> dict[str, Any] | None:
        """The graph's ``Contract`` object for ``[start, end)`` (naive UTC), or ``None`` for no contract.

        Buckets start at ``start`` and every ``granularity`` seconds after it while before ``end``, so
        there are ``ceil((end - start) / granularity)`` of them; a bucket's value is the GPUs of the
        contract's machines running at its start (:attr:`hyperstack_money`). ``id`` is a string here, as
        the API has it.
        Raises ``ValueError`` for a period :meth:`graph_granularity` refuses.
        """
        record = self._hyperstack_by_id.get(contract_id)
        if record is None:
            return None
        granularity = self.graph_granularity(start, end)
        if granularity is None:
            raise ValueError(f"no graph for the period {start} to {end}")
        buckets = math.ceil((end - start).total_seconds() / granularity)
        step = timedelta(seconds=granularity)
        starts = [start + index * step for index in range(buckets)]
        values = bucket_values(self._hyperstack_money, contract_id, starts)
        graph = [
            {"datetime": moment.strftime("%Y-%m-%dT%H:%M:%S"), "value": value}
            for moment, value in zip(starts, values, strict=True)
        ]
        return {
            "id": str(record.contract_id),
            "org_id": record.fields["org_id"],
            "status": record.fields["status"],
            "granularity": granularity,
            "total_gpu_allocation": record.total_gpu_allocation,
            "allocated_gpu_count_graph": graph,
        }

    @property
    def hyperstack_money(self) -> HyperstackMoney:
        """The machines under the contracts, their bills and the pricebook (shared: do not mutate)."""
        return self._hyperstack_money

    def hyperstack_machines(self, contract_id: int) -> list[dict[str, Any]] | None:
        """``instances`` of ``GET /core/virtual-machines/contract/{id}/virtual-machines``, or ``None``
        for no such contract."""
        if contract_id not in self._hyperstack_by_id:
            return None
        return [machine.instance() for machine in self._hyperstack_money.contract_machines(contract_id)]

    def hyperstack_billing_history(
        self, start: datetime, end: datetime, search: str | None = None
    ) -> list[dict[str, Any]]:
        """Every entry (all pages) of the VM billing history for ``[start, end)`` (naive UTC)."""
        return self._hyperstack_money.billed(start, end, search)

    def hyperstack_pricebook(self) -> list[dict[str, Any]]:
        """The pricebook as ``GET /pricebook`` serves it."""
        return self._hyperstack_money.pricebook()

    # --- NCP ----------------------------------------------------------------------------------------

    @property
    def ncp_members(self) -> tuple[str, ...]:
        """The member numbers contracts belong to (the first is the master account)."""
        return self._members

    @property
    def ncp_months(self) -> tuple[str, ...]:
        """The months (yyyyMM, oldest first) that have usage."""
        return month_sequence(self.config.ncp_last_month, self.config.ncp_months)

    def ncp_records(self) -> tuple[NcpRecord, ...]:
        return self._ncp

    def select_ncp_contracts(
        self,
        start_month: str,
        end_month: str,
        *,
        member_nos: Collection[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
    ) -> list[dict[str, Any]]:
        """Contracts with usage from ``start_month`` to ``end_month`` that match every filter given,
        contractNo ascending, each with only its products and usage rows of those months.
        Shared leaves: do not mutate (use :meth:`ncp_contracts` for a copy)."""
        matches = self._matching_ncp(
            start_month,
            end_month,
            member_nos=member_nos,
            contract_no=contract_no,
            contract_type_code=contract_type_code,
            contract_status_code=contract_status_code,
            region_code=region_code,
        )
        return [_contract_dict(record, products) for record, products in matches]

    def ncp_contract_page(
        self, start_month: str, end_month: str, *, offset: int, limit: int, **filters: Any
    ) -> tuple[int, list[dict[str, Any]]]:
        """``totalRows`` and the contracts ``offset`` to ``offset + limit`` of
        :meth:`select_ncp_contracts` (same filters), building only those: a page request costs one
        pass over the records, not a dict for each of them."""
        key = (start_month, end_month, *sorted((name, _hashable(value)) for name, value in filters.items()))
        matches = self._ncp_matches.get(key)
        if matches is None:
            matches = self._matching_ncp(start_month, end_month, **filters)
            if len(self._ncp_matches) >= _NCP_MATCHES_KEPT:
                self._ncp_matches.clear()
            self._ncp_matches[key] = matches
        page = matches[offset : offset + limit]
        return len(matches), [_contract_dict(record, products) for record, products in page]

    def _matching_ncp(
        self,
        start_month: str,
        end_month: str,
        *,
        member_nos: Collection[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
    ) -> list[_NcpMatch]:
        """The records that match, each with its products' heads and usage rows of those months."""
        selected: list[_NcpMatch] = []
        members = None if member_nos is None else frozenset(member_nos)
        for record in self._ncp:
            if members is not None and record.member_no not in members:
                continue
            if contract_no is not None and record.contract_no != contract_no:
                continue
            if contract_type_code is not None and record.type_code != contract_type_code:
                continue
            if contract_status_code is not None and record.status_code != contract_status_code:
                continue
            if region_code is not None and record.region_code != region_code:
                continue
            products = []
            for product in record.products:
                usages = [usage for month, usage in product.usages if start_month <= month <= end_month]
                if usages:
                    products.append((product.head, usages))
            if products:
                selected.append((record, products))
        return selected

    def ncp_contracts(
        self,
        start_month: str,
        end_month: str,
        *,
        member_nos: Collection[str] | None = None,
        contract_no: str | None = None,
        contract_type_code: str | None = None,
        contract_status_code: str | None = None,
        region_code: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every contract (all pages) ``getContractUsageList`` answers for these filters, as a copy."""
        return copy.deepcopy(
            self.select_ncp_contracts(
                start_month,
                end_month,
                member_nos=member_nos,
                contract_no=contract_no,
                contract_type_code=contract_type_code,
                contract_status_code=contract_status_code,
                region_code=region_code,
            )
        )

    # --- NCP money ----------------------------------------------------------------------------------

    @property
    def ncp_money(self) -> NcpMoney:
        """The contract demand costs and invoices of the seeded contracts (built on first use; shared)."""
        with self._money_lock:
            if self._money is None:
                self._money = seed_ncp_money(self.config, self._members, self._ncp)
            return self._money

    def ncp_contract_demand_costs(
        self, start_month: str, end_month: str, **filters: Any
    ) -> list[dict[str, Any]]:
        """Every row ``getContractDemandCostList`` answers for these months and filters (all pages), as a
        copy; filters as :meth:`~.ncp_money.NcpMoney.contract_demand_costs`."""
        return copy.deepcopy(self.ncp_money.contract_demand_costs(start_month, end_month, **filters))

    def ncp_demand_costs(
        self, start_month: str, end_month: str, *, member_nos: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """Every invoice ``getDemandCostList`` answers for these months and members, as a copy."""
        return copy.deepcopy(self.ncp_money.demand_costs(start_month, end_month, member_nos=member_nos))

    # --- Operations answered from their schemas ---------------------------------------------------------

    def generated(self, key: str, build: Callable[[], list[Any]]) -> list[Any]:
        """The items of an operation answered from its schema (:mod:`.generic_api`), built on first use
        by ``build`` and kept: every page of a walk then slices the same list. ``key`` carries the seed
        and what the items depend on (operationId, path parameters). Shared: do not mutate."""
        with self._generated_lock:
            items = self._generated.get(key)
            if items is None:
                items = self._generated[key] = build()
            return items

    # --- Summary ------------------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """What ``GET /_sandbox/state`` shows: the config and the keys of what was seeded."""
        return {
            "config": self.config.to_dict(),
            "hyperstack": {
                "contracts": len(self._hyperstack),
                "contract_ids": self.hyperstack_contract_ids(),
            },
            "ncp": {
                "contracts": len(self._ncp),
                "contract_nos": [record.contract_no for record in self._ncp],
                "members": list(self._members),
                "months": list(self.ncp_months),
            },
        }


_NcpMatch = tuple[NcpRecord, list[tuple[dict[str, Any], list[dict[str, Any]]]]]
"""A record that matches a query, with its products' heads and their usage rows of the query's months."""
_NCP_MATCHES_KEPT = 16


def _hashable(value: Any) -> Any:
    """A filter value as part of a cache key (member numbers come as a list)."""
    return frozenset(value) if isinstance(value, (list, tuple, set, frozenset)) else value


def _contract_dict(
    record: NcpRecord, products: list[tuple[dict[str, Any], list[dict[str, Any]]]]
) -> dict[str, Any]:
    """A contract of ``getContractUsageList``: its head with the products (each with its usage rows)."""
    product_list = [_filled(head, "usageList", usages) for head, usages in products]
    return _filled(record.head, "contractProductList", product_list)


def _filled(head: dict[str, Any], key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """``head`` with its placeholder ``key`` replaced by ``items``, key order kept."""
    return {name: (items if name == key else value) for name, value in head.items()}
