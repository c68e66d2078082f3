"""Failures of the command line: one clear line on stderr, the documented exit code, no traceback, no
secret; nothing sent when the arguments are wrong. One case per failure kind, then -v and redaction.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import click
import pytest
from support.cli_support import MONTHS, SEED, Runner
from support.fixtures import sandbox_data

from cloudcontracts.cli import ExitCode
from cloudcontracts.cli import hyperstack_commands as hyperstack_module
from cloudcontracts.cli.session import VERBOSE_KEY, Redactor, command_session
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

ROOT = Path(__file__).resolve().parent.parent
USAGE = ("ncloud", "usage", *MONTHS)
NO_RETRY = ("--max-retries", "0")


def one_line(stderr: str) -> str:
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr.rstrip("\n")


# --- one case per exit code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("hyperstack", "contracts", "--bogus"),
            "cloudcontracts hyperstack contracts: bad arguments: No such option '--bogus'. (Did you mean one "
            "of: '--out', '--verbose'?) (see 'cloudcontracts hyperstack contracts --help')",
        ),
        (
            ("hyperstack", "contract", "0"),
            "cloudcontracts hyperstack contract: bad arguments: Invalid value for 'CONTRACT_ID': 0 is not in "
            "the range x>=1. (see 'cloudcontracts hyperstack contract --help')",
        ),
        (
            ("ncloud", "usage", "--start-month", "2024-13", "--end-month", "2024-04"),
            "cloudcontracts ncloud usage: bad arguments: start_month '2024-13' is not a month: month must be "
            "01 to 12 (see 'cloudcontracts ncloud usage --help')",
        ),
        (
            ("ncloud", "usage", "--start-month", "2024-04", "--end-month", "2024-02"),
            "cloudcontracts ncloud usage: bad arguments: start_month 202404 is after end_month 202402 "
            "(see 'cloudcontracts ncloud usage --help')",
        ),
        (
            ("ncloud", "usage", "--end-month", "2024-04"),
            "cloudcontracts ncloud usage: bad arguments: Missing option '--start-month'. "
            "(see 'cloudcontracts ncloud usage --help')",
        ),
        (
            (*USAGE, "-o", "parquet"),
            "cloudcontracts ncloud usage: bad arguments: --output parquet writes a file: add --out FILE "
            "(see 'cloudcontracts ncloud usage --help')",
        ),
        (
            ("hyperstack", "contracts", "--timeout", "0"),
            "cloudcontracts hyperstack contracts: bad arguments: Invalid value for '--timeout': 0.0 is not in "
            "the range x>0. (see 'cloudcontracts hyperstack contracts --help')",
        ),
        (
            ("nonsense",),
            "cloudcontracts: bad arguments: No such command 'nonsense'. (see 'cloudcontracts --help')",
        ),
    ],
)
def test_bad_arguments_exit_2_before_any_request(
    run: Runner, sb: Sandbox, args: tuple[str, ...], line: str
) -> None:
    result = run(*args)
    assert (result.exit_code, one_line(result.stderr), result.stdout) == (ExitCode.USAGE, line, "")
    assert sb.faults.history == []


def test_bad_arguments_win_over_missing_credentials(run: Runner) -> None:
    no_credentials = {"NCLOUD_ACCESS_KEY_ID": None, "NCLOUD_SECRET_ACCESS_KEY": None}
    result = run("ncloud", "usage", "--start-month", "x", "--end-month", "2024-04", env=no_credentials)
    assert result.exit_code == ExitCode.USAGE


def test_missing_hyperstack_key_exits_3(run: Runner) -> None:
    result = run("hyperstack", "contracts", env={"HYPERSTACK_API_KEY": None})
    assert result.exit_code == ExitCode.CONFIGURATION
    assert one_line(result.stderr) == (
        "cloudcontracts: missing credentials: no Hyperstack API key: pass api_key=... to the client or set "
        "the HYPERSTACK_API_KEY environment variable"
    )


def test_missing_ncp_credentials_exit_3_naming_every_place_looked(run: Runner, sb: Sandbox) -> None:
    result = run(*USAGE, env={"NCLOUD_ACCESS_KEY_ID": None, "NCLOUD_SECRET_ACCESS_KEY": None})
    assert result.exit_code == ExitCode.CONFIGURATION
    line = one_line(result.stderr)
    assert line.startswith("cloudcontracts: missing credentials: no NCP credentials found. Looked at: ")
    assert str(run.home / ".ncloud" / "configure") in line
    assert sb.faults.history == []


def test_plain_http_to_a_remote_host_is_refused_with_exit_3(run: Runner, sb: Sandbox) -> None:
    result = run("hyperstack", "contracts", "--base-url", "http://example.com/v1")
    assert result.exit_code == ExitCode.CONFIGURATION
    assert one_line(result.stderr) == (
        "cloudcontracts: configuration: refusing to send the Hyperstack API key over plain http to "
        "'example.com': use https (plain http is allowed only to loopback addresses such as a local sandbox)"
    )


def test_wrong_hyperstack_key_exits_4(run: Runner) -> None:
    result = run("hyperstack", "contracts", env={"HYPERSTACK_API_KEY": "wrong-key-0000"})
    assert result.exit_code == ExitCode.AUTHENTICATION
    assert one_line(result.stderr) == (
        "cloudcontracts: authentication failed: HTTP 401, code invalid api_key: Unauthorized"
    )


def test_wrong_ncp_secret_exits_4(run: Runner) -> None:
    result = run(*USAGE, env={"NCLOUD_SECRET_ACCESS_KEY": "wrong-secret-0000"})
    assert result.exit_code == ExitCode.AUTHENTICATION
    assert one_line(result.stderr).startswith("cloudcontracts: authentication failed: HTTP 401, code 200: ")
    assert "wrong-secret-0000" not in result.stderr


def test_unknown_contract_exits_5(run: Runner) -> None:
    result = run("hyperstack", "contract", "99999")
    assert result.exit_code == ExitCode.API
    assert (
        one_line(result.stderr)
        == "cloudcontracts: API error: HTTP 404, code not_found: Contract 99999 not found"
    )


def test_server_error_after_retries_exits_5(run: Runner, sb: Sandbox) -> None:
    sb.faults.script("500")
    result = run(*USAGE, *NO_RETRY)
    assert result.exit_code == ExitCode.API
    assert one_line(result.stderr).startswith("cloudcontracts: API error: HTTP 500")


def test_refused_connection_exits_6(run: Runner) -> None:
    result = run("hyperstack", "contracts", "--base-url", "http://127.0.0.1:9/v1", *NO_RETRY)
    assert result.exit_code == ExitCode.CONNECTION
    assert one_line(result.stderr) == (
        "cloudcontracts: connection failed: ConnectError (GET http://127.0.0.1:9/v1/pricebook/contracts"
        "?page=1&per_page=100)"
    )


def test_timeout_exits_6(run: Runner, sb: Sandbox) -> None:
    sb.faults.script("latency:0.5")
    result = run("hyperstack", "contracts", "--timeout", "0.1", *NO_RETRY)
    assert result.exit_code == ExitCode.CONNECTION
    assert one_line(result.stderr).startswith("cloudcontracts: timed out: request timed out: ReadTimeout")


@pytest.mark.parametrize("args", [USAGE, ("hyperstack", "contracts")])
def test_malformed_answer_exits_7(run: Runner, sb: Sandbox, args: tuple[str, ...]) -> None:
    sb.faults.script("malformed")
    result = run(*args, *NO_RETRY)
    assert result.exit_code == ExitCode.DECODE
    assert one_line(result.stderr).startswith("cloudcontracts: unreadable response: ")


def test_unwritable_output_exits_8_before_any_request(run: Runner, sb: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "usage.csv"
    result = run(*USAGE, "-o", "csv", "--out", str(target))
    assert result.exit_code == ExitCode.LOCAL
    assert one_line(result.stderr) == (
        f"cloudcontracts: cannot complete locally: cannot write {target}: No such file or directory"
    )
    assert sb.faults.history == []


def test_parquet_without_pyarrow_exits_8_before_any_request(
    run: Runner, sb: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what a missing extra looks like to `import`
    result = run(*USAGE, "-o", "parquet", "--out", str(tmp_path / "u.parquet"))
    assert result.exit_code == ExitCode.LOCAL
    assert one_line(result.stderr) == (
        "cloudcontracts: cannot complete locally: Parquet output needs pyarrow: "
        "pip install 'cloudcontracts[parquet]'"
    )
    assert sb.faults.history == []
    assert list(tmp_path.iterdir()) == []


def _raise(error: BaseException):  # type: ignore[no-untyped-def]
    def rows(_contracts: object) -> object:
        raise error

    return rows


@pytest.mark.parametrize(
    ("error", "code", "line"),
    [
        (
            RuntimeError("boom"),
            ExitCode.INTERNAL,
            "cloudcontracts: internal error: RuntimeError: boom (a bug; run with -v for the traceback)",
        ),
        # click first ends the terminal's "^C" echo with a newline, as it does for every command.
        (KeyboardInterrupt(), ExitCode.INTERRUPTED, "\ncloudcontracts: interrupted"),
    ],
)
def test_internal_error_and_interrupt(
    run: Runner, monkeypatch: pytest.MonkeyPatch, error: BaseException, code: int, line: str
) -> None:
    monkeypatch.setattr(hyperstack_module, "hyperstack_contract_rows", _raise(error))
    result = run("hyperstack", "contracts", "-o", "csv")
    assert (result.exit_code, result.stderr) == (code, line + "\n")
    assert "Traceback" not in result.stderr


def test_broken_pipe_exits_141_quietly(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hyperstack_module, "hyperstack_contract_rows", _raise(BrokenPipeError()))
    result = run("hyperstack", "contracts", "-o", "csv")
    assert (result.exit_code, result.stderr) == (ExitCode.BROKEN_PIPE, "")


def test_verbose_shows_the_traceback_of_an_internal_error_only(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hyperstack_module, "hyperstack_contract_rows", _raise(RuntimeError("boom")))
    result = run("-v", "hyperstack", "contracts", "-o", "csv")
    assert result.exit_code == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.endswith(
        "cloudcontracts: internal error: RuntimeError: boom (a bug; run with -v for the traceback)\n"
    )
    expected = run("-v", "hyperstack", "contract", "99999")  # an expected failure: no traceback even with -v
    assert expected.exit_code == ExitCode.API
    assert "Traceback" not in expected.stderr


def test_failed_pull_leaves_no_file_and_keeps_the_old_one(run: Runner, sb: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "usage.csv"
    target.write_text("previous export\n", encoding="utf-8")
    sb.faults.script("ok", "malformed")  # page 1 arrives and is written, page 2 is unreadable
    result = run(*USAGE, "-o", "csv", "--out", str(target), "--page-size", "2", *NO_RETRY)
    assert result.exit_code == ExitCode.DECODE
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["usage.csv"]  # no .partial left behind


# --- -v, and no secret anywhere -------------------------------------------------------------------------


def test_verbose_logs_decisions_and_requests_on_stderr(run: Runner, sb: Sandbox) -> None:
    result = run(*USAGE, "-o", "csv", "--page-size", "2", "-v")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(
        line.endswith("cloudcontracts.cli DEBUG NCP usage: 1 window(s) 202402..202404, page size 2")
        for line in lines
    )
    assert any(
        re.search(
            r"cloudcontracts.cli DEBUG NCP client: NcloudBilling\(base_url='http://127\.0\.0\.1:\d+/billing/v1', "
            r"credentials_from='environment'",
            line,
        )
        for line in lines
    )
    assert result.stdout.count("\n") == 23  # the rows are untouched by logging
    root = logging.getLogger("cloudcontracts")
    assert root.level == logging.NOTSET and root.handlers == []  # restored after the command


@pytest.mark.parametrize(
    "args",
    [
        (*USAGE, "-o", "csv", "-v"),
        ("-v", "hyperstack", "contracts", "-o", "jsonl"),
        ("-v", "hyperstack", "gpu-graph", "109", "--start", "2025-10-01", "--end", "2025-10-02"),
    ],
)
def test_no_secret_in_any_output(run: Runner, sb: Sandbox, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    everything = result.stdout + result.stderr
    for secret in (sb.hyperstack_api_key, sb.ncp_access_key, sb.ncp_secret_key):
        assert secret not in everything


def test_no_secret_in_failures_with_verbose(run: Runner, sb: Sandbox) -> None:
    wrong = {
        "HYPERSTACK_API_KEY": "hyperstack-wrong-key-1234",
        "NCLOUD_SECRET_ACCESS_KEY": "ncp-wrong-secret-1234",
    }
    for args in (("-v", "hyperstack", "contracts"), (*USAGE, "-v")):
        result = run(*args, env=wrong)
        assert result.exit_code == ExitCode.AUTHENTICATION
        for secret in (*wrong.values(), sb.ncp_access_key):
            assert secret not in result.stdout + result.stderr


def test_log_records_are_redacted_of_the_environment_credentials(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HYPERSTACK_API_KEY", "hs-key-visible-in-a-careless-log")
    ctx = click.Context(click.Command("probe"))
    ctx.meta[VERBOSE_KEY] = True
    with command_session(ctx):
        logging.getLogger("cloudcontracts.probe").debug("sent %s", "hs-key-visible-in-a-careless-log")
        try:
            raise RuntimeError("boom with hs-key-visible-in-a-careless-log inside")
        except RuntimeError:
            logging.getLogger("cloudcontracts.probe").debug("failed", exc_info=True)
    err = capsys.readouterr().err
    assert "sent ***" in err and "careless" not in err
    assert "RuntimeError: boom with *** inside" in err  # the traceback is redacted too
    assert Redactor(["abcd", "ab"])("xabcdx ab") == "x***x ab"  # too-short values are never redacted


def test_docs_exit_code_table_matches_the_code() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d+) \| `(\w+)` \|", text, re.M)}
    assert documented == {code.value: code.name for code in ExitCode}
