"""Streaming writers: rows go out as they arrive, in CSV, JSON Lines, JSON or Parquet.

Each writer is opened with the data set's columns (so the CSV header and the Parquet schema exist before
the first row), takes rows one at a time with :meth:`RowWriter.write`, and finishes with
:meth:`RowWriter.close`. Memory stays bounded whatever the number of rows: text writers hold nothing,
the Parquet writer holds one row group (``batch_rows`` rows) at a time.

- CSV: a header of column names, ``\\n`` line ends, fields quoted only when needed (Python's ``csv``
  "minimal" quoting, as pandas and most spreadsheets write), missing values empty. Values are written
  exactly, including text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
  which a spreadsheet may run as a formula ("CSV injection"): the file is data for programs, and
  changing a value would make it disagree with JSON, Parquet and the provider. Opt in with
  ``neutralise_formulas=True`` for files meant for a spreadsheet: such a value in a *text* column gets
  a leading ``'`` (OWASP's advice), unless it is a plain number such as ``-12.5``; number columns are
  never changed.
- JSON Lines: one object per line, keys in column order, missing values ``null``, UTF-8 as is.
- JSON: one array of those objects, one per line, so it too is written as rows arrive.
- Parquet: pyarrow's ``ParquetWriter`` with a fixed schema from the columns (``string``, ``int64``,
  ``float64``, ``timestamp[us, UTC]``), one row group per ``batch_rows`` rows. Timestamps are instants:
  the provider's offset (``+09:00``) is not kept, as Parquet has no per-value offset. Needs the
  ``parquet`` extra (pyarrow), imported only when a Parquet writer is opened.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, Any, Literal, Protocol, TextIO, cast

from cloudcontracts.core.validation import positive_int
from cloudcontracts.exports.columns import Column, Row, column_names, json_object, text_value

__all__ = [
    "DEFAULT_BATCH_ROWS",
    "TEXT_FORMATS",
    "CsvWriter",
    "JsonLinesWriter",
    "JsonWriter",
    "ParquetWriter",
    "RowWriter",
    "TextFormat",
    "arrow_schema",
    "drain",
    "neutralised",
    "open_text_writer",
    "write_rows",
]

DEFAULT_BATCH_ROWS = 10_000
"""Rows per Parquet row group: small enough to bound memory, large enough for good compression."""

TextFormat = Literal["csv", "jsonl", "json"]
TEXT_FORMATS: tuple[TextFormat, ...] = ("csv", "jsonl", "json")


class RowWriter(Protocol):
    """``write`` each row, then ``close`` to finish the output, or ``abort`` after a failure: an aborted
    output is left visibly incomplete (a JSON array without its ``]``) rather than finished."""

    def write(self, row: Row) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


# What a spreadsheet may read as the start of a formula (OWASP's "CSV Injection" list), and the plain
# numbers among such values, which no spreadsheet runs and which stay as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)\Z")


def neutralised(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet could run it as a formula; plain numbers as is."""
    if text.startswith(_FORMULA_START) and _PLAIN_NUMBER.match(text) is None:
        return "'" + text
    return text


class CsvWriter:
    """CSV with a header line; see the module docstring for ``neutralise_formulas``."""

    def __init__(
        self, stream: TextIO, columns: Sequence[Column], *, neutralise_formulas: bool = False
    ) -> None:
        self._columns = tuple(columns)
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(column_names(self._columns))
        # Only text columns are guarded: numbers (-12.5) and date-times are written from typed values.
        self._guarded = tuple(neutralise_formulas and c.kind == "string" for c in self._columns)
        self._guarding = any(self._guarded)

    def write(self, row: Row) -> None:
        cells = [text_value(row.get(c.name), c.kind) for c in self._columns]
        if self._guarding:
            cells = [
                neutralised(cell) if guarded else cell
                for cell, guarded in zip(cells, self._guarded, strict=True)
            ]
        self._writer.writerow(cells)

    def close(self) -> None:
        """Nothing to finish: every row is complete when written (the stream is the caller's)."""

    def abort(self) -> None:
        """Nothing to undo."""


def _json_line(row: Row, columns: Sequence[Column]) -> str:
    return json.dumps(json_object(row, columns), ensure_ascii=False, allow_nan=False)


class JsonLinesWriter:
    """One JSON object per line."""

    def __init__(self, stream: TextIO, columns: Sequence[Column]) -> None:
        self._stream = stream
        self._columns = tuple(columns)

    def write(self, row: Row) -> None:
        self._stream.write(_json_line(row, self._columns) + "\n")

    def close(self) -> None:
        """Nothing to finish (the stream is the caller's)."""

    def abort(self) -> None:
        """Nothing to undo."""


