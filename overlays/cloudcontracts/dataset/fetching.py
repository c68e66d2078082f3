"""Fetching one unit (one account's resource for one month) whole, and turning it into rows.

Shared by the sync engine (:mod:`.engine`) and the dlt source (:mod:`cloudcontracts.dlt`), so both fetch
and flatten a month the same way: every page of the resource's operation, then each of its inputs
(:class:`~.resources.Input`: every page of a list, or one call, once or once per parameter set of its
``each``), then each table's rows from the items it names (and, for a ``context`` table, the month and
the page bodies).

An optional input the key may not call (NCP answers 401 with code 210, or 403: a key with the usage
permission but not the cost one) is skipped: one warning per account through ``warn`` (naming every
input refused), and no further request for it in that sync; its tables get ``None``. Any other error
stops the unit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, MutableSet, Sequence
from dataclasses import dataclass, field
from typing import Any

from cloudcontracts.core.client import SyncApi
from cloudcontracts.dataset.months import Month
from cloudcontracts.dataset.resources import MAIN, Input, Resource, UnitContext
from cloudcontracts.dataset.rows import MonthRows
from cloudcontracts.errors import APIStatusError
from cloudcontracts.exports.focus_ncp_export import is_permission_denied

__all__ = ["Fetched", "fetch_unit", "is_final", "stderr_warning", "unit_rows"]


@dataclass
class Fetched:
    """What one unit fetched: the items by input name (``"main"`` for the resource's own operation;
    ``None`` for an optional input skipped), and the body of every page of each."""

    month: Month
    items: dict[str, list[Any] | None] = field(default_factory=dict)
    bodies: dict[str, list[Any]] = field(default_factory=dict)


def stderr_warning(message: str) -> None:
    """The default ``warn``: one line on stderr."""
    print(f"warning: {message}", file=sys.stderr)


def _walk(
    client: SyncApi,
    operation_id: str,
    params: Mapping[str, object],
    on_page: Callable[[], None],
    bodies: list[Any],
) -> tuple[list[Any], int]:
    items: list[Any] = []
    pages = 0
    for page in client.iter_pages(operation_id, **params):
        items.extend(page.items)
        bodies.append(page.body)
        pages += 1
        on_page()
    return items, pages


def _one_call(
    client: SyncApi,
    source: Input,
    params: Mapping[str, object],
    on_page: Callable[[], None],
    bodies: list[Any],
) -> list[Any]:
    body = client.call(source.operation_id, **params)
    bodies.append(body)
    on_page()
    found = body if source.items_field is None else getattr(body, source.items_field, None)
    # Every field is optional upstream: an absent list is no items, not an error.
    return list(found) if isinstance(found, list) else []


def _input_items(
    client: SyncApi,
    source: Input,
    query: dict[str, object],
    fetched: Fetched,
    on_page: Callable[[], None],
) -> tuple[list[Any], int]:
    bodies = fetched.bodies.setdefault(source.name, [])
    queries = [query] if source.each is None else [{**query, **more} for more in source.each(fetched.items)]
    items: list[Any] = []
    pages = 0
    for params in queries:
        if source.paged:
            found, more_pages = _walk(client, source.operation_id, params, on_page, bodies)
        else:
            found, more_pages = _one_call(client, source, params, on_page, bodies), 1
        items.extend(found)
        pages += more_pages
    return items, pages


def fetch_unit(
    client: SyncApi,
    resource: Resource,
    month: Month,
    params: dict[str, object] | Any,
    *,
    account: str,
    skipped: MutableSet[str],
    warn: Callable[[str], None],
    on_page: Callable[[], None],
) -> tuple[Fetched, int]:
    """Every item of the unit, by input name, and the number of pages fetched.

    ``params`` are the account's own parameters; ``skipped`` holds the optional inputs this account may
    not call (filled here on a refusal, and read for the following months)."""
    fetched = Fetched(month)
    fetched.items[MAIN], pages = _walk(
        client,
        resource.operation_id,
        resource.query(month, params),
        on_page,
        fetched.bodies.setdefault(MAIN, []),
    )
    refused: list[tuple[str, APIStatusError]] = []
    for source in resource.inputs:
        fetched.items[source.name] = None
        if source.name in skipped:
            continue
        query = resource.input_query(source, month, params)
        try:
            items, more = _input_items(client, source, query, fetched, on_page)
        except APIStatusError as refusal:
            if not (source.optional and is_permission_denied(refusal)):
                raise
            skipped.add(source.name)
            refused.append((source.operation_id, refusal))
            continue
        fetched.items[source.name] = items
        pages += more
    if refused:
        names = ", ".join(name for name, _ in refused)
        first = refused[0][1]
        warn(
            f"account {account} may not call {names} (HTTP {first.status_code} permission denied, code "
            f"{first.code}): {resource.name} is synced without it, its tables stay empty and FOCUS rows "
            "are usage only"
        )
    return fetched, pages


def unit_rows(resource: Resource, fetched: Fetched) -> MonthRows:
    """Each table's rows of the unit, canonical and hashed."""
    context = UnitContext(fetched.month, fetched.bodies)
    tables = {}
    for table in resource.tables:
        given = [fetched.items[name] for name in table.inputs]
        rows = table.rows(*given, unit=context) if table.context else table.rows(*given)
        tables[table.name] = (table.columns, rows)
    return MonthRows.build(tables)


def is_final(resource: Resource, month: Month, rows: MonthRows, today: Month) -> bool:
    """Whether the unit is final, by its resource's rule on its decisive table."""
    decisive: Sequence[Any] = rows.tables[resource.decisive_table]
    return resource.finality.is_final(month, decisive, today)
