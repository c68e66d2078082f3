"""The set-up every cloudcontracts client shares, validated in one place for both providers.

:func:`client_options` checks the options a user passes to any client (``NcloudBilling``,
``HyperstackContracts`` and their async twins) the same way, with the same error types and words, before
anything touches the network. A provider adds only what is its own (credentials, signing, decoding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import httpx2

from cloudcontracts.core.security import require_secure_url
from cloudcontracts.core.validation import check_configuration_int, positive_seconds
from cloudcontracts.errors import ConfigurationError
from cloudcontracts.rate_limit import RateLimiter
from cloudcontracts.retry import RetryPolicy

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ClientOptions",
    "check_base_url",
    "client_options",
]

# A DNS name (letters, digits, hyphens, dots; IDNs arrive punycoded), IPv4, or a bracketless IPv6.
_HOST: Final = re.compile(r"[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+(%[A-Za-z0-9._~-]+)?")

DEFAULT_TIMEOUT: Final = httpx2.Timeout(60.0, connect=5.0)
"""Connecting should be quick (5 s); a 1000-row page can be megabytes from a slow gateway, so reads get
60 s. The one default timeout of every client."""

DEFAULT_DEADLINE: Final = 300.0
"""Seconds one call may take in all, retries and their waits included, however slowly a server sends:
httpx's timeouts bound each read, not a response that trickles in one byte at a time."""

DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_CONCURRENCY: Final = 4
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
"""32 MiB: four times a 1000-contract NCP page in XML with 2 products x 3 usages each (8.4 MB), the
largest body these endpoints are known to give. Raise it (or ask for JSON, 3x smaller) for bigger pages."""

DEFAULT_MAX_PAGES: Final = 10_000
"""Pages one walk may request at most (10 million rows at NCP's 1000 a page). A server announcing more
(a lying ``totalRows``) is refused before the walk starts, not followed for days."""


@dataclass(frozen=True, slots=True)
class ClientOptions:
    """A client's validated set-up (see :func:`client_options`)."""

    base_url: str
    timeout: httpx2.Timeout
    retry: RetryPolicy
    deadline: float
    concurrency: int
    max_response_bytes: int
    max_pages: int
    rate_limit: RateLimiter | None


def check_base_url(base_url: object, *, what: str) -> str:
    """An absolute ``https://`` URL (plain ``http://`` only to loopback hosts), without credentials in it.

    ``what`` names what the URL would carry (``"the Hyperstack API key"``) for the messages.
    """
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, not {type(base_url).__name__}")
    try:
        url = httpx2.URL(base_url)
    except (httpx2.InvalidURL, ValueError, TypeError):
        # The exception's text quotes the URL, which may hold a password: not chained, not shown.
        raise ConfigurationError("base_url is not a valid URL") from None
    if url.userinfo:
        # Neither API reads credentials from the URL; a password there would be printed by every
        # log line and error that names the URL.
        raise ConfigurationError("base_url must not contain a user name or password (user:pass@host)")
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(f"base_url must be an absolute https:// URL, not {base_url!r}")
    if any(c.isspace() for c in base_url) or not _HOST.fullmatch(url.host):
        raise ConfigurationError(f"base_url has an invalid host name: {base_url!r}")
    try:
        port = url.port  # httpx accepts any digits here; a socket does not
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        raise ConfigurationError(f"base_url has an invalid port: {base_url!r}")
    if url.query or url.fragment:
        # Operations append their own path and query: one given here would be dropped or mangled.
        raise ConfigurationError(f"base_url must not have a query or fragment: {base_url!r}")
    require_secure_url(base_url, what=what)
    return base_url.rstrip("/")


def _timeout(timeout: object) -> httpx2.Timeout:
    if isinstance(timeout, httpx2.Timeout):
        for phase, value in timeout.as_dict().items():
            if value is not None:
                positive_seconds(f"timeout's {phase}", value)
        return timeout
    return httpx2.Timeout(positive_seconds("timeout", timeout))


def client_options(
    *,
    base_url: str,
    what: str,
    timeout: float | httpx2.Timeout,
    max_retries: int,
    retry_policy: RetryPolicy | None,
    deadline: float,
    concurrency: int,
    max_response_bytes: int,
    max_pages: int,
    rate_limit: RateLimiter | None,
) -> ClientOptions:
    """Validate a client's options (``ConfigurationError`` naming the option) and bundle them.

    An explicit ``retry_policy`` is used whole (its own ``max_retries``); otherwise the default policy
    with ``max_retries``.
    """
    if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
        raise ConfigurationError(f"retry_policy must be a RetryPolicy, not {type(retry_policy).__name__}")
    if rate_limit is not None and not isinstance(rate_limit, RateLimiter):
        raise ConfigurationError(f"rate_limit must be a RateLimiter, not {type(rate_limit).__name__}")
    retries = check_configuration_int("max_retries", max_retries, minimum=0)
    return ClientOptions(
        base_url=check_base_url(base_url, what=what),
        timeout=_timeout(timeout),
        retry=retry_policy if retry_policy is not None else RetryPolicy(max_retries=retries),
        deadline=positive_seconds("deadline", deadline),
        concurrency=check_configuration_int("concurrency", concurrency, minimum=1),
        max_response_bytes=check_configuration_int("max_response_bytes", max_response_bytes, minimum=1),
        max_pages=check_configuration_int("max_pages", max_pages, minimum=1),
        rate_limit=rate_limit,
    )
