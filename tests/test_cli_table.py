"""``-o table``: provider text is data (no markup, no terminal control), rows stream with bounded memory,
lines fit the terminal (its time against CSV's is measured by ``benchmarks/bench_table.py``)."""

from __future__ import annotations

import io
import sys
import tracemalloc
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.cli_support import SEED, Runner, golden_text, hyperstack_models
from support.fixtures import sandbox_data

from cloudcontracts.cli.output import DataSet, Output
from cloudcontracts.cli.progress import progress_display
from cloudcontracts.cli.table import (
    MIN_TEXT,
    SAMPLE_ROWS,
    TableWriter,
    cell_width,
    column_widths,
    fit,
    printable,
)
from cloudcontracts.exports import (
    HYPERSTACK_CONTRACT_COLUMNS,
    HYPERSTACK_CONTRACT_TABLE_COLUMNS,
    Column,
    Row,
    hyperstack_contract_rows,
)
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

KST = timezone(timedelta(hours=9))
HOSTILE = "[/bold] [red]x[/red] \x1b]0;owned\x07\x1b[2J\rback\nnext\u202eevil\u2066 ok"
BIDI_FORMATTING = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
BIDI_MARKS = {
    unicodedata.lookup(f"{name} MARK") for name in ("LEFT-TO-RIGHT", "RIGHT-TO-LEFT", "ARABIC LETTER")
}
COLUMNS = (
    Column("name", "string"),
    Column("count", "integer"),
    Column("quantity", "decimal"),
    Column("when", "datetime"),
)


def _row(number: int, name: str | None = None) -> Row:
    return {
        "name": name if name is not None else f"row {number}",
        "count": number,
        "quantity": number / 8,
        "when": datetime(2024, 2, 1, 9, 0, number % 60, tzinfo=KST),
    }


def _table(rows: list[Row], width: int | None = None, columns: tuple[Column, ...] = COLUMNS) -> str:
    stream = io.StringIO()
    write_rows_to_table(rows, stream, width, columns)
    return stream.getvalue()


def write_rows_to_table(
    rows: list[Row] | Iterator[Row], stream: io.StringIO, width: int | None, columns: tuple[Column, ...]
) -> None:
    writer = TableWriter(stream, columns, title="T", width=width)
    for row in rows:
        writer.write(row)
    writer.close()


def _is_unsafe(char: str) -> bool:
    """What a terminal acts on rather than shows, by the Unicode database: controls, line and paragraph
    separators, and bidirectional formatting (embeddings, overrides, isolates, and the marks)."""
    return (
        unicodedata.category(char) in ("Cc", "Zl", "Zp")
        or unicodedata.bidirectional(char) in BIDI_FORMATTING
        or char in BIDI_MARKS
    )


# --- provider text is data --------------------------------------------------------------------------


def test_hostile_text_through_the_command_prints_literally_and_escaped(run: Runner, sb: Sandbox) -> None:
    sb.state.select_hyperstack_contracts()[0]["description"] = HOSTILE
    result = run("hyperstack", "contracts")
    assert result.exit_code == 0, result.stderr
    escaped = "[/bold] [red]x[/red] \\x1b]0;owned\\x07\\x1b[2J\\rback\\nnext\\u202eevil\\u2066 ok"
    assert escaped in result.stdout
    assert not any(_is_unsafe(char) for char in result.stdout.replace("\n", ""))
    # One line per row: the newline in the value did not start a line of its own.
    rows = sum(max(1, len(c["discounts"])) for c in sb.state.hyperstack_contracts())
    assert len(result.stdout.splitlines()) == 2 + 2 + rows + 2  # title, blank, header, rule; blank, count
    assert result.stdout.count(escaped) == max(1, len(sb.state.hyperstack_contracts()[0]["discounts"]))


def test_every_unsafe_character_is_escaped_and_nothing_else_is() -> None:
    changed = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Cs":
            continue  # lone surrogates are not text
        shown = printable(f"a{char}b")
        if _is_unsafe(char):
            assert shown == "a" + char.encode("unicode_escape").decode("ascii") + "b", hex(code)
            changed.append(code)
        else:
            assert shown == f"a{char}b", hex(code)
    assert 0x1B in changed and 0x202E in changed and 0x9B in changed  # ESC, RLO, the 8-bit CSI


