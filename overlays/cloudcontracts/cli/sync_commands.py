"""``cloudcontracts sync``: keep a local cost data set up to date (:mod:`cloudcontracts.dataset`).

Accounts come from ``--ncp-profile`` (repeatable), ``--hyperstack-env`` (repeatable: the name of an
environment variable holding a key, never the key) and ``--accounts FILE`` (YAML); with none of them,
the default NCP credentials and ``HYPERSTACK_API_KEY``. Everything is checked, and the sink opened,
before the first request. Progress (months, pages, rows, ETA) is drawn on stderr when it is a terminal;
the summary goes to stdout. A sync stopped by Ctrl-C, SIGTERM or an API error keeps every month it
completed, says so on stderr, and the next sync continues from there.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from cloudcontracts.cli.exit_codes import LocalError
from cloudcontracts.cli.output import unwinding_on_termination
from cloudcontracts.cli.progress import Progress, is_terminal, progress_display
from cloudcontracts.cli.session import command_session, logger, verbose_option
from cloudcontracts.cli.table import printable
from cloudcontracts.dataset import (
    DEFAULT_FINAL_AFTER,
    Account,
    Month,
    SyncReport,
    UnitResult,
    accounts_from_file,
    default_resources,
    hyperstack_account,
    ncloud_account,
    open_sink,
    sink_format,
    sync,
)
from cloudcontracts.errors import ConfigurationError

__all__ = ["summary", "sync_command"]

DEFAULT_HISTORY = 12
"""Months before the current one a first sync reaches back to, without ``--since``."""


class _Observer:
    """Draws a sync on a :class:`~cloudcontracts.cli.progress.Progress`: pages, rows, and an expected
    total of pages from the pages per month seen so far (one per month until a month is done)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._units = 0
        self._done = 0
        self._pages = 0
        self._pages_done_units = 0

    def _expect(self) -> None:
        per_unit = self._pages_done_units / self._done if self._done else 1.0
        remaining = self._units - self._done
        self._progress.expect_pages(max(self._pages, self._pages_done_units + round(per_unit * remaining)))

    def planned(self, units: int) -> None:
        self._units = units
        self._expect()

    def page(self) -> None:
        self._pages += 1
        self._progress.page()

    def unit_done(self, result: UnitResult) -> None:
        self._done += 1
        self._pages_done_units = self._pages
        if result.outcome != "unchanged":
            for _ in range(result.rows):
                self._progress.row()
        self._expect()
        logger.debug(
            "%s %s %s: %s, %d rows, %d pages%s",
            result.unit.account,
            result.unit.resource,
            result.unit.month,
            result.outcome,
            result.rows,
            result.pages,
            ", final" if result.final else "",
        )


def _warn(message: str) -> None:
    # Quotes the provider's error: no control character reaches the terminal.
    click.echo(printable(f"warning: {message}"), err=True)


def summary(report: SyncReport, target: Path) -> str:
    """The closing lines of a sync."""
    return (
        f"synced {report.fetched} month(s) of {report.accounts} account(s) into {target} in "
        f"{report.seconds:.1f} s: {report.count('new')} new, {report.count('restated')} restated, "
        f"{report.count('unchanged')} unchanged; {report.skipped_final} final month(s) skipped; "
        f"{report.rows_written} rows written from {report.pages} page(s)"
    )


def _month(ctx: click.Context, value: str, name: str) -> Month:
    try:
        return Month.parse(value, name=name)
    except ValueError as error:
        raise click.UsageError(str(error), ctx=ctx) from None


def _accounts(
    ctx: click.Context,
    profiles: tuple[str, ...],
    key_envs: tuple[str, ...],
    accounts_file: Path | None,
    options: dict[str, Any],
) -> list[Account]:
    try:
        accounts = [ncloud_account(profile, options=options) for profile in profiles]
        accounts += [hyperstack_account(env, options=options) for env in key_envs]
    except ValueError as error:
        raise click.UsageError(str(error), ctx=ctx) from None
    if accounts_file is not None:
        accounts += accounts_from_file(accounts_file, options=options)
    if not accounts:
        accounts = [ncloud_account(None, options=options), hyperstack_account(options=options)]
    names = [(account.provider, account.name) for account in accounts]
    if len(set(names)) != len(names):
        raise ConfigurationError("two accounts of the same provider have the same name")
    return accounts


