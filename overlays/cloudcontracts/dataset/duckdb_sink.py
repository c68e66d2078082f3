"""The data set in an embedded DuckDB database: one table per data set table, plus the sync state.

Every table starts with ``provider``, ``account``, ``resource`` and ``month`` (``YYYY-MM``), then the
resource's columns, typed by their kind (text, ``BIGINT``, ``DOUBLE``, ``TIMESTAMPTZ``). The state is the
table ``_cloudcontracts_sync``. A unit is replaced by ``DELETE`` and ``INSERT`` in each of its tables and
an upsert of its state, all in one transaction: a sync killed at any point leaves either the old month or
the new one. Columns a document gained since the last sync are added (``ALTER TABLE ... ADD COLUMN``);
nothing is ever dropped.

Needs the ``duckdb`` extra (duckdb and pyarrow), imported only when a sink is opened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any

from cloudcontracts.dataset.resources import Resource
from cloudcontracts.dataset.rows import MonthRows
from cloudcontracts.dataset.sink import Unit, UnitKey, UnitState, deferred_signals, table_columns, tables_of
from cloudcontracts.exports.columns import Column, ColumnKind, Row
from cloudcontracts.exports.writers import arrow_schema

__all__ = ["STATE_TABLE", "DuckDBSink", "import_duckdb"]

STATE_TABLE = "_cloudcontracts_sync"
_TYPES: Mapping[ColumnKind, str] = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "decimal": "DOUBLE",
    "datetime": "TIMESTAMPTZ",
    "utc_datetime": "TIMESTAMPTZ",
}


def import_duckdb() -> Any:
    try:
        import duckdb  # noqa: PLC0415 -- the optional extra, only when a database is opened
    except ImportError as error:
        raise ImportError(
            "a DuckDB data set needs the 'duckdb' extra: pip install 'cloudcontracts[duckdb]'"
        ) from error
    return duckdb


def quoted(name: str) -> str:
    """An SQL identifier, quoted (FOCUS's column names are mixed case). Table names are also checked by
    :func:`~.sink.check_name`, so no value from a provider ever reaches SQL text: rows go in as Arrow."""
    return '"' + name.replace('"', '""') + '"'


def with_keys(unit: Unit, rows: Sequence[Row]) -> list[Row]:
    keys = {
        "provider": unit.provider,
        "account": unit.account,
        "resource": unit.resource,
        "month": unit.month.key,
    }
    return [{**keys, **row} for row in rows]


class DuckDBSink:
    """A DuckDB database file as a data set (see the module docstring)."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self._duckdb = import_duckdb()
        self._pa = self._import_pyarrow()
        self.path = path
        self._con = self._duckdb.connect(str(path))
        self._columns: dict[str, tuple[Column, ...]] = {}
        self._con.execute(
            f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (account VARCHAR NOT NULL, resource VARCHAR NOT NULL, "
            "month VARCHAR NOT NULL, provider VARCHAR NOT NULL, digest VARCHAR NOT NULL, "
            "row_count BIGINT NOT NULL, final BOOLEAN NOT NULL, PRIMARY KEY (account, resource, month))"
        )

    @staticmethod
    def _import_pyarrow() -> Any:
        try:
            import pyarrow  # noqa: PLC0415 -- with the extra
        except ImportError as error:
            raise ImportError(
                "a DuckDB data set needs the 'duckdb' extra: pip install 'cloudcontracts[duckdb]'"
            ) from error
        return pyarrow

    def prepare(self, resources: Sequence[Resource]) -> None:
        for name, table in tables_of(resources).items():
            columns = table_columns(table)
            self._columns[name] = columns
            existing = {
                row[0]
                for row in self._con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [name]
                ).fetchall()
            }
            if not existing:
                body = ", ".join(f"{quoted(c.name)} {_TYPES[c.kind]}" for c in columns)
                self._con.execute(f"CREATE TABLE {quoted(name)} ({body})")
                continue
            for column in columns:
                if column.name not in existing:
                    self._con.execute(
                        f"ALTER TABLE {quoted(name)} ADD COLUMN {quoted(column.name)} {_TYPES[column.kind]}"
                    )

    def state(self) -> dict[UnitKey, UnitState]:
        rows = self._con.execute(
            f"SELECT account, resource, month, provider, digest, row_count, final FROM {STATE_TABLE}"  # noqa: S608
        ).fetchall()
        return {(a, r, m): UnitState(p, d, int(n), bool(f)) for a, r, m, p, d, n, f in rows}

    def write(self, unit: Unit, resource: Resource, rows: MonthRows, *, final: bool) -> None:
        batches = []
        for table in resource.tables:
            columns = self._columns[table.name]
            data = self._pa.Table.from_pylist(
                with_keys(unit, rows.tables[table.name]), schema=arrow_schema(columns)
            )
            batches.append((table.name, data))
        con = self._con
        with deferred_signals():
            con.execute("BEGIN TRANSACTION")
            try:
                for name, data in batches:
                    con.execute(
                        f"DELETE FROM {quoted(name)} WHERE account = ? AND resource = ? AND month = ?",  # noqa: S608
                        list(unit.key),
                    )
                    if data.num_rows:
                        con.register("_cloudcontracts_rows", data)
                        try:
                            con.execute(
                                f"INSERT INTO {quoted(name)} BY NAME SELECT * FROM _cloudcontracts_rows"  # noqa: S608
                            )
                        finally:
                            con.unregister("_cloudcontracts_rows")
                self._upsert(unit, UnitState(unit.provider, rows.digest, rows.row_count, final))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def _upsert(self, unit: Unit, state: UnitState) -> None:
        self._con.execute(
            f"INSERT OR REPLACE INTO {STATE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [*unit.key, state.provider, state.digest, state.rows, state.final],
        )

    def mark(self, unit: Unit, state: UnitState) -> None:
        self._upsert(unit, state)

    def close(self) -> None:
        self._con.close()
