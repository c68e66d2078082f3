"""What the sync engine writes through: a :class:`Sink`, and the bookkeeping both sinks share.

A sink stores the tables and, beside them, the sync state: one :class:`UnitState` per completed
(account, resource, month), with the content hash of what was written. Each :meth:`Sink.write` replaces
one unit whole, in every table of its resource, and records its state in the same step, so the data set
never holds part of a month and the state never names a month that is not there.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from cloudcontracts.dataset.months import Month
from cloudcontracts.dataset.resources import Provider, Resource, Table
from cloudcontracts.dataset.rows import KEY_COLUMNS, MonthRows
from cloudcontracts.exports.columns import Column

__all__ = [
    "Sink",
    "Unit",
    "UnitKey",
    "UnitState",
    "check_name",
    "deferred_signals",
    "table_columns",
    "tables_of",
]

UnitKey = tuple[str, str, str]
"""``(account, resource, month key)``."""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")


def check_name(kind: str, name: str) -> str:
    """Account, resource and table names become file and directory names: letters, digits, ``_.-``."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(
            f"{kind} name {name!r} must be 1 to 64 letters, digits, '_', '.' or '-' (not starting with "
            "'_', '.' or '-')"
        )
    return name


@dataclass(frozen=True)
class Unit:
    """What is fetched and written as one: one account's one resource for one month."""

    provider: Provider
    account: str
    resource: str
    month: Month

    @property
    def key(self) -> UnitKey:
        return (self.account, self.resource, self.month.key)


@dataclass(frozen=True)
class UnitState:
    """A completed unit: the hash of its rows (every table), how many, and whether it is final."""

    provider: str
    digest: str
    rows: int
    final: bool


def key_columns() -> tuple[Column, ...]:
    return tuple(Column(name, "string") for name in KEY_COLUMNS)


def table_columns(table: Table) -> tuple[Column, ...]:
    """A table's columns as stored: the unit's keys, then the resource's own."""
    clash = set(KEY_COLUMNS) & {column.name for column in table.columns}
    if clash:
        raise ValueError(f"table {table.name!r} has columns named like the data set's keys: {sorted(clash)}")
    return key_columns() + table.columns


def tables_of(resources: Sequence[Resource]) -> dict[str, Table]:
    """Every table of the resources by name; resources sharing a table must agree on its columns."""
    tables: dict[str, Table] = {}
    for resource in resources:
        check_name("resource", resource.name)
        for table in resource.tables:
            check_name("table", table.name)
            known = tables.get(table.name)
            if known is not None and known.columns != table.columns:
                raise ValueError(f"resources disagree on the columns of table {table.name!r}")
            tables.setdefault(table.name, table)
    return tables


class Sink(Protocol):
    """Where a data set is kept (:class:`~.duckdb_sink.DuckDBSink`, :class:`~.parquet_sink.ParquetSink`)."""

    def prepare(self, resources: Sequence[Resource]) -> None:
        """Create what is missing (tables, columns added to a document since the last sync)."""

    def state(self) -> Mapping[UnitKey, UnitState]:
        """Every completed unit."""

    def write(self, unit: Unit, resource: Resource, rows: MonthRows, *, final: bool) -> None:
        """Replace the unit in each of the resource's tables with ``rows`` and record its state, as one."""

    def mark(self, unit: Unit, state: UnitState) -> None:
        """Record a unit's state alone (its rows are unchanged)."""

    def close(self) -> None: ...


_DEFERRED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while a unit is committed (several renames, or a database
    commit and its state): the signal is delivered the moment the block ends, so a stop lands before or
    after a unit, never in the middle of one. Only where the platform can (POSIX, main thread)."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = mask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)
