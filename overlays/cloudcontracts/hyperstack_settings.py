"""Resolving a Hyperstack client's set-up: API key, base URL, timeout, retries. No I/O besides ``os.environ``.

The environment variables are those of Hyperstack's own tools: ``HYPERSTACK_API_KEY`` (its CLI and
Terraform provider) and ``HYPERSTACK_API_ADDRESS`` (the Terraform provider's base-URL override). An
explicit argument always wins over the environment.

Everything here raises :class:`~cloudcontracts.errors.ConfigurationError` (or its subclass
``CredentialsError``) before any connection is made, and no message ever contains the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx

from .errors import ConfigurationError, CredentialsError
from .frozen_value import FrozenValue
from .security import require_secure_url

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "HyperstackSettings",
    "resolve_settings",
]

API_KEY_ENV = "HYPERSTACK_API_KEY"
BASE_URL_ENV = "HYPERSTACK_API_ADDRESS"
DEFAULT_BASE_URL = "https://infrahub-api.nexgencloud.com/v1"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
"""Connecting should be quick (5 s); a 1000-contract page is about a megabyte, so reads get 60 s."""
DEFAULT_MAX_RETRIES = 2


class HyperstackSettings(FrozenValue):
    """A resolved set-up, immutable and compared by value. ``repr`` leaves the key out on purpose.

    A :class:`~cloudcontracts.frozen_value.FrozenValue` rather than a frozen dataclass, for import time.
    """

    __slots__ = ("api_key", "base_url", "max_retries", "timeout")
    __match_args__ = ("api_key", "base_url", "timeout", "max_retries")

    api_key: str
    base_url: str
    timeout: httpx.Timeout
    max_retries: int

    def __init__(self, api_key: str, base_url: str, timeout: httpx.Timeout, max_retries: int) -> None:
        self._init_fields(api_key, base_url, timeout, max_retries)

    def __repr__(self) -> str:
        return (
            f"HyperstackSettings(base_url={self.base_url!r}, timeout={self.timeout!r}, "
            f"max_retries={self.max_retries!r})"
        )


def _api_key(api_key: str | None, environ: Mapping[str, str]) -> str:
    if api_key is None:
        api_key = environ.get(API_KEY_ENV, "").strip()
        if not api_key:
            raise CredentialsError(
                "no Hyperstack API key: pass api_key=... to the client or set the "
                f"{API_KEY_ENV} environment variable"
            )
    if not isinstance(api_key, str):
        raise ConfigurationError(f"api_key must be a str, got {type(api_key).__name__}")
    if not api_key.strip():
        raise CredentialsError(
            f"the Hyperstack API key is empty: pass a non-empty api_key=... or set {API_KEY_ENV}"
        )
    # Header values cannot hold line breaks or non-ASCII text; say so here instead of failing deep in
    # httpx with a message that might quote the value.
    if not api_key.isascii() or any(ch in api_key for ch in "\r\n\x00") or api_key != api_key.strip():
        raise ConfigurationError(
            "the Hyperstack API key contains whitespace at its ends, a line break or non-ASCII "
            "characters; check how it was copied (the key itself is not shown)"
        )
    return api_key


def _base_url(base_url: str | None, environ: Mapping[str, str]) -> str:
    if base_url is None:
        base_url = environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, got {type(base_url).__name__}")
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"invalid Hyperstack base URL {base_url!r}: {exc}") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ConfigurationError(
            f"the Hyperstack base URL must be an absolute https:// URL, got {base_url!r}"
        )
    # The key travels in a header on every request: the package's one rule (plain http only to loopback
    # hosts, for local fakes) is applied here, before any connection can be made.
    require_secure_url(base_url, what="the Hyperstack API key")
    return base_url.rstrip("/")


def _timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ConfigurationError(
            f"timeout must be a positive number of seconds or httpx.Timeout, got {timeout!r}"
        )
    return httpx.Timeout(float(timeout))


def _max_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ConfigurationError(f"max_retries must be an integer >= 0, got {max_retries!r}")
    return max_retries


def resolve_settings(
    api_key: str | None,
    *,
    base_url: str | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    environ: Mapping[str, str] | None = None,
) -> HyperstackSettings:
    """Apply the argument-then-environment-then-default rules and validate the result.

    A number for ``timeout`` sets every phase (httpx's meaning); pass ``httpx.Timeout`` to set them apart.
    """
    env = os.environ if environ is None else environ
    # The URL first: a refused http:// URL is reported even when the key is also missing.
    url = _base_url(base_url, env)
    return HyperstackSettings(
        api_key=_api_key(api_key, env),
        base_url=url,
        timeout=_timeout(timeout),
        max_retries=_max_retries(max_retries),
    )
