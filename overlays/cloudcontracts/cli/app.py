"""The ``cloudcontracts`` command tree, and its one place where errors become exit codes.

::

    cloudcontracts [-v] [--version]
    ├── hyperstack
    │   ├── contracts                 every contract x discount plan
    │   ├── contract ID               one contract
    │   └── gpu-graph ID              terminal chart, PNG, or one row per bucket
    ├── ncloud
    │   ├── usage                     contract x product x usage, any number of months
    │   ├── costs                     contract x product x month billed (FOCUS: joined with usage)
    │   └── invoices                  member x month invoices
    ├── sync                          a local cost data set (DuckDB or Parquet), incremental
    ├── sandbox                       fake APIs on 127.0.0.1
    └── demo                          the main job against an in-process sandbox

:class:`CloudContractsGroup` runs click in non-standalone mode and turns every expected failure into
one line on stderr and an exit code from :mod:`.exit_codes`, with no traceback (``-v`` logs the
traceback of an internal error). ``--help`` works everywhere; nothing heavy (rich, pyarrow, matplotlib,
the sandbox) is imported until a command needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from cloudcontracts import __version__
from cloudcontracts.cli.exit_codes import ExitCode, classify
from cloudcontracts.cli.hyperstack_commands import hyperstack_group
from cloudcontracts.cli.local_commands import demo_command, sandbox_command
from cloudcontracts.cli.ncloud_commands import ncloud_group
from cloudcontracts.cli.session import Redactor, verbose_option
from cloudcontracts.cli.sync_commands import sync_command
from cloudcontracts.cli.table import printable

__all__ = ["CloudContractsGroup", "cli", "run_guarded"]


def _one_line(text: str) -> str:
    # A provider's message reaches the terminal here: control characters (an ESC starting a terminal
    # sequence) are written as escapes, as the table writes cells.
    return printable(" ".join(Redactor.from_environment()(text).split()))


def _say(prefix: str, label: str, message: str) -> None:
    if message.lower().startswith(label.lower()):  # "connection failed: ..." needs no second label
        label, message = message, ""
    click.echo(_one_line(f"{prefix}: {label}: {message}" if message else f"{prefix}: {label}"), err=True)


def run_guarded(invoke: Callable[[], Any]) -> int:
    """Run click (non-standalone) and return the exit code, reporting failures as one line on stderr."""
    try:
        result = invoke()
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.format_message(), err=True)  # a group run bare: its help, as click does
        code: int = ExitCode.USAGE
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "cloudcontracts"
        _say(where, "bad arguments", f"{error.format_message()} (see '{where} --help')")
        code = ExitCode.USAGE
    except (click.Abort, KeyboardInterrupt):
        _say("cloudcontracts", "interrupted", "")
        code = ExitCode.INTERRUPTED
    except click.ClickException as error:
        _say("cloudcontracts", "error", error.format_message())
        code = error.exit_code
    except BrokenPipeError:
        code = ExitCode.BROKEN_PIPE
    except Exception as error:
        code, label = classify(error)
        message = str(error) or type(error).__name__
        if code is ExitCode.INTERNAL:
            message = f"{type(error).__name__}: {message} (a bug; run with -v for the traceback)"
        _say("cloudcontracts", label, message)
    else:
        # Non-standalone click returns a command's ctx.exit() code, or the command's return value (None).
        code = result if isinstance(result, int) and not isinstance(result, bool) else ExitCode.OK
    return code


class CloudContractsGroup(click.Group):
    """A click group whose ``main`` reports errors as :func:`run_guarded` does, then exits."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        def invoke() -> Any:
            return click.Group.main(self, args, prog_name, complete_var, standalone_mode=False, **extra)

        code = run_guarded(invoke)
        if standalone_mode:
            sys.exit(code)
        return code


@click.group(
    "cloudcontracts",
    cls=CloudContractsGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  cloudcontracts hyperstack contracts -o csv --out contracts.csv
  cloudcontracts hyperstack gpu-graph 42 --start 2026-05-01 --end 2026-05-08
  cloudcontracts ncloud usage --start-month 2024-02 --end-month 2024-04 -o jsonl
  cloudcontracts ncloud usage --start-month 2024-01 --end-month 2024-12 -o focus-parquet --out focus.parquet
  cloudcontracts ncloud costs --start-month 2024-01 --end-month 2024-06 -o focus-csv --out focus.csv
  cloudcontracts sync --to costs.duckdb
  cloudcontracts sandbox --port 8080

\b
Exit codes: 0 ok, 1 internal error, 2 bad arguments, 3 configuration or missing credentials,
4 authentication, 5 API error, 6 connection, 7 unreadable response, 8 local problem (output file,
missing extra), 130 interrupted, 141 broken pipe; 143 terminated (SIGTERM).

\b
Documentation (online: an installed package has no docs folder):
  command line   https://github.com/cloudcontracts/cloudcontracts/blob/main/docs/cli.md
  FOCUS mapping  https://github.com/cloudcontracts/cloudcontracts/blob/main/docs/focus.md
  project        https://github.com/cloudcontracts/cloudcontracts
""",
)
@click.version_option(__version__, "--version", prog_name="cloudcontracts")
@verbose_option
def cli() -> None:
    """Hyperstack contracts and NAVER Cloud (NCP) usage, costs and invoices, as tables, CSV, JSON, Parquet
    or FOCUS; and a local cost data set kept up to date (sync).

    Credentials are read from the environment (HYPERSTACK_API_KEY; NCLOUD_ACCESS_KEY_ID and
    NCLOUD_SECRET_ACCESS_KEY) or ~/.ncloud/configure, never from options. Try it without any:
    'cloudcontracts sandbox' prints the variables that point every command at a local fake.
    """


cli.add_command(hyperstack_group)
cli.add_command(ncloud_group)
cli.add_command(sandbox_command)
cli.add_command(demo_command)
cli.add_command(sync_command)
