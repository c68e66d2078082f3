"""Columns that follow the OpenAPI document: the scalar properties the documented columns leave out.

The flat exports have hand-written, documented columns. So that a property added to a document reaches
the exports with no code change, each flat export appends, after its documented columns, one column per
scalar property of the schemas it flattens that no documented column reads, in the document's order:

=========================================  ==============================  ======================
property in the document                   column(s)                       kind
=========================================  ==============================  ======================
``type: string``                           ``snake_case(name)``            ``string``
``type: integer``                          ``snake_case(name)``            ``integer``
``type: number``                           ``snake_case(name)``            ``decimal``
``type: boolean``                          ``snake_case(name)``            ``string`` (``true``/``false``)
``format: date-time``, or the provider's   ``snake_case(name)``            ``datetime``
date-time schema (``NcpDateTime``, ...)
an object with ``code`` and ``codeName``   ``<name>_code``, ``<name>_name``  ``string``, ``string``
=========================================  ==============================  ======================

Arrays (the levels being flattened) and other objects are not scalar and give no column. A name is the
property's in snake_case, split into words as openapi-python-client splits them for attribute names; one
that a column already has is prefixed with the level (``contract_``, ``product_``, ...).

Values are read from the model's ``to_dict()``, keyed by the name in the document: it holds both the
properties the generated model declares and the ones it keeps in ``additional_properties`` (a document
newer than the generated code), each in its wire form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports.columns import Column, ColumnKind, Row
from cloudcontracts.exports.values import integer, number, text
from cloudcontracts.specs import resolve_chain

__all__ = [
    "DocumentField",
    "DocumentLevel",
    "FieldKind",
    "document_fields",
    "read_document_fields",
    "snake_case",
]

FieldKind = Literal["string", "integer", "decimal", "boolean", "datetime", "code"]
DatetimeReader = Callable[[object, str, str], "datetime | None"]

# The document's scalar types, as field kinds.
_SCALAR_KINDS: dict[str, FieldKind] = {
    "string": "string",
    "integer": "integer",
    "number": "decimal",
    "boolean": "boolean",
}
# A boolean is written as the text true/false: the column kinds (and the writers' schemas) have no boolean.
_COLUMN_KINDS: dict[FieldKind, ColumnKind] = {
    "string": "string",
    "integer": "integer",
    "decimal": "decimal",
    "boolean": "string",
    "datetime": "datetime",
}

# openapi-python-client's word split (openapi_python_client.utils.split_words), so a column is named as
# the generated attribute is, before the generator's reserved-word suffixes (``datetime_``).
_DELIMITERS = r"\. _-"


def snake_case(name: str) -> str:
    """``contractStartDate`` → ``contract_start_date``, ``org_id`` → ``org_id``, as the generator splits."""
    value = re.sub(rf"[^\w{_DELIMITERS}]+", "", name)
    if any(char.isupper() for char in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return "_".join(re.findall(rf"[^{_DELIMITERS}]+", value)).lower()


class HasToDict(Protocol):
    """A generated model: ``to_dict()`` gives its wire form, unknown properties included."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class DocumentLevel:
    """One schema a flat export flattens, and what its documented columns already read.

    ``read_by_columns`` names the properties (as in the document) that documented columns read; every
    other scalar property becomes a :class:`DocumentField`. ``prefix`` tells a new column from an
    existing one of the same name.
    """

    schema: str
    prefix: str
    read_by_columns: frozenset[str]


@dataclass(frozen=True)
class DocumentField:
    """A property no documented column reads: its name in the document, its kind, and its column(s)."""

    property: str
    kind: FieldKind
    columns: tuple[Column, ...]


def _kind(
    document: Mapping[str, Any], schema: Mapping[str, Any], datetime_schemas: Collection[str]
) -> FieldKind | None:
    resolved, refs = resolve_chain(document, schema)
    names = {ref.rsplit("/", 1)[-1] for ref in refs}  # the components a date-time may be declared by
    if names & set(datetime_schemas) or resolved.get("format") == "date-time":
        return "datetime"
    kind = resolved.get("type")
    if kind in _SCALAR_KINDS:
        return _SCALAR_KINDS[kind]
    properties = resolved.get("properties") or {}
    if kind == "object" and "code" in properties and "codeName" in properties:
        return "code"
    return None  # arrays and other objects are not scalar


def _describe(name: str, schema: Mapping[str, Any]) -> str:
    summary = " ".join(str(schema.get("description") or "").split())
    return f"{name} ({summary})" if summary else name


def document_fields(
    document: Mapping[str, Any],
    level: DocumentLevel,
    taken: Iterable[str],
    datetime_schemas: Collection[str],
) -> tuple[DocumentField, ...]:
    """The scalar properties of ``level.schema`` that no documented column reads, in document order.

    ``taken`` holds the column names already used (documented columns and earlier levels' fields); a
    field whose name is taken gets ``level.prefix``; a name still taken then is a ``ValueError``.
    """
    schemas: Mapping[str, Any] = document["components"]["schemas"]
    properties: Mapping[str, Any] = schemas[level.schema].get("properties") or {}
    used = set(taken)
    fields: list[DocumentField] = []
    for name, schema in properties.items():
        if name in level.read_by_columns:
            continue
        kind = _kind(document, schema, datetime_schemas)
        if kind is None:
            continue
        base = snake_case(name)
        suffixes = ("_code", "_name") if kind == "code" else ("",)
        names = [base + suffix for suffix in suffixes]
        if used.intersection(names):
            names = [level.prefix + column for column in names]
        clash = used.intersection(names)
        if clash:
            raise ValueError(f"{level.schema}.{name}: column name {sorted(clash)[0]!r} is already taken")
        used.update(names)
        columns: tuple[Column, ...]
        if kind == "code":
            columns = (
                Column(names[0], "string", _describe(f"{name}.code", schema)),
                Column(names[1], "string", _describe(f"{name}.codeName", schema)),
            )
        else:
            columns = (Column(names[0], _COLUMN_KINDS[kind], _describe(name, schema)),)
        fields.append(DocumentField(name, kind, columns))
    return tuple(fields)


def _flag(value: object, where: str, field: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    raise ResponseDecodeError(f"{where}: {field} is not a boolean: {value!r}")


def _code(value: object, where: str, field: str) -> tuple[str | None, str | None]:
    if value is None or value == "":
        return None, None
    if not isinstance(value, Mapping):
        raise ResponseDecodeError(f"{where}: {field} is not a code object: {value!r}")
    return text(value.get("code"), where, f"{field}.code"), text(
        value.get("codeName"), where, f"{field}.codeName"
    )


def read_document_fields(
    model: HasToDict, fields: tuple[DocumentField, ...], where: str, read_datetime: DatetimeReader
) -> Row:
    """The fields' columns of one record, read from its wire form (nothing is computed without fields)."""
    if not fields:
        return {}
    wire = model.to_dict()
    row: Row = {}
    for field in fields:
        value = wire.get(field.property)
        if field.kind == "code":
            code, name = _code(value, where, field.property)
            row[field.columns[0].name] = code
            row[field.columns[1].name] = name
            continue
        column = field.columns[0].name
        if field.kind == "string":
            row[column] = text(value, where, field.property)
        elif field.kind == "integer":
            row[column] = integer(value, where, field.property)
        elif field.kind == "decimal":
            row[column] = number(value, where, field.property)
        elif field.kind == "boolean":
            row[column] = _flag(value, where, field.property)
        else:
            row[column] = read_datetime(value, where, field.property)
    return row
