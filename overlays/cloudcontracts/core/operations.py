"""The operations of a document, read from it: parameters, the generated function, and how to page.

Nothing here is listed by hand. For each operation of ``openapi/<document>.yaml`` an
:class:`OperationSpec` says what the document declares (its parameters with the keyword names the
generated functions give them, its success schema), where openapi-python-client put its function, and --
by convention, from what the document declares -- how a list is walked:

- **NCP pages** (``"ncp"``): the operation declares ``pageNo`` and ``pageSize``, and its success body
  has a list of objects beside an integer ``totalRows``; if it also declares ``startMonth`` and
  ``endMonth``, a longer period is split into NCP's three-month windows;
- **numbered pages** (``"pages"``): the operation declares ``page`` and ``per_page``, and its success
  body has a list of objects (beside a ``count`` or ``total_count`` when there is one).

The list is found by walking the success schema: at each level the one property that is an array of
objects, else the one property that is an object. An operation may name its items' identity with the
vendor extension ``x-cloudcontracts-item-key``: a property of the items (``contractNo``), or a dotted path
through nested objects when the items carry their identity one level down (``attributes.id``); without
it an ``id`` property is used when the items declare one. Pagination uses it to prove each page new.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from cloudcontracts.specs import DocumentName, openapi_document, resolve

__all__ = [
    "OperationSpec",
    "Paging",
    "Parameter",
    "operation",
    "operations",
    "python_name",
]

_PACKAGES: dict[DocumentName, str] = {
    "hyperstack": "hyperstack_client",
    "ncloud-billing": "ncloud_billing_client",
}
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TOTAL_NAMES = ("totalRows", "total_count", "count")
_DELIMITERS = r"\. _-"
# What openapi-python-client renames with a trailing underscore (its utils.RESERVED_WORDS).
_RESERVED = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}

PagingStyle = Literal["ncp", "pages"]


def python_name(name: str) -> str:
    """The identifier openapi-python-client makes of a parameter or property name (its ``snake_case``
    and reserved-word rules): ``memberNoList`` -> ``member_no_list``, ``type`` -> ``type_``."""
    value = re.sub(rf"[^\w{_DELIMITERS}]+", "", name)
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    snake = "_".join(re.findall(rf"[^{_DELIMITERS}]+", value)).lower()
    if snake in _RESERVED or keyword.iskeyword(snake):
        snake += "_"
    return snake


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its wire name, the generated keyword, where it goes, its schema."""

    name: str
    keyword: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    indexed_list: bool  # NCP's name.1=...&name.2=... form


@dataclass(frozen=True)
class Paging:
    """How an operation's list is walked (see the module docstring)."""

    style: PagingStyle
    page_param: str  # keyword of the page-number parameter
    size_param: str  # keyword of the page-size parameter
    max_size: int | None  # the document's maximum for the page size
    items_path: tuple[str, ...]  # model attributes from the success body to the list
    total_path: tuple[str, ...] | None  # ... to the total, when the body has one
    item_key: tuple[str, ...] | None  # model attributes from an item to what identifies it
    months: bool  # startMonth/endMonth declared: NCP's three-month windows apply


@dataclass(frozen=True)
class OperationSpec:
    document: DocumentName
    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    success_schema: Mapping[str, Any] | None
    module_name: str
    paging: Paging | None

    @functools.cached_property
    def by_keyword(self) -> Mapping[str, Parameter]:
        return {parameter.keyword: parameter for parameter in self.parameters}

    def function(self, name: Literal["sync_detailed", "asyncio_detailed"]) -> Callable[..., Any]:
        """The generated ``sync_detailed`` or ``asyncio_detailed`` of this operation."""
        import importlib  # noqa: PLC0415 -- on first use: ~1 ms of `import cloudcontracts`

        return getattr(importlib.import_module(self.module_name), name)  # type: ignore[no-any-return]


def _success_schema(document: Mapping[str, Any], op: Mapping[str, Any]) -> Mapping[str, Any] | None:
    responses = op.get("responses") or {}
    for status in ("200", "201", "2XX"):
        if status in responses:
            content = resolve(document, responses[status]).get("content") or {}
            for media in ("application/json", *content):
                if media in content and "schema" in content[media]:
                    return resolve(document, content[media]["schema"])
    return None


def _find_list(
    document: Mapping[str, Any], schema: Mapping[str, Any]
) -> tuple[tuple[str, ...], tuple[str, ...] | None, Mapping[str, Any]] | None:
    """(path to the list, path to the total, item schema) by the walk the module docstring describes."""
    path: tuple[str, ...] = ()
    for _ in range(8):
        properties = {name: resolve(document, sub) for name, sub in (schema.get("properties") or {}).items()}
        arrays = [
            name
            for name, sub in properties.items()
            if sub.get("type") == "array"
            and resolve(document, sub.get("items") or {}).get("type") == "object"
        ]
        if len(arrays) == 1:
            name = arrays[0]
            total = next(
                (n for n in _TOTAL_NAMES if n in properties and properties[n].get("type") == "integer"), None
            )
            items = resolve(document, properties[name]["items"])
            total_path = (*path, python_name(total)) if total else None
            return (*path, python_name(name)), total_path, items
        objects = [name for name, sub in properties.items() if sub.get("type") == "object"]
        if len(objects) != 1:
            return None
        path = (*path, python_name(objects[0]))
        schema = properties[objects[0]]
    return None


