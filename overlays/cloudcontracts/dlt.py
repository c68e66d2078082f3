"""The data set's resources as a dlt source: the same load into any dlt destination (the ``dlt`` extra).

::

    import dlt
    from cloudcontracts.dataset import Month, ncloud_account
    from cloudcontracts.dlt import cloudcontracts_source

    pipeline = dlt.pipeline("costs", destination="duckdb", dataset_name="costs")
    pipeline.run(cloudcontracts_source([ncloud_account("prod")], since=Month.parse("2024-01")))

One dlt resource per :class:`~cloudcontracts.dataset.Resource` (``ncp_billing``,
``hyperstack_contracts``, ``hyperstack_billing``), dispatching its rows to the same tables as
``cloudcontracts sync`` (``ncp_usage``, ``ncp_contract_costs``, ``ncp_invoices``,
``hyperstack_contracts``, ``hyperstack_billing``, ``focus``; dlt's naming turns FOCUS's
``ConsumedQuantity`` into ``consumed_quantity``). A month is fetched as the sync
engine fetches it (:mod:`cloudcontracts.dataset.fetching`): NCP usage, then its contract costs and
invoices; a key without the cost permission loads usage, with one warning.

Months are chosen as the sync engine chooses them, from dlt's resource state (the
content hash and finality of every (account, resource, month) loaded): final months are not fetched, and
a fetched month whose hash is unchanged yields nothing. A changed month is loaded with the ``merge``
disposition, ``delete-insert`` strategy, merge key ``(account, resource, month)`` and primary key
``row_key`` (a hash of the row and its rank among identical rows): the month's old rows are deleted and
its new ones inserted, in dlt's load. dlt commits its state with the load, so a failed run loads nothing
it has not recorded.

A table with no rows for a changed month (a month upstream emptied, or a Hyperstack month whose machines
billed nothing) gets one tombstone row instead: the month's keys, and ``month_tombstone`` true, the
column carrying dlt's ``hard_delete`` hint. dlt's delete-insert deletes by the merge keys of every staged
row, tombstones included, then inserts only the rows not marked deleted: the month's old rows go, and
the tombstone is never stored (the column stays null in every table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import dlt

from cloudcontracts.dataset.engine import Account, plan_units
from cloudcontracts.dataset.fetching import fetch_unit, is_final, stderr_warning, unit_rows
from cloudcontracts.dataset.months import Month
from cloudcontracts.dataset.resources import Resource
from cloudcontracts.dataset.rows import KEY_COLUMNS
from cloudcontracts.dataset.sink import UnitState
from cloudcontracts.exports.columns import Column, ColumnKind, Row

__all__ = ["MERGE_KEY", "PRIMARY_KEY", "TOMBSTONE", "cloudcontracts_source"]

MERGE_KEY = ("account", "resource", "month")
PRIMARY_KEY = "row_key"
TOMBSTONE = "month_tombstone"
"""The ``hard_delete`` column: true on the one row that empties a month's table, null on every row kept."""
_DLT_TYPES: Mapping[ColumnKind, str] = {
    "string": "text",
    "integer": "bigint",
    "decimal": "double",
    "datetime": "timestamp",
    "utc_datetime": "timestamp",
}


def _column_hints(columns: Sequence[Column]) -> dict[str, dict[str, Any]]:
    hints: dict[str, dict[str, Any]] = {
        name: {"name": name, "data_type": "text", "nullable": False} for name in (*KEY_COLUMNS, PRIMARY_KEY)
    }
    for column in columns:
        hints[column.name] = {"name": column.name, "data_type": _DLT_TYPES[column.kind], "nullable": True}
    hints[TOMBSTONE] = {"name": TOMBSTONE, "data_type": "bool", "nullable": True, "hard_delete": True}
    return hints


def _tombstone(unit_key: tuple[str, str, str, str]) -> Row:
    """The row that deletes a month from a table it no longer has rows in (see the module docstring)."""
    provider, account, resource, month = unit_key
    digest = hashlib.sha256(f"{account}|{resource}|{month}|tombstone".encode()).hexdigest()[:32]
    return {
        "provider": provider,
        "account": account,
        "resource": resource,
        "month": month,
        PRIMARY_KEY: digest,
        TOMBSTONE: True,
    }


