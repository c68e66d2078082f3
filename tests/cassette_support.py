"""Cassette scrubbing and matching, shared by the cassette tests and scripts/record_cassettes.py.

Secrets are scrubbed by *replacement*, never removal, before vcrpy writes anything (as pytest-recording
and vcrpy recommend): the Hyperstack ``api_key`` header, NCP's access key and signature headers, and
account identifiers in bodies (NCP ``memberNo``/``loginId`` in JSON and XML, Hyperstack ``org_id``)
and in the query (``memberNoList.N``). Requests match on method, path and the scrubbed query -- not
scheme, host or port -- so a cassette recorded against a sandbox on a random port, or against the live
API, replays anywhere.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCRUBBED = "SCRUBBED"
SECRET_HEADERS = ("api_key", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2")
MEMBER_PLACEHOLDER = "MEMBER"

_XML_ACCOUNT = re.compile(rb"<(memberNo|loginId)>[^<]*</\1>")
_JSON_ACCOUNT_KEYS = {"memberNo": MEMBER_PLACEHOLDER, "loginId": "LOGIN", "org_id": 0}


def scrub_query(url: str) -> str:
    parts = urlsplit(url)
    pairs = [
        (name, MEMBER_PLACEHOLDER if name.startswith("memberNoList") else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def before_record_request(request: Any) -> Any:
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            request.headers[name] = SCRUBBED
    request.uri = scrub_query(request.uri)
    return request


def _scrub_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (_JSON_ACCOUNT_KEYS[key] if key in _JSON_ACCOUNT_KEYS else _scrub_json(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_json(item) for item in value]
    return value


def scrub_body(body: bytes) -> bytes:
    start = body.lstrip()[:1]
    if start == b"<":
        # The same placeholders as the JSON form, so XML and JSON cassettes still decode alike.
        return _XML_ACCOUNT.sub(
            lambda m: b"<%s>%s</%s>" % (m[1], str(_JSON_ACCOUNT_KEYS[m[1].decode()]).encode(), m[1]), body
        )
    if start in (b"{", b"["):
        try:
            return json.dumps(_scrub_json(json.loads(body)), ensure_ascii=False).encode("utf-8")
        except ValueError:
            return body  # a deliberately malformed body (a fault) carries no identifiers to scrub
    return body


def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes) and body:
        scrubbed = scrub_body(body)
        response["body"]["string"] = scrubbed
        for name in list(response.get("headers", {})):
            if name.lower() == "content-length":
                response["headers"][name] = [str(len(scrubbed))]
    return response


def scrubbed_query_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: queries equal once both are scrubbed (raises AssertionError otherwise)."""
    q1 = sorted(parse_qsl(urlsplit(scrub_query(r1.uri)).query, keep_blank_values=True))
    q2 = sorted(parse_qsl(urlsplit(scrub_query(r2.uri)).query, keep_blank_values=True))
    assert q1 == q2, f"{q1} != {q2}"


def vcr_config() -> dict[str, Any]:
    return {
        "decode_compressed_response": True,
        "before_record_request": before_record_request,
        "before_record_response": before_record_response,
        "match_on": ["method", "path", "scrubbed_query"],
    }
