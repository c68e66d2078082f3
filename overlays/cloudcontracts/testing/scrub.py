"""Scrubbing and normalising one recorded exchange, before vcrpy keeps it and again before it is written.

Scrubbing *replaces* (never removes) what :mod:`.documents` names: credential headers become
``SCRUBBED``, account identifiers become ``SCRUBBED`` (or ``0`` for an integer) in JSON and XML bodies,
in form bodies and in the query (NCP's ``memberNoList.N`` included). A replaced value keeps the
exchange's shape, so a replayed response still decodes into the same models.

Normalising makes a re-recording of the same exchanges byte-identical: the port of a loopback server
(a sandbox on a random port) becomes :data:`LOOPBACK_PORT`, and the response's ``Date`` header
:data:`FIXED_DATE`. NCP's timestamp header is a credential header, so it is scrubbed anyway.

Both functions work on vcrpy's objects through their documented shape only: a request with ``uri``,
``headers`` and ``body``; a response dict with ``headers`` (name -> list of values) and
``body["string"]``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from cloudcontracts.testing.documents import SCRUBBED, SensitiveNames, sensitive_names

__all__ = [
    "FIXED_DATE",
    "LOOPBACK_HOSTS",
    "LOOPBACK_PORT",
    "normalise_url",
    "scrub_body",
    "scrub_query",
    "scrub_request",
    "scrub_response",
]

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOOPBACK_PORT = 8080
FIXED_DATE = "Mon, 01 Jan 2024 00:00:00 GMT"


def scrub_query(query: str, names: SensitiveNames | None = None) -> str:
    """``query`` with each account-identifier parameter's value replaced; other pairs kept byte for byte."""
    names = names or sensitive_names()
    pairs = []
    for pair in query.split("&") if query else []:
        raw_name, eq, _ = pair.partition("=")
        scrub = eq and names.is_parameter(unquote_plus(raw_name))
        pairs.append(f"{raw_name}={SCRUBBED}" if scrub else pair)
    return "&".join(pairs)


def normalise_url(url: str, names: SensitiveNames | None = None) -> str:
    """The URL scrubbed (query) and normalised (a loopback server's port)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.hostname in LOOPBACK_HOSTS and parts.port is not None:
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        netloc = f"{host}:{LOOPBACK_PORT}"
    return urlunsplit(parts._replace(netloc=netloc, query=scrub_query(parts.query, names)))


def _scrub_json(value: Any, fields: dict[str, str | int]) -> tuple[Any, bool]:
    if isinstance(value, dict):
        changed = False
        out = {}
        for key, item in value.items():
            if key in fields and not isinstance(item, (dict, list)):
                out[key] = fields[key]
                changed = changed or item != fields[key]
            else:
                out[key], child_changed = _scrub_json(item, fields)
                changed = changed or child_changed
        return out, changed
    if isinstance(value, list):
        items = [_scrub_json(item, fields) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    return value, False


def _xml_pattern(fields: dict[str, str | int]) -> re.Pattern[bytes] | None:
    if not fields:
        return None
    alternatives = b"|".join(re.escape(name.encode()) for name in sorted(fields))
    return re.compile(rb"<(" + alternatives + rb")(\s[^>]*)?>[^<]*</\1\s*>")


def scrub_body(body: bytes, names: SensitiveNames | None = None, content_type: str = "") -> bytes:
    """A JSON, XML or form body with account identifiers replaced; anything else (or malformed) as is."""
    names = names or sensitive_names()
    fields = dict(names.fields)
    start = body.lstrip()[:1]
    if start == b"<":
        pattern = _xml_pattern(fields)
        if pattern is None:
            return body
        return pattern.sub(
            lambda m: b"<%s%s>%s</%s>" % (m[1], m[2] or b"", str(fields[m[1].decode()]).encode(), m[1]),
            body,
        )
    if start in (b"{", b"["):
        try:
            data = json.loads(body)
        except ValueError:
            return body  # a deliberately malformed body (a fault) carries no identifiers to scrub
        scrubbed, changed = _scrub_json(data, fields)
        # Untouched bodies keep their bytes: re-encoding would change a cassette for nothing.
        return json.dumps(scrubbed, ensure_ascii=False).encode("utf-8") if changed else body
    if "application/x-www-form-urlencoded" in content_type.lower():
        return scrub_query(body.decode("latin-1"), names).encode("latin-1")
    return body


def _header(headers: Any, name: str) -> str:
    for key in list(headers):
        if key.lower() == name:
            value = headers[key]
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


def scrub_request(request: Any, names: SensitiveNames | None = None) -> Any:
    """vcrpy's ``before_record_request``: the request scrubbed and normalised, in place, and returned."""
    names = names or sensitive_names()
    for key in list(request.headers):
        lower = key.lower()
        if lower in names.headers:
            request.headers[key] = SCRUBBED
        elif lower == "host":
            host = urlsplit(normalise_url(f"http://{request.headers[key]}/")).netloc
            request.headers[key] = host
    request.uri = normalise_url(request.uri, names)
    body = request.body
    if isinstance(body, (bytes, str)) and body:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        scrubbed = scrub_body(raw, names, _header(request.headers, "content-type"))
        if scrubbed != raw:
            request.body = scrubbed
            for key in list(request.headers):
                if key.lower() == "content-length":
                    request.headers[key] = str(len(scrubbed))
    return request


def scrub_response(response: dict[str, Any], names: SensitiveNames | None = None) -> dict[str, Any]:
    """vcrpy's ``before_record_response``: the response scrubbed and normalised, in place, and returned."""
    names = names or sensitive_names()
    headers = response.setdefault("headers", {})
    for key in list(headers):
        lower = key.lower()
        if lower in names.headers:
            headers[key] = [SCRUBBED]
        elif lower == "date":
            headers[key] = [FIXED_DATE]
    body = response.get("body", {}).get("string")
    if isinstance(body, str) and body:
        body = body.encode("utf-8")
    if isinstance(body, bytes) and body:
        scrubbed = scrub_body(body, names, _header(headers, "content-type"))
        if scrubbed != body:
            response["body"]["string"] = scrubbed
            for key in list(headers):
                if key.lower() == "content-length":
                    headers[key] = [str(len(scrubbed))]
    return response
