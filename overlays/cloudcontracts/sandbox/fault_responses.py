"""Putting a :class:`~.faults.Fault` on the wire, at the ASGI level (see :mod:`.faults` for the table).

Status faults are ordinary responses shaped like each provider's (an ``ErrorResponseModel`` or a gateway
``error`` body, an HTML page from a load balancer, no body at all). The connection faults need more than
ASGI offers, since ASGI has no "abort" message and uvicorn answers 500 when an app fails before
responding:

- ``drop`` aborts the connection's transport before anything is sent. uvicorn's ``send`` callable is a
  bound method of its per-request cycle, which holds the transport; once it is aborted, the server's
  ``connection_lost`` marks the cycle disconnected and uvicorn neither answers 500 nor logs an error. httpx
  then raises ``RemoteProtocolError("Server disconnected without sending a response.")``.
- ``truncate`` sends the real response's headers (with its full ``Content-Length``) and half its body,
  then aborts likewise: httpx raises ``RemoteProtocolError`` ("peer closed connection without sending
  complete message body").

Run under a server without such a transport (an in-process ASGI transport, another server), both raise
:class:`ConnectionDropped` from the app instead, which such transports surface to the client.
``malformed`` needs no trick: the real response cut in half, with a ``Content-Length`` that matches.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cloudcontracts.sandbox import hyperstack_api, ncloud_api
from cloudcontracts.sandbox.faults import Fault
from cloudcontracts.sandbox.operations import ApiName

__all__ = ["ConnectionDropped", "apply_fault", "html_page", "status_fault_response"]

_NCP_GATEWAY = {  # fault kind -> (status, errorCode, message, details)
    "429": (429, "420", "Rate Limited", "The request rate limit was exceeded."),
    "throttle": (429, "410", "Throttle Limited", "Too many requests in a short time."),
    "503": (503, "500", "Endpoint Error", "The endpoint returned an error."),
    "504": (504, "510", "Endpoint Timeout", "The endpoint did not answer in time."),
}


class ConnectionDropped(ConnectionError):
    """Raised by the app for ``drop``/``truncate`` when the server's transport cannot be reached."""


def html_page(status: int) -> Response:
    """The HTML error page a load balancer (here nginx-style) puts in front of an API."""
    title = f"{status} {HTTPStatus(status).phrase}"
    page = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return Response(page.encode("ascii"), status_code=status, media_type="text/html")


def status_fault_response(fault: Fault, api: ApiName, scope: Scope) -> Response:
    """The response of a fault that answers with a status: 429, throttle, 5xx, html."""
    if fault.kind == "html":
        return html_page(fault.html_status)
    if api == "hyperstack":
        return _hyperstack_fault(fault)
    return _ncloud_fault(fault, scope)


def _retry_after(fault: Fault) -> dict[str, str] | None:
    return {"Retry-After": fault.retry_after} if fault.retry_after is not None else None


def _hyperstack_fault(fault: Fault) -> Response:
    kind = fault.kind
    if kind in ("429", "throttle"):
        return hyperstack_api.error_response(
            429,
            "Too Many Requests",
            "rate limit exceeded: 500 requests per minute",
            headers=_retry_after(fault),
        )
    if kind == "500":
        return Response(b"", status_code=500)  # documented without a body
    return html_page(int(kind))


def _ncloud_fault(fault: Fault, scope: Scope) -> Response:
    kind = fault.kind
    retry_after = _retry_after(fault)
    if kind in _NCP_GATEWAY:
        status, code, message, details = _NCP_GATEWAY[kind]
        response = ncloud_api.gateway_error(status, code, message, details)
        if retry_after is not None:
            response.headers.update(retry_after)
        return response
    if kind == "500":
        as_json = ncloud_api.wants_json(scope.get("query_string", b""))
        return ncloud_api.billing_error(500, "9999", "Internal server error.", as_json=as_json)
    return html_page(int(kind))


async def _abort(send: Send) -> None:
    """Close the connection under the server's feet, with no (further) response bytes."""
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if not isinstance(transport, asyncio.Transport):
        raise ConnectionDropped("sandbox fault: connection dropped")
    transport.abort()
    # connection_lost runs on the next loop iterations; once it has, uvicorn sees a disconnected cycle
    # and neither sends its own 500 nor logs the unfinished response as an error.
    for _ in range(100):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)


async def _captured(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[Message, bytes]:
    """Run the app and keep its response instead of sending it."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return start, b"".join(chunks)


async def apply_fault(
    fault: Fault, *, api: ApiName, app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer the request with ``fault`` (``app`` is the sandbox's normal handling)."""
    kind = fault.kind
    if kind == "latency":
        await asyncio.sleep(fault.seconds)
        await app(scope, receive, send)
    elif kind == "drop":
        await _abort(send)
    elif kind in ("truncate", "malformed"):
        start, body = await _captured(app, scope, receive)
        cut = body[: len(body) // 2]
        if kind == "malformed":
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(cut)).encode("ascii")))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": cut})
            return
        await send(start)  # its Content-Length still announces the whole body
        await send({"type": "http.response.body", "body": cut, "more_body": True})
        await _abort(send)
    else:
        await status_fault_response(fault, api, scope)(scope, receive, send)
