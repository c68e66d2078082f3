"""``cloudcontracts ncloud usage|costs|invoices``: NCP usage, contract costs and invoices, every page.

``costs -o focus-*`` is the FOCUS export with money: usage joined with contract costs and invoices
(:func:`cloudcontracts.exports.focus_ncp_export.ncp_focus_rows`); a key without the cost permission gets
the usage-only export and one line on stderr saying why.

The query is validated in full by :func:`cloudcontracts.ncloud.check_usage_query` before credentials are
even looked up, so a bad month is exit code 2 whatever the set-up; then
:class:`~cloudcontracts.ncloud.client.NcloudBilling` finds credentials (environment, then
``~/.ncloud/configure`` with ``--profile``), splits the range into NCP's three-month windows and pages
through each.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import click
import httpx2

from cloudcontracts.cli.options import (
    FLAT_FORMATS,
    FOCUS_FORMATS,
    check_spreadsheet,
    connection_options,
    output_options,
    spreadsheet_option,
)
from cloudcontracts.cli.output import DataSet, Output, check_output
from cloudcontracts.cli.progress import Progress, page_items, progress_display, wants_progress
from cloudcontracts.cli.session import command_session, logger, verbose_option
from cloudcontracts.cli.table import printable
from cloudcontracts.exports.focus import focus_rows_from_ncp
from cloudcontracts.exports.focus_columns import FOCUS_COLUMNS
from cloudcontracts.exports.focus_ncp_export import ncp_focus_rows
from cloudcontracts.exports.ncp_money_rows import (
    NCP_CONTRACT_COST_COLUMNS,
    NCP_CONTRACT_COST_TABLE_COLUMNS,
    NCP_INVOICE_COLUMNS,
    NCP_INVOICE_TABLE_COLUMNS,
    ncp_contract_cost_rows,
    ncp_invoice_rows,
)
from cloudcontracts.exports.ncp_rows import NCP_USAGE_COLUMNS, NCP_USAGE_TABLE_COLUMNS, ncp_usage_rows
from cloudcontracts.ncloud.client import MAX_PAGE_SIZE, NcloudBilling, check_usage_query

__all__ = ["ncloud_group"]

USAGE = DataSet("NCP contract usage", NCP_USAGE_COLUMNS, NCP_USAGE_TABLE_COLUMNS)
FOCUS = DataSet("FOCUS 1.2", FOCUS_COLUMNS)
COSTS = DataSet("NCP contract costs", NCP_CONTRACT_COST_COLUMNS, NCP_CONTRACT_COST_TABLE_COLUMNS)
INVOICES = DataSet("NCP invoices", NCP_INVOICE_COLUMNS, NCP_INVOICE_TABLE_COLUMNS)


@click.group("ncloud")
def ncloud_group() -> None:
    """NAVER Cloud Platform (NCP) billing.

    Credentials come from NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY, or from
    ~/.ncloud/configure (--profile); never from an option, so that they stay out of shell history and
    process listings.
    """


def _windows(ctx: click.Context, **options: Any) -> list[tuple[str, str]]:
    try:
        return check_usage_query(**options)
    except ValueError as error:
        raise click.UsageError(str(error), ctx=ctx) from None


def _client(
    *,
    profile: str | None,
    site: str | None,
    base_url: str | None,
    response_format: Literal["json", "xml"],
    timeout: float | None,
    max_retries: int,
    transport: httpx2.BaseTransport | None,
) -> NcloudBilling:
    options: dict[str, Any] = {
        "profile": profile,
        "site": site,
        "base_url": base_url,
        "response_format": response_format,
        "max_retries": max_retries,
        "transport": transport,
    }
    if timeout is not None:
        options["timeout"] = timeout
    client = NcloudBilling(**options)
    logger.debug("NCP client: %r", client)  # names where credentials came from, never their values
    return client


@contextmanager
def _pulling(
    ctx: click.Context,
    title: str,
    *,
    output: str,
    out: Path | None,
    for_spreadsheet: bool,
    profile: str | None,
    site: str | None,
    base_url: str | None,
    response_format: Literal["json", "xml"],
    timeout: float | None,
    max_retries: int,
) -> Iterator[tuple[Output, Progress, NcloudBilling]]:
    """What every NCP command runs in: the command's session, its output, the progress display (on a
    terminal, not when rows go to it) and a client whose transport feeds that display."""
    with (
        command_session(ctx),
        Output(output, out, stdout=sys.stdout, neutralise_formulas=for_spreadsheet) as target,
    ):
        shown = wants_progress(sys.stderr, sys.stdout, rows_to_stdout=target.to_stdout and output != "table")
        with (
            progress_display(title, sys.stderr, enabled=shown) as progress,
            _client(
                profile=profile,
                site=site,
                base_url=base_url,
                response_format=response_format,
                timeout=timeout,
                max_retries=max_retries,
                transport=progress.transport(),
            ) as client,
        ):
            yield target, progress, client


@ncloud_group.command(
    "usage",
    epilog="""\b
