"""The Hyperstack FOCUS exports as a user runs them, from a :class:`~cloudcontracts.HyperstackContracts`.

- :func:`hyperstack_billing_focus_rows`: one period's billing as Cost and Usage rows
  (:mod:`.focus_hyperstack_cost`): the VM billing history walked once (its ``org_id`` read from the
  pages), every contract, the machines of each contract that billed machines in the period (for their
  flavours), and the pricebook;
- :func:`hyperstack_commitment_rows`: every contract's discount plans as the FOCUS 1.3 Contract
  Commitment dataset (:mod:`.focus_contract_commitment`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cloudcontracts.exports.columns import Row
from cloudcontracts.hyperstack.timestamps import DateLike, check_time_range, parse_hyperstack_datetime

__all__ = ["hyperstack_billing_focus_rows", "hyperstack_commitment_rows"]


def hyperstack_billing_focus_rows(client: Any, start: DateLike, end: DateLike) -> Iterator[Row]:
    """FOCUS rows (every column of ``FOCUS_COLUMNS``) of Hyperstack's billing over ``[start, end)``."""
    from cloudcontracts.exports.focus import focus_rows_from_hyperstack_billing  # noqa: PLC0415

    start_text, end_text = check_time_range(start, end)
    if start_text is None or end_text is None:
        raise ValueError("the Hyperstack billing export needs both start and end")
    first, last = parse_hyperstack_datetime(start_text), parse_hyperstack_datetime(end_text)
    entries: list[Any] = []
    org_id: int | None = None
    pages = client.iter_pages(
        "get_vm_billing_history", start_date=start_text, end_date=end_text, per_page=100
    )
    for page in pages:
        found = getattr(getattr(page.body, "billing_history_vm", None), "org_id", None)
        if org_id is None and isinstance(found, int) and not isinstance(found, bool):
            org_id = found
        entries.extend(page.items)
    contracts = list(client.iter_contracts())
    billed = {getattr(getattr(entry, "attributes", None), "contract_id", None) for entry in entries}
    machines = {
        contract.id: client.contract_machines(contract.id)
        for contract in contracts
        if contract.id in billed and contract.discounts
    }
    yield from focus_rows_from_hyperstack_billing(
        entries,
        start=first,
        end=last,
        org_id=org_id,
        contracts=contracts,
        machines=machines,
        pricebook=client.pricebook(),
    )


def hyperstack_commitment_rows(client: Any) -> Iterator[Row]:
    """Every contract's discount plans as FOCUS 1.3 Contract Commitment rows."""
    from cloudcontracts.exports.focus_contract_commitment import contract_commitment_rows  # noqa: PLC0415

    yield from contract_commitment_rows(client.iter_contracts())
