"""The NCP commands' progress totals, ``--for-spreadsheet``, the ``--profile`` help, escaped provider text.

Totals: the first page of each three-month window carries ``totalRows``; the command passes the walk's
total pages to the progress display as soon as each window's is known, and the last total given equals
the pages requested. Expectations are read from the sandbox's records.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from support.cli_support import SEED, Runner, requests_to
from support.fixtures import sandbox_data

from cloudcontracts.cli import ncloud_commands
from cloudcontracts.cli.app import run_guarded
from cloudcontracts.errors import ServerError
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

WINDOWS = (("202311", "202401"), ("202402", "202404"))  # --start-month 202311 --end-month 202404
PAGE = 2


class _Recorder:
    """A progress display that records what a command tells it."""

    def __init__(self) -> None:
        self.totals: list[int | None] = []
        self.rows = 0

    def transport(self) -> None:
        return None

    def page(self) -> None:
        return None

    def row(self) -> None:
        self.rows += 1

    def expect_pages(self, total: int | None) -> None:
        self.totals.append(total)

    def hide(self) -> None:
        return None


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    shown = _Recorder()

    @contextmanager
    def display(
        label: str, stream: Any, *, enabled: bool, total_pages: int | None = None
    ) -> Iterator[_Recorder]:
        yield shown

    monkeypatch.setattr(ncloud_commands, "progress_display", display)
    return shown


def _expected_totals(counts: list[int]) -> list[int]:
    """The totals told after each window's first page: its pages, plus one per window not seen yet."""
    pages = [max(1, math.ceil(count / PAGE)) for count in counts]
    return [sum(pages[: i + 1]) + len(pages) - i - 1 for i in range(len(pages))]


@pytest.mark.parametrize(
    ("command", "operation"),
    [
        ("usage", "getContractUsageList"),
        ("costs", "getContractDemandCostList"),
        ("invoices", "getDemandCostList"),
    ],
)
def test_the_progress_total_follows_total_rows_of_each_window(
    run: Runner, sb: Sandbox, recorder: _Recorder, command: str, operation: str
) -> None:
    first, last = WINDOWS[0][0], WINDOWS[-1][1]
    result = run(
        "ncloud", command, "--start-month", first, "--end-month", last, "-o", "csv", "--page-size", "2"
    )
    assert result.exit_code == 0, result.stderr
    served = {
        "usage": sb.state.ncp_contracts,
        "costs": sb.state.ncp_contract_demand_costs,
        "invoices": sb.state.ncp_demand_costs,
    }[command]
    counts = [len(served(a, b)) for a, b in WINDOWS]
    assert sum(counts) > PAGE  # several pages in all
    assert recorder.totals == _expected_totals(counts)
    assert recorder.totals[-1] == requests_to(sb, operation)
    assert recorder.rows == len(list(csv.DictReader(io.StringIO(result.stdout))))


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_for_spreadsheet_guards_text_cells_and_nothing_else(run: Runner, sb: Sandbox) -> None:
    # A provider value a spreadsheet would run: an instance named like a formula.
    costs = [row.body for row in sb.state.ncp_money.cost_rows if row.month == "202403"]
    costs[0]["contract"]["instanceName"] = '=HYPERLINK("http://127.0.0.1/","x")'
    months = ("--start-month", "2024-03", "--end-month", "2024-03", "-o", "csv")
    exact = run("ncloud", "costs", *months)
    guarded = run("ncloud", "costs", *months, "--for-spreadsheet")
    assert exact.exit_code == guarded.exit_code == 0, exact.stderr + guarded.stderr
    plain, safe = _cells(exact.stdout), _cells(guarded.stdout)
    changed = [
        (row, column, before, after)
        for row, (a, b) in enumerate(zip(plain, safe, strict=True))
        for column, (before, after) in enumerate(zip(a, b, strict=True))
        if before != after
    ]
    column = plain[0].index("instance_name")
    assert [(c, before, after) for _, c, before, after in changed] == [
        (column, costs[0]["contract"]["instanceName"], "'" + costs[0]["contract"]["instanceName"])
    ]


@pytest.mark.parametrize("output", ["json", "jsonl", "table"])
def test_for_spreadsheet_with_another_output_is_refused_before_any_request(
    run: Runner, sb: Sandbox, output: str
) -> None:
    result = run(
        "ncloud",
        "invoices",
        "--start-month",
        "2024-03",
        "--end-month",
        "2024-03",
        "-o",
        output,
        "--for-spreadsheet",
    )
    assert result.exit_code == 2
    assert f"--for-spreadsheet applies to CSV output (csv, focus-csv), not {output}" in result.stderr
    assert requests_to(sb, "getDemandCostList") == 0


def test_profile_help_says_a_named_profile_wins(run: Runner) -> None:
    text = " ".join(run("ncloud", "usage", "--help").stdout.split())
    assert "A named profile wins over NCLOUD_ACCESS_KEY_ID/NCLOUD_SECRET_ACCESS_KEY" in text
    assert "take precedence" not in text


HOSTILE = "Endpoint Error \x1b]0;owned\x07\x1b[2J\x9b31m done"


def test_a_provider_message_reaches_stderr_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    def fail() -> None:
        raise ServerError(HOSTILE, status_code=503, code="500")

    assert run_guarded(fail) == 5
    err = capsys.readouterr().err
    assert err == (
        "cloudcontracts: API error: HTTP 503, code 500: Endpoint Error \\x1b]0;owned\\x07\\x1b[2J\\x9b31m done\n"
    )


def test_a_warning_quoting_the_provider_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    ncloud_commands._warn(HOSTILE)  # the commands' one warning path
    assert capsys.readouterr().err == "warning: Endpoint Error \\x1b]0;owned\\x07\\x1b[2J\\x9b31m done\n"