Examples:
  cloudcontracts ncloud usage --start-month 2024-02 --end-month 2024-04
  cloudcontracts ncloud usage --start-month 2024-01 --end-month 2024-12 -o csv --out usage.csv
  cloudcontracts ncloud usage --start-month 202402 --end-month 202402 --member 1234567 --region KR
  cloudcontracts ncloud usage --start-month 2024-02 --end-month 2024-04 -o focus-csv --out focus.csv
  cloudcontracts ncloud usage --start-month 2024-02 --end-month 2024-04 --profile work --format xml
""",
)
@click.option("--start-month", required=True, metavar="YYYY-MM", help="First month (2024-02 or 202402).")
@click.option("--end-month", required=True, metavar="YYYY-MM", help="Last month, included.")
@click.option(
    "--member",
    "members",
    multiple=True,
    metavar="MEMBER_NO",
    help="Only these member accounts (repeatable; sent as memberNoList.N).",
)
@click.option("--contract-no", default=None, metavar="NO", help="Only this contract.")
@click.option("--contract-type", default=None, metavar="CODE", help="Only this contract type (e.g. VSVR).")
@click.option("--status", default=None, metavar="CODE", help="Only this contract status (e.g. NOML).")
@click.option("--region", default=None, metavar="CODE", help="Only this region (e.g. KR).")
@click.option("--organization", is_flag=True, help="Every member of the organisation (isOrganization).")
@click.option("--partner", is_flag=True, help="As a partner, for its customers (isPartner).")
@click.option(
    "--format",
    "response_format",
    type=click.Choice(["json", "xml"]),
    default="json",
    show_default=True,
    help="Format NCP answers in (the rows are the same either way).",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, MAX_PAGE_SIZE),
    default=MAX_PAGE_SIZE,
    show_default=True,
    help="Contracts per page (every page is fetched).",
)
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@spreadsheet_option
@connection_options(ncloud=True)
@verbose_option
@click.pass_context
def usage_command(
    ctx: click.Context,
    *,
    start_month: str,
    end_month: str,
    members: tuple[str, ...],
    contract_no: str | None,
    contract_type: str | None,
    status: str | None,
    region: str | None,
    organization: bool,
    partner: bool,
    response_format: Literal["json", "xml"],
    page_size: int,
    output: str,
    out: Path | None,
    for_spreadsheet: bool,
    profile: str | None,
    site: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Contract usage from --start-month to --end-month: one row per contract x product x usage record.

    Ranges longer than three months are split into NCP's three-month windows.
    """
    if organization and partner:
        raise click.UsageError(
            "--organization and --partner cannot be used together (NCP refuses it)", ctx=ctx
        )
    check_output(output, out, ctx)
    check_spreadsheet(for_spreadsheet, output, ctx)
    filters: dict[str, Any] = {
        "member_nos": list(members) or None,
        "contract_no": contract_no,
        "contract_type_code": contract_type,
        "contract_status_code": status,
        "region_code": region,
        "is_organization": organization,
        "is_partner": partner,
        "page_size": page_size,
    }
    windows = _windows(ctx, start_month=start_month, end_month=end_month, **filters)
    with _pulling(
        ctx,
        "NCP usage",
        output=output,
        out=out,
        for_spreadsheet=for_spreadsheet,
        profile=profile,
        site=site,
        base_url=base_url,
        response_format=response_format,
        timeout=timeout,
        max_retries=max_retries,
    ) as (target, progress, client):
        named = ", ".join(f"{first}..{last}" for first, last in windows)
        logger.debug("NCP usage: %d window(s) %s, page size %d", len(windows), named, page_size)
        pages = client.iter_pages(
            "getContractUsageList",
            start_month=start_month,
            end_month=end_month,
            response_format_type=response_format,
            **_usage_keywords(filters),
        )
        contracts = page_items(pages, progress, page_size=page_size, windows=len(windows))
        if output.startswith("focus-"):
            target.emit(focus_rows_from_ncp(contracts), FOCUS, progress)
        else:
            target.emit(ncp_usage_rows(contracts), USAGE, progress)


