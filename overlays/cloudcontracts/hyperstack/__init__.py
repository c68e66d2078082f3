"""Hyperstack: the clients (:mod:`.client`) and what is Hyperstack's own -- the API key and base URL
(:mod:`.settings`), reading responses (:mod:`.responses`), date-times (:mod:`.timestamps`), the GPU
allocation graph's points (:mod:`.graph`) and contract commitment utilisation (:mod:`.utilisation`)."""

from __future__ import annotations

from cloudcontracts.hyperstack.client import (
    DEFAULT_PER_PAGE,
    AsyncHyperstackContracts,
    HyperstackContracts,
    check_contract_id,
    graph_period,
    graph_points,
)

__all__ = [
    "DEFAULT_PER_PAGE",
    "AsyncHyperstackContracts",
    "HyperstackContracts",
    "check_contract_id",
    "graph_period",
    "graph_points",
]
