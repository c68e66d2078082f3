"""Decoded responses and the errors of unreadable bodies, shared by both providers.

A provider's ``finish`` step (see :mod:`cloudcontracts.core.transport`) decodes each body once and hands the
generated code a :class:`DecodedResponse`, whose ``.json()`` returns that object: the generated
``from_dict`` never re-parses the bytes, and a body that is not JSON fails here, as a typed error, instead
of as a ``JSONDecodeError`` inside generated code.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import httpx2

from cloudcontracts.errors import ResponseDecodeError, body_snippet

__all__ = [
    "REQUEST_ID_HEADERS",
    "DecodedResponse",
    "decode_json",
    "decoded_response",
    "gc_paused",
    "request_id_from_headers",
    "shape_error",
    "where",
]

REQUEST_ID_HEADERS = (
    "x-ncp-request-id",
    "x-request-id",
    "request-id",
    "x-ncp-trace-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
)
"""Response headers that may carry a request id, first match wins. Neither provider documents one."""

# Headers that described the body as it came off the wire; a decoded response carries decoded bytes.
_WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def request_id_from_headers(headers: httpx2.Headers) -> str | None:
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)
    return None


def where(request: httpx2.Request) -> tuple[str, str]:
    """Method and URL for an error: the query as the DEBUG log shows it (months, pages and formats
    shown; member numbers, contract numbers and anything else as ``***``), no fragment."""
    from cloudcontracts.core.transport import loggable_url  # noqa: PLC0415 -- transport imports this module's users

    return request.method, loggable_url(request.url.copy_with(fragment=None))


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


_pause_lock = threading.Lock()
_pauses = 0
_paused_by_us = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a page is decoded into dicts and models.

    Decoding a 1000-contract NCP page allocates about 44,000 container objects that form no reference
    cycles, yet their allocation triggers collections that walk them (and every older object) again and
    again: about a quarter of a pull's CPU. Reference counting frees them exactly as before; only
    the cycle search waits until the block ends, when one collection sees the page once. The pause is
    process-wide, so it is held only around decoding (no I/O, no await, no user code inside), nested or
    overlapping pauses from several threads share one pause, and the collector is enabled again only if
    it was enabled when the first began: an application that disabled it keeps it disabled.
    """
    import gc  # noqa: PLC0415 -- built in, but not loaded by `import cloudcontracts` (test_import_cost.py)

    global _pauses, _paused_by_us  # noqa: PLW0603 -- one pause per process, by nature of the collector
    with _pause_lock:
        if _pauses == 0 and gc.isenabled():
            gc.disable()
            _paused_by_us = True
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _paused_by_us:
                _paused_by_us = False
                gc.enable()


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400: as infinite as the Infinity token
        raise ValueError(f"{text} is beyond a float's range")
    return value


def decode_json(body: bytes) -> Any:
    """``body`` as JSON; ``ValueError`` (or ``RecursionError``) for anything that is not strict JSON.

    ``NaN`` and ``Infinity``, which Python's ``json`` accepts by default, are refused, and so is a
    number too large for a float (``1e400``, which Python reads as infinity): no API sends them, and an
    infinite or NaN amount poisons every sum it reaches. A UTF-8 byte-order mark is accepted
    (``json.loads`` detects it on bytes).
    """
    with gc_paused():
        return json.loads(body, parse_constant=_reject_constant, parse_float=_finite_float)


class DecodedResponse(httpx2.Response):
    """A response whose ``.json()`` returns the object its body was decoded to once, by the transport."""

    def __init__(self, *args: Any, decoded: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decoded = decoded

    def json(self, **kwargs: Any) -> Any:
        return self._decoded


def decoded_response(
    response: httpx2.Response, request: httpx2.Request, body: bytes, decoded: Any
) -> DecodedResponse:
    """The response the client receives: same status, headers (less those of the wire form) and
    extensions, the decoded body in memory, and ``decoded`` behind ``.json()``."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _WIRE_HEADERS]
    return DecodedResponse(
        response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
        decoded=decoded,
    )


def shape_error(response: httpx2.Response, error: Exception) -> ResponseDecodeError:
    """The error for a body that decoded but does not have the shape the document gives it (what a
    generated ``from_dict`` raised on it: ``KeyError``, ``TypeError``, ...)."""
    from cloudcontracts.core.redaction import REDACTOR_EXTENSION, Redactor  # noqa: PLC0415 -- errors only

    request = response.request
    method, url = where(request)
    failure = ResponseDecodeError(
        f"response does not match the documented shape ({type(error).__name__})",
        status_code=response.status_code,
        snippet=body_snippet(response.content),
        request_id=request_id_from_headers(response.headers),
        method=method,
        url=url,
    )
    # The body may echo a credential: redacted as the pipeline redacts its own errors.
    redactor = request.extensions.get(REDACTOR_EXTENSION)
    if isinstance(redactor, Redactor):
        redactor.with_headers(request.headers).error(failure)
    return failure
