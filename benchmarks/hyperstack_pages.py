"""Deterministic Hyperstack contract-list pages, for benchmarks and tests.

Every value derives from the contract's position, so the same arguments always give the same bytes
(no randomness, no clock). The shape follows ``GetCustomerContractsListResponseModel`` in
``openapi/hyperstack.yaml``: zone-less timestamps, integer ids, ``discounts`` with the documented fields.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["contract_dict", "list_page_bytes", "list_page_dict"]

_RESOURCES = ("NVIDIA H100 SXM5 80GB", "NVIDIA A100 PCIe 80GB", "NVIDIA L40", "NVIDIA RTX A6000")
_STATUSES = ("active", "expired", "pending")


def contract_dict(contract_id: int, *, discounts: int = 3) -> dict[str, Any]:
    """One contract as the API sends it, derived only from ``contract_id``."""
    day = contract_id % 28 + 1
    month = contract_id % 12 + 1
    return {
        "id": contract_id,
        "org_id": 1000 + contract_id % 17,
        "description": f"Reserved GPU capacity, contract {contract_id}",
        "status": _STATUSES[contract_id % len(_STATUSES)],
        "start_date": f"2025-{month:02d}-{day:02d}T00:00:00",
        "end_date": f"2027-{month:02d}-{day:02d}T23:59:59",
        "created_at": f"2025-{month:02d}-{day:02d}T08:{contract_id % 60:02d}:{(contract_id * 7) % 60:02d}",
        "expiration_policy": contract_id % 2,
        "discounts": [
            {
                "id": contract_id * 10 + n,
                "resource_id": 500 + (contract_id + n) % 40,
                "resource_name": _RESOURCES[(contract_id + n) % len(_RESOURCES)],
                "discount_code": f"CONTRACT-{contract_id:06d}-{n}",
                "discount_type": "percent" if n % 2 == 0 else "flat",
                "discount_percent": (contract_id * 3 + n) % 50 + 0.5,
                "discount_amount": (contract_id + n * 11) % 900,
                "discount_status": "active",
                "resource_count": 8 * (n + 1),
                "remaining_count": (contract_id + n) % (8 * (n + 1)),
            }
            for n in range(discounts)
        ],
    }


def list_page_dict(
    *, first_id: int = 1, size: int = 1000, count: int | None = None, discounts: int = 3
) -> dict[str, Any]:
    """A list response holding contracts ``first_id .. first_id + size - 1``; ``count`` defaults to size."""
    return {
        "status": True,
        "message": "Contracts retrieved successfully",
        "contracts": [contract_dict(first_id + i, discounts=discounts) for i in range(size)],
        "count": size if count is None else count,
    }


def list_page_bytes(*, size: int = 1000, discounts: int = 3) -> bytes:
    """The JSON bytes of :func:`list_page_dict`, compact (no spaces), as API servers usually send it."""
    return json.dumps(list_page_dict(size=size, discounts=discounts), separators=(",", ":")).encode("utf-8")
