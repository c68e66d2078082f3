"""``-o table``: rows as aligned text lines, written as they arrive, safe for any text a provider sends.

Provider text is data, never markup or terminal control: a description of ``[/bold]`` prints as is, and
control characters (escape sequences, carriage returns, newlines, bidirectional overrides) are shown
escaped as Python writes them (``\\x1b``, ``\\n``, ``\\u202e``), so one row is always one line and no
value can move the cursor, recolour the terminal or retitle the window.

Memory and time do not grow with the result: the first :data:`SAMPLE_ROWS` rows are held to size the
columns, then every row is written as it comes. Columns are as wide as their widest header or sampled
value. When the line must fit ``width`` (the terminal's), each column has a minimum: a number or a
date-time its sampled values whole (its header may be cut to :data:`MIN_HEADER` cells); a text column
:data:`MIN_TEXT` cells. The columns that fit at their minimum are shown, left to right (the data sets
list their main columns first); a line under the title names the others. The room left widens the
text columns evenly towards their widest value, then the headers. A text value longer than its column
is cut and ends in ``…`` (a row is never folded over several lines). Numbers and date-times are never
cut (a cut number reads as a different number): a later one wider than its column is written whole and
that line runs longer. Without a width (not a terminal), nothing is cut or left out.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from typing import TextIO

from cloudcontracts.exports.columns import Column, Row, text_value

__all__ = [
    "MIN_HEADER",
    "MIN_TEXT",
    "SAMPLE_ROWS",
    "TableWriter",
    "cell_width",
    "column_widths",
    "fit",
    "printable",
]

SAMPLE_ROWS = 200
"""Rows read before the first line is written, to size the columns."""

MIN_HEADER = 6
"""Cells a header keeps when space is short (``contr…``), unless its values are narrower still."""

MIN_TEXT = 8
"""Cells a text column keeps when space is short (``Contrat…``)."""

_GAP = "  "
_ELLIPSIS = "…"
_NUMERIC = frozenset({"integer", "decimal"})

# C0 and C1 controls, DEL, and the characters that reorder or break lines when displayed: left-to-right
# and right-to-left marks, embeddings, overrides and isolates, and the Unicode line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(text: str) -> str:
    """``text`` with every control character written as its Python escape (``\\x1b``, ``\\n``)."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (East Asian wide characters take two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` cells, or cut to at most ``width - 1`` cells and an ellipsis."""
    used = cell_width(text)
    if used > width:
        text, used = _cut(text, max(width, 1))
    pad = " " * (width - used)
    return pad + text if right else text + pad


def _cut(text: str, width: int) -> tuple[str, int]:
    kept: list[str] = []
    used = 0
    for char in text:
        cells = _char_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + _ELLIPSIS, used + 1


def column_widths(
    headers: Sequence[int], values: Sequence[int], cuttable: Sequence[bool], limit: int | None
) -> list[int]:
    """The widths of the columns shown, from each header's and widest value's cells, fitted to ``limit``
    cells (gaps included) as the module docstring says. Fewer widths than columns: the rest are not shown
    (at least one always is)."""
    full = [max(header, value, 1) for header, value in zip(headers, values, strict=True)]
    if limit is None:
        return full
    floors = [
        min(whole, MIN_TEXT) if cut else max(value, min(header, MIN_HEADER), 1)
        for whole, header, value, cut in zip(full, headers, values, cuttable, strict=True)
    ]
    shown, used = 0, -len(_GAP)
    for floor in floors:
        if shown and used + len(_GAP) + floor > limit:
            break
        shown, used = shown + 1, used + len(_GAP) + floor
    room = limit - len(_GAP) * (shown - 1)
    floors, full = floors[:shown], full[:shown]
    # Values first (whole, when there is room), then the headers the values left short.
    values_whole = [max(floor, value) for floor, value in zip(floors, values, strict=False)]
    widths = _fill(floors, values_whole, room)
    return _fill(widths, full, room)


