"""The one error hierarchy of cloudcontracts, shared by the Hyperstack and NCP clients.

    CloudContractsError
    ├── ConfigurationError            bad client set-up, raised before any request
    │   └── CredentialsError          no credentials found (says every place looked)
    ├── ClientClosedError             a client used after close(), or in an event loop that closed
    ├── APIConnectionError            the request never got a response
    │   └── APITimeoutError           ... because a timeout expired
    ├── ResponseDecodeError           a response body that cannot be read (HTML, empty, truncated,
    │                                 malformed XML/JSON, hostile XML, too large); keeps a snippet
    └── APIStatusError                the provider answered with an error
        ├── BadRequestError           400
        ├── AuthenticationError       401
        ├── PermissionDeniedError     403
        ├── NotFoundError             404
        ├── MethodNotAllowedError     405
        ├── RateLimitError            429
        ├── ServerError               5xx
        ├── UnexpectedStatusError     any other non-2xx status
        └── APIResponseError          a 2xx whose body reports failure (NCP returnCode != "0")

Bad *input* (a month like "2024-13", a negative contract id) is a plain ``ValueError`` raised before any
request is sent; it is not part of this tree.

Every ``APIStatusError`` keeps the HTTP status, the provider's error code (Hyperstack's
``error_reason``, NCP's gateway ``errorCode`` or billing ``returnCode``; always a string), its message,
details, the request id when there is one, and a short snippet of the body. Errors keep the request's
method and URL as strings, never the request object or its headers, so no credential can reach an
exception's text, repr or attributes. One function, :func:`status_error_class`, maps a status to a class
(as openai-python does), and both providers call it.
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "CloudContractsError",
    "ConfigurationError",
    "CredentialsError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedStatusError",
    "body_snippet",
    "from_transport_error",
    "status_error_class",
]

SNIPPET_LIMIT = 200


def body_snippet(body: bytes | str, limit: int = SNIPPET_LIMIT) -> str:
    """A short, printable excerpt of a response body for error messages."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CloudContractsError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigurationError(CloudContractsError, ValueError):
    """The client was set up wrongly (for example credentials over plain http to a remote host)."""


class CredentialsError(ConfigurationError):
    """No credentials were found; the message names every place that was looked at."""


class ClientClosedError(CloudContractsError, RuntimeError):
    """The client was closed (or, async, its event loop was): create a new one."""


class APIConnectionError(CloudContractsError):
    """The request got no response: connection refused or dropped, DNS failure, protocol error."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class ResponseDecodeError(CloudContractsError):
    """A response body could not be decoded into the documented shape."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        snippet: str = "",
        request_id: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        text = f"{message} (body starts: {snippet!r})" if snippet else message
        super().__init__(text)
        self.status_code = status_code
        self.snippet = snippet
        self.request_id = request_id
        self.method = method
        self.url = url


class ResponseTooLargeError(ResponseDecodeError):
    """A response body was larger than the client's ``max_response_bytes``; reading stopped at the limit."""


class APIStatusError(CloudContractsError):
    """The provider answered with an error. Subclasses name the status class."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        details: str | None = None,
        request_id: str | None = None,
        snippet: str = "",
        method: str | None = None,
        url: str | None = None,
        retry_after: str | None = None,
    ) -> None:
        parts = [f"HTTP {status_code}"]
        if code:
            parts.append(f"code {code}")
        head = ", ".join(parts)
        text = f"{head}: {message}" if message else head
        if details:
            text += f" ({details})"
        if request_id:
            text += f" [request id {request_id}]"
        if not message and snippet:
            text += f" (body starts: {snippet!r})"
        super().__init__(text)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details
        self.request_id = request_id
        self.snippet = snippet
        self.method = method
        self.url = url
        self.retry_after = retry_after  # the raw Retry-After header, read by the retry policy


class BadRequestError(APIStatusError):
    """400: the provider rejected the request's parameters."""


class AuthenticationError(APIStatusError):
    """401: missing or wrong credentials, or a signature the gateway did not accept."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed."""


class NotFoundError(APIStatusError):
    """404: no such resource or path."""


class MethodNotAllowedError(APIStatusError):
    """405: the method is not allowed on this path."""


class RateLimitError(APIStatusError):
    """429: throttled or over quota."""


class ServerError(APIStatusError):
    """5xx: the provider failed."""


class UnexpectedStatusError(APIStatusError):
    """Any other non-success status."""


class APIResponseError(APIStatusError):
    """A success status whose body reports a failure (NCP: ``returnCode`` other than "0")."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The error class for an HTTP status: the one place where statuses become classes."""
    if 200 <= status_code < 300:
        return APIResponseError
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, UnexpectedStatusError)


def from_transport_error(error: Exception, *, method: str | None, url: str | None) -> APIConnectionError:
    """An httpx transport failure as this package's error (timeouts kept apart), naming method and URL.

    Only the exception's class name is kept from the original: its text may quote a URL with a query,
    and never needs to carry more than what the method and URL here say.
    """
    import httpx2  # noqa: PLC0415 -- errors stays importable without touching httpx at import

    where = f" ({method} {url})" if method and url else ""
    if isinstance(error, httpx2.TimeoutException):
        return APITimeoutError(f"request timed out: {type(error).__name__}{where}", method=method, url=url)
    return APIConnectionError(f"connection failed: {type(error).__name__}{where}", method=method, url=url)
