"""Hyperstack responses and transport failures, mapped onto the package's one error hierarchy.

Why a response hook: the generated ``_parse_response`` calls ``response.json()`` for every documented
status, so an HTML 502 page or an empty 401 would surface as a bare ``JSONDecodeError`` (and a 429 or an
undocumented 5xx as ``None``). The wrappers therefore install :func:`sync_response_hook` /
:func:`async_response_hook` on the httpx client they build. The hook reads the body and runs
:func:`check_response` *before* generated parsing can start:

- a non-2xx becomes the class :func:`~cloudcontracts.errors.status_error_class` names, keeping Hyperstack's
  ``ErrorResponseModel`` ``message`` (as ``.message``) and ``error_reason`` (as ``.code``), the request
  id header and a snippet of the body; a body that is not JSON (an HTML gateway page, nothing at all) is
  described, never decoded;
- a 2xx whose body does not open with ``{`` (empty, HTML, a JSON array, ``null``...) becomes
  :class:`~cloudcontracts.errors.ResponseDecodeError`. The check looks at the first significant byte
  only, so a large page is still decoded once, by the generated code, not twice.

What the cheap check cannot see (a truncated object, a field of the wrong type) fails inside generated
parsing; :func:`translate_exception` turns that into ``ResponseDecodeError`` too, with the URL, status,
request id and snippet of the response the hook last checked in the same call (kept in a context
variable that :func:`watching_responses` scopes to one call, so concurrent async calls never mix).

Transport failures go through the package's :func:`~cloudcontracts.errors.from_transport_error`
(openai-python's split: ``httpx.TimeoutException`` becomes ``APITimeoutError``, any other failure to get
a response ``APIConnectionError``); the message names the method and URL, never headers, and the httpx
exception (whose request carries the ``api_key`` header) is not chained.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from hyperstack_client.models import ErrorResponseModel
from hyperstack_client.types import Response, Unset

if TYPE_CHECKING:
    from contextvars import ContextVar

from .errors import (
    APIStatusError,
    CloudContractsError,
    ResponseDecodeError,
    body_snippet,
    from_transport_error,
    status_error_class,
)

__all__ = [
    "REQUEST_ID_HEADERS",
    "async_response_hook",
    "check_response",
    "expect_model",
    "request_id",
    "require_field",
    "status_error",
    "sync_response_hook",
    "translate_exception",
    "watching_responses",
]

REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
)
"""Response headers that may carry a request id, first match wins. Hyperstack documents none."""

M = TypeVar("M")


@functools.cache
def _json_object_start() -> re.Pattern[bytes]:
    """Compiled on first use (an error body), not at import."""
    return re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*\{")


class _Seen:
    """The last response the hook checked during one wrapper call."""

    __slots__ = ("response",)

    def __init__(self) -> None:
        self.response: httpx.Response | None = None


_current_var: ContextVar[_Seen | None] | None = None
_current_lock = threading.Lock()


def _current() -> ContextVar[_Seen | None]:
    """The context variable that scopes :func:`watching_responses`, made on first use.

    contextvars is imported on first use rather than at the top: it is about 0.4 ms of every
    ``import cloudcontracts`` (benchmarks/bench_import.py). The lock makes sure only one variable is ever
    made, so a token always resets the variable that issued it.
    """
    var = _current_var
    if var is None:
        var = _make_current()
    return var


def _make_current() -> ContextVar[_Seen | None]:
    global _current_var  # noqa: PLW0603 - the one-time, lock-guarded creation above
    with _current_lock:
        if _current_var is None:
            from contextvars import ContextVar  # noqa: PLC0415

            _current_var = ContextVar("cloudcontracts_hyperstack_seen", default=None)
        return _current_var


@contextmanager
def watching_responses() -> Iterator[None]:
    """Scope one wrapper call: responses checked by the hook meanwhile are remembered, then dropped."""
    token = _current().set(_Seen())
    try:
        yield
    finally:
        _current().reset(token)


def request_id(headers: Mapping[str, str]) -> str | None:
    """The request id from the first of :data:`REQUEST_ID_HEADERS` present, if any."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


def _opens_json_object(content: bytes) -> bool:
    # A match at the start, not lstrip(): no copy of a large page. json.loads accepts a UTF-8 BOM on
    # bytes, so the check does too.
    return _json_object_start().match(content) is not None


def _describe_body(response: httpx.Response) -> str:
    if not response.content.strip():
        return "empty body"
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if not kind or "json" in kind:
        return "a body that is not a JSON object"
    return f"non-JSON {kind} body"


def _error_fields(content: bytes) -> tuple[str, str | None] | None:
    """``(message, error_reason)`` of an ``ErrorResponseModel`` body, or ``None`` if it is not JSON."""
    if not _opens_json_object(content):
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    model = ErrorResponseModel.from_dict(data)
    message = model.message if isinstance(model.message, str) else ""
    reason = model.error_reason
    # error_reason is documented as a string; a number is kept as text rather than dropped.
    code = None if isinstance(reason, Unset) or reason is None or reason == "" else str(reason)
    return message, code


