"""The sandbox's operations, read from the two OpenAPI documents (never listed by hand).

Each operation of ``openapi/hyperstack.yaml`` and ``openapi/ncloud-billing.yaml`` becomes one
:class:`Operation`: which API it belongs to, its ``operationId``, its method, and its full path on the
sandbox, which is the path of the document's first server URL (``/v1``, ``/billing/v1``) followed by the
operation's path. The router serves exactly these, and fault scripts name operations by these ids, so a
path added to a document is routed (and fails loudly for want of a handler) with no change here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from cloudcontracts.specs import DocumentName, openapi_document

__all__ = ["API_DOCUMENTS", "ApiName", "Operation", "base_path", "operation_ids", "operations"]

ApiName = Literal["hyperstack", "ncloud"]

API_DOCUMENTS: dict[ApiName, DocumentName] = {"hyperstack": "hyperstack", "ncloud": "ncloud-billing"}
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


@dataclass(frozen=True)
class Operation:
    """One operation as the sandbox serves it: ``path`` is absolute (base path included)."""

    api: ApiName
    operation_id: str
    method: str
    path: str


@functools.cache
def base_path(api: ApiName) -> str:
    """The path of the document's first server URL, e.g. ``/v1`` or ``/billing/v1`` (no trailing slash)."""
    servers = openapi_document(API_DOCUMENTS[api]).get("servers") or [{"url": "/"}]
    return urlsplit(str(servers[0]["url"])).path.rstrip("/")


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation of both documents, in document order."""
    found: list[Operation] = []
    for api, document_name in API_DOCUMENTS.items():
        document = openapi_document(document_name)
        for path, item in (document.get("paths") or {}).items():
            for method, operation in item.items():
                if method in _HTTP_METHODS:
                    found.append(
                        Operation(
                            api=api,
                            operation_id=str(operation["operationId"]),
                            method=method.upper(),
                            path=base_path(api) + str(path),
                        )
                    )
    return tuple(found)


def operation_ids() -> frozenset[str]:
    """The ``operationId`` of every operation, the names fault scripts may use."""
    return frozenset(op.operation_id for op in operations())