def test_markup_is_not_interpreted() -> None:
    text = _table([_row(1, "[/bold]"), _row(2, "[link=https://x.test]click[/link]")])
    assert "[/bold]" in text
    assert "[link=https://x.test]click[/link]" in text


# --- widths ------------------------------------------------------------------------------------------


def test_natural_width_without_a_terminal_cuts_nothing() -> None:
    long = "a description " * 20
    text = _table([_row(1, long), _row(2)])
    assert long.rstrip() in text
    assert "…" not in text


@pytest.mark.parametrize("width", [60, 80, 100, 132])
def test_lines_fit_the_width_and_each_row_is_one_line(sb: Sandbox, width: int) -> None:
    sb.state.select_hyperstack_contracts()[0]["description"] = "a long description " * 10
    rows = list(hyperstack_contract_rows(hyperstack_models(sb)))
    by_name = {c.name: c for c in HYPERSTACK_CONTRACT_COLUMNS}
    shown = tuple(by_name[name] for name in HYPERSTACK_CONTRACT_TABLE_COLUMNS)
    lines = _table(rows, width, shown).splitlines()
    assert max(cell_width(line) for line in lines) <= width
    assert lines[-1] == f"{len(rows)} rows"
    rule = next(i for i, line in enumerate(lines) if line.startswith("─"))
    assert len(lines[rule + 1 : -2]) == len(rows)


