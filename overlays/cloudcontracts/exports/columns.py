"""Columns of an exported data set, and how each kind of value is written as text.

Every export (flat rows and FOCUS rows) is a fixed, ordered tuple of :class:`Column`, known before the
first row arrives: a CSV header, a JSON key order and a Parquet schema all come from it, so rows can be
written as pages arrive. A row is a plain ``dict`` from column name to a Python value:

==================  =====================  =======================================================
kind                Python value           text (CSV, JSON, JSON Lines, table)
==================  =====================  =======================================================
``string``          ``str``                as is
``integer``         ``int``                decimal digits
``decimal``         ``int`` or ``float``   shortest round-trip digits, never exponent notation
``datetime``        aware ``datetime``     ISO 8601 with the provider's offset, ``+09:00``
``utc_datetime``    aware ``datetime``     ISO 8601 in UTC with ``Z`` (FOCUS's Date/Time Format)
==================  =====================  =======================================================

``None`` is a missing value: an empty CSV field, JSON ``null``, a Parquet null. The exponent-free decimal
text follows FOCUS 1.2's Numeric Format (no ``+`` sign in an exponent) and keeps spreadsheets from
reading ``1e-05`` as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal, TypeAlias

__all__ = [
    "Column",
    "ColumnKind",
    "Row",
    "Value",
    "column_names",
    "decimal_text",
    "json_object",
    "json_value",
    "text_value",
]

ColumnKind: TypeAlias = Literal["string", "integer", "decimal", "datetime", "utc_datetime"]
Value: TypeAlias = "str | int | float | datetime | None"
Row: TypeAlias = "dict[str, Value]"


@dataclass(frozen=True)
class Column:
    """One column: its name in every format, its kind, and a one-line description for the docs."""

    name: str
    kind: ColumnKind
    description: str = ""


def column_names(columns: Sequence[Column]) -> list[str]:
    return [column.name for column in columns]


def decimal_text(value: int | float) -> str:
    """``12.851112`` → ``"12.851112"``, ``1e-05`` → ``"0.00001"``, ``3`` → ``"3"`` (no exponent, no ``+``)."""
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" not in text and "E" not in text:
        return text
    # repr is the shortest text that reads back as the same float; Decimal spells it out without exponent.
    return format(Decimal(text), "f")


def _datetime_text(value: datetime, kind: ColumnKind) -> str:
    if kind == "utc_datetime":
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def text_value(value: Value, kind: ColumnKind) -> str:
    """A value as CSV and table text; ``None`` is the empty string."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _datetime_text(value, kind)
    if isinstance(value, (int, float)) and kind in ("integer", "decimal"):
        return decimal_text(value)
    return str(value)


def json_value(value: Value, kind: ColumnKind) -> str | int | float | None:
    """A value as it goes into JSON: numbers stay numbers, date-times become their text."""
    if isinstance(value, datetime):
        return _datetime_text(value, kind)
    return value


def json_object(row: Mapping[str, Value], columns: Sequence[Column]) -> dict[str, str | int | float | None]:
    """The row as a JSON object in column order (every column present, ``null`` when missing)."""
    return {column.name: json_value(row.get(column.name), column.kind) for column in columns}
