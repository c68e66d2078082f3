"""Finding a Hyperstack client's API key and base URL. No I/O besides ``os.environ``.

The environment variables are those of Hyperstack's own tools: ``HYPERSTACK_API_KEY`` (its CLI and
Terraform provider) and ``HYPERSTACK_API_ADDRESS`` (the Terraform provider's base-URL override). An
explicit argument always wins over the environment. The options every client shares (timeout,
retries, limits) are checked by :func:`cloudcontracts.core.options.client_options`.

Everything here raises :class:`~cloudcontracts.errors.ConfigurationError` (or its subclass
``CredentialsError``) before any connection is made, and no message ever contains the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from cloudcontracts.core.options import check_base_url
from cloudcontracts.errors import ConfigurationError, CredentialsError

__all__ = ["API_KEY_ENV", "BASE_URL_ENV", "DEFAULT_BASE_URL", "resolve_api_key", "resolve_base_url"]

API_KEY_ENV = "HYPERSTACK_API_KEY"
BASE_URL_ENV = "HYPERSTACK_API_ADDRESS"
DEFAULT_BASE_URL = "https://infrahub-api.nexgencloud.com/v1"


def resolve_api_key(api_key: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The key from the argument or ``HYPERSTACK_API_KEY``, checked to fit in a header."""
    env = os.environ if environ is None else environ
    if api_key is None:
        api_key = env.get(API_KEY_ENV, "").strip()
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


def resolve_base_url(base_url: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The base URL from the argument, ``HYPERSTACK_API_ADDRESS`` or the default, checked."""
    env = os.environ if environ is None else environ
    if base_url is None:
        base_url = env.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
    return check_base_url(base_url, what="the Hyperstack API key")