@click.command(
    "sync",
    epilog="""\b
Examples:
  cloudcontracts sync --to costs.duckdb
  cloudcontracts sync --to costs/ --ncp-profile prod --ncp-profile research --hyperstack-env HS_KEY
  cloudcontracts sync --to costs.duckdb --accounts accounts.yaml --since 2023-01
  duckdb costs.duckdb "SELECT provider, month, BillingCurrency, sum(BilledCost) FROM focus GROUP BY ALL"
""",
)
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path),
    default=Path("costs.duckdb"),
    show_default=True,
    help="A DuckDB database (.duckdb, .db) or a folder of hive-partitioned Parquet (anything else).",
)
@click.option(
    "--format",
    "sink",
    type=click.Choice(["duckdb", "parquet"]),
    default=None,
    help="Force the kind of data set instead of reading it from --to.",
)
@click.option(
    "--ncp-profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="An NCP account: a profile of ~/.ncloud/configure (repeatable; rows carry its name).",
)
@click.option(
    "--hyperstack-env",
    "key_envs",
    multiple=True,
    metavar="VAR",
    help="A Hyperstack account: the environment variable holding its API key (repeatable).",
)
@click.option(
    "--accounts",
    "accounts_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="FILE",
    help="Accounts from a YAML file (ncloud: and hyperstack: lists; see docs/dataset.md).",
)
@click.option(
    "--since",
    default=None,
    metavar="YYYY-MM",
    help=f"First month of history (default: {DEFAULT_HISTORY} months before the current one).",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM",
    help="The month taken as the current one (default: this month, UTC).",
)
@click.option(
    "--final-after",
    type=click.IntRange(0, 120),
    default=DEFAULT_FINAL_AFTER,
    show_default=True,
    help="NCP months without a written bill (no cost, or cost not readable) and Hyperstack billing "
    "months are final after this many complete months and not fetched again.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Timeout of each request phase in seconds (default: 5 to connect, 60 otherwise).",
)
@click.option(
    "--max-retries",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="Retries of connection errors, timeouts, 429 and 5xx, with backoff.",
)
@verbose_option
@click.pass_context
def sync_command(
    ctx: click.Context,
    *,
    target: Path,
    sink: str | None,
    profiles: tuple[str, ...],
    key_envs: tuple[str, ...],
    accounts_file: Path | None,
    since: str | None,
    as_of: str | None,
    final_after: int,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Bring a local cost data set up to date: NCP usage, contract costs and invoices, and Hyperstack
    contracts and VM billing, flat and FOCUS (with cost).

    Only months that are new or not yet final are fetched (an NCP month is final once its bill is
    written; a Hyperstack billing month after --final-after complete months); each is replaced whole, so
    running it again is harmless, and a stopped sync resumes where it stopped. Tables: ncp_usage,
    ncp_contract_costs, ncp_invoices, hyperstack_contracts, hyperstack_billing, focus (each row with
    provider, account, resource and month). A key that may not read NCP cost gets usage, and one warning.
    """
    today = _month(ctx, as_of, "--as-of") if as_of else Month.parse(datetime.now(UTC).date())
    first = _month(ctx, since, "--since") if since else today.shifted(-DEFAULT_HISTORY)
    if first.ordinal > today.ordinal:
        raise click.UsageError(f"--since {first} is after the current month {today}", ctx=ctx)
    options: dict[str, Any] = {"max_retries": max_retries}
    if timeout is not None:
        options["timeout"] = timeout
    with command_session(ctx), unwinding_on_termination():
        accounts = _accounts(ctx, profiles, key_envs, accounts_file, options)
        chosen = "duckdb" if sink == "duckdb" else "parquet" if sink == "parquet" else sink_format(target)
        logger.debug(
            "sync into %s (%s), months %s..%s, %d account(s)", target, chosen, first, today, len(accounts)
        )
        try:
            data_set = open_sink(target, chosen)
        except ImportError as error:
            raise LocalError(str(error)) from None
        report = SyncReport()
        try:
            with progress_display("sync", sys.stderr, enabled=is_terminal(sys.stderr)) as progress:
                sync(
                    accounts,
                    default_resources(final_after=final_after),
                    data_set,
                    today=today,
                    since=first,
                    observer=_Observer(progress),
                    report=report,
                    warn=_warn,
                )
        except BaseException:
            if report.planned:
                click.echo(
                    f"cloudcontracts: sync stopped; {report.fetched} month(s) completed are kept, the next "
                    "sync continues from there",
                    err=True,
                )
            raise
        finally:
            data_set.close()
        click.echo(summary(report, target))
