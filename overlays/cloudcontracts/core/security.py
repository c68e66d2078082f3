"""Credential safety checks shared by both clients."""

from __future__ import annotations

import ipaddress
from collections.abc import Generator

import httpx2

from cloudcontracts.errors import ConfigurationError

__all__ = ["ApiKeyHeaderAuth", "Secret", "is_loopback_host", "require_secure_url"]


class Secret:
    """Holds the secret key so that repr/str/vars() of the auth object never print it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


class ApiKeyHeaderAuth(httpx2.Auth):
    """Sends a key in a request header, with a ``repr`` that never shows it.

    Why not the generated ``AuthenticatedClient(token=...)``: that attrs class prints its ``token`` and its
    ``headers`` (where it copies the token) in its ``repr``, so logging the client would leak the key. The
    overlay gives it an empty token and this auth in ``httpx_args`` instead; httpx applies the auth after
    the client's headers, so the header on the wire carries the key.
    """

    def __init__(self, header: str, key: str) -> None:
        self._header = header
        self._key = Secret(key)

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        request.headers[self._header] = self._key.reveal()
        yield request

    def secret_values(self) -> tuple[str, ...]:
        """The key, for the pipeline's redaction of errors (:mod:`cloudcontracts.core.redaction`)."""
        return (self._key.reveal(),)

    def __repr__(self) -> str:
        return f"ApiKeyHeaderAuth(header={self._header!r}, key=<secret>)"

    __str__ = __repr__


def is_loopback_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_secure_url(url: str, *, what: str) -> str:
    """Refuse to send credentials over plain http unless the host is loopback (127.0.0.0/8, ::1, localhost).

    Raised at construction, so no connection is ever made with credentials in clear text on a network.
    """
    parsed = httpx2.URL(url)
    if parsed.scheme == "https":
        return url
    if parsed.scheme == "http" and is_loopback_host(parsed.host):
        return url
    if parsed.scheme == "http":
        raise ConfigurationError(
            f"refusing to send {what} over plain http to {parsed.host!r}: use https (plain http is allowed "
            "only to loopback addresses such as a local sandbox)"
        )
    raise ConfigurationError(f"{what}: base URL must be http(s), got scheme {parsed.scheme!r}")
