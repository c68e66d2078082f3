"""Where a command's rows go (stdout or ``--out FILE``) and in which format.

Every format streams: each row is written as its page arrives (see
:mod:`cloudcontracts.exports.writers`); ``table`` (:mod:`.table`) holds only the first rows it sizes its
columns from, and shows the data set's main columns (the other formats have them all).

``--out FILE`` is written through a temporary file beside it (``.FILE.*.partial``), renamed over FILE only
when the command succeeds: a failed or interrupted pull never leaves a file that looks complete, and an
existing FILE is untouched until then. The temporary file is created before the first request, so an
unwritable destination fails fast (exit code 8). While it exists, SIGTERM and SIGHUP unwind the command
like Ctrl-C does (their default action would kill the process before it could delete the file); the
exit status is then 128 + the signal's number (143 for SIGTERM), as a shell reports a killed process.

FILE gets the mode any new file gets (``0o666`` less the umask); a FILE that already exists keeps its
permission bits, as a shell's ``>`` keeps them, so a report someone restricted to ``0600`` stays so.

Parquet cannot go to stdout (a terminal has no use for it, and the format needs a seekable file to be
read back), so it requires ``--out``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import TextIO, cast

import click

from cloudcontracts.cli.exit_codes import LocalError
from cloudcontracts.cli.progress import Progress, is_terminal
from cloudcontracts.cli.table import TableWriter
from cloudcontracts.exports.columns import Column, Row
from cloudcontracts.exports.writers import ParquetWriter, TextFormat, drain, open_text_writer

__all__ = ["DataSet", "Output", "check_output", "table_width", "unwinding_on_termination"]

# The signals whose default action ends the process at once, skipping every cleanup.
_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_CREATE_ATTEMPTS = 100


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


def table_width(stream: TextIO) -> int | None:
    """The width a table fits: the terminal's when ``stream`` is one, else ``$COLUMNS`` when set, else
    none (a table piped to a file or a pager is written at its natural width, nothing cut)."""
    if is_terminal(stream):
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def unwinding_on_termination() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)`` so that ``finally``
    blocks and ``__exit__`` methods run. Only signals left at their default action are taken over (a
    handler the host installed, or ``SIG_IGN`` under ``nohup``, is kept); only from the main thread,
    the one Python delivers signals to."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    replaced = {}
    for signum in _TERMINATING:
        if signal.getsignal(signum) is signal.SIG_DFL:
            replaced[signum] = signal.signal(signum, _exit_on_signal)
    try:
        yield
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)


def _create_beside(out: Path) -> Path:
    """A new, empty ``.OUT.XXXXXXXX.partial`` beside ``out``, created with the umask's mode (``mkstemp``
    would make it 0600 whatever the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_CREATE_ATTEMPTS):
        path = out.parent / f".{out.name}.{secrets.token_hex(4)}.partial"
        try:
            handle = os.open(path, flags, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return path
    raise FileExistsError(f"no free temporary name beside {out}")


def _counted(rows: Iterable[Row], progress: Progress) -> Iterator[Row]:
    for row in rows:
        yield row
        progress.row()


class Output:
    """A context manager: the destination of one command's rows, committed only on success."""

    def __init__(
        self, fmt: str, out: Path | None, *, stdout: TextIO, neutralise_formulas: bool = False
    ) -> None:
        self.format = fmt.removeprefix("focus-")
        self.out = out
        self._stdout = stdout
        self._neutralise_formulas = neutralise_formulas
        self._temporary: Path | None = None
        self._signals = ExitStack()

    @property
    def to_stdout(self) -> bool:
        return self.out is None

    def __enter__(self) -> Output:
        if self.format == "parquet":
            self._require_pyarrow()
        if self.out is not None:
            # Before the file exists, so that no signal can arrive between its creation and its cleanup.
            self._signals.enter_context(unwinding_on_termination())
            try:
                self._temporary = _create_beside(self.out)
            except OSError as error:
                self._signals.close()
                raise LocalError(f"cannot write {self.out}: {error.strerror or error}") from None
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._temporary is None or self.out is None:
            return
        with self._signals:
            if exc_type is None:
                self._commit(self._temporary, self.out)
            else:
                self._temporary.unlink(missing_ok=True)

    @staticmethod
    def _commit(temporary: Path, out: Path) -> None:
        try:
            with contextlib.suppress(FileNotFoundError):  # an existing FILE keeps its mode
                os.chmod(temporary, stat.S_IMODE(os.stat(out).st_mode))
            os.replace(temporary, out)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise LocalError(f"cannot write {out}: {error.strerror or error}") from None

    @staticmethod
    def _require_pyarrow() -> None:
        try:
            import pyarrow  # noqa: F401, PLC0415 -- the optional extra
        except ImportError:
            raise LocalError("Parquet output needs pyarrow: pip install 'cloudcontracts[parquet]'") from None

    def emit(self, rows: Iterable[Row], dataset: DataSet, progress: Progress) -> int:
        """Write every row in this output's format and return how many there were."""
        rows = _counted(rows, progress)
        if self.format == "table":
            by_name = {column.name: column for column in dataset.columns}
            shown = [by_name[name] for name in dataset.table_columns] or list(dataset.columns)
            count = 0

            def draw(stream: TextIO) -> None:
                nonlocal count
                # A progress display on the terminal the table is drawn on would interleave with it.
                hide = progress.hide if is_terminal(stream) else None
                table = TableWriter(
                    stream, shown, title=dataset.title, width=table_width(stream), before_drawing=hide
                )
                count = drain(rows, table)

            self._write_text(draw)
            return count
        if self.format == "parquet":
            if self._temporary is None:  # check_output refuses parquet without --out
                raise RuntimeError("parquet output without a file")
            return drain(rows, ParquetWriter(self._temporary, dataset.columns))
        count = 0

        def write(stream: TextIO) -> None:
            nonlocal count
            writer = open_text_writer(
                cast("TextFormat", self.format),
                stream,
                dataset.columns,
                neutralise_formulas=self._neutralise_formulas,
            )
            count = drain(rows, writer)

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
