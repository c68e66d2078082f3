"""Reading NCP billing responses: format detection, decoding, and the mapping of failures to errors.

One place decides, for every NCP operation, for the sync and async clients alike and for the generated
functions called through a client the overlay built (it is the NCP pipeline's ``finish`` step, run in
the guarded transport, :mod:`cloudcontracts.core.transport`):

- **Format** is detected from the body, not only from ``Content-Type`` (NCP's API Gateway answers its
  own errors in JSON whatever ``responseFormatType`` asked for): ``<`` starts XML, decoded by the
  OpenAPI-driven :mod:`cloudcontracts.ncloud.xml_decoding` into exactly the dict the JSON form gives; ``{``
  starts JSON. A UTF-8 byte-order mark is skipped; a UTF-16 one (with its body) is read as UTF-16.
- **Undecodable bodies** (an HTML error page, an empty or truncated body) become typed errors carrying
  a snippet: the status's error class for an error status, :class:`ResponseDecodeError` for a 2xx.
- **Errors in decodable bodies**: a gateway ``{"error": {"errorCode", "message", "details"}}`` (code a
  string or a number), a billing ``responseError`` (JSON or XML), or a 2xx whose ``returnCode`` is not
  ``"0"`` map onto :mod:`cloudcontracts.errors` through :func:`~cloudcontracts.errors.status_error_class`.
  A 2xx body must be one ``<operation>Response`` envelope object, as every operation of the billing API
  answers.

A success comes back as a :class:`~cloudcontracts.core.decoding.DecodedResponse`, whose ``.json()``
returns the decoded object, so the generated functions return typed models for XML as well as JSON.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any

import httpx2

from cloudcontracts.core.decoding import decode_json, decoded_response, request_id_from_headers, where
from cloudcontracts.errors import (
    APIStatusError,
    CloudContractsError,
    ResponseDecodeError,
    body_snippet,
    status_error_class,
)

__all__ = ["decode_ncp_body", "finish_ncp_response", "ncp_error_for"]


def _first_character(content: bytes) -> bytes:
    """The body's first non-blank character, as ASCII bytes (``b"<"``, ``b"{"``...).

    A body with a UTF-16 byte-order mark (XML allows it, and a Windows gateway may send it) is looked
    at as UTF-16; expat and ``json.loads`` read such bodies themselves, from the mark.
    """
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = content[:64].decode("utf-16", errors="replace").lstrip()
        return head[:1].encode("ascii", errors="replace")
    return content.lstrip()[:1]


def decode_ncp_body(content: bytes, *, status_code: int) -> Any:
    """Decode an NCP body (XML or JSON, detected from its first byte) or raise a typed error."""
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    start = _first_character(content)
    try:
        if start == b"<":
            # Imported on the first XML body: expat and the compiled decoder stay out of
            # `import cloudcontracts` (JSON is the wrappers' default format).
            from cloudcontracts.ncloud.xml_decoding import decode_ncp_xml  # noqa: PLC0415

            return decode_ncp_xml(content)
        if start in (b"{", b"["):
            return decode_json(content)
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
    headers: httpx2.Headers | None = None,
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
    envelopes = [value for key, value in inner.items() if str(key).endswith("Response")]
    page = envelopes[0] if len(envelopes) == 1 and len(inner) == 1 else None
    if 200 <= status_code < 300:
        if not isinstance(page, Mapping):
            return ResponseDecodeError(
                "NCP response is not an <operation>Response envelope",
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


def finish_ncp_response(
    response: httpx2.Response, request: httpx2.Request, content: bytes
) -> httpx2.Response:
    """Decode the body once; raise the typed error it stands for, or return a pre-decoded response."""
    try:
        decoded = decode_ncp_body(content, status_code=response.status_code)
    except (APIStatusError, ResponseDecodeError) as exc:
        exc.method, exc.url = where(request)
        exc.request_id = exc.request_id or request_id_from_headers(response.headers)
        if isinstance(exc, APIStatusError):
            exc.retry_after = response.headers.get("retry-after")
        else:  # the XML decoder does not know the status it decoded for
            exc.status_code = exc.status_code or response.status_code
        raise
    error = ncp_error_for(response.status_code, decoded, content=content, headers=response.headers)
    if error is not None:
        error.method, error.url = where(request)
        if isinstance(error, APIStatusError):
            error.retry_after = response.headers.get("retry-after")
        raise error
    return decoded_response(response, request, content, decoded)
