"""Reading Hyperstack responses: the Hyperstack pipeline's ``finish`` step, for every operation.

Run in the guarded transport (:mod:`cloudcontracts.core.transport`) on each response read in full, so it
holds for the wrappers and for generated functions called through ``generated_client`` alike:

- a non-2xx becomes the class :func:`~cloudcontracts.errors.status_error_class` names, keeping
  Hyperstack's ``ErrorResponseModel`` ``message`` (as ``.message``) and ``error_reason`` (as ``.code``),
  the request id header and a snippet of the body; a body that is not JSON (an HTML gateway page,
  nothing at all) is described, never decoded;
- a 2xx must be a JSON object (strict JSON: no ``NaN``), else
  :class:`~cloudcontracts.errors.ResponseDecodeError`; one whose ``status`` is ``false`` (Hyperstack's
  error marker) is :class:`~cloudcontracts.errors.APIResponseError`;
- a success comes back as a :class:`~cloudcontracts.core.decoding.DecodedResponse`: the generated code's
  ``response.json()`` returns the object decoded here, once.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import httpx2

from cloudcontracts.core.decoding import decode_json, decoded_response, request_id_from_headers, where
from cloudcontracts.errors import APIStatusError, ResponseDecodeError, body_snippet, status_error_class

__all__ = ["finish_hyperstack_response", "status_error"]


def _describe(response: httpx2.Response, content: bytes, why: str = "") -> str:
    if not content.strip():
        return "empty body"
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if not kind or "json" in kind:
        return why or "a body that is not a JSON object"
    return f"non-JSON {kind} body"


def _decoded_object(content: bytes) -> tuple[dict[str, Any] | None, str]:
    """The body as a JSON object, or ``None`` with why not."""
    try:
        data = decode_json(content)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError are ValueErrors
        return None, f"malformed JSON ({type(error).__name__})"
    return (data, "") if isinstance(data, dict) else (None, "")


@functools.cache
def _array_paths() -> re.Pattern[str] | None:
    """The URL paths (any base path before them) of operations whose success body is a JSON array."""
    from cloudcontracts.core.operations import operations  # noqa: PLC0415 -- reads the document once

    templates = [
        re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(spec.path))
        for spec in operations("hyperstack").values()
        if (spec.success_schema or {}).get("type") == "array"
    ]
    return re.compile(f"(?:{'|'.join(templates)})/?\\Z") if templates else None


def _wants_array(request: httpx2.Request) -> bool:
    pattern = _array_paths()
    return pattern is not None and pattern.search(request.url.path) is not None


def _text(value: object) -> str | None:
    if value is None or value == "" or isinstance(value, (dict, list)):
        return None
    return str(value)  # error_reason is documented as a string; a number is kept as text


def status_error(response: httpx2.Response, request: httpx2.Request, content: bytes) -> APIStatusError:
    """The typed error for a non-2xx response with body ``content``."""
    fields, _ = _decoded_object(content)
    method, url = where(request)
    return status_error_class(response.status_code)(
        (_text(fields.get("message")) or "") if fields is not None else "",
        status_code=response.status_code,
        code=_text(fields.get("error_reason")) if fields is not None else None,
        details=None if fields is not None else _describe(response, content),
        request_id=request_id_from_headers(response.headers),
        snippet=body_snippet(content),
        method=method,
        url=url,
        # Hyperstack documents no Retry-After on its 429s; if one comes, the retry policy honours it.
        retry_after=response.headers.get("retry-after"),
    )


def finish_hyperstack_response(
    response: httpx2.Response, request: httpx2.Request, content: bytes
) -> httpx2.Response:
    """Raise the typed error ``response`` stands for, or return it decoded (see the module docstring)."""
    if not 200 <= response.status_code < 300:
        raise status_error(response, request, content)
    method, url = where(request)
    if _wants_array(request):
        return _array_response(response, request, content)
    decoded, why = _decoded_object(content)
    if decoded is None:
        raise ResponseDecodeError(
            f"HTTP {response.status_code} with {_describe(response, content, why)}; expected a JSON object",
            status_code=response.status_code,
            snippet=body_snippet(content),
            request_id=request_id_from_headers(response.headers),
            method=method,
            url=url,
        )
    if decoded.get("status") is False:
        raise status_error_class(response.status_code)(
            _text(decoded.get("message")) or "",
            status_code=response.status_code,
            code=_text(decoded.get("error_reason")),
            details='the body says "status": false',
            request_id=request_id_from_headers(response.headers),
            snippet=body_snippet(content),
            method=method,
            url=url,
        )
    return decoded_response(response, request, content, decoded)


def _array_response(response: httpx2.Response, request: httpx2.Request, content: bytes) -> httpx2.Response:
    why = "a body that is not a JSON array"
    try:
        data = decode_json(content)
    except (ValueError, RecursionError) as error:
        data, why = None, f"malformed JSON ({type(error).__name__})"
    if not isinstance(data, list):
        method, url = where(request)
        raise ResponseDecodeError(
            f"HTTP {response.status_code} with {_describe(response, content, why)}; expected a JSON array",
            status_code=response.status_code,
            snippet=body_snippet(content),
            request_id=request_id_from_headers(response.headers),
            method=method,
            url=url,
        )
    return decoded_response(response, request, content, data)
