"""Matching a replayed request to a recorded one, whatever credentials and identifiers either carried.

Requests match on method, path and :func:`query_matcher`: never on scheme, host or port (a cassette
recorded against a sandbox on a random port, or the live API, replays anywhere) and never on headers
(signatures, timestamps and keys differ on every run). In the query, account identifiers match whatever
their value -- ``SCRUBBED`` in the cassette, a real or fake member number in the test -- but their
number must agree: ``memberNoList.1`` and ``memberNoList.2`` are two members, not one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cloudcontracts.testing.documents import SCRUBBED, sensitive_names

__all__ = ["MATCH_ON", "QUERY_MATCHER", "comparable_query", "query_matcher"]

QUERY_MATCHER = "cloudcontracts_query"
MATCH_ON = ("method", "path", QUERY_MATCHER)


def comparable_query(uri: str) -> list[tuple[str, str]]:
    """The query's pairs, sorted, with every account identifier's value replaced by ``SCRUBBED``."""
    names = sensitive_names()
    pairs = parse_qsl(urlsplit(uri).query, keep_blank_values=True)
    return sorted((name, SCRUBBED if names.is_parameter(name) else value) for name, value in pairs)


def query_matcher(r1: Any, r2: Any) -> None:
    """A vcrpy matcher: raises ``AssertionError`` (with the difference) unless the queries are equal."""
    q1, q2 = comparable_query(r1.uri), comparable_query(r2.uri)
    if q1 != q2:  # vcrpy's matcher protocol: an AssertionError says why two requests differ
        raise AssertionError(f"query {q1} != {q2}")