def _item_key_path(
    document: Mapping[str, Any], item_schema: Mapping[str, Any], key: str, op: Mapping[str, Any]
) -> tuple[str, ...]:
    """The model attributes of a (dotted) item key, each step checked against the item schema, so that a
    typo in a document fails when the document is read, not as a key that is never found."""
    schema = item_schema
    path: list[str] = []
    for step in key.split("."):
        properties = schema.get("properties") or {}
        if step not in properties:
            raise ValueError(
                f"x-cloudcontracts-item-key {key!r} of {op.get('operationId')!r}: the items have no property "
                f"{step!r} at {'.'.join(path) or 'their top level'}"
            )
        path.append(step)
        schema = resolve(document, properties[step])
    return tuple(python_name(step) for step in path)


def _paging(
    document: Mapping[str, Any],
    op: Mapping[str, Any],
    parameters: tuple[Parameter, ...],
    success: Mapping[str, Any] | None,
) -> Paging | None:
    names = {parameter.name: parameter for parameter in parameters}
    if success is None:
        return None
    found = _find_list(document, success)
    if found is None:
        return None
    items_path, total_path, item_schema = found
    if "pageNo" in names and "pageSize" in names and total_path and total_path[-1] == "total_rows":
        style: PagingStyle = "ncp"
        page, size = names["pageNo"], names["pageSize"]
    elif "page" in names and "per_page" in names:
        style = "pages"
        page, size = names["page"], names["per_page"]
    else:
        return None
    key = op.get("x-cloudcontracts-item-key")
    if key is None and "id" in (item_schema.get("properties") or {}):
        key = "id"
    item_key = _item_key_path(document, item_schema, str(key), op) if key else None
    maximum = size.schema.get("maximum")
    return Paging(
        style=style,
        page_param=page.keyword,
        size_param=size.keyword,
        max_size=int(maximum) if isinstance(maximum, int) else None,
        items_path=items_path,
        total_path=total_path,
        item_key=item_key,
        months="startMonth" in names and "endMonth" in names,
    )


def _modules(package: str) -> dict[str, str]:
    """Generated operation modules by name (``list_contracts`` -> its module under ``<package>.api``)."""
    import importlib  # noqa: PLC0415 -- on first use: ~1 ms of `import cloudcontracts`
    import pkgutil  # noqa: PLC0415

    api = importlib.import_module(f"{package}.api")
    found: dict[str, str] = {}
    for tag in pkgutil.iter_modules(api.__path__):
        if tag.ispkg:
            tag_package = importlib.import_module(f"{package}.api.{tag.name}")
            for module in pkgutil.iter_modules(tag_package.__path__):
                found.setdefault(module.name, f"{package}.api.{tag.name}.{module.name}")
    return found


@functools.cache
def operations(document: DocumentName) -> Mapping[str, OperationSpec]:
    """Every operation of ``document``, by ``operationId``, in document order."""
    doc = openapi_document(document)
    modules = _modules(_PACKAGES[document])
    found: dict[str, OperationSpec] = {}
    for path, item in (doc.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in _HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, Mapping):
                continue
            operation_id = str(op["operationId"])
            parameters = []
            for raw in (*shared, *(op.get("parameters") or [])):
                declared = resolve(doc, raw)
                parameters.append(
                    Parameter(
                        name=str(declared["name"]),
                        keyword=python_name(str(declared["name"])),
                        location=str(declared["in"]),
                        required=bool(declared.get("required", False)),
                        schema=resolve(doc, declared.get("schema") or {}),
                        indexed_list=declared.get("x-ncp-list-style") == "indexed",
                    )
                )
            params = tuple(parameters)
            success = _success_schema(doc, op)
            module = modules.get(python_name(operation_id))
            if module is None:
                raise LookupError(
                    f"{document}: no generated module for operation {operation_id!r}; run 'make generate'"
                )
            found[operation_id] = OperationSpec(
                document=document,
                operation_id=operation_id,
                method=method.upper(),
                path=str(path),
                parameters=params,
                success_schema=success,
                module_name=module,
                paging=_paging(doc, op, params, success),
            )
    return found


def operation(document: DocumentName, operation_id: str) -> OperationSpec:
    """One operation of ``document``; ``ValueError`` naming the ones there are when it has no such one."""
    found = operations(document)
    if operation_id not in found:
        raise ValueError(
            f"the {document} document has no operation {operation_id!r}; it has: {', '.join(found)}"
        )
    return found[operation_id]
