"""The export writers stream (each row is out before the next page is asked for), batch Parquet into row
groups, write numbers without exponents, leave nothing that looks complete after a failure; the CLI's
progress display appears only on a terminal."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cloudcontracts.cli.progress import progress_display, wants_progress
from cloudcontracts.exports import Column, Row, decimal_text, write_rows

COLUMNS = (
    Column("name", "string"),
    Column("count", "integer"),
    Column("quantity", "decimal"),
    Column("when", "datetime"),
    Column("when_utc", "utc_datetime"),
)
KST = timezone(timedelta(hours=9))


def _row(number: int) -> Row:
    return {
        "name": f'row {number}, "quoted" é',
        "count": number,
        "quantity": number / 100000,
        "when": datetime(2024, 2, 1, 9, 0, number, tzinfo=KST),
        "when_utc": datetime(2024, 2, 1, 9, 0, number, tzinfo=KST),
    }


def _pages(stream: io.StringIO, seen: list[str], pages: int = 3, per_page: int = 2) -> Iterator[Row]:
    """Rows in pages; before each page after the first, records what the stream already holds."""
    for page in range(pages):
        if page:
            seen.append(stream.getvalue())
        for index in range(per_page):
            yield _row(page * per_page + index)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_text_formats_write_each_page_before_the_next_is_fetched(fmt: str) -> None:
    stream = io.StringIO()
    seen: list[str] = []
    assert write_rows(_pages(stream, seen), COLUMNS, fmt, stream) == 6  # type: ignore[arg-type]
    # Before page 2 is fetched, page 1's two rows are in the stream; before page 3, four rows.
    assert [text.count('"row ') for text in seen] == [2, 4]


def test_csv_text_is_exact() -> None:
    stream = io.StringIO()
    write_rows([_row(1), {"name": None, "count": None}], COLUMNS, "csv", stream)
    assert stream.getvalue() == (
        "name,count,quantity,when,when_utc\n"
        '"row 1, ""quoted"" é",1,0.00001,2024-02-01T09:00:01+09:00,2024-02-01T00:00:01Z\n'
        ",,,,\n"
    )


def test_json_lines_and_json_are_exact() -> None:
    expected = {
        "name": 'row 2, "quoted" é',
        "count": 2,
        "quantity": 2e-05,
        "when": "2024-02-01T09:00:02+09:00",
        "when_utc": "2024-02-01T00:00:02Z",
    }
    lines = io.StringIO()
    write_rows([_row(2)], COLUMNS, "jsonl", lines)
    assert [json.loads(line) for line in lines.getvalue().splitlines()] == [expected]
    array = io.StringIO()
    write_rows([_row(2), _row(2)], COLUMNS, "json", array)
    assert json.loads(array.getvalue()) == [expected, expected]
    empty = io.StringIO()
    assert write_rows([], COLUMNS, "json", empty) == 0
    assert empty.getvalue() == "[]\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-05, "0.00001"),
        (12.851112, "12.851112"),
        (3, "3"),
        (1.5e16, "15000000000000000"),
        (-2.5e-7, "-0.00000025"),
    ],
)
def test_decimals_never_use_exponents(value: float, text: str) -> None:
    assert decimal_text(value) == text


def test_parquet_is_written_in_row_groups_of_batch_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "rows.parquet"
    assert write_rows((_row(n) for n in range(7)), COLUMNS, "parquet", target, batch_rows=3) == 7
    metadata = pq.ParquetFile(target).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [3, 3, 1]
    table = pq.read_table(target)
    assert [str(field.type) for field in table.schema] == [
        "string",
        "int64",
        "double",
        "timestamp[us, tz=UTC]",
        "timestamp[us, tz=UTC]",
    ]
    assert table.column("count").to_pylist() == list(range(7))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_failing_source_leaves_no_file(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")

    def failing() -> Iterator[Row]:
        yield _row(1)
        raise ConnectionError("page 2 failed")

    target = tmp_path / f"rows.{fmt}"
    with pytest.raises(ConnectionError, match="page 2 failed"):
        write_rows(failing(), COLUMNS, fmt, target)  # type: ignore[arg-type]
    assert not target.exists()


class _Stream(io.StringIO):
    def __init__(self, *, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize(
    ("stderr_tty", "stdout_tty", "rows_to_stdout", "shown"),
    [
        (True, False, True, True),  # rows piped elsewhere, a person watching stderr
        (True, True, False, True),  # rows to a file (--out), both on a terminal
        (True, True, True, False),  # rows streamed to the same terminal: they would interleave
        (False, False, True, False),  # CI logs, pipes
        (False, True, False, False),
    ],
)
def test_progress_is_wanted_only_on_a_terminal(
    stderr_tty: bool, stdout_tty: bool, rows_to_stdout: bool, shown: bool
) -> None:
    stderr, stdout = _Stream(tty=stderr_tty), _Stream(tty=stdout_tty)
    assert wants_progress(stderr, stdout, rows_to_stdout=rows_to_stdout) is shown


def test_progress_draws_on_its_stream_only_when_enabled() -> None:
    quiet = _Stream(tty=False)
    with progress_display("NCP usage", quiet, enabled=False) as progress:
        assert progress.transport() is None
        progress.row()
    assert quiet.getvalue() == ""

    terminal = _Stream(tty=True)
    with progress_display("NCP usage", terminal, enabled=True) as progress:
        assert progress.transport() is not None
        for _ in range(3):
            progress.row()
    assert "NCP usage" in terminal.getvalue()