def _keyed(unit_key: tuple[str, str, str, str], rows: Sequence[Row]) -> list[Row]:
    provider, account, resource, month = unit_key
    keyed: list[Row] = []
    seen: dict[str, int] = {}
    for row in rows:
        # Canonical rows: identical rows are neighbours; their rank keeps their keys apart.
        text = repr(sorted(row.items()))
        rank = seen[text] = seen.get(text, -1) + 1
        digest = hashlib.sha256(f"{account}|{resource}|{month}|{rank}|{text}".encode()).hexdigest()[:32]
        keyed.append(
            {
                "provider": provider,
                "account": account,
                "resource": resource,
                "month": month,
                **row,
                "row_key": digest,
            }
        )
    return keyed


def _nothing() -> None:
    return None


def _resource(
    resource: Resource,
    accounts: Sequence[Account],
    *,
    today: Month,
    since: Month,
    warn: Callable[[str], None],
) -> Any:
    hints: dict[str, Any] = {table.name: _column_hints(table.columns) for table in resource.tables}
    disposition: Any = {"disposition": "merge", "strategy": "delete-insert"}

    def rows() -> Iterator[Any]:
        state = dlt.current.resource_state()
        units: dict[str, dict[str, Any]] = state.setdefault("units", {})
        known = {
            tuple(key.split("|")): UnitState(
                value["provider"], value["digest"], value["rows"], value["final"]
            )
            for key, value in units.items()
        }
        planned, _ = plan_units(accounts, [resource], known, today=today, since=since)  # type: ignore[arg-type]
        clients: dict[str, Any] = {}
        skipped: dict[str, set[str]] = {}
        try:
            for account, _, unit in planned:
                client = clients.get(account.name)
                if client is None:
                    client = clients[account.name] = account.connect()
                fetched, _pages = fetch_unit(
                    client,
                    resource,
                    unit.month,
                    account.params,
                    account=account.name,
                    skipped=skipped.setdefault(account.name, set()),
                    warn=warn,
                    on_page=_nothing,
                )
                month_rows = unit_rows(resource, fetched)
                final = is_final(resource, unit.month, month_rows, today)
                key = "|".join(unit.key)
                previous = units.get(key)
                if previous is None or previous["digest"] != month_rows.digest:
                    unit_key = (unit.provider, unit.account, unit.resource, unit.month.key)
                    for table in resource.tables:
                        table_rows = _keyed(unit_key, month_rows.tables[table.name]) or [_tombstone(unit_key)]
                        yield dlt.mark.with_hints(
                            table_rows,
                            dlt.mark.make_hints(
                                table_name=table.name,
                                columns=hints[table.name],
                                primary_key=PRIMARY_KEY,
                                merge_key=list(MERGE_KEY),
                                write_disposition=disposition,
                            ),
                            create_table_variant=True,
                        )
                units[key] = {
                    "provider": unit.provider,
                    "digest": month_rows.digest,
                    "rows": month_rows.row_count,
                    "final": final,
                }
        finally:
            for client in clients.values():
                client.close()

    return dlt.resource(rows(), name=resource.name, write_disposition=disposition)


def cloudcontracts_source(
    accounts: Sequence[Account],
    resources: Sequence[Resource] | None = None,
    *,
    since: Month,
    today: Month | None = None,
    final_after: int = 2,
    warn: Callable[[str], None] = stderr_warning,
) -> Any:
    """A dlt source of ``resources`` (by default :func:`~cloudcontracts.dataset.default_resources`) for
    ``accounts``, months ``since`` to ``today`` (this month, UTC, by default). ``warn`` gets one line
    per account whose key may not read an optional input (NCP cost: usage is loaded without it)."""
    from cloudcontracts.dataset.catalog import default_resources  # noqa: PLC0415

    chosen = list(resources) if resources is not None else list(default_resources(final_after=final_after))
    current = today or Month.parse(datetime.now(UTC).date())

    @dlt.source(name="cloudcontracts")
    def source() -> Any:
        return [_resource(resource, accounts, today=current, since=since, warn=warn) for resource in chosen]

    return source()
