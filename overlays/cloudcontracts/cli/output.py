"""Where a command's rows go (stdout or ``--out FILE``) and in which format.

Formats other than ``table`` stream: each row is written as its page arrives (see
:mod:`cloudcontracts.exports.writers`). ``table`` needs every row to size its columns, so it collects
them, then draws one rich table showing the data set's main columns (the other formats have them all).

``--out FILE`` is written through a temporary file beside it (``.FILE.*.partial``), renamed over FILE only
when the command succeeds: a failed or interrupted pull never leaves a file that looks complete, and an
existing FILE is untouched until then. The temporary file is created before the first request, so an
unwritable destination fails fast (exit code 8). Parquet cannot go to stdout (a terminal has no use for
it, and the format needs a seekable file to be read back), so it requires ``--out``.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TextIO, cast

import click

from cloudcontracts.exports.columns import Column, Row, text_value
from cloudcontracts.exports.writers import ParquetWriter, TextFormat, drain, open_text_writer

from .exit_codes import LocalError
from .progress import Progress, is_terminal

__all__ = ["DataSet", "Output", "check_output"]

_TABLE_WIDTH = 10_000  # when not drawing on a terminal: the natural width, rows never folded


@dataclass(frozen=True)
class DataSet:
    """A data set as the command line shows it: its columns, and which of them a table shows."""

    title: str
    columns: tuple[Column, ...]
    table_columns: tuple[str, ...] = ()


def check_output(fmt: str, out: Path | None, ctx: click.Context) -> None:
    """Refuse combinations that cannot work, before any request."""
    if fmt.endswith("parquet") and out is None:
        raise click.UsageError(f"--output {fmt} writes a file: add --out FILE", ctx=ctx)


def _counted(rows: Iterable[Row], progress: Progress) -> Iterator[Row]:
    for row in rows:
        yield row
        progress.row()


class Output:
    """A context manager: the destination of one command's rows, committed only on success."""

    def __init__(self, fmt: str, out: Path | None, *, stdout: TextIO) -> None:
        self.format = fmt.removeprefix("focus-")
        self.out = out
        self._stdout = stdout
        self._temporary: Path | None = None

    @property
    def to_stdout(self) -> bool:
        return self.out is None

    def __enter__(self) -> Output:
        if self.format == "parquet":
            self._require_pyarrow()
        if self.out is not None:
            directory = self.out.parent
            try:
                handle, name = tempfile.mkstemp(prefix=f".{self.out.name}.", suffix=".partial", dir=directory)
            except OSError as error:
                raise LocalError(f"cannot write {self.out}: {error.strerror or error}") from None
            os.close(handle)
            self._temporary = Path(name)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._temporary is None or self.out is None:
            return
        if exc_type is None:
            try:
                os.replace(self._temporary, self.out)
            except OSError as error:
                self._temporary.unlink(missing_ok=True)
                raise LocalError(f"cannot write {self.out}: {error.strerror or error}") from None
        else:
            self._temporary.unlink(missing_ok=True)

    @staticmethod
    def _require_pyarrow() -> None:
        try:
            import pyarrow  # type: ignore[import-untyped]  # noqa: F401, PLC0415 -- the optional extra
        except ImportError:
            raise LocalError("Parquet output needs pyarrow: pip install 'cloudcontracts[parquet]'") from None

    def emit(self, rows: Iterable[Row], dataset: DataSet, progress: Progress) -> int:
        """Write every row in this output's format and return how many there were."""
        rows = _counted(rows, progress)
        if self.format == "table":
            collected = list(rows)
            self._write_text(lambda stream: _draw_table(collected, dataset, stream))
            return len(collected)
        if self.format == "parquet":
            if self._temporary is None:  # check_output refuses parquet without --out
                raise RuntimeError("parquet output without a file")
            return drain(rows, ParquetWriter(self._temporary, dataset.columns))
        count = 0

        def write(stream: TextIO) -> None:
            nonlocal count
            count = drain(rows, open_text_writer(cast("TextFormat", self.format), stream, dataset.columns))

        self._write_text(write)
        return count

    def write_text(self, text: str) -> None:
        """Write ``text`` as it is (a chart) to the output."""

        def write(stream: TextIO) -> None:
            stream.write(text)

        self._write_text(write)

    def _write_text(self, write: Callable[[TextIO], None]) -> None:
        if self._temporary is None:
            write(self._stdout)
            self._stdout.flush()
            return
        try:
            stream = self._temporary.open("w", encoding="utf-8", newline="")
        except OSError as error:
            raise LocalError(f"cannot write {self.out}: {error.strerror or error}") from None
        with stream:
            write(stream)


def _draw_table(rows: list[Row], dataset: DataSet, stream: TextIO) -> None:
    from rich import box  # noqa: PLC0415 -- rich is imported only by commands that draw
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    by_name = {column.name: column for column in dataset.columns}
    shown = [by_name[name] for name in dataset.table_columns] or list(dataset.columns)
    table = Table(
        title=dataset.title,
        caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption_justify="left",
        header_style="bold",
    )
    for column in shown:
        numeric = column.kind in ("integer", "decimal")
        table.add_column(column.name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(text_value(row.get(column.name), column.kind) for column in shown))
    terminal = is_terminal(stream)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=shutil.get_terminal_size().columns if terminal else _TABLE_WIDTH,
        force_terminal=terminal,
        highlight=False,
        soft_wrap=False,
    )
    console.print(table)
    # rich pads every line to the table's width; trailing blanks only get in the way of diffs and pipes.
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))