class JsonWriter:
    """A JSON array, written one element per line as rows arrive; ``[]`` when there are none."""

    def __init__(self, stream: TextIO, columns: Sequence[Column]) -> None:
        self._stream = stream
        self._columns = tuple(columns)
        self._count = 0

    def write(self, row: Row) -> None:
        self._stream.write(("[\n" if self._count == 0 else ",\n") + _json_line(row, self._columns))
        self._count += 1

    def close(self) -> None:
        self._stream.write("[]\n" if self._count == 0 else "\n]\n")

    def abort(self) -> None:
        """Leave the array open: a reader fails on it instead of taking a partial result as whole."""


def open_text_writer(
    fmt: TextFormat, stream: TextIO, columns: Sequence[Column], *, neutralise_formulas: bool = False
) -> RowWriter:
    """A CSV, JSON Lines or JSON writer on ``stream`` (open it with ``newline=""`` for CSV files).

    ``neutralise_formulas`` applies to CSV only (JSON is not opened by spreadsheets as formulas)."""
    if fmt == "csv":
        return CsvWriter(stream, columns, neutralise_formulas=neutralise_formulas)
    if fmt == "jsonl":
        return JsonLinesWriter(stream, columns)
    if fmt == "json":
        return JsonWriter(stream, columns)
    raise ValueError(f"unknown text format {fmt!r}; expected one of {', '.join(TEXT_FORMATS)}")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow  # noqa: PLC0415 -- optional extra
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError("Parquet output needs pyarrow: pip install 'cloudcontracts[parquet]'") from exc
    return pyarrow, pyarrow.parquet


def arrow_schema(columns: Sequence[Column]) -> Any:
    """The ``pyarrow.Schema`` of a data set: one nullable field per column, typed by its kind."""
    pa, _ = _pyarrow()
    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "decimal": pa.float64(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "utc_datetime": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema([pa.field(c.name, types[c.kind], nullable=True) for c in columns])


class ParquetWriter:
    """Parquet through ``pyarrow.parquet.ParquetWriter``; one row group per ``batch_rows`` rows."""

    def __init__(
        self,
        target: str | PathLike[str] | IO[bytes],
        columns: Sequence[Column],
        *,
        batch_rows: int = DEFAULT_BATCH_ROWS,
    ) -> None:
        positive_int("batch_rows", batch_rows)
        self._pa, parquet = _pyarrow()
        self._columns = tuple(columns)
        self._schema = arrow_schema(self._columns)
        self._batch_rows = batch_rows
        self._pending: list[Row] = []
        self._writer = parquet.ParquetWriter(target, self._schema)

    def write(self, row: Row) -> None:
        self._pending.append({c.name: row.get(c.name) for c in self._columns})
        if len(self._pending) >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            table = self._pa.Table.from_pylist(self._pending, schema=self._schema)
            self._writer.write_table(table, row_group_size=self._batch_rows)
            self._pending = []

    def close(self) -> None:
        """Write the last row group and the file footer (an empty file still has the schema)."""
        try:
            self._flush()
        finally:
            self._writer.close()

    def abort(self) -> None:
        """Release the file without the pending rows (pyarrow still writes a footer: delete the file)."""
        self._pending = []
        self._writer.close()


def write_rows(
    rows: Iterable[Row],
    columns: Sequence[Column],
    fmt: TextFormat | Literal["parquet"],
    target: TextIO | IO[bytes] | str | PathLike[str],
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    neutralise_formulas: bool = False,
) -> int:
    """Write every row of ``rows`` to ``target`` as they come, and return how many were written.

    ``target`` is a path (a text file is written as UTF-8), a text stream for CSV, JSON Lines and JSON,
    or a binary stream for Parquet. When ``rows`` raises, the error propagates; a file this function
    opened by path is deleted, so a failed export never leaves a file that looks complete.
    ``neutralise_formulas``: see the module docstring (CSV only).
    """
    if isinstance(target, (str, PathLike)):
        path = Path(target)
        try:
            if fmt == "parquet":
                return drain(rows, ParquetWriter(path, columns, batch_rows=batch_rows))
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer = open_text_writer(fmt, stream, columns, neutralise_formulas=neutralise_formulas)
                return drain(rows, writer)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    if fmt == "parquet":
        return drain(rows, ParquetWriter(cast("IO[bytes]", target), columns, batch_rows=batch_rows))
    writer = open_text_writer(fmt, cast("TextIO", target), columns, neutralise_formulas=neutralise_formulas)
    return drain(rows, writer)


def drain(rows: Iterable[Row], writer: RowWriter) -> int:
    """Write every row to ``writer``, then close it (abort it if ``rows`` raises); return the count."""
    count = 0
    try:
        for row in rows:
            writer.write(row)
            count += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return count
