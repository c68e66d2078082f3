"""An ``httpx.URL`` from a base URL and a path and query the caller has already put in final form.

httpx validates a URL by scanning it character by character and matching it against regexes, each time
one is built from text (``httpx.URL(str)``, ``copy_with``): about 20 us for an NCP request URL, paid on
every request although the overlay wrote every character of that path and query itself, from a closed
set of characters (``ncloud_signing.wire_url``). :func:`url_with_path_and_query` builds the same URL
from the base URL's already-parsed parts instead.

That reaches into httpx 0.28's private ``URL._uri_reference`` (a ``ParseResult`` named tuple). It is
used only when that shape is what this httpx has -- checked once, at import -- and otherwise the URL is
built the public way (``copy_with``), with the same result: ``tests/test_request_cost.py`` compares the
two for every base-URL form.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["url_with_path_and_query"]

_PARSE_RESULT_FIELDS = ("scheme", "userinfo", "host", "port", "path", "query", "fragment")


def _parsed_parts_available() -> bool:
    """Whether this httpx keeps a URL as a ``ParseResult`` named tuple with the fields relied on."""
    reference = getattr(httpx.URL("http://127.0.0.1/"), "_uri_reference", None)
    fields = getattr(type(reference), "_fields", None)
    return fields == _PARSE_RESULT_FIELDS and callable(getattr(reference, "_replace", None))


ASSEMBLE_FROM_PARTS = _parsed_parts_available()
"""False on an httpx whose URL internals differ (e.g. before 0.28): then every URL is parsed."""


def url_with_path_and_query(base_url: httpx.URL, path: str, query: str) -> httpx.URL:
    """``base_url`` (no query, no fragment) with ``path`` and ``query`` -- ASCII, nothing in them that
    httpx would escape or normalise (the caller guarantees it) -- in place of its own."""
    if not ASSEMBLE_FROM_PARTS:
        return base_url.copy_with(raw_path=f"{path}?{query}".encode("ascii"))
    url = httpx.URL.__new__(httpx.URL)
    reference: Any = base_url._uri_reference
    url._uri_reference = reference._replace(path=path, query=query)
    return url
