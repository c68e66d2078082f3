"""A local cost data set kept up to date: ``cloudcontracts sync`` and its Python API.

::

    from cloudcontracts.dataset import Month, default_resources, ncloud_account, open_sink, sync

    sink = open_sink("costs.duckdb")                    # or a folder: hive-partitioned Parquet
    try:
        report = sync(
            [ncloud_account("prod"), ncloud_account("research")],
            default_resources(),
            sink,
            today=Month.parse("2024-05"),
            since=Month.parse("2023-06"),
        )
    finally:
        sink.close()

- :mod:`.resources`: a data set is a list of declarative :class:`Resource` s (operation, parameters,
  more operations of the same month, tables, months, finality); :mod:`.catalog` has today's (NCP usage,
  contract costs and invoices with FOCUS of usage joined with cost; Hyperstack contracts, and its VM
  billing with FOCUS with cost);
- :mod:`.engine`: which months to fetch, and replacing those that changed, whole;
- :mod:`.duckdb_sink`, :mod:`.parquet_sink`: where the data set lives, with its sync state;
- :mod:`.accounts`: NCP profiles and Hyperstack keys, from options or a YAML file.

The sinks need the ``duckdb`` extra (or pyarrow alone for Parquet); nothing heavy is imported before a
sink is opened. ``docs/dataset.md`` describes the tables, the finality rules and the guarantees.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Literal

from cloudcontracts.dataset.accounts import accounts_from_file, hyperstack_account, ncloud_account
from cloudcontracts.dataset.catalog import (
    DATASET_FOCUS_COLUMNS,
    DEFAULT_FINAL_AFTER,
    default_resources,
    hyperstack_billing,
    hyperstack_contracts,
    ncp_billing,
    ncp_usage,
)
from cloudcontracts.dataset.engine import Account, SyncObserver, SyncReport, UnitResult, plan_units, sync
from cloudcontracts.dataset.months import Month, month_range
from cloudcontracts.dataset.resources import (
    AfterCompleteMonths,
    DateRange,
    FinalityRule,
    Input,
    Resource,
    Table,
    UnitContext,
    WhenBillWritten,
)
from cloudcontracts.dataset.rows import KEY_COLUMNS, MonthRows
from cloudcontracts.dataset.sink import Sink, Unit, UnitState

__all__ = [
    "DATASET_FOCUS_COLUMNS",
    "DEFAULT_FINAL_AFTER",
    "KEY_COLUMNS",
    "Account",
    "AfterCompleteMonths",
    "DateRange",
    "FinalityRule",
    "Input",
    "Month",
    "MonthRows",
    "Resource",
    "Sink",
    "SinkFormat",
    "SyncObserver",
    "SyncReport",
    "Table",
    "Unit",
    "UnitContext",
    "UnitResult",
    "UnitState",
    "WhenBillWritten",
    "accounts_from_file",
    "default_resources",
    "hyperstack_account",
    "hyperstack_billing",
    "hyperstack_contracts",
    "month_range",
    "ncloud_account",
    "ncp_billing",
    "ncp_usage",
    "open_sink",
    "plan_units",
    "sink_format",
    "sync",
]

SinkFormat = Literal["duckdb", "parquet"]


def sink_format(path: str | PathLike[str]) -> SinkFormat:
    """``duckdb`` for a path ending in ``.duckdb`` or ``.db``, else ``parquet`` (a folder)."""
    return "duckdb" if Path(path).suffix.lower() in (".duckdb", ".db") else "parquet"


def open_sink(path: str | PathLike[str], format: SinkFormat | None = None) -> Sink:
    """A DuckDB database file or a Parquet folder at ``path`` (created if missing)."""
    chosen = format or sink_format(path)
    if chosen == "duckdb":
        from cloudcontracts.dataset.duckdb_sink import DuckDBSink  # noqa: PLC0415 -- the extra

        return DuckDBSink(path)
    if chosen == "parquet":
        from cloudcontracts.dataset.parquet_sink import ParquetSink  # noqa: PLC0415 -- pyarrow

        return ParquetSink(path)
    raise ValueError(f"format must be 'duckdb' or 'parquet', not {format!r}")
