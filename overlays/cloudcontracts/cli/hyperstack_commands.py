"""``cloudcontracts hyperstack``: contracts, one contract, a contract's GPU allocation graph, the VM
billing history, a contract's machines, the pricebook, commitments (FOCUS 1.3) and utilisation.

Each command validates its arguments first (exit code 2, nothing sent), then builds
:class:`~cloudcontracts.hyperstack.client.HyperstackContracts` (key from ``HYPERSTACK_API_KEY``, base URL from
``--base-url`` or ``HYPERSTACK_API_ADDRESS``) and writes rows through :mod:`.output`.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import httpx2

from cloudcontracts.cli.exit_codes import LocalError
from cloudcontracts.cli.options import (
    FLAT_FORMATS,
    FOCUS_FORMATS,
    GRAPH_FORMATS,
    connection_options,
    output_options,
)
from cloudcontracts.cli.output import DataSet, Output, check_output
from cloudcontracts.cli.progress import Progress, progress_display, wants_progress
from cloudcontracts.cli.session import command_session, logger, verbose_option
from cloudcontracts.exports.focus import focus_rows_from_hyperstack
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS
from cloudcontracts.exports.focus_contract_commitment import CONTRACT_COMMITMENT_COLUMNS
from cloudcontracts.exports.hyperstack_money_rows import (
    BILLING_COLUMNS,
    MACHINE_COLUMNS,
    PRICEBOOK_COLUMNS,
    UTILISATION_COLUMNS,
    UTILISATION_TABLE_COLUMNS,
    billing_rows,
    machine_rows,
    pricebook_rows,
    utilisation_rows,
)
from cloudcontracts.exports.hyperstack_rows import (
    GPU_GRAPH_COLUMNS,
    HYPERSTACK_CONTRACT_COLUMNS,
    HYPERSTACK_CONTRACT_TABLE_COLUMNS,
    gpu_graph_rows,
    hyperstack_contract_rows,
)
from cloudcontracts.hyperstack.client import DEFAULT_PER_PAGE, HyperstackContracts
from cloudcontracts.hyperstack.timestamps import check_time_range, parse_hyperstack_datetime

__all__ = ["hyperstack_group"]

CONTRACTS = DataSet("Hyperstack contracts", HYPERSTACK_CONTRACT_COLUMNS, HYPERSTACK_CONTRACT_TABLE_COLUMNS)
FOCUS = DataSet("FOCUS 1.2", FOCUS_COLUMNS)
GRAPH = DataSet("GPU allocation", GPU_GRAPH_COLUMNS)
BILLING = DataSet("Hyperstack VM billing", BILLING_COLUMNS)
MACHINES = DataSet("Hyperstack machines", MACHINE_COLUMNS)
PRICEBOOK = DataSet("Hyperstack pricebook", PRICEBOOK_COLUMNS)
COMMITMENTS = DataSet("FOCUS 1.3 Contract Commitment", CONTRACT_COMMITMENT_COLUMNS)
UTILISATION = DataSet("Hyperstack contract utilisation", UTILISATION_COLUMNS, UTILISATION_TABLE_COLUMNS)


def _client(
    base_url: str | None, timeout: float | None, max_retries: int, transport: httpx2.BaseTransport | None
) -> HyperstackContracts:
    options: dict[str, Any] = {"base_url": base_url, "max_retries": max_retries, "transport": transport}
    if timeout is not None:
        options["timeout"] = timeout
    client = HyperstackContracts(**options)
    logger.debug("Hyperstack client: %r", client)  # its repr never shows the key
    return client


@contextlib.contextmanager
def _one_request(
    ctx: click.Context,
    *,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> Iterator[tuple[Output, Progress, HyperstackContracts]]:
    """What a single-request command runs in: the session, its output, a client, and a progress
    display that stays off (one request has nothing to count)."""
    with (
        command_session(ctx),
        Output(output, out, stdout=sys.stdout) as target,
        progress_display("", sys.stderr, enabled=False) as progress,
        _client(base_url, timeout, max_retries, None) as client,
    ):
        yield target, progress, client


@click.group("hyperstack")
def hyperstack_group() -> None:
    """Hyperstack (NexGen Cloud) contracts.

    The API key is read from HYPERSTACK_API_KEY (never from an option, so that it stays out of shell
    history and process listings); the base URL from --base-url or HYPERSTACK_API_ADDRESS.
    """


@hyperstack_group.command(
    "contracts",
    epilog="""\b