def _fill(lower: Sequence[int], upper: Sequence[int], room: int) -> list[int]:
    """Raise each width from ``lower`` towards ``upper`` to one common level, the highest at which all
    fit ``room``; cells left over go one each to the leftmost columns still short."""

    def at(level: int) -> list[int]:
        return [min(high, max(low, level)) for low, high in zip(lower, upper, strict=True)]

    low, high = 0, max(upper, default=0)
    while low < high:  # the highest level that fits (sum(lower) fits, or nothing could)
        middle = (low + high + 1) // 2
        if sum(at(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    widths = at(low)
    spare = room - sum(widths)
    for i, top in enumerate(upper):
        if spare <= 0:
            break
        if widths[i] < top:
            widths[i] += 1
            spare -= 1
    return widths


class TableWriter:
    """A :class:`~cloudcontracts.exports.writers.RowWriter` drawing ``columns`` of each row as one line.

    ``width`` is the line length to fit (``None``: no limit, nothing cut). ``title`` is written first;
    the row count last, on :meth:`close` only, so an aborted table visibly lacks it.
    ``before_drawing`` is called once, just before the first line is written (a progress display on the
    same terminal steps aside).
    """

    def __init__(
        self,
        stream: TextIO,
        columns: Sequence[Column],
        *,
        title: str = "",
        width: int | None = None,
        sample_rows: int = SAMPLE_ROWS,
        before_drawing: Callable[[], None] | None = None,
    ) -> None:
        if sample_rows < 1:
            raise ValueError(f"sample_rows must be >= 1, not {sample_rows!r}")
        self._stream = stream
        self._columns = tuple(columns)
        self._title = title
        self._width = width
        self._sample_rows = sample_rows
        self._before_drawing = before_drawing
        self._sample: list[list[str]] | None = []
        self._right = [column.kind in _NUMERIC for column in self._columns]
        self._cuttable = [column.kind == "string" and width is not None for column in self._columns]
        self._widths: list[int] = []
        self._count = 0

    def _cells(self, row: Row) -> list[str]:
        return [printable(text_value(row.get(column.name), column.kind)) for column in self._columns]

    def write(self, row: Row) -> None:
        cells = self._cells(row)
        self._count += 1
        if self._sample is not None:
            self._sample.append(cells)
            if len(self._sample) >= self._sample_rows:
                self._start()
            return
        self._stream.write(self._line(cells))

    def _start(self) -> None:
        sample = self._sample or []
        self._sample = None
        if self._before_drawing is not None:
            self._before_drawing()
        headers = [printable(column.name) for column in self._columns]
        values = [max((cell_width(row[i]) for row in sample), default=0) for i in range(len(headers))]
        self._widths = column_widths(
            [cell_width(header) for header in headers], values, self._cuttable, self._width
        )
        hidden = [column.name for column in self._columns[len(self._widths) :]]
        self._columns = self._columns[: len(self._widths)]  # later rows: only the cells shown
        lines = [f"{printable(self._title)}\n"] if self._title else []
        if hidden:
            note = f"not shown at {self._width} columns: {', '.join(hidden)} (-o csv has every column)"
            lines.extend(f"{line}\n" for line in textwrap.wrap(note, self._width or len(note)))
        if lines:
            lines.append("\n")
        lines.append(self._line(headers, header=True))
        lines.append(_GAP.join("─" * width for width in self._widths) + "\n")
        lines.extend(self._line(cells) for cells in sample)
        self._stream.write("".join(lines))

    def _line(self, cells: Sequence[str], *, header: bool = False) -> str:
        parts = []
        # zip stops at the shown columns: the sample's rows were read before the layout chose them.
        for cell, width, right, cut in zip(cells, self._widths, self._right, self._cuttable, strict=False):
            ascii_only = cell.isascii()
            used = len(cell) if ascii_only else cell_width(cell)
            if used > width and (cut or header):
                parts.append(cell[: width - 1] + _ELLIPSIS if ascii_only else fit(cell, width, right=right))
                continue
            # Fits; or a number or date-time wider than its column: written whole, never cut.
            pad = " " * (width - used)
            parts.append(pad + cell if right else cell + pad)
        return _GAP.join(parts).rstrip() + "\n"

    def close(self) -> None:
        if self._sample is not None:
            self._start()
        self._stream.write(f"\n{self._count} row{'' if self._count == 1 else 's'}\n")

    def abort(self) -> None:
        """Write nothing more: rows still held for sizing are dropped, and the row count is not written."""
        self._sample = None
