"""The data set as a hive-partitioned Parquet folder, readable by DuckDB, pandas, Spark and pyarrow.

::

    costs/
      _sync_state.json                                     what is complete, with content hashes
      ncp_usage/provider=ncloud/month=2024-04/prod.ncp_usage.parquet
      focus/provider=ncloud/month=2024-04/prod.ncp_usage.parquet
      focus/provider=hyperstack/month=2024-05/main.hyperstack_contracts.parquet

One file per (table, account, resource, month), holding ``account``, ``resource`` and the resource's
columns; ``provider`` and ``month`` come from the directories, as hive partitioning has them (for
example ``read_parquet('costs/focus/**/*.parquet', hive_partitioning = true)`` in DuckDB, or
``pandas.read_parquet('costs/focus')``). Files are written beside their final name (a dot-name no reader
lists) and renamed into place, every table of the unit, then the state; a month with no rows has no file.

The bytes are a function of the rows alone: rows in canonical order (:mod:`.rows`), fixed writer settings
(zstd level 3, dictionary encoding, statistics, format 2.6, one row group), no timestamps, and a state
file with sorted keys. Syncing the same data twice gives the same files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from cloudcontracts.dataset.resources import Resource
from cloudcontracts.dataset.rows import MonthRows
from cloudcontracts.dataset.sink import Unit, UnitKey, UnitState, deferred_signals, table_columns, tables_of
from cloudcontracts.exports.columns import Column
from cloudcontracts.exports.writers import arrow_schema

__all__ = ["STATE_FILE", "WRITER_SETTINGS", "ParquetSink"]

STATE_FILE = "_sync_state.json"
WRITER_SETTINGS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
}
"""pyarrow's ``write_table`` settings: fixed, so the bytes do not follow pyarrow's defaults."""
_STATE_VERSION = 1


def _import_parquet() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # noqa: PLC0415 -- optional, only when opened
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(
            "a Parquet data set needs pyarrow: pip install 'cloudcontracts[parquet]' (or the duckdb extra)"
        ) from error
    return pa, pq


def _file_columns(columns: Sequence[Column]) -> tuple[Column, ...]:
    return tuple(column for column in columns if column.name not in ("provider", "month"))


class ParquetSink:
    """A folder of hive-partitioned Parquet files as a data set (see the module docstring)."""

    def __init__(self, root: str | PathLike[str]) -> None:
        self._pa, self._pq = _import_parquet()
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._columns: dict[str, tuple[Column, ...]] = {}
        self._state = self._read_state()

    def _read_state(self) -> dict[UnitKey, UnitState]:
        path = self.root / STATE_FILE
        if not path.exists():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != _STATE_VERSION:
            raise ValueError(f"{path}: unknown state version {data.get('version')!r}")
        return {
            (u["account"], u["resource"], u["month"]): UnitState(
                u["provider"], u["digest"], u["rows"], u["final"]
            )
            for u in data["units"]
        }

    def _write_state(self) -> None:
        units = [
            {
                "account": account,
                "resource": resource,
                "month": month,
                "provider": state.provider,
                "digest": state.digest,
                "rows": state.rows,
                "final": state.final,
            }
            for (account, resource, month), state in sorted(self._state.items())
        ]
        text = json.dumps({"version": _STATE_VERSION, "units": units}, indent=1, sort_keys=True) + "\n"
        path = self.root / STATE_FILE
        partial = self.root / f".{STATE_FILE}.partial"
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)

    def prepare(self, resources: Sequence[Resource]) -> None:
        for name, table in tables_of(resources).items():
            self._columns[name] = _file_columns(table_columns(table))

    def state(self) -> dict[UnitKey, UnitState]:
        return dict(self._state)

    def path(self, table: str, unit: Unit) -> Path:
        """Where one table's rows of ``unit`` are kept."""
        folder = self.root / table / f"provider={unit.provider}" / f"month={unit.month.key}"
        return folder / f"{unit.account}.{unit.resource}.parquet"

    def write(self, unit: Unit, resource: Resource, rows: MonthRows, *, final: bool) -> None:
        staged: list[tuple[Path, Path | None]] = []
        try:
            for table in resource.tables:
                target = self.path(table.name, unit)
                table_rows = rows.tables[table.name]
                if not table_rows:
                    staged.append((target, None))
                    continue
                columns = self._columns[table.name]
                keyed = [{**row, "account": unit.account, "resource": unit.resource} for row in table_rows]
                data = self._pa.Table.from_pylist(keyed, schema=arrow_schema(columns))
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.parent / f".{target.name}.partial"
                self._pq.write_table(data, partial, row_group_size=max(1, data.num_rows), **WRITER_SETTINGS)
                staged.append((target, partial))
            with deferred_signals():
                for destination, written in staged:
                    if written is None:
                        destination.unlink(missing_ok=True)
                    else:
                        os.replace(written, destination)
                self._state[unit.key] = UnitState(unit.provider, rows.digest, rows.row_count, final)
                self._write_state()
        finally:
            for _, leftover in staged:
                if leftover is not None:
                    leftover.unlink(missing_ok=True)

    def mark(self, unit: Unit, state: UnitState) -> None:
        self._state[unit.key] = state
        self._write_state()

    def close(self) -> None:
        return None
