"""Reading NCP billing responses: format detection, decoding, and the mapping of failures to errors.

One place decides, for the sync and async clients alike and for the generated functions called through
a client the overlay built:

- **Format** is detected from the body, not only from ``Content-Type`` (apis.md: gateway errors are
  JSON whatever ``responseFormatType`` asked for): ``<`` starts XML, decoded by the OpenAPI-driven
  :mod:`cloudcontracts.xml_decoding` into exactly the dict the JSON form gives; ``{`` starts JSON.
- **Undecodable bodies** (an HTML error page, an empty or truncated body) become typed errors carrying
  a snippet: the status's error class for an error status, :class:`ResponseDecodeError` for a 2xx.
- **Errors in decodable bodies**: a gateway ``{"error": {"errorCode", "message", "details"}}`` (code a
  string or a number), a billing ``responseError`` (JSON or XML), or a 2xx whose ``returnCode`` is not
  ``"0"`` map onto :mod:`cloudcontracts.errors` through :func:`~cloudcontracts.errors.status_error_class`.

:class:`NcpDecodingTransport` applies this below the generated client: a
:class:`~cloudcontracts.transport.GuardedTransport` (rate limit, body-size cap, DEBUG log line) whose
``finish`` decodes each response once; a success comes back as a response whose ``.json()`` returns
the decoded object, so the generated ``get_contract_usage_list.sync()`` returns typed models for XML
as well as JSON; a failure is raised as its typed error right there (the response already read and
closed), so the generated
functions called through an overlay-built client raise the same errors as the wrappers, never a
``KeyError`` from an envelope that did not match.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import (
    APIStatusError,
    CloudContractsError,
    ResponseDecodeError,
    body_snippet,
    status_error_class,
)
from .rate_limit import RateLimiter
from .transport import (
    DEFAULT_MAX_RESPONSE_BYTES,
    AsyncGuardedTransport,
    GuardedTransport,
    rebuilt_response,
)

__all__ = [
    "AsyncNcpDecodingTransport",
    "NcpDecodingTransport",
    "decode_ncp_body",
    "ncp_error_for",
    "request_id_from_headers",
]

# Not documented by NCP; checked in this order when a body carries no requestId. (inferred)
_REQUEST_ID_HEADERS = ("x-ncp-request-id", "x-request-id", "x-ncp-trace-id")


def request_id_from_headers(headers: httpx.Headers) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


def decode_ncp_body(content: bytes, *, status_code: int) -> Any:
    """Decode an NCP body (XML or JSON, detected from its first byte) or raise a typed error."""
    start = content.lstrip()[:1]
    try:
        if start == b"<":
            # Imported on the first XML body: expat and the compiled decoder stay out of
            # `import cloudcontracts` (JSON is the wrappers' default format).
            from .xml_decoding import decode_ncp_xml  # noqa: PLC0415

            return decode_ncp_xml(content)
        if start in (b"{", b"["):
            return json.loads(content)
    except CloudContractsError:
        if 200 <= status_code < 300:
            raise
        # An error status whose body is broken: report the status, with the snippet.
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        if 200 <= status_code < 300:
            raise ResponseDecodeError(
                f"malformed JSON in NCP response ({type(exc).__name__})",
                status_code=status_code,
                snippet=body_snippet(content),
            ) from None
    snippet = body_snippet(content)
    if 200 <= status_code < 300:
        what = "an empty body" if not content.strip() else "a body that is neither JSON nor XML"
        raise ResponseDecodeError(f"NCP answered {what}", status_code=status_code, snippet=snippet)
    raise status_error_class(status_code)(
        "" if content.strip() else "empty body", status_code=status_code, snippet=snippet
    )


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def ncp_error_for(
    status_code: int,
    body: Any,
    *,
    content: bytes = b"",
    headers: httpx.Headers | None = None,
    method: str | None = None,
    url: str | None = None,
) -> APIStatusError | ResponseDecodeError | None:
    """The error a decoded NCP body stands for, or ``None`` when it is a success.

    ``body`` is the decoded JSON-shaped object (from JSON, or from XML through the OpenAPI plan).
    """

    def request_id() -> str | None:  # looked up for an error only, not on every page
        return request_id_from_headers(headers) if headers is not None else None

    common: dict[str, Any] = {"status_code": status_code, "method": method, "url": url}
    inner: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
    gateway = inner.get("error")
    if isinstance(gateway, Mapping):
        return status_error_class(status_code)(
            _text(gateway.get("message")) or "",
            code=_text(gateway.get("errorCode")),
            details=_text(gateway.get("details")),
            request_id=request_id(),
            snippet=body_snippet(content),
            **common,
        )
    billing = inner.get("responseError")
    if isinstance(billing, Mapping):
        return status_error_class(status_code)(
            _text(billing.get("returnMessage")) or "",
            code=_text(billing.get("returnCode")),
            request_id=_text(billing.get("requestId")) or request_id(),
            snippet=body_snippet(content),
            **common,
        )
    page = inner.get("getContractUsageListResponse")
    if 200 <= status_code < 300:
        if not isinstance(page, Mapping):
            return ResponseDecodeError(
                "NCP response is not a getContractUsageListResponse",
                status_code=status_code,
                snippet=body_snippet(content),
                request_id=request_id(),
                method=method,
                url=url,
            )
        return_code = page.get("returnCode")
        if return_code is None or str(return_code) == "0":
            return None
        return status_error_class(status_code)(
            _text(page.get("returnMessage")) or "",
            code=str(return_code),
            request_id=_text(page.get("requestId")) or request_id(),
            snippet=body_snippet(content),
            **common,
        )
    return status_error_class(status_code)(
        "", request_id=request_id(), snippet=body_snippet(content), **common
    )


class _DecodedResponse(httpx.Response):
    """A response whose ``.json()`` returns the object the transport decoded once (from XML or JSON)."""

    _decoded: Any = None

    def json(self, **kwargs: Any) -> Any:
        return self._decoded


def _where(request: httpx.Request) -> tuple[str, str]:
    """Method and URL without its query, for an error: enough to say where, and no member numbers in
    error texts. Computed only when there is an error (building a URL costs a full parse in httpx)."""
    return request.method, str(request.url.copy_with(query=None))


def _rebuild(response: httpx.Response, request: httpx.Request, content: bytes) -> httpx.Response:
    """Decode the body once; raise the typed error it stands for, or return a pre-decoded response."""
    try:
        decoded = decode_ncp_body(content, status_code=response.status_code)
    except (APIStatusError, ResponseDecodeError) as exc:
        exc.method, exc.url = _where(request)
        exc.request_id = exc.request_id or request_id_from_headers(response.headers)
        if isinstance(exc, APIStatusError):
            exc.retry_after = response.headers.get("retry-after")
        else:  # the XML decoder does not know the status it decoded for
            exc.status_code = exc.status_code or response.status_code
        raise
    error = ncp_error_for(response.status_code, decoded, content=content, headers=response.headers)
    if error is not None:
        error.method, error.url = _where(request)
        if isinstance(error, APIStatusError):
            error.retry_after = response.headers.get("retry-after")
        raise error
    rebuilt = rebuilt_response(_DecodedResponse, response, request, content)
    rebuilt._decoded = decoded
    return rebuilt


class NcpDecodingTransport(GuardedTransport):
    """A :class:`~cloudcontracts.transport.GuardedTransport` whose ``finish`` decodes each NCP response
    once (see the module docstring)."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(
            inner, finish=_rebuild, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter
        )


class AsyncNcpDecodingTransport(AsyncGuardedTransport):
    """The async shell of :class:`NcpDecodingTransport`; decoding is the same function."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        super().__init__(
            inner, finish=_rebuild, max_response_bytes=max_response_bytes, rate_limiter=rate_limiter
        )
