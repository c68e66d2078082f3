"""Verifying NCP API Gateway signature v2 as the gateway does, on the bytes actually received.

The gateway's rule (NCP's docs and SDKs)::

    message = METHOD + " " + URI + "\\n" + timestamp + "\\n" + access_key
    x-ncp-apigw-signature-v2 = base64(HMAC-SHA256(secret, message))

where ``URI`` is the path from the host root, base path included, plus ``?`` and the query exactly as
sent. The sandbox takes both from the ASGI scope's ``raw_path`` and ``query_string``: the bytes of the
request line, before any decoding, so a client that signs one encoding and sends another (re-encoding
after signing, ``+`` against ``%20``, a dropped base path) fails here as it would at NCP. The HMAC is
computed here in a few lines on purpose, independently of the client's signer, so one cannot hide the
other's mistake. Checks, in order, each failing as ``401`` with gateway error code ``"200"``: the three
headers are present; the timestamp is decimal milliseconds; it is within five minutes of the sandbox's
clock (either way); the access key is known; the signature matches (compared in constant time).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = [
    "ACCESS_KEY_HEADER",
    "MAX_CLOCK_SKEW_MS",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "AuthFailure",
    "expected_signature",
    "signed_uri",
    "verify_signature",
]

TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
SIGNATURE_HEADER = "x-ncp-apigw-signature-v2"
MAX_CLOCK_SKEW_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class AuthFailure:
    """Why a request was refused: the ``details`` of the gateway's error body."""

    details: str


def signed_uri(raw_path: bytes, query_string: bytes) -> str:
    """The ``URI`` of the signed message: raw path, then ``?`` and the raw query if there is one."""
    uri = raw_path + (b"?" + query_string if query_string else b"")
    # The request line is ASCII; anything else was sent unencoded and is compared as the gateway would
    # see it (its bytes, read as latin-1, so nothing is lost or invented).
    return uri.decode("latin-1")


def expected_signature(*, method: str, uri: str, timestamp: str, access_key: str, secret_key: str) -> str:
    message = f"{method} {uri}\n{timestamp}\n{access_key}".encode("latin-1")
    digest = hmac.new(secret_key.encode("utf-8"), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(
    *,
    method: str,
    raw_path: bytes,
    query_string: bytes,
    headers: Mapping[str, str],
    secrets: Mapping[str, str],
    now_ms: Callable[[], int],
) -> AuthFailure | None:
    """``None`` if the request is properly signed by a known key, else why not.

    ``headers`` is case-insensitive (Starlette's ``Headers``); ``secrets`` maps access keys to secrets.
    """
    missing = [
        name for name in (TIMESTAMP_HEADER, ACCESS_KEY_HEADER, SIGNATURE_HEADER) if not headers.get(name)
    ]
    if missing:
        return AuthFailure(f"Missing required header(s): {', '.join(missing)}.")
    timestamp = headers[TIMESTAMP_HEADER]
    if not (timestamp.isascii() and timestamp.isdigit()):
        return AuthFailure("Invalid timestamp: expected milliseconds since the Unix epoch.")
    if abs(now_ms() - int(timestamp)) > MAX_CLOCK_SKEW_MS:
        return AuthFailure("Timestamp is more than 5 minutes away from the server time.")
    access_key = headers[ACCESS_KEY_HEADER]
    secret = secrets.get(access_key)
    if secret is None:
        return AuthFailure("Unknown access key.")
    expected = expected_signature(
        method=method,
        uri=signed_uri(raw_path, query_string),
        timestamp=timestamp,
        access_key=access_key,
        secret_key=secret,
    )
    if not hmac.compare_digest(
        expected.encode("ascii"), headers[SIGNATURE_HEADER].encode("utf-8", "replace")
    ):
        return AuthFailure("Signature mismatch.")
    return None
