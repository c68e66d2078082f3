"""What a sandbox is seeded with and the behaviours left open by the providers' docs.

:class:`SandboxConfig` is plain, frozen and JSON-friendly: the same fields are the keyword arguments of
:class:`~cloudcontracts.sandbox.Sandbox`, the body of ``POST /_sandbox/reset`` and the options of
``python -m cloudcontracts.sandbox``. Everything the sandbox serves is a pure function of it (and of the
injected clock, for the GPU graph's default period), so the same config gives the same bytes.

Sizes marked "at most" vary per record (seeded), so a page mixes small and large records as real data
does; the exact records are available from :class:`~cloudcontracts.sandbox.state.SandboxState`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["CountMode", "SandboxConfig"]

CountMode = Literal["total", "page"]
_YEAR_MONTH = re.compile(r"\d{4}(0[1-9]|1[0-2])\Z")
_MAX_RECORDS = 100_000  # a guard against a typo'd reset that would seed for minutes


@dataclass(frozen=True)
class SandboxConfig:
    """Seed, sizes and open behaviours of one sandbox instance."""

    seed: int = 0
    """Seed of every random choice: same seed and sizes, same data, same bytes."""

    hyperstack_contracts: int = 30
    """Number of Hyperstack contracts."""
    hyperstack_discounts: int = 3
    """At most this many discount plans per Hyperstack contract (0 to this)."""
    hyperstack_count: CountMode = "total"
    """What ``count`` in the contract list means, which Hyperstack does not document: ``"total"`` (all
    contracts over all pages) or ``"page"`` (the number on this page)."""
    hyperstack_default_per_page: int = 20
    """``per_page`` when the request has none (Hyperstack's default is undocumented)."""
    hyperstack_max_per_page: int | None = None
    """If set, a larger ``per_page`` is quietly lowered to this (as servers with an undocumented
    maximum do), so a client that trusts ``per_page`` sees short pages before the end."""
    hyperstack_graph_granularity: int | None = None
    """Bucket size of the GPU graph in seconds; ``None`` picks it from the period (hourly up to 31 days,
    daily up to 366 days, weekly beyond)."""

    ncp_contracts: int = 40
    """Number of NCP contracts (each with usage in some of the months)."""
    ncp_products: int = 3
    """At most this many products per NCP contract (1 to this)."""
    ncp_usage_rows: int = 2
    """At most this many usage rows per product and month (1 to this; different metering types)."""
    ncp_months: int = 6
    """Months of usage history, ending at ``ncp_last_month``."""
    ncp_last_month: str = "202404"
    """The last month (yyyyMM) with usage."""
    ncp_members: int = 3
    """Member accounts the contracts belong to (the first is the master account)."""

    generic_items: int = 12
    """Items in the list of an operation answered from its schema (no hand-written behaviour), over all
    its pages."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if field.name in ("hyperstack_count", "ncp_last_month"):
                continue
            if value is None and field.name in ("hyperstack_max_per_page", "hyperstack_graph_granularity"):
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{field.name} must be an integer, not {value!r}")
        if self.hyperstack_count not in ("total", "page"):
            raise ValueError(f"hyperstack_count must be 'total' or 'page', not {self.hyperstack_count!r}")
        if not isinstance(self.ncp_last_month, str) or not _YEAR_MONTH.match(self.ncp_last_month):
            raise ValueError(f"ncp_last_month must be yyyyMM, not {self.ncp_last_month!r}")
        minimums = {
            "hyperstack_contracts": 0,
            "hyperstack_discounts": 0,
            "hyperstack_default_per_page": 1,
            "hyperstack_max_per_page": 1,
            "hyperstack_graph_granularity": 1,
            "ncp_contracts": 0,
            "ncp_products": 1,
            "ncp_usage_rows": 1,
            "ncp_months": 1,
            "ncp_members": 1,
            "generic_items": 0,
        }
        for name, minimum in minimums.items():
            value = getattr(self, name)
            if value is not None and not minimum <= value <= _MAX_RECORDS:
                raise ValueError(f"{name} must be between {minimum} and {_MAX_RECORDS}, not {value!r}")

    def replace(self, **changes: Any) -> SandboxConfig:
        """A copy with ``changes`` applied (validated; an unknown name is a ``TypeError``)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(cls))

    def updated_from(self, changes: Mapping[str, Any]) -> SandboxConfig:
        """A copy with JSON ``changes`` applied; ``ValueError`` names an unknown field or a bad value."""
        unknown = sorted(set(changes) - set(self.field_names()))
        if unknown:
            raise ValueError(f"unknown sandbox setting(s): {', '.join(unknown)}")
        return self.replace(**changes)