Examples:
  cloudcontracts hyperstack contracts
  cloudcontracts hyperstack contracts -o csv --out contracts.csv
  cloudcontracts hyperstack contracts -o focus-parquet --out focus.parquet
""",
)
@click.option(
    "--per-page",
    type=click.IntRange(1, 1000),
    default=DEFAULT_PER_PAGE,
    show_default=True,
    help="Contracts asked for per page (every page is fetched).",
)
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def contracts_command(
    ctx: click.Context,
    *,
    per_page: int,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Every contract, one row per contract x discount plan (a contract without plans: one row)."""
    check_output(output, out, ctx)
    with command_session(ctx), Output(output, out, stdout=sys.stdout) as target:
        shown = wants_progress(sys.stderr, sys.stdout, rows_to_stdout=target.to_stdout and output != "table")
        with (
            progress_display("Hyperstack contracts", sys.stderr, enabled=shown) as progress,
            _client(base_url, timeout, max_retries, progress.transport()) as client,
        ):
            contracts = client.iter_contracts(per_page=per_page)
            if output.startswith("focus-"):
                target.emit(focus_rows_from_hyperstack(contracts), FOCUS, progress)
            else:
                target.emit(hyperstack_contract_rows(contracts), CONTRACTS, progress)


@hyperstack_group.command(
    "contract",
    epilog="""\b
Examples:
  cloudcontracts hyperstack contract 42
  cloudcontracts hyperstack contract 42 -o json
""",
)
@click.argument("contract_id", type=click.IntRange(min=1))
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def contract_command(
    ctx: click.Context,
    *,
    contract_id: int,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """One contract with its discount plans, in the same row shape as 'contracts'."""
    check_output(output, out, ctx)
    with _one_request(
        ctx, output=output, out=out, base_url=base_url, timeout=timeout, max_retries=max_retries
    ) as (target, progress, client):
        contract = client.get_contract(contract_id)
        if output.startswith("focus-"):
            target.emit(focus_rows_from_hyperstack([contract]), FOCUS, progress)
        else:
            target.emit(hyperstack_contract_rows([contract]), CONTRACTS, progress)


def _check_period(ctx: click.Context, start: str | None, end: str | None) -> None:
    try:
        check_time_range(start, end)
    except (TypeError, ValueError) as error:
        raise click.UsageError(f"--start/--end: {error}", ctx=ctx) from None


def _chart_width(width: int | None) -> int:
    if width is not None:
        return width
    # The terminal's width when drawing on one; a fixed 80 columns otherwise, so pipes are reproducible.
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 80


@hyperstack_group.command(
    "gpu-graph",
    epilog="""\b
Examples:
  cloudcontracts hyperstack gpu-graph 42
  cloudcontracts hyperstack gpu-graph 42 --start 2026-05-01 --end 2026-05-31T23:59:59
  cloudcontracts hyperstack gpu-graph 42 --png gpu.png
  cloudcontracts hyperstack gpu-graph 42 -o csv --out gpu.csv
""",
)
@click.argument("contract_id", type=click.IntRange(min=1))
@click.option("--start", default=None, metavar="WHEN", help="Start, ISO 8601 (zone-less means UTC).")
@click.option("--end", default=None, metavar="WHEN", help="End, ISO 8601 (zone-less means UTC).")
@click.option(
    "--png",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also draw the graph as a PNG (needs the 'plot' extra, matplotlib).",
)
@click.option("--width", type=click.IntRange(20, 1000), default=None, help="Width of the terminal chart.")
@output_options(GRAPH_FORMATS, table_help="a chart of the buckets")
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def gpu_graph_command(
    ctx: click.Context,
    *,
    contract_id: int,
    start: str | None,
    end: str | None,
    png: Path | None,
    width: int | None,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """A contract's GPU allocation over time: a terminal chart (UTC), a PNG, or one row per bucket."""
    check_output(output, out, ctx)
    _check_period(ctx, start, end)
    with _one_request(
        ctx, output=output, out=out, base_url=base_url, timeout=timeout, max_retries=max_retries
    ) as (target, progress, client):
        graph = client.gpu_allocation_graph(contract_id, start=start, end=end)
        rows = list(gpu_graph_rows(graph))  # validates every bucket before anything is drawn
        if png is not None:
            _write_png(graph, png)
        if output != "table":
            target.emit(rows, GRAPH, progress)
        elif png is None:  # with --png, the picture is the output and stdout stays empty
            from cloudcontracts.plot import render_terminal  # noqa: PLC0415 -- only this command draws

            target.write_text(render_terminal(graph, width=_chart_width(width)) + "\n")


def _write_png(graph: Any, path: Path) -> None:
    from cloudcontracts.plot import render_png  # noqa: PLC0415

    try:
        render_png(graph, path)
    except ImportError as error:
        raise LocalError(str(error)) from None
    except OSError as error:
        raise LocalError(f"cannot write {path}: {error.strerror or error}") from None
    click.echo(f"wrote {path}", err=True)


def _required_period(ctx: click.Context, start: str, end: str) -> tuple[str, str]:
    try:
        start_text, end_text = check_time_range(start, end)
    except (TypeError, ValueError) as error:
        raise click.UsageError(f"--start/--end: {error}", ctx=ctx) from None
    if start_text is None or end_text is None or start_text == end_text:
        raise click.UsageError("--start/--end: the period is empty", ctx=ctx)
    return start_text, end_text


_START = click.option("--start", required=True, metavar="WHEN", help="Start, ISO 8601 (zone-less means UTC).")
_END = click.option("--end", required=True, metavar="WHEN", help="End (exclusive), ISO 8601 (UTC).")


@hyperstack_group.command(
    "billing",
    epilog="""\b
Examples:
  cloudcontracts hyperstack billing --start 2026-04-01 --end 2026-05-01
  cloudcontracts hyperstack billing --start 2026-04-01 --end 2026-05-01 -o csv --out billing.csv
  cloudcontracts hyperstack billing --start 2026-04-01 --end 2026-05-01 -o focus-csv --out focus.csv
""",
)
@_START
@_END
@click.option("--search", default=None, help="Only machines whose name or id contains this.")
@click.option(
    "--per-page",
    type=click.IntRange(1, 1000),
    default=DEFAULT_PER_PAGE,
    show_default=True,
    help="Entries asked for per page (every page is fetched).",
)
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def billing_command(
    ctx: click.Context,
    *,
    start: str,
    end: str,
    search: str | None,
    per_page: int,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """What each virtual machine was billed in a period (USD): one row per machine; with -o focus-*,
    FOCUS rows of the machines' bills and of the contracts bought (see docs/focus.md)."""
    check_output(output, out, ctx)
    start_text, end_text = _required_period(ctx, start, end)
    if output.startswith("focus-") and search is not None:
        raise click.UsageError("--search: the FOCUS export covers every machine; leave it out", ctx=ctx)
    with command_session(ctx), Output(output, out, stdout=sys.stdout) as target:
        shown = wants_progress(sys.stderr, sys.stdout, rows_to_stdout=target.to_stdout and output != "table")
        with (
            progress_display("Hyperstack billing", sys.stderr, enabled=shown) as progress,
            _client(base_url, timeout, max_retries, progress.transport()) as client,
        ):
            if output.startswith("focus-"):
                from cloudcontracts.exports.focus_hyperstack_export import (  # noqa: PLC0415
                    hyperstack_billing_focus_rows,
                )

                target.emit(hyperstack_billing_focus_rows(client, start_text, end_text), FOCUS, progress)
                return
            extra = {} if search is None else {"search": search}
            entries = client.iter_vm_billing(start_text, end_text, per_page=per_page, **extra)
            period = parse_hyperstack_datetime(start_text), parse_hyperstack_datetime(end_text)
            target.emit(billing_rows(entries, start=period[0], end=period[1]), BILLING, progress)


@hyperstack_group.command(
    "machines",
    epilog="""\b
Examples:
  cloudcontracts hyperstack machines 42
  cloudcontracts hyperstack machines 42 -o json
""",
)
@click.argument("contract_id", type=click.IntRange(min=1))
@output_options(FLAT_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def machines_command(
    ctx: click.Context,
    *,
    contract_id: int,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """The virtual machines under a contract, running or terminated (times in UTC)."""
    check_output(output, out, ctx)
    with _one_request(
        ctx, output=output, out=out, base_url=base_url, timeout=timeout, max_retries=max_retries
    ) as (target, progress, client):
        target.emit(machine_rows(contract_id, client.contract_machines(contract_id)), MACHINES, progress)


@hyperstack_group.command(
    "pricebook",
    epilog="""\b
Examples:
  cloudcontracts hyperstack pricebook
  cloudcontracts hyperstack pricebook -o csv --out prices.csv
""",
)
@output_options(FLAT_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def pricebook_command(
    ctx: click.Context,
    *,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Hourly list prices (USD) of every flavour."""
    check_output(output, out, ctx)
    with _one_request(
        ctx, output=output, out=out, base_url=base_url, timeout=timeout, max_retries=max_retries
    ) as (target, progress, client):
        target.emit(pricebook_rows(client.pricebook()), PRICEBOOK, progress)


@hyperstack_group.command(
    "commitments",
    epilog="""\b
Examples:
  cloudcontracts hyperstack commitments
  cloudcontracts hyperstack commitments -o focus-csv --out commitments.csv
""",
)
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def commitments_command(
    ctx: click.Context,
    *,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Every contract's discount plans as the FOCUS 1.3 Contract Commitment dataset (one row per plan;
    -o focus-csv/focus-parquet write the same rows as csv/parquet)."""
    from cloudcontracts.exports.focus_contract_commitment import contract_commitment_rows  # noqa: PLC0415

    check_output(output, out, ctx)
    with command_session(ctx), Output(output, out, stdout=sys.stdout) as target:
        shown = wants_progress(sys.stderr, sys.stdout, rows_to_stdout=target.to_stdout and output != "table")
        with (
            progress_display("Hyperstack contracts", sys.stderr, enabled=shown) as progress,
            _client(base_url, timeout, max_retries, progress.transport()) as client,
        ):
            target.emit(contract_commitment_rows(client.iter_contracts()), COMMITMENTS, progress)


@hyperstack_group.command(
    "utilisation",
    epilog="""\b
Examples:
  cloudcontracts hyperstack utilisation 42 --start 2026-04-01 --end 2026-05-01
  cloudcontracts hyperstack utilisation 42 --start 2026-04-01 --end 2026-05-01 --png use.png
  cloudcontracts hyperstack utilisation --start 2026-04-01 --end 2026-05-01 -o csv --out all.csv
""",
)
@click.argument("contract_id", type=click.IntRange(min=1), required=False)
@_START
@_END
@click.option(
    "--png",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also draw allocation against commitment as a PNG (one contract; needs the 'plot' extra).",
)
@output_options(FLAT_FORMATS)
@connection_options(ncloud=False)
@verbose_option
@click.pass_context
def utilisation_command(
    ctx: click.Context,
    *,
    contract_id: int | None,
    start: str,
    end: str,
    png: Path | None,
    output: str,
    out: Path | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """How much of a contract's committed GPU capacity was used in a period (every contract without
    CONTRACT): contracted, allocated and unused GPU-hours, utilisation %, billed machine hours and cost."""
    from cloudcontracts.hyperstack.utilisation import utilisations  # noqa: PLC0415

    check_output(output, out, ctx)
    start_text, end_text = _required_period(ctx, start, end)
    if png is not None and contract_id is None:
        raise click.UsageError("--png draws one contract: give CONTRACT", ctx=ctx)
    with _one_request(
        ctx, output=output, out=out, base_url=base_url, timeout=timeout, max_retries=max_retries
    ) as (target, progress, client):
        contracts = None if contract_id is None else [client.get_contract(contract_id)]
        found = utilisations(client, start=start_text, end=end_text, contracts=contracts)
        if png is not None:
            _write_utilisation_png(found[0], png)
        target.emit(utilisation_rows(found), UTILISATION, progress)


def _write_utilisation_png(utilisation: Any, path: Path) -> None:
    from cloudcontracts.plot import render_utilisation_png  # noqa: PLC0415

    try:
        render_utilisation_png(utilisation, path)
    except ImportError as error:
        raise LocalError(str(error)) from None
    except OSError as error:
        raise LocalError(f"cannot write {path}: {error.strerror or error}") from None
    click.echo(f"wrote {path}", err=True)
