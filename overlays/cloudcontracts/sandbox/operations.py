"""The sandbox's operations, read from the two OpenAPI documents (never listed by hand).

A :class:`SandboxDocuments` holds the two documents one sandbox serves: by default the ones shipped
with the package (``openapi/hyperstack.yaml`` and ``openapi/ncloud-billing.yaml``), or any others given
to :func:`~cloudcontracts.sandbox.create_app` (tests pass modified copies). Each operation of each
document becomes one :class:`Operation`: which API it belongs to, its ``operationId``, its method, its
full path on the sandbox (the path of the document's first server URL, ``/v1`` or ``/billing/v1``,
followed by the operation's path), its parameters (``$ref`` resolved) and its own description in the
document. The router serves exactly these, fault scripts name operations by these ids, and the request
rules and response generation read everything else they need from the :class:`Operation`, so a path
added to a document is served with no change here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from cloudcontracts.sandbox.xml_render import XmlRenderer
from cloudcontracts.specs import DocumentName, openapi_document, resolve

__all__ = [
    "API_DOCUMENTS",
    "ApiName",
    "Operation",
    "Parameter",
    "SandboxDocuments",
    "base_path",
    "operation_ids",
    "operations",
    "resolve",
]

ApiName = Literal["hyperstack", "ncloud"]

API_DOCUMENTS: dict[ApiName, DocumentName] = {"hyperstack": "hyperstack", "ncloud": "ncloud-billing"}
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_EMPTY: Mapping[str, Any] = {}


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of an operation, its schema resolved."""

    name: str
    location: str
    """``query``, ``path``, ``header`` or ``cookie``."""
    required: bool
    schema: Mapping[str, Any]
    indexed: bool = False
    """NCP's indexed list form (``x-ncp-list-style: indexed``): sent as ``name.1=…&name.2=…``."""


@dataclass(frozen=True)
class Operation:
    """One operation as the sandbox serves it: ``path`` is absolute (base path included).

    Equality is by API, ``operationId``, method and path; the rest is what the document says of it.
    """

    api: ApiName
    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...] = field(default=(), compare=False, repr=False)
    spec: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The operation object of the document (``$ref`` not resolved)."""
    document: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The whole document, to resolve the operation's ``$ref`` against."""

    def query_parameters(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters if p.location == "query"}

    def path_parameters(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters if p.location == "path"}

    def declares(self, *names: str) -> bool:
        """Whether every one of ``names`` is a declared query parameter."""
        query = self.query_parameters()
        return all(name in query for name in names)

    @property
    def requires_auth(self) -> bool:
        """Whether the operation needs credentials: its ``security``, else the document's, is not empty."""
        security = self.spec.get("security", self.document.get("security"))
        return bool(security) and any(bool(requirement) for requirement in security)

    def success_content(self) -> tuple[int, Mapping[str, Any]]:
        """The lowest documented 2xx status and its ``content`` (media type -> media object, resolved)."""
        responses = self.spec.get("responses") or {}
        statuses = sorted(int(code) for code in responses if str(code).isdigit() and 200 <= int(code) < 300)
        if not statuses:
            return 200, _EMPTY
        key = next(code for code in responses if str(code) == str(statuses[0]))
        return statuses[0], resolve(self.document, responses[key]).get("content") or _EMPTY

    def documented_statuses(self) -> frozenset[int]:
        return frozenset(int(code) for code in (self.spec.get("responses") or {}) if str(code).isdigit())


class SandboxDocuments:
    """The Hyperstack and NCP documents one sandbox serves, with their operations.

    ``SandboxDocuments()`` is the documents shipped with the package; pass parsed documents (mappings,
    e.g. ``yaml.safe_load`` of a modified copy) to serve others. Treated as read-only.
    """

    def __init__(
        self, hyperstack: Mapping[str, Any] | None = None, ncloud: Mapping[str, Any] | None = None
    ) -> None:
        self._documents: dict[ApiName, Mapping[str, Any]] = {
            "hyperstack": hyperstack if hyperstack is not None else openapi_document("hyperstack"),
            "ncloud": ncloud if ncloud is not None else openapi_document("ncloud-billing"),
        }
        self.operations: tuple[Operation, ...] = tuple(
            op for api in self._documents for op in self._read_operations(api)
        )
        ids = [op.operation_id for op in self.operations]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"operationId(s) used more than once: {', '.join(duplicates)}")

    @functools.cached_property
    def ncloud_xml(self) -> XmlRenderer:
        """The renderer of NCP's XML form, its element names read from this NCP document."""
        return XmlRenderer(self._documents["ncloud"])

    def document(self, api: ApiName) -> Mapping[str, Any]:
        return self._documents[api]

    def base_path(self, api: ApiName) -> str:
        """The path of the document's first server URL (``/v1``, ``/billing/v1``; no trailing slash)."""
        servers = self._documents[api].get("servers") or [{"url": "/"}]
        return urlsplit(str(servers[0]["url"])).path.rstrip("/")

    def operation_ids(self) -> frozenset[str]:
        """The ``operationId`` of every operation, the names fault scripts may use."""
        return frozenset(op.operation_id for op in self.operations)

    def _read_operations(self, api: ApiName) -> list[Operation]:
        document = self._documents[api]
        found: list[Operation] = []
        for path, item in (document.get("paths") or {}).items():
            shared = item.get("parameters") or []
            for method, spec in item.items():
                if method not in _HTTP_METHODS:
                    continue
                found.append(
                    Operation(
                        api=api,
                        operation_id=str(spec["operationId"]),
                        method=method.upper(),
                        path=self.base_path(api) + str(path),
                        parameters=_parameters(document, [*shared, *(spec.get("parameters") or [])]),
                        spec=spec,
                        document=document,
                    )
                )
        return found


def _parameters(document: Mapping[str, Any], declared: list[Mapping[str, Any]]) -> tuple[Parameter, ...]:
    """The parameters, an operation's own replacing a path item's of the same name and location."""
    by_key: dict[tuple[str, str], Parameter] = {}
    for node in declared:
        parameter = resolve(document, node)
        name, location = str(parameter["name"]), str(parameter["in"])
        by_key[(name, location)] = Parameter(
            name=name,
            location=location,
            required=bool(parameter.get("required")) or location == "path",
            schema=resolve(document, parameter.get("schema") or {}),
            indexed=parameter.get("x-ncp-list-style") == "indexed",
        )
    return tuple(by_key.values())


@functools.cache
def shipped_documents() -> SandboxDocuments:
    """The documents shipped with the package (read once)."""
    return SandboxDocuments()


def base_path(api: ApiName) -> str:
    """The base path of a shipped document, e.g. ``/v1`` or ``/billing/v1``."""
    return shipped_documents().base_path(api)


def operations() -> tuple[Operation, ...]:
    """Every operation of both shipped documents, in document order."""
    return shipped_documents().operations


def operation_ids() -> frozenset[str]:
    """The ``operationId`` of every operation of the shipped documents."""
    return shipped_documents().operation_ids()
