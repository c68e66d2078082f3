"""Exit codes of the ``cloudcontracts`` command, and the one function that picks one for an exception.

===  =================  ====================================================================================
 0   ok
 1   internal error     a bug: please report it (``-v`` shows the traceback)
 2   bad arguments      wrong or conflicting options, a bad month or date; nothing was sent
 3   configuration      no credentials found, an unknown profile or site, a refused base URL
 4   authentication     the provider refused the credentials (401) or the permission (403)
 5   API error          any other error answer: 400, 404, 405, 429 and 5xx once retries are spent,
                        NCP's ``returnCode`` other than "0"
 6   connection         no answer: connection refused or dropped, DNS failure, timeout
 7   unreadable answer  a body that cannot be decoded (HTML, truncated, malformed, too large, a field of
                        the wrong type)
 8   local problem      the output file cannot be written, or an optional extra is not installed
130  interrupted        Ctrl-C
141  broken pipe        the reader of the output went away (``| head``), as for any Unix tool
===  =================  ====================================================================================

The order of the checks in :func:`classify` matters: ``AuthenticationError`` is an ``APIStatusError``,
``APITimeoutError`` an ``APIConnectionError``, ``CredentialsError`` a ``ConfigurationError`` and a
``ValueError``.
"""

from __future__ import annotations

from enum import IntEnum

from cloudcontracts.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    CredentialsError,
    PermissionDeniedError,
    ResponseDecodeError,
)

__all__ = ["ExitCode", "LocalError", "classify"]


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    CONFIGURATION = 3
    AUTHENTICATION = 4
    API = 5
    CONNECTION = 6
    DECODE = 7
    LOCAL = 8
    INTERRUPTED = 130
    BROKEN_PIPE = 141


class LocalError(Exception):
    """Something on this machine failed: writing the output, or an optional extra that is missing."""


# First match wins: subclasses before their bases.
_CLASSES: tuple[tuple[type[BaseException], ExitCode, str], ...] = (
    (CredentialsError, ExitCode.CONFIGURATION, "missing credentials"),
    (ConfigurationError, ExitCode.CONFIGURATION, "configuration"),
    (AuthenticationError, ExitCode.AUTHENTICATION, "authentication failed"),
    (PermissionDeniedError, ExitCode.AUTHENTICATION, "permission denied"),
    (APIStatusError, ExitCode.API, "API error"),
    (APITimeoutError, ExitCode.CONNECTION, "timed out"),
    (APIConnectionError, ExitCode.CONNECTION, "connection failed"),
    (ResponseDecodeError, ExitCode.DECODE, "unreadable response"),
    (LocalError, ExitCode.LOCAL, "cannot complete locally"),
    (OSError, ExitCode.LOCAL, "cannot complete locally"),  # a file the command line opened itself
)


def classify(error: BaseException) -> tuple[ExitCode, str]:
    """``(exit code, label)`` for an exception that reached the command line's top level."""
    for cls, code, label in _CLASSES:
        if isinstance(error, cls):
            return code, label
    return ExitCode.INTERNAL, "internal error"
