"""Options shared by several commands, and checks that turn bad input into usage errors before any request.

- output: ``--output/-o`` (table, json, jsonl, csv, parquet, and for contract and usage data
  focus-csv, focus-parquet) and ``--out FILE``;
- connection: ``--base-url``, ``--timeout``, ``--max-retries`` for both providers, plus ``--profile``
  and ``--site`` for NCP.

There is deliberately no option for a key or a secret: a value on the command line lands in the shell's
history and in every ``ps`` listing. Credentials come from the environment (``HYPERSTACK_API_KEY``,
``NCLOUD_ACCESS_KEY_ID``/``NCLOUD_SECRET_ACCESS_KEY``) or from ``~/.ncloud/configure`` (``--profile``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = [
    "FLAT_FORMATS",
    "FOCUS_FORMATS",
    "GRAPH_FORMATS",
    "check_spreadsheet",
    "connection_options",
    "output_options",
    "spreadsheet_option",
    "usage_error",
]

F = TypeVar("F", bound=Callable[..., Any])

FLAT_FORMATS = ("table", "json", "jsonl", "csv", "parquet")
FOCUS_FORMATS = ("focus-csv", "focus-parquet")
GRAPH_FORMATS = ("table", "json", "jsonl", "csv", "parquet")


def usage_error(message: str, ctx: click.Context | None = None) -> click.UsageError:
    """A bad-argument error (exit code 2), raised before anything is sent."""
    return click.UsageError(message, ctx=ctx)


def _apply(function: F, decorators: Sequence[Callable[[Any], Any]]) -> F:
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def output_options(formats: tuple[str, ...], *, table_help: str = "a table") -> Callable[[F], F]:
    """``--output/-o FORMAT`` and ``--out FILE``."""
    kinds = ", ".join(formats)

    def decorate(function: F) -> F:
        return _apply(
            function,
            [
                click.option(
                    "-o",
                    "--output",
                    type=click.Choice(formats),
                    default="table",
                    show_default=True,
                    help=f"Output format: {kinds}. 'table' is {table_help} for a terminal; the others "
                    "are written as rows arrive (parquet needs --out and the 'parquet' extra).",
                ),
                click.option(
                    "--out",
                    type=click.Path(dir_okay=False, writable=True, path_type=Path),
                    default=None,
                    metavar="FILE",
                    help="Write to FILE instead of stdout (replaced only once complete).",
                ),
            ],
        )

    return decorate


def spreadsheet_option(function: F) -> F:
    """``--for-spreadsheet``: CSV meant to be opened in a spreadsheet (see :func:`check_spreadsheet`)."""
    return click.option(
        "--for-spreadsheet",
        "for_spreadsheet",
        is_flag=True,
        help="CSV to open in a spreadsheet: a text cell that starts with =, +, -, @, a tab or a carriage "
        "return gets a leading ' so that it is not run as a formula (numbers are never changed). Off by "
        "default: the file then holds the provider's values exactly, for programs.",
    )(function)


def check_spreadsheet(for_spreadsheet: bool, fmt: str, ctx: click.Context | None = None) -> None:
    """``--for-spreadsheet`` changes CSV only: with any other output it is a usage error, not ignored."""
    if for_spreadsheet and fmt not in ("csv", "focus-csv"):
        raise usage_error(f"--for-spreadsheet applies to CSV output (csv, focus-csv), not {fmt}", ctx)


def connection_options(*, ncloud: bool) -> Callable[[F], F]:
    """``--base-url``, ``--timeout``, ``--max-retries``; with ``ncloud``, ``--profile`` and ``--site`` too."""
    env = "NCLOUD_API_GW" if ncloud else "HYPERSTACK_API_ADDRESS"
    options: list[Callable[[Any], Any]] = []
    if ncloud:
        options += [
            click.option(
                "--profile",
                default=None,
                metavar="NAME",
                help="Profile of ~/.ncloud/configure to read credentials from (default: "
                "$NCLOUD_PROFILE). A named profile wins over NCLOUD_ACCESS_KEY_ID/NCLOUD_SECRET_ACCESS_KEY; "
                "without one, those variables, then the file's DEFAULT.",
            ),
            click.option(
                "--site",
                type=click.Choice(["public", "gov", "fin"]),
                default=None,
                help="NCP site whose billing gateway to use (default: $NCLOUD_SITE, then public).",
            ),
        ]
    options += [
        click.option(
            "--base-url",
            default=None,
            metavar="URL",
            help=f"API base URL (default: ${env}, then the provider's). Plain http only to loopback.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=None,
            metavar="SECONDS",
            help="Timeout of each request phase in seconds (default: 5 to connect, 60 otherwise).",
        ),
        click.option(
            "--max-retries",
            type=click.IntRange(0, 10),
            default=2,
            show_default=True,
            help="Retries of connection errors, timeouts, 429 and 5xx, with backoff.",
        ),
    ]

    def decorate(function: F) -> F:
        return _apply(function, options)

    return decorate