def _usage_keywords(filters: dict[str, Any]) -> dict[str, Any]:
    """The usage filters as the generated function's keywords (what is not given is not sent)."""
    names = {"member_nos": "member_no_list"}
    return {names.get(name, name): value for name, value in filters.items() if value}


def _money_options(command: Any) -> Any:
    """The options ``costs`` and ``invoices`` share (months, members, the two views, format, page size)."""
    for option in reversed(
        (
            click.option(
                "--start-month", required=True, metavar="YYYY-MM", help="First month (2024-02 or 202402)."
            ),
            click.option("--end-month", required=True, metavar="YYYY-MM", help="Last month, included."),
            click.option(
                "--member",
                "members",
                multiple=True,
                metavar="MEMBER_NO",
                help="Only these member accounts (repeatable; sent as memberNoList.N).",
            ),
            click.option(
                "--organization", is_flag=True, help="Every member of the organisation (isOrganization)."
            ),
            click.option("--partner", is_flag=True, help="As a partner, for its customers (isPartner)."),
            click.option(
                "--format",
                "response_format",
                type=click.Choice(["json", "xml"]),
                default="json",
                show_default=True,
                help="Format NCP answers in (the rows are the same either way).",
            ),
            click.option(
                "--page-size",
                type=click.IntRange(1, MAX_PAGE_SIZE),
                default=MAX_PAGE_SIZE,
                show_default=True,
                help="Rows per page (every page is fetched).",
            ),
        )
    ):
        command = option(command)
    return command


def _money_query(
    ctx: click.Context,
    *,
    start_month: str,
    end_month: str,
    members: tuple[str, ...],
    organization: bool,
    partner: bool,
    page_size: int,
) -> tuple[dict[str, Any], int]:
    """The generated functions' keywords for a money query and how many three-month windows it takes,
    checked like ``usage`` (exit 2 when bad)."""
    if organization and partner:
        raise click.UsageError(
            "--organization and --partner cannot be used together (NCP refuses it)", ctx=ctx
        )
    windows = _windows(
        ctx,
        start_month=start_month,
        end_month=end_month,
        member_nos=list(members) or None,
        is_organization=organization,
        is_partner=partner,
    )
    query: dict[str, Any] = {"page_size": page_size}
    if members:
        query["member_no_list"] = list(members)
    if organization:
        query["is_organization"] = True
    if partner:
        query["is_partner"] = True
    return query, len(windows)


def _warn(message: str) -> None:
    # The message quotes the provider's: no control character reaches the terminal.
    click.echo(printable(f"warning: {message}"), err=True)


