"""Export the sandbox's NCP and Hyperstack money as FOCUS CSV and Parquet; check each with the validator.

    .venv/bin/python scripts/focus_validate.py --validator .venv-focus/bin/focus-validator [--write-docs]

The sandbox (fixed seed) is exported as users get it: NCP's usage, contract costs and invoices joined over
every month it has (:func:`cloudcontracts.exports.focus_ncp_export.ncp_focus_rows`), and Hyperstack's
billing of one month (:data:`HYPERSTACK_PERIOD`): machines' bills and contract purchases
(:func:`cloudcontracts.exports.focus_hyperstack_export.hyperstack_billing_focus_rows`). Each file is checked
by the FinOps Foundation's ``focus-validator`` (2.2.1, its bundled FOCUS 1.2 rules, ``--block-download``,
run from its site-packages folder because it opens its currency list by a relative path). A failed rule
fails this script unless it is one of the validator's own limitations, each proved from the file:

- ``InvoiceId-C-004-C``/``InvoiceId-C-005-C``: the 2.2.1 model gives neither rule its condition ("when
  the charge is (not) associated with an invoice"), so one of the two fails on every row of any file;
- in CSV only, the type rule of an identifier column (``MUST be of type VARCHAR``) and the rule that
  combines it, when every value of that column in the file is digits *and* the validator's own CSV
  loader, run on the file, reads that column as a number. CSV carries no types: focus-validator's
  ``CSVDataLoader._try_load_with_types`` forces the specification's type only on columns that are empty
  in the first 5,000 rows and lets polars infer every other column from its text
  (``pl.read_csv(..., infer_schema_length=10000)``, no ``schema_overrides`` for them); polars infers
  ``Int64`` for all-digit text whether or not it is quoted, and the loader honours no header, comment or
  type-hint convention. No way of writing the CSV keeps a member number's value and makes it read as
  text, so the failure is the validator's. The Parquet file carries the types and must pass those rules.

``--write-docs`` writes the results into docs/focus.md between its ``focus-validator`` markers.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cloudcontracts import HyperstackContracts, NcloudBilling
from cloudcontracts.exports import FOCUS_COLUMNS, Row, write_rows
from cloudcontracts.exports.focus_hyperstack_export import hyperstack_billing_focus_rows
from cloudcontracts.exports.focus_ncp_export import ncp_focus_rows
from cloudcontracts.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "focus.md"
START = "<!-- focus-validator:start (written by make focus-validate) -->"
END = "<!-- focus-validator:end -->"
SEED = 0
HYPERSTACK_PERIOD = ("2026-04-01T00:00:00", "2026-05-01T00:00:00")
VERSION = "1.2.0.1"
INVOICE_PAIR = frozenset({"InvoiceId-C-004-C", "InvoiceId-C-005-C"})
_TOTAL = re.compile(r"Total: (\d+) \| Pass: (\d+) \| Fail: (\d+) \| Skipped: (\d+)")
_FAILED = re.compile(
    r"❌ (\S+): FAIL\s+\(violations=\d+, msg=(.*?), [\d.]+ms\)|❌ (\S+): FAIL\s+\(.*msg=(.*)\)"
)


@dataclass
class Result:
    name: str
    total: int
    passed: int
    failed: dict[str, str]
    skipped: int
    allowed: dict[str, str]

    @property
    def unexplained(self) -> dict[str, str]:
        return {rule: message for rule, message in self.failed.items() if rule not in self.allowed}


@dataclass
class Export:
    provider: str
    rows: int
    csv: Path
    parquet: Path
    what: str


def _write(folder: Path, provider: str, rows: list[Row], what: str) -> Export:
    csv_path, parquet_path = folder / f"{provider}.csv", folder / f"{provider}.parquet"
    write_rows(iter(rows), FOCUS_COLUMNS, "csv", csv_path)
    write_rows(iter(rows), FOCUS_COLUMNS, "parquet", parquet_path)
    return Export(provider, len(rows), csv_path, parquet_path, what)


def export(folder: Path) -> list[Export]:
    """The sandbox's NCP and Hyperstack FOCUS rows as ``<provider>.csv`` and ``.parquet`` in ``folder``."""
    with Sandbox(seed=SEED) as sandbox:
        months = sandbox.state.ncp_months
        with NcloudBilling(
            sandbox.ncp_access_key, sandbox.ncp_secret_key, base_url=sandbox.ncloud_url
        ) as ncp:
            ncp_rows = list(ncp_focus_rows(ncp, months[0], months[-1], warn=print))
        with HyperstackContracts(sandbox.hyperstack_api_key, base_url=sandbox.hyperstack_url) as hs:
            hs_rows = list(hyperstack_billing_focus_rows(hs, *HYPERSTACK_PERIOD))
    start, end = (moment[:10] for moment in HYPERSTACK_PERIOD)
    return [
        _write(folder, "ncp", ncp_rows, "usage joined with contract costs and invoices, every month"),
        _write(folder, "hyperstack", hs_rows, f"machines' bills and contract purchases, {start} to {end}"),
    ]


def _digit_columns(csv_path: Path) -> set[str]:
    """String columns of the file whose every value is digits (what CSV type inference reads as integers)."""
    strings = {column.name for column in FOCUS_COLUMNS if column.kind == "string"}
    with csv_path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    return {
        name
        for name in strings
        if any(row[name] for row in rows) and all(row[name].isdigit() for row in rows if row[name])
    }


