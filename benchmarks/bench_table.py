"""``-o table`` against ``-o csv``: the same NCP usage rows written by the command line's two writers.

    python benchmarks/bench_table.py [--rounds 7] [--rows 50000] [--quick] [--json FILE]

The rows are every column of NCP's flat usage rows (``NCP_USAGE_COLUMNS``), built once before timing
(text of varying length, integers, decimals, ``+09:00`` date-times), so the figures compare the writers
alone, which is the strictest comparison: in a real pull both share the request and decoding time. Each
round writes them as CSV (``write_rows``, the ``-o csv`` writer) and as a table (``TableWriter``, the
``-o table`` writer) into a sink that keeps nothing, in a rotating order; the table is timed both for a
100-column terminal (columns fitted, long text cut) and with no width (not a terminal: nothing cut).

The bar: the table at most 1.5x the CSV time. Peak memory of each writer (``tracemalloc``) is reported
for the row count and for a tenth of it: the table holds its sample of rows and no more.
"""

from __future__ import annotations

import io
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone

from harness import TREE_PATHS, Figure, bench_arguments, finish, interleave, print_times, ratios, rounds_of

sys.path[:0] = [str(path) for path in TREE_PATHS]

from cloudcontracts.cli.table import TableWriter  # noqa: E402
from cloudcontracts.exports import NCP_USAGE_COLUMNS, Column, Row, Value, write_rows  # noqa: E402

KST = timezone(timedelta(hours=9))
COLUMNS = tuple(NCP_USAGE_COLUMNS)
BAR = 1.5


class _Sink(io.StringIO):
    """Keeps nothing, so neither the timing nor the memory figure includes the output itself."""

    def write(self, text: str) -> int:
        return len(text)


def _value(column: Column, number: int) -> Value:
    if column.kind == "string":
        return f"{column.name} {number % 97} " + "x" * (number % 23)
    if column.kind == "integer":
        return number * 7
    if column.kind == "decimal":
        return number / 3
    return datetime(2024, 2, 1, 9, 0, number % 60, tzinfo=KST)


def make_rows(count: int) -> list[Row]:
    return [{column.name: _value(column, number) for column in COLUMNS} for number in range(count)]


def write_csv(rows: Iterable[Row]) -> None:
    write_rows(rows, COLUMNS, "csv", _Sink())


def write_table(rows: Iterable[Row], width: int | None) -> None:
    writer = TableWriter(_Sink(), COLUMNS, title="usage", width=width)
    for row in rows:
        writer.write(row)
    writer.close()


def _seconds(write: Callable[[], None]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        write()
        return time.perf_counter() - start

    return run


def _peak(write: Callable[[Iterable[Row]], None], count: int) -> int:
    def produce() -> Iterable[Row]:  # rows made as they are written: only the writer's memory counts
        for number in range(count):
            yield {column.name: _value(column, number) for column in COLUMNS}

    tracemalloc.start()
    try:
        write(produce())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = bench_arguments(__doc__.split("\n\n")[0], rounds=7)
    parser.add_argument("--rows", type=int, default=50_000, help="rows written per contender per round")
    args = parser.parse_args()
    rounds, count = rounds_of(args), args.rows if not args.quick else min(args.rows, 10_000)
    rows = make_rows(count)
    contenders = {
        "csv": _seconds(lambda: write_csv(rows)),
        "table, 100 columns": _seconds(lambda: write_table(rows, 100)),
        "table, no width": _seconds(lambda: write_table(rows, None)),
    }
    times = interleave(contenders, rounds)
    print(f"{count} NCP usage rows x {len(COLUMNS)} columns; {rounds} interleaved rounds\n")
    print_times(times, unit="s", scale=1.0)
    small, large = max(1, count // 10), count
    peaks = {
        name: (_peak(write, small), _peak(write, large))
        for name, write in (("csv", write_csv), ("table", lambda r: write_table(r, 100)))
    }
    for name, (low, high) in peaks.items():
        print(
            f"peak traced memory, {name}: {low / 1024:.0f} KiB for {small} rows, "
            f"{high / 1024:.0f} KiB for {large}"
        )
    table_growth = peaks["table"][1] / peaks["table"][0]
    figures = [
        Figure.of(
            f"`-o table` ({count:,} NCP usage rows, 100-column terminal): writer time",
            "`-o csv` writer, same rows",
            ratios(times, "table, 100 columns", "csv"),
            BAR,
        ),
        Figure.of(
            "same, not a terminal (no width)",
            "`-o csv` writer, same rows",
            ratios(times, "table, no width", "csv"),
        ),
        Figure.of(
            f"`-o table`: peak traced memory for {large:,} rows",
            f"the same for {small:,} rows",
            [table_growth],
            note="the writer holds its sample of rows and one line at a time, whatever the row count",
        ),
    ]
    return finish(args, "bench_table", figures, rows=count)


if __name__ == "__main__":
    raise SystemExit(main())
