"""Credential safety checks shared by both clients."""

from __future__ import annotations

import ipaddress

import httpx

from .errors import ConfigurationError

__all__ = ["is_loopback_host", "require_secure_url"]


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
    parsed = httpx.URL(url)
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
