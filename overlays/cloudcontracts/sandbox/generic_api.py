"""The answer of an operation with no hand-written behaviour: parameters checked against the document,
then a body built from its success response's schema and the sandbox's seed (Prism's approach).

After the conventions of :mod:`.handling` (method, credentials, declared parameters):

1. **parameters**: NCP's conventions (:func:`~.request_rules.ncp_query`: months, flags, paging, indexed
   lists); Hyperstack's ``page``/``per_page`` as positive integers; then every other declared parameter,
   path parameters included, against its schema, and required ones present. A failure is a ``400`` in
   the provider's form (``ErrorResponseModel``; NCP's ``responseError`` in the asked format);
2. **the body**: :class:`~.schema_values.SchemaValues` builds the lowest documented 2xx response's JSON
   schema from a :class:`random.Random` seeded with the config's seed, the ``operationId`` and the path
   parameters' values, so the same seed gives the same bytes. The response's first list
   (:meth:`~.schema_values.SchemaValues.list_path`) holds :attr:`~.config.SandboxConfig.generic_items`
   items over all pages, built once per state, each from its own seeded generator;
3. **paging** by convention: an NCP operation declaring ``pageNo``/``pageSize`` whose response has
   ``totalRows`` beside its list gets that slice of the list and ``totalRows`` the total; a Hyperstack
   operation declaring ``page``/``per_page`` gets that page (``per_page`` defaulting and capped as the
   config says for contracts), and ``count`` (as ``hyperstack_count`` says), ``total_count`` and a
   ``pagination`` object beside the list, when declared, describe it. Without paging, the whole list;
4. **the providers' constants**: NCP's ``requestId`` (one per request), ``returnCode`` ``"0"`` and
   ``returnMessage`` ``"success"``; Hyperstack's ``status`` ``true`` and ``message`` ``"success"``;
5. **formats**: NCP's body is built once, as its JSON form, and written as JSON or XML
   (:mod:`.xml_render`, element names from the document's ``xml`` objects), so both carry the same data.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from cloudcontracts.sandbox import hyperstack_api, ncloud_api
from cloudcontracts.sandbox.call import Call
from cloudcontracts.sandbox.request_rules import (
    NCP_CONVENTION_PARAMETERS,
    RuleError,
    first_values,
    invalid_value,
    ncp_query,
    positive,
)
from cloudcontracts.sandbox.schema_values import SchemaValues

__all__ = ["answer"]

_XML = "application/xml"
_HYPERSTACK_PAGING = frozenset({"page", "per_page"})


@dataclass(frozen=True)
class _Page:
    """Which slice of the list a request asks for, and how to describe it."""

    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


async def answer(call: Call) -> Response:
    """The answer built from the operation's declarations (see the module's docstring)."""
    if call.operation.api == "hyperstack":
        return _hyperstack(call)
    return _ncloud(call)


# --- parameters --------------------------------------------------------------------------------------


def _check_declared(call: Call, skip: frozenset[str], invalid: str, missing: str) -> None:
    """Every declared path and query parameter not in ``skip`` against its schema. The messages'
    shapes: ``invalid`` with ``{name}``, ``{expected}`` and ``{value}``, ``missing`` with ``{name}``."""
    values = first_values(call.pairs())
    path_values = call.request.path_params
    for parameter in call.operation.parameters:
        if parameter.name in skip or parameter.indexed or parameter.location not in ("query", "path"):
            continue
        text = (
            str(path_values[parameter.name]) if parameter.location == "path" else values.get(parameter.name)
        )
        if text is None:
            if parameter.required:
                raise RuleError(missing.format(name=parameter.name))
            continue
        expected = invalid_value(parameter, text)
        if expected is not None:
            raise RuleError(invalid.format(name=parameter.name, expected=expected, value=text))


def _path_key(call: Call) -> str:
    """The path parameters' values, part of every seed of the answer: another id, another object."""
    return "&".join(f"{name}={value}" for name, value in sorted(call.request.path_params.items()))


def _hyperstack(call: Call) -> Response:
    operation, config = call.operation, call.state.config
    try:
        page: _Page | None = None
        if operation.declares("page", "per_page"):
            params = call.request.query_params
            number = positive("page", params.get("page"), 1)
            size = positive("per_page", params.get("per_page"), config.hyperstack_default_per_page)
            if config.hyperstack_max_per_page is not None:
                size = min(size, config.hyperstack_max_per_page)
            page = _Page(number, size)
        _check_declared(
            call,
            _HYPERSTACK_PAGING if page else frozenset(),
            "{name} must be {expected}, got {value!r}",
            "{name} is required",
        )
    except RuleError as error:
        return hyperstack_api.bad_request(str(error))
    status, content = operation.success_content()
    schema = _json_schema(content)
    if schema is None:
        return Response(b"", status_code=status)
    body = _Body(call, schema, page).build()
    if isinstance(body, dict):
        _put_if_declared(body, schema, call, "status", True)
        _put_if_declared(body, schema, call, "message", "success")
    return hyperstack_api.ok(body, status)