def test_at_100_columns_the_hyperstack_table_names_what_it_leaves_out(run: Runner, sb: Sandbox) -> None:
    result = run("hyperstack", "contracts", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(cell_width(line) <= 100 for line in lines)
    note = " ".join(lines[1 : lines.index("")])
    header = lines[lines.index("") + 1].split()
    # Every table column is either in the header (maybe cut) or named in the note, in order.
    left_out = note.removeprefix("not shown at 100 columns: ").split(" (")[0].split(", ")
    assert len(header) + len(left_out) == len(HYPERSTACK_CONTRACT_TABLE_COLUMNS)
    assert tuple(left_out) == HYPERSTACK_CONTRACT_TABLE_COLUMNS[len(header) :]
    for cut, name in zip(header, HYPERSTACK_CONTRACT_TABLE_COLUMNS, strict=False):
        assert name == cut or (cut.endswith("…") and name.startswith(cut[:-1]))
    assert "contract_id" not in left_out and "status" not in left_out


def test_ncp_usage_at_100_columns_shows_every_table_column(run: Runner) -> None:
    result = run(
        "ncloud", "usage", "--start-month", "2024-02", "--end-month", "2024-04", env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(cell_width(line) <= 100 for line in lines)
    assert not any(line.startswith("not shown") for line in lines)
    rows = golden_text("ncloud_usage.csv").count("\n") - 1
    assert lines[-1] == f"{rows} rows"


def test_text_is_cut_with_an_ellipsis_numbers_and_dates_never() -> None:
    wide_number = 10**30  # later than the sample: wider than its column
    rows = [_row(i, "x" * 50) for i in range(3)]
    stream = io.StringIO()
    writer = TableWriter(stream, COLUMNS, width=60, sample_rows=3)
    for row in rows:
        writer.write(row)
    writer.write({**_row(4, "short"), "count": wide_number})
    writer.close()
    lines = stream.getvalue().splitlines()
    for line in lines[2:5]:
        name = line.split()[0]
        assert name.endswith("…") and set(name[:-1]) == {"x"}
        assert "2024-02-01T09:00:0" in line  # the date whole
    assert str(wide_number) in lines[5]
    assert len(lines[5]) > 60  # the wide number made its line longer rather than being cut


def test_wide_characters_are_two_cells_and_cut_on_a_character() -> None:
    assert cell_width("서버 인스턴스") == 13
    assert fit("서버 인스턴스", 6) == "서버 …"
    assert fit("서버 인스턴스", 5) == "서버…"
    assert fit("서버", 6) == "서버  "
    lines = _table([_row(1, "서버 인스턴스"), _row(2, "abcdefghijklm")]).splitlines()
    # Korean text takes two cells a character: both rows line up.
    assert cell_width(lines[4]) == cell_width(lines[5]) == len(lines[5])


def test_column_widths_give_values_room_before_headers() -> None:
    # A text column with long values and a short header, a number with a long header and short values.
    widths = column_widths([4, 16], [40, 3], [True, False], 30)
    assert widths == [30 - 2 - 6, 6]  # the number keeps 6 header cells, the text takes the rest
    assert column_widths([4, 16], [40, 3], [True, False], None) == [40, 16]
    # Too narrow for both at their minimum: the second is left out, the first always shown.
    assert column_widths([4, 16], [40, 3], [True, False], MIN_TEXT + 3) == [MIN_TEXT + 3]


# --- streaming, memory, time -------------------------------------------------------------------------


def test_rows_are_written_before_the_input_ends() -> None:
    stream = io.StringIO()
    seen: list[int] = []

    def rows() -> Iterator[Row]:
        for number in range(3 * SAMPLE_ROWS):
            seen.append(stream.getvalue().count("\n"))
            yield _row(number)

    write_rows_to_table(rows(), stream, 100, COLUMNS)
    assert seen[SAMPLE_ROWS - 1] == 0  # sizing the columns: nothing written yet
    assert seen[SAMPLE_ROWS] == 4 + SAMPLE_ROWS  # title, blank, header, rule and the sample
    assert seen[-1] == 4 + 3 * SAMPLE_ROWS - 1  # then each row as it comes


def test_output_table_streams_through_the_command_path() -> None:
    """``Output.emit`` (what the commands call) writes before the last row is produced."""
    stdout = io.StringIO()
    written: list[int] = []

    def rows() -> Iterator[Row]:
        for number in range(2 * SAMPLE_ROWS):
            written.append(len(stdout.getvalue()))
            yield _row(number)

    with Output("table", None, stdout=stdout) as target, progress_display("", stdout, enabled=False) as p:
        assert target.emit(rows(), DataSet("T", COLUMNS), p) == 2 * SAMPLE_ROWS
    assert written[SAMPLE_ROWS - 1] == 0 < written[-1]


class _Sink(io.StringIO):
    def write(self, text: str) -> int:  # keeps nothing: only the table's own memory is measured
        return len(text)


def _peak(rows: int) -> int:
    def produce() -> Iterator[Row]:
        for number in range(rows):
            yield _row(number, f"contract description {number}")

    tracemalloc.start()
    try:
        write_rows_to_table(produce(), _Sink(), 100, COLUMNS)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_row_count() -> None:
    small, large = _peak(2_000), _peak(30_000)
    assert large < small * 1.2 + 16_384, (small, large)


def test_an_aborted_table_has_no_row_count(tmp_path: Path) -> None:
    def failing() -> Iterator[Row]:
        yield from (_row(n) for n in range(SAMPLE_ROWS + 5))
        raise RuntimeError("page 3 failed")

    stream = io.StringIO()
    with pytest.raises(RuntimeError):
        write_rows_to_table(failing(), stream, None, COLUMNS)
    assert stream.getvalue().count("\n") == 4 + SAMPLE_ROWS + 5
    assert not stream.getvalue().rstrip().endswith("rows")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _RecordingProgress:
    """A :class:`~cloudcontracts.cli.progress.Progress` noting how much was written when it was hidden."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream
        self.hidden_at: list[int] = []

    def transport(self) -> None:
        return None

    def page(self) -> None:
        return None

    def row(self) -> None:
        return None

    def expect_pages(self, total: int | None) -> None:
        return None

    def hide(self) -> None:
        self.hidden_at.append(len(self.stream.getvalue()))


@pytest.mark.parametrize(
    ("stdout", "hidden"), [(_Terminal(), [0]), (io.StringIO(), [])], ids=["terminal", "pipe"]
)
def test_progress_steps_aside_before_a_table_is_drawn_on_the_terminal(
    stdout: io.StringIO, hidden: list[int]
) -> None:
    progress = _RecordingProgress(stdout)
    with Output("table", None, stdout=stdout) as target:
        target.emit((_row(n) for n in range(SAMPLE_ROWS + 3)), DataSet("T", COLUMNS), progress)
    assert progress.hidden_at == hidden
    assert stdout.getvalue().endswith(f"\n{SAMPLE_ROWS + 3} rows\n")