# Run by the validator's interpreter: its own CSV loader on the file, told that these columns are
# strings (as the FOCUS rules say); prints the type each column is loaded as.
_LOADER_PROBE = """
import json, sys
from focus_validator.data_loaders.csv_data_loader import CSVDataLoader
path, names = sys.argv[1], json.loads(sys.argv[2])
frame = CSVDataLoader(path, column_types={name: "string" for name in names}).load()
print(json.dumps({name: str(frame.schema[name]) for name in names}))
"""


def _read_as_numbers(validator: Path, csv_path: Path, digit_columns: set[str]) -> dict[str, str]:
    """The digit columns that focus-validator's CSV loader reads as something other than text, with the
    type it reads them as: the evidence that a type failure of theirs is the loader's inference."""
    if not digit_columns:
        return {}
    probe = subprocess.run(
        [
            str(validator.parent / "python"),
            "-c",
            _LOADER_PROBE,
            str(csv_path),
            json.dumps(sorted(digit_columns)),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    loaded: dict[str, str] = json.loads(probe.stdout.strip().splitlines()[-1])
    return {name: dtype for name, dtype in loaded.items() if dtype not in ("String", "Utf8")}


def _allowed(failed: dict[str, str], digit_columns: dict[str, str] | None) -> dict[str, str]:
    allowed: dict[str, str] = {}
    pair = INVOICE_PAIR & failed.keys()
    if len(pair) == 1:  # exactly one of the two: the unconditioned pair, not a real problem
        allowed[next(iter(pair))] = "the validator's unconditioned InvoiceId pair"
    if digit_columns is not None:
        typed = {
            rule
            for rule, message in failed.items()
            if rule.split("-")[0] in digit_columns and "MUST be of type VARCHAR" in message
        }
        for rule in typed:
            column = rule.split("-")[0]
            allowed[rule] = (
                f"every {column} is digits, and focus-validator's CSV loader reads the column as "
                f"{digit_columns[column]} (polars infers the type of every non-empty column from its "
                "text; the specification's type is forced only on empty ones)"
            )
        for rule, message in failed.items():
            children = re.findall(r"failed child rules: \[(.*?)\]", message)
            names = {name.strip() for group in children for name in group.split(",")}
            if names and names <= typed:
                allowed[rule] = (
                    "combines " + ", ".join(f"`{name}`" for name in sorted(names)) + ", the type rule"
                )
    return allowed


def validate(validator: Path, data: Path, *, digit_columns: dict[str, str] | None) -> Result:
    where = "import focus_validator, os; print(os.path.dirname(os.path.dirname(focus_validator.__file__)))"
    site = Path(
        subprocess.run(
            [str(validator.parent / "python"), "-c", where],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    command = [
        str(validator),
        "--data-file", str(data.resolve()),
        "--block-download",
        "--rule-set-path", str(site / "focus_validator" / "rules"),
        "--validate-version", VERSION,
        "--output-type", "console",
        "--show-violations",
    ]  # fmt: skip
    # It opens focus_validator/rules/currency_codes.csv by a relative path: run it from site-packages.
    run = subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    total = _TOTAL.search(output)
    if total is None:
        raise SystemExit(f"focus-validator gave no summary for {data.name}:\n{output[-3000:]}")
    failed: dict[str, str] = {}
    for match in _FAILED.finditer(output):
        rule = match.group(1) or match.group(3)
        failed[rule] = match.group(2) or match.group(4) or ""
    count, passed, fails, skipped = (int(value) for value in total.groups())
    if fails != len(failed):
        raise SystemExit(
            f"focus-validator reported {fails} failures for {data.name} but listed {len(failed)}"
        )
    name = f"{data.stem} {data.suffix.lstrip('.')}"
    return Result(name, count, passed, failed, skipped, _allowed(failed, digit_columns))


def _summary(results: list[Result], exports: list[Export]) -> str:
    lines = [
        f"`make focus-validate` (focus-validator 2.2.1, FOCUS {VERSION}, bundled rules,",
        f"`--block-download`) on the sandbox's exports (seed {SEED}):",
        "",
    ]
    for item in exports:
        lines.append(f"- {item.provider}: {item.rows} rows, {item.what};")
    lines += [
        "",
        "| file | rules | passed | failed | of which the validator's limitations | skipped |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.name} | {result.total} | {result.passed} | {len(result.failed)} | "
            f"{len(result.allowed)} | {result.skipped} |"
        )
    lines.append("")
    for result in results:
        for rule, reason in sorted(result.allowed.items()):
            lines.append(f"- {result.name}: `{rule}` fails: {reason}.")
    return "\n".join(lines)


def write_docs(summary: str) -> None:
    document = DOC.read_text(encoding="utf-8")
    head, start, rest = document.partition(START)
    _old, end, tail = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"{DOC}: the markers {START!r} and {END!r} are missing")
    DOC.write_text(f"{head}{START}\n{summary}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validator", type=Path, required=True, help="the focus-validator executable")
    parser.add_argument("--write-docs", action="store_true", help="write the summary into docs/focus.md")
    arguments = parser.parse_args()
    validator = arguments.validator.absolute()  # absolute: it runs from its site-packages folder
    with tempfile.TemporaryDirectory(prefix="cloudcontracts-focus-") as folder:
        exports = export(Path(folder))
        results = []
        for item in exports:
            digits = _read_as_numbers(validator, item.csv, _digit_columns(item.csv))
            results.append(validate(validator, item.csv, digit_columns=digits))
            results.append(validate(validator, item.parquet, digit_columns=None))
    summary = _summary(results, exports)
    print(summary)
    bad = {
        f"{result.name}: {rule}": message
        for result in results
        for rule, message in result.unexplained.items()
    }
    for rule, message in bad.items():
        print(f"FAILED {rule}: {message}", file=sys.stderr)
    if bad:
        return 1
    if arguments.write_docs:
        write_docs(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
