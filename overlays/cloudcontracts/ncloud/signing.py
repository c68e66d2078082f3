"""NCP API Gateway signature v2 as an ``httpx2.Auth``, with the query re-encoded to NCP's wire form.

Matches NCP's Go/Python SDK signer: every request carries ``x-ncp-apigw-timestamp`` (milliseconds since
the Unix epoch, UTC, decimal), ``x-ncp-iam-access-key`` and ``x-ncp-apigw-signature-v2`` =
``base64(HMAC-SHA256(secret_key, METHOD + " " + URI + "\\n" + timestamp + "\\n" + access_key))`` (standard
base64 with padding), where ``URI`` is the raw path from the host root (base path such as ``/billing/v1``
included) plus ``?`` and the raw query exactly as sent, or no ``?`` when there is no query.

The gateway verifies the signature against the bytes it receives, so the query is encoded once, here,
before signing: RFC 3986 style (space as ``%20``, ``+`` as ``%2B``, only ``-_.~`` left bare), parameter
order kept, and every parameter named in ``indexed_list_params`` rewritten from the repeated form
openapi-python-client produces (``memberNoList=a&memberNoList=b``) into NCP's indexed form
(``memberNoList.1=a&memberNoList.2=b``). The rewritten query is installed on the request as raw bytes,
so httpx does not encode it again, and the signature is computed over ``request.url.raw_path``: the very
bytes the transport puts on the request line.

Usage::

    auth = NcpSignatureV2Auth(access_key, secret_key, indexed_list_params=indexed_list_parameters())
    httpx2.Client(base_url="https://billingapi.apigw.ntruss.com/billing/v1", auth=auth)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
import time
from collections.abc import Callable, Collection, Generator, Iterable
from urllib.parse import parse_qsl, quote

import httpx2

from cloudcontracts.core.security import Secret
from cloudcontracts.errors import ConfigurationError
from cloudcontracts.ncloud.credentials import mask_access_key

__all__ = [
    "ACCESS_KEY_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "NcpSignatureV2Auth",
    "encode_query",
    "signature_v2",
]

TIMESTAMP_HEADER = "x-ncp-apigw-timestamp"
ACCESS_KEY_HEADER = "x-ncp-iam-access-key"
SIGNATURE_HEADER = "x-ncp-apigw-signature-v2"

# RFC 3986 unreserved characters: everything else is percent-encoded, so the signed string is the sent one
# whatever the gateway's own normalisation does.
_UNRESERVED = "-_.~"
_UNRESERVED_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + _UNRESERVED)


@functools.cache
def _wire_form_query() -> re.Pattern[bytes]:
    """A query of name=value pairs of unreserved characters only (see _in_wire_form); compiled on first
    use, not at import."""
    return re.compile(rb"[A-Za-z0-9._~-]*=[A-Za-z0-9._~-]*(?:&[A-Za-z0-9._~-]*=[A-Za-z0-9._~-]*)*")


def signature_v2(*, method: str, uri: str, timestamp: str, access_key: str, secret_key: str) -> str:
    """The ``x-ncp-apigw-signature-v2`` value for one request.

    ``uri`` is the raw path from the host root plus ``?`` and the raw query as sent (no ``?`` without a
    query); ``timestamp`` is the exact string sent in ``x-ncp-apigw-timestamp``.
    """
    import hmac  # noqa: PLC0415 -- on first use: Hyperstack-only users never load it

    message = f"{method.upper()} {uri}\n{timestamp}\n{access_key}"
    digest = hmac.new(secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def encode_query(pairs: Iterable[tuple[str, str]], *, indexed_list_params: Collection[str]) -> str:
    """Encode decoded ``(name, value)`` pairs as NCP's wire query (no leading ``?``).

    Names and values are percent-encoded RFC 3986 style (``quote(..., safe="-_.~")``: space ``%20``,
    ``/`` ``%2F``, ``&`` ``%26``, ``+`` ``%2B``, ``=`` ``%3D``, non-ASCII as UTF-8 escapes). Order is
    kept. Each occurrence of a parameter named in ``indexed_list_params`` becomes ``name.N`` (1-based,
    numbered in order of appearance, left in place), so ``m=a&x=1&m=b`` becomes ``m.1=a&x=1&m.2=b``.

    Raises ``ConfigurationError`` when a list parameter arrives both plain and already indexed
    (``memberNoList`` and ``memberNoList.1``): numbering them would send two ``memberNoList.1``.
    """
    pairs = list(pairs)
    indexed = _check_names(indexed_list_params)
    _reject_mixed_forms(pairs, indexed)
    counters: dict[str, int] = {}
    parts: list[str] = []
    for name, value in pairs:
        wire_name = name
        if name in indexed:
            counters[name] = counters.get(name, 0) + 1
            wire_name = f"{name}.{counters[name]}"
        parts.append(f"{_quote(wire_name)}={_quote(value)}")
    return "&".join(parts)


def _quote(text: str) -> str:
    """``quote(text, safe=_UNRESERVED)``, skipped for the common text that it would leave as is."""
    return text if _UNRESERVED_CHARS.issuperset(text) else quote(text, safe=_UNRESERVED)


def _in_wire_form(query: bytes, indexed: frozenset[str]) -> bool:
    """Whether decoding ``query`` and encoding it again (:func:`encode_query`) gives it back unchanged,
    decided without doing either: ``name=value`` pairs of unreserved characters only (nothing to
    unescape or escape), one ``=`` each, none of them a list parameter (those get numbered)."""
    if not _wire_form_query().fullmatch(query):
        return False
    delimited = b"&" + query
    return not any(b"&" + name.encode("ascii", "replace") + b"=" in delimited for name in indexed)


def _check_names(indexed_list_params: Collection[str]) -> frozenset[str]:
    # A bare string is a Collection[str] of its characters: catch it rather than index "m", "e", ...
    if isinstance(indexed_list_params, (str, bytes)):
        raise ConfigurationError(
            "indexed_list_params must be a collection of parameter names, not a single string "
            f"(did you mean ({indexed_list_params!r},)?)"
        )
    return frozenset(indexed_list_params)


@functools.cache
def _indexed_form(name: str) -> re.Pattern[str]:
    """``name.N`` for a list parameter ``name``: compiled once per name, on first use."""
    return re.compile(re.escape(name) + r"\.\d+")


def _reject_mixed_forms(pairs: list[tuple[str, str]], indexed: frozenset[str]) -> None:
    if not indexed:
        return
    present = {name for name, _ in pairs}
    for name in indexed & present:
        already = _indexed_form(name)
        if any(already.fullmatch(other) for other in present):
            raise ConfigurationError(
                f"query parameter {name!r} is given both as a list and in indexed form ({name}.N); "
                "pass it one way only"
            )


def _timestamp_ms(clock: Callable[[], float]) -> str:
    """Milliseconds since the epoch from a clock in seconds, truncated, without float error.

    ``int(t * 1000)`` can land one millisecond low (``1700000000.123 * 1000`` is ``...122.99998``), so
    the float's shortest decimal form is scaled exactly with ``Decimal`` and then truncated.
    """
    from decimal import Decimal  # noqa: PLC0415 -- on the first signature, not at `import cloudcontracts`

    seconds = clock()
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
        raise ConfigurationError(f"clock must return finite seconds since the epoch, got {seconds!r}")
    millis = int(Decimal(repr(seconds)) * 1000)
    if millis < 0:
        raise ConfigurationError(f"clock returned a time before the epoch: {seconds!r}")
    return str(millis)


def _mask(access_key: str) -> str:
    # One masking for every repr of a key: the last four characters, as NCP's console lists keys.
    return mask_access_key(access_key)


def _check_credential(what: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigurationError(f"NCP {what} must be a non-empty string")
    # A key read from a file often keeps its newline: it would sign fine and fail at the gateway as
    # "Authentication Failed", so say so here instead.
    if value != value.strip() or not value.isprintable() or not value.isascii():
        raise ConfigurationError(
            f"NCP {what} contains whitespace, control or non-ASCII characters (check for a trailing newline)"
        )
    return value


class NcpSignatureV2Auth(httpx2.Auth):
    """Signs each request with NCP API Gateway signature v2 (works with ``Client`` and ``AsyncClient``).

    ``clock`` returns seconds since the epoch (``time.time`` by default); the timestamp is the clock
    truncated to whole milliseconds, computed exactly (see ``_timestamp_ms``). ``indexed_list_params``
    names the query parameters sent in NCP's indexed form; the default (none) leaves every parameter as
    is, which suits requests without list parameters; pass
    :func:`cloudcontracts.ncloud.client.indexed_list_parameters` (the names the OpenAPI document marks
    ``x-ncp-list-style: indexed``) for the billing API.

    Every run of the auth flow (each send, including a retried one) re-encodes the query (idempotent)
    and signs afresh with a new timestamp. The three signature headers are set, replacing any old ones.
    """

    requires_request_body = False
    requires_response_body = False

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        clock: Callable[[], float] = time.time,
        indexed_list_params: Collection[str] = (),
    ) -> None:
        self._access_key = _check_credential("access key", access_key)
        self._secret = Secret(_check_credential("secret key", secret_key))
        self._clock = clock
        self._indexed_list_params = _check_names(indexed_list_params)

    @property
    def indexed_list_params(self) -> frozenset[str]:
        return self._indexed_list_params

    def secret_values(self) -> tuple[str, ...]:
        """Both keys, for the pipeline's redaction of errors (:mod:`cloudcontracts.core.redaction`)."""
        return (self._access_key, self._secret.reveal())

    def __repr__(self) -> str:
        indexed = sorted(self._indexed_list_params)
        return f"NcpSignatureV2Auth(access_key={_mask(self._access_key)!r}, indexed_list_params={indexed!r})"

    def sign(self, request: httpx2.Request) -> httpx2.Request:
        """Rewrite the query to wire form and set the three signature headers, in place."""
        self._rewrite_query(request)
        timestamp = _timestamp_ms(self._clock)
        # raw_path is what the transport writes on the request line (path + "?" + query), so the
        # signature covers exactly the bytes sent.
        uri = request.url.raw_path.decode("ascii")
        signature = signature_v2(
            method=request.method,
            uri=uri,
            timestamp=timestamp,
            access_key=self._access_key,
            secret_key=self._secret.reveal(),
        )
        # Assignment replaces every existing value of a header, so a re-sent request never carries two.
        request.headers[TIMESTAMP_HEADER] = timestamp
        request.headers[ACCESS_KEY_HEADER] = self._access_key
        request.headers[SIGNATURE_HEADER] = signature
        return request

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        # A plain generator that yields once is valid for both the sync and the async httpx flows.
        yield self.sign(request)

    def _rewrite_query(self, request: httpx2.Request) -> None:
        raw_query = request.url.query
        if not raw_query or _in_wire_form(raw_query, self._indexed_list_params):
            return  # nothing to rewrite (no special characters, no list parameter)
        # httpx encodes params form-style (space as "+", a literal "+" as "%2B"), so decoding with "+"
        # as space recovers the caller's values exactly. Strict UTF-8: a non-UTF-8 escape cannot be
        # re-encoded faithfully, and silently replacing it would sign and send a different value.
        try:
            pairs = parse_qsl(
                raw_query.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict"
            )
        except ValueError as exc:  # UnicodeDecodeError is a ValueError
            raise ConfigurationError(f"query string is not valid percent-encoded UTF-8: {exc}") from exc
        new_query = encode_query(pairs, indexed_list_params=self._indexed_list_params).encode("ascii")
        if new_query == raw_query:
            return  # already in wire form: rebuilding the URL would change nothing
        # Raw bytes: httpx keeps an already-encoded query as given. An empty query (e.g. "?&") is
        # dropped entirely rather than leaving a bare "?" that the signature would then have to include.
        request.url = request.url.copy_with(query=new_query or None)
