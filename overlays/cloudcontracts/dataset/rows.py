"""One month's rows in canonical form: a fixed order and a content hash.

Rows are sorted by their canonical text (every column's JSON value, in column order), so the order a
provider happens to answer in never changes what is written: the same data gives the same files, byte
for byte, and the same hash. The hash covers every table of the unit, by name, so a restated month is
told from an unchanged one without comparing rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cloudcontracts.exports.columns import Column, Row, json_value

__all__ = ["KEY_COLUMNS", "MonthRows", "canonical_rows"]

KEY_COLUMNS: tuple[str, ...] = ("provider", "account", "resource", "month")
"""Columns every table of a data set starts with: which unit a row belongs to."""


def _line(row: Row, columns: Sequence[Column]) -> str:
    values = [json_value(row.get(column.name), column.kind) for column in columns]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_rows(rows: Iterable[Row], columns: Sequence[Column]) -> tuple[list[Row], list[str]]:
    """``rows`` (restricted to ``columns``) in canonical order, with their canonical lines."""
    keyed = [(_line(row, columns), {column.name: row.get(column.name) for column in columns}) for row in rows]
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed], [line for line, _ in keyed]


@dataclass(frozen=True)
class MonthRows:
    """Every table's rows of one (account, resource, month), canonical, and their hash."""

    tables: Mapping[str, list[Row]]
    digest: str

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())

    @classmethod
    def build(cls, tables: Mapping[str, tuple[Sequence[Column], Iterable[Row]]]) -> MonthRows:
        """From ``{table: (columns, rows)}``; tables are hashed in name order."""
        digest = hashlib.sha256()
        ordered: dict[str, list[Row]] = {}
        for name in sorted(tables):
            columns, rows = tables[name]
            canonical, lines = canonical_rows(rows, columns)
            ordered[name] = canonical
            digest.update(f"table {name} {len(lines)}\n".encode())
            for line in lines:
                digest.update(line.encode())
                digest.update(b"\n")
        return cls(ordered, digest.hexdigest())