def _ncloud(call: Call) -> Response:
    operation = call.operation
    as_json = ncloud_api.wants_json(call.query_string)
    status, content = operation.success_content()
    renderer = call.documents.ncloud_xml
    try:
        query = ncp_query(operation, call.pairs())
        _check_declared(
            call, NCP_CONVENTION_PARAMETERS, "{name} must be {expected}: {value!r}.", "{name} is required."
        )
    except RuleError as invalid:
        return ncloud_api.billing_error(
            400,
            ncloud_api.INVALID_PARAMETER,
            str(invalid),
            as_json=as_json or _XML not in content,
            renderer=renderer,
        )
    schema = _json_schema(content)
    xml_root = None
    if schema is None and _XML in content:  # XML only: the JSON form is the XML root's content, wrapped
        xml_schema = content[_XML]["schema"]
        xml_root = _xml_root_name(call, xml_schema)
        schema = {"type": "object", "properties": {xml_root: xml_schema}}
    if schema is None:
        return Response(b"", status_code=status)
    paged = operation.declares("pageNo", "pageSize")
    page = _Page(query.page_no, query.page_size) if paged else None
    builder = _Body(call, schema, page, require_total="totalRows")
    body = builder.build()
    inner, inner_schema = _envelope_content(call, body, schema)
    if inner is not None:
        _put_if_declared(inner, inner_schema, call, "requestId", call.runtime.next_request_id())
        _put_if_declared(inner, inner_schema, call, "returnCode", "0")
        _put_if_declared(inner, inner_schema, call, "returnMessage", "success")
    return ncloud_api.render_ncp(body, as_json or _XML not in content, status, renderer=renderer)


# --- the body ------------------------------------------------------------------------------------------


def _json_schema(content: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for media_type, media in content.items():
        if str(media_type).split(";")[0].strip().endswith("json") and "schema" in media:
            schema: Mapping[str, Any] = media["schema"]
            return schema
    return None


def _xml_root_name(call: Call, schema: Mapping[str, Any]) -> str:
    values = SchemaValues(call.operation.document)
    resolved = values.resolve(schema)
    xml = resolved.get("xml") or schema.get("xml") or {}
    if xml.get("name"):
        return str(xml["name"])
    ref = str(schema.get("$ref", ""))
    return ref.rsplit("/", 1)[-1] or call.operation.operation_id + "Response"


def _envelope_content(
    call: Call, body: Any, schema: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, Mapping[str, Any]]:
    """NCP's JSON form wraps its content in one key (``{"getXResponse": {...}}``): that content."""
    values = SchemaValues(call.operation.document)
    resolved = values.resolve(schema)
    if isinstance(body, dict) and len(body) == 1:
        ((key, inner),) = body.items()
        if isinstance(inner, dict):
            return inner, values.resolve((resolved.get("properties") or {}).get(key) or {})
    return (body, resolved) if isinstance(body, dict) else (None, resolved)


def _put_if_declared(
    body: dict[str, Any], schema: Mapping[str, Any], call: Call, key: str, value: Any
) -> None:
    properties = SchemaValues(call.operation.document).resolve(schema).get("properties") or {}
    if key in properties and key in body:
        body[key] = value


class _Body:
    """Builds one answer: the generated body, its list replaced by the page of the seeded items."""

    def __init__(
        self, call: Call, schema: Mapping[str, Any], page: _Page | None, *, require_total: str | None = None
    ) -> None:
        self.call = call
        self.schema = schema
        self.page = page
        self.values = SchemaValues(call.operation.document)
        self.config = call.state.config
        self.key = f"{self.config.seed}:{call.operation.operation_id}:{_path_key(call)}"
        self.require_total = require_total

    def build(self) -> Any:
        body = self.values.value(self.schema, random.Random(self.key + ":body"))  # noqa: S311 -- test data
        path = self.values.list_path(self.schema)
        if path is None:
            return body
        items = self._items(path)
        container_schema = self.values.at(self.schema, path[:-1]) if path else {}
        declared = container_schema.get("properties") or {}
        paged = self.page is not None and (self.require_total is None or self.require_total in declared)
        shown = items[self.page.offset : self.page.offset + self.page.size] if paged and self.page else items
        if not path:
            return shown
        container = body
        for key in path[:-1]:
            container = container[key]
        container[path[-1]] = shown
        self._describe(container, declared, total=len(items), shown=len(shown), paged=paged)
        return body

    def _items(self, path: tuple[str, ...]) -> list[Any]:
        item_schema = self.values.at(self.schema, path).get("items") or {}
        name = path[-1] if path else "item"

        def build() -> list[Any]:
            return [
                self.values.value(
                    item_schema,
                    random.Random(f"{self.key}:item:{index}"),  # noqa: S311 -- test data
                    name=name,
                    depth=len(path) + 1,
                )
                for index in range(self.config.generic_items)
            ]

        return self.call.state.generated(self.key, build)

    def _describe(
        self, container: dict[str, Any], declared: Mapping[str, Any], *, total: int, shown: int, paged: bool
    ) -> None:
        """The list's neighbours that count it, when declared: totals, ``count``, ``pagination``."""
        for key in ("totalRows", "total_count"):
            if key in declared:
                container[key] = total
        if "count" in declared:
            container["count"] = total if self.config.hyperstack_count == "total" else shown
        pagination = container.get("pagination")
        if paged and self.page is not None and isinstance(pagination, dict):
            described = {
                "page": self.page.number,
                "per_page": self.page.size,
                "pages": math.ceil(total / self.page.size),
            }
            for key, value in described.items():
                if key in pagination:
                    pagination[key] = value
