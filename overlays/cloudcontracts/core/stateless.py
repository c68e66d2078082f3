"""httpx clients that keep no cookies from responses: the clients every overlay wrapper builds.

Neither API keeps state in cookies: Hyperstack reads the ``api_key`` header and NCP the signature v2
headers on every request (each provider's API reference). A stock ``httpx2.Client`` stores each
response's ``Set-Cookie`` in its jar and sends it back on later requests: for these APIs, state nobody
asked for -- a load balancer's affinity cookie would follow every later call, outside what NCP's
signature covers -- and work on every response, cookie or not: the jar builds ``urllib`` stand-ins for
the request and the response, with an ``email.Message`` of the headers, to look for one (30-60 us per
response, ``benchmarks/bench_request_overhead.py``). botocore keeps no cookie jar either.

Cookies a caller sets on purpose still go out: ``client.cookies.set(...)`` (or ``cookies=`` when building
the client). Only what responses set is not kept.
"""

from __future__ import annotations

from typing import Any

import httpx2

__all__ = ["AsyncStatelessClient", "ResponseCookiesIgnored", "StatelessClient"]


class ResponseCookiesIgnored(httpx2.Cookies):
    """A cookie jar that does not store the cookies responses set (see the module docstring)."""

    def extract_cookies(self, response: httpx2.Response) -> None:
        return None


class _KeepsNoResponseCookies:
    """What both clients below add to httpx's: a :class:`ResponseCookiesIgnored` jar as ``cookies``.

    httpx's own ``__init__`` stores its jar without the ``cookies`` setter, so the jar is installed
    after it; httpx reads ``self.cookies`` (merging a request's cookies, storing a response's).
    """

    _jar: ResponseCookiesIgnored

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._jar = ResponseCookiesIgnored(kwargs.get("cookies"))

    @property
    def cookies(self) -> httpx2.Cookies:
        return self._jar

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._jar = ResponseCookiesIgnored(cookies)


class StatelessClient(_KeepsNoResponseCookies, httpx2.Client):
    """``httpx2.Client`` whose jar keeps no response cookies (see the module docstring)."""


class AsyncStatelessClient(_KeepsNoResponseCookies, httpx2.AsyncClient):
    """``httpx2.AsyncClient`` whose jar keeps no response cookies (see the module docstring)."""