@ncloud_group.command(
    "costs",
    epilog="""\b
Examples:
  cloudcontracts ncloud costs --start-month 2024-02 --end-month 2024-04
  cloudcontracts ncloud costs --start-month 2024-01 --end-month 2024-06 -o csv --out costs.csv
  cloudcontracts ncloud costs --start-month 2024-01 --end-month 2024-06 -o focus-parquet --out focus.parquet
""",
)
@_money_options
@click.option("--contract-no", default=None, metavar="NO", help="Only this contract.")
@click.option("--demand-type", default=None, metavar="CODE", help="Only this billing type (e.g. VSVR).")
@click.option("--region", default=None, metavar="CODE", help="Only this region (e.g. KR).")
@output_options(FLAT_FORMATS + FOCUS_FORMATS)
@spreadsheet_option
@connection_options(ncloud=True)
@verbose_option
@click.pass_context
def costs_command(
    ctx: click.Context,
    *,
    start_month: str,
    end_month: str,
    members: tuple[str, ...],
    organization: bool,
    partner: bool,
    response_format: Literal["json", "xml"],
    page_size: int,
    contract_no: str | None,
    demand_type: str | None,
    region: str | None,
    output: str,
    out: Path | None,
    for_spreadsheet: bool,
    profile: str | None,
    site: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Contract costs from --start-month to --end-month: one row per contract x product x month.

    With -o focus-csv or focus-parquet: usage joined with these costs and the invoices, as FOCUS 1.2
    (a key without the cost permission gets usage only, cost columns empty, and a warning).
    """
    check_output(output, out, ctx)
    check_spreadsheet(for_spreadsheet, output, ctx)
    query, windows = _money_query(
        ctx,
        start_month=start_month,
        end_month=end_month,
        members=members,
        organization=organization,
        partner=partner,
        page_size=page_size,
    )
    filters = {"contract_no": contract_no, "demand_type_code": demand_type, "region_code": region}
    with _pulling(
        ctx,
        "NCP costs",
        output=output,
        out=out,
        for_spreadsheet=for_spreadsheet,
        profile=profile,
        site=site,
        base_url=base_url,
        response_format=response_format,
        timeout=timeout,
        max_retries=max_retries,
    ) as (target, progress, client):
        if output.startswith("focus-"):
            rows = ncp_focus_rows(
                client,
                start_month,
                end_month,
                warn=_warn,
                member_nos=list(members) or None,
                is_organization=organization,
                is_partner=partner,
                page_size=page_size,
                contract_no=contract_no,
                region_code=region,
            )
            target.emit(rows, FOCUS, progress)
        else:
            given = {name: value for name, value in filters.items() if value}
            pages = client.iter_pages(
                "getContractDemandCostList",
                start_month=start_month,
                end_month=end_month,
                response_format_type=response_format,
                **query,
                **given,
            )
            costs = page_items(pages, progress, page_size=page_size, windows=windows)
            target.emit(ncp_contract_cost_rows(costs), COSTS, progress)


@ncloud_group.command(
    "invoices",
    epilog="""\b
Examples:
  cloudcontracts ncloud invoices --start-month 2024-01 --end-month 2024-06
  cloudcontracts ncloud invoices --start-month 2024-01 --end-month 2024-06 -o csv --out invoices.csv
""",
)
@_money_options
@output_options(FLAT_FORMATS)
@spreadsheet_option
@connection_options(ncloud=True)
@verbose_option
@click.pass_context
def invoices_command(
    ctx: click.Context,
    *,
    start_month: str,
    end_month: str,
    members: tuple[str, ...],
    organization: bool,
    partner: bool,
    response_format: Literal["json", "xml"],
    page_size: int,
    output: str,
    out: Path | None,
    for_spreadsheet: bool,
    profile: str | None,
    site: str | None,
    base_url: str | None,
    timeout: float | None,
    max_retries: int,
) -> None:
    """Monthly invoices from --start-month to --end-month: one row per member and month."""
    check_output(output, out, ctx)
    check_spreadsheet(for_spreadsheet, output, ctx)
    query, windows = _money_query(
        ctx,
        start_month=start_month,
        end_month=end_month,
        members=members,
        organization=organization,
        partner=partner,
        page_size=page_size,
    )
    with _pulling(
        ctx,
        "NCP invoices",
        output=output,
        out=out,
        for_spreadsheet=for_spreadsheet,
        profile=profile,
        site=site,
        base_url=base_url,
        response_format=response_format,
        timeout=timeout,
        max_retries=max_retries,
    ) as (target, progress, client):
        pages = client.iter_pages(
            "getDemandCostList",
            start_month=start_month,
            end_month=end_month,
            response_format_type=response_format,
            **query,
        )
        invoices = page_items(pages, progress, page_size=page_size, windows=windows)
        target.emit(ncp_invoice_rows(invoices), INVOICES, progress)