def status_error(response: httpx.Response) -> APIStatusError:
    """The typed error for a non-2xx response whose body has been read."""
    fields = _error_fields(response.content)
    message, code = fields if fields is not None else ("", None)
    return status_error_class(response.status_code)(
        message,
        status_code=response.status_code,
        code=code,
        details=None if fields is not None else _describe_body(response),
        request_id=request_id(response.headers),
        snippet=body_snippet(response.content),
        method=response.request.method,
        url=str(response.request.url),
        # Hyperstack documents no Retry-After on its 429s; if one comes, the retry policy honours it.
        retry_after=response.headers.get("retry-after"),
    )


def check_response(response: httpx.Response) -> None:
    """Raise the typed error for a response that generated parsing must not see.

    The body must have been read. Also records the response for :func:`translate_exception`.
    """
    seen = _current().get()
    if seen is not None:
        seen.response = response
    if not response.is_success:
        raise status_error(response)
    if not _opens_json_object(response.content):
        raise _response_decode_error(
            response, f"HTTP {response.status_code} with {_describe_body(response)}; expected a JSON object"
        )


def sync_response_hook(response: httpx.Response) -> None:
    """httpx response event hook for ``httpx.Client``: read the body, then :func:`check_response`."""
    response.read()
    check_response(response)


async def async_response_hook(response: httpx.Response) -> None:
    """httpx response event hook for ``httpx.AsyncClient``: read the body, then :func:`check_response`."""
    await response.aread()
    check_response(response)


def _decode_error(message: str) -> ResponseDecodeError:
    seen = _current().get()
    response = seen.response if seen is not None else None
    if response is None:
        return ResponseDecodeError(message)
    request = response.request
    return _response_decode_error(
        response, f"{request.method} {request.url} (HTTP {response.status_code}): {message}"
    )


def _response_decode_error(response: httpx.Response, message: str) -> ResponseDecodeError:
    """A decode error carrying what the response can tell: status, snippet, request id, method, URL."""
    return ResponseDecodeError(
        message,
        status_code=response.status_code,
        snippet=body_snippet(response.content),
        request_id=request_id(response.headers),
        method=response.request.method,
        url=str(response.request.url),
    )


def translate_exception(exc: BaseException) -> CloudContractsError | None:
    """The package error to raise instead of ``exc``, or ``None`` to let ``exc`` propagate unchanged.

    Call inside :func:`watching_responses`. Callers raise the result *outside* their ``except`` block so
    that it carries no ``__context__`` pointing at the httpx exception and its request headers.
    """
    if isinstance(exc, CloudContractsError):
        return None
    if isinstance(exc, httpx.RequestError):
        try:
            method: str | None = exc.request.method
            url: str | None = str(exc.request.url)
        except RuntimeError:  # an httpx error raised before a request was attached
            method, url = None, None
        if isinstance(exc, httpx.DecodingError):  # a bad Content-Encoding: the body, not the network
            return _decode_error(f"the body could not be decoded ({type(exc).__name__})")
        return from_transport_error(exc, method=method, url=url)
    # Raised by generated parsing on a 2xx that passed the cheap check: JSONDecodeError (a ValueError)
    # for a truncated or malformed object, RecursionError from json.loads for hostile nesting (a body
    # nested thousands deep), TypeError/AttributeError/KeyError for fields of the wrong type, ValueError
    # from HTTPStatus() for a non-standard 2xx code.
    if isinstance(exc, (ValueError, TypeError, AttributeError, KeyError, RecursionError)):
        return _decode_error(f"response does not match the documented shape ({type(exc).__name__}: {exc})")
    return None


def expect_model(response: Response[Any], model: type[M]) -> M:
    """The parsed body of a generated ``Response`` as ``model``, or ``ResponseDecodeError``.

    A 2xx whose body says ``"status": false`` (Hyperstack's error marker, see ``ErrorResponseModel``)
    raises :class:`~cloudcontracts.errors.APIResponseError`.
    """
    parsed = response.parsed
    if not isinstance(parsed, model):
        raise _decode_error(
            f"HTTP {int(response.status_code)} is not a documented success of this operation "
            f"(expected {model.__name__})"
        )
    if getattr(parsed, "status", None) is False:
        message = getattr(parsed, "message", None)
        seen = _current().get()
        sent = seen.response if seen is not None else None
        raise status_error_class(int(response.status_code))(
            message if isinstance(message, str) else "",
            status_code=int(response.status_code),
            details='the body says "status": false',
            request_id=request_id(response.headers),
            snippet=body_snippet(response.content),
            method=sent.request.method if sent is not None else None,
            url=str(sent.request.url) if sent is not None else None,
        )
    return parsed


def require_field(body: object, name: str, kind: type[M]) -> M:
    """``body.<name>`` as ``kind``, or ``ResponseDecodeError`` when the field is missing."""
    value = getattr(body, name, None)
    if not isinstance(value, kind):
        missing = isinstance(value, Unset) or value is None
        what = "has no" if missing else "has an unexpected"
        raise _decode_error(f"{type(body).__name__} {what} {name!r} field")
    return value
