"""What every command does around its work: ``-v`` logging on stderr, and redaction of known secrets.

``-v``/``--verbose`` (on the root or on a command) sets the ``cloudcontracts`` logger to DEBUG with one
handler on stderr for the duration of the command, then restores it, so that running commands in one
process (tests, a notebook) does not pile up handlers. The overlay logs one line per HTTP exchange
(method, URL with non-filter query values masked, status, time, size) and every retry; the command line
adds what it decided (where credentials came from, which windows it pulls).

No secret is ever logged by design: headers are never logged and errors never quote them. As a second
line of defence, the values of the credential environment variables the clients read are replaced by
``***`` in every log record and error line this module formats.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import click

from cloudcontracts.cli.exit_codes import ExitCode, classify

__all__ = ["VERBOSE_KEY", "Redactor", "command_session", "logger", "verbose_option"]

VERBOSE_KEY = "cloudcontracts.verbose"
logger = logging.getLogger("cloudcontracts.cli")

_SECRET_ENV = (
    "HYPERSTACK_API_KEY",
    "NCLOUD_ACCESS_KEY_ID",
    "NCLOUD_ACCESS_KEY",
    "NCLOUD_SECRET_ACCESS_KEY",
    "NCLOUD_SECRET_KEY",
)
_MIN_SECRET = 4  # shorter values would redact ordinary words


class Redactor:
    """Replaces each of ``secrets`` (longest first) by ``***`` in a text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= _MIN_SECRET}, key=len, reverse=True)

    @classmethod
    def from_environment(cls) -> Redactor:
        return cls(os.environ.get(name, "").strip() for name in _SECRET_ENV)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


class _RedactingFilter(logging.Filter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        # The traceback and stack are folded into the message so that they are redacted too: left in
        # exc_info, the formatter would render them later, past this filter.
        message = record.getMessage()
        if record.exc_info:
            message = f"{message}\n{logging.Formatter().formatException(record.exc_info)}"
        if record.stack_info:
            message = f"{message}\n{record.stack_info}"
        record.msg = self._redact(message)
        record.args = None
        record.exc_info = record.exc_text = record.stack_info = None
        return True


def _remember_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[VERBOSE_KEY] = True  # ctx.meta is shared by the root and every subcommand's context


verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    expose_value=False,
    callback=_remember_verbose,
    help="Log requests, retries and decisions on stderr (DEBUG on logger 'cloudcontracts'; no secrets).",
)


@contextmanager
def _verbose_logging(enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    root = logging.getLogger("cloudcontracts")
    handler = logging.StreamHandler(sys.stderr)  # the stderr of this invocation (CliRunner swaps it)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(_RedactingFilter(Redactor.from_environment()))
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@contextmanager
def command_session(ctx: click.Context) -> Iterator[None]:
    """Around one command's work: logging as ``-v`` asks, and the traceback of a bug in the log."""
    verbose = bool(ctx.meta.get(VERBOSE_KEY))
    with _verbose_logging(verbose):
        logger.debug("%s (cloudcontracts %s)", ctx.command_path, _version())
        try:
            yield
        except Exception as error:
            if classify(error)[0] is ExitCode.INTERNAL:
                logger.debug("traceback of the internal error", exc_info=True)
            raise


def _version() -> str:
    from cloudcontracts import __version__  # noqa: PLC0415 -- already imported with this package

    return __version__
