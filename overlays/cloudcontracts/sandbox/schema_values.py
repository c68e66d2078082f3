"""Values built from OpenAPI 3.0 schemas, for operations the sandbox has no hand-written data for.

As Stoplight Prism answers with bodies built from a response's schema, :class:`SchemaValues` builds one
value for a schema from a :class:`random.Random`, so the same seed gives the same value:

- a schema's (or its property's) ``example`` comes first, as written in the document;
- ``$ref`` is followed; ``allOf`` merges its parts' properties; ``oneOf``/``anyOf`` takes a string
  alternative when there is one (its XML form reads back the same), else the first;
- ``enum``: one of its values; ``boolean``; ``integer`` within ``minimum``/``maximum`` (1 to 10,000 when
  open); ``number`` the same with two decimals;
- ``string``: by ``format`` (``date-time`` as RFC 3339 UTC, ``date``, ``uuid``, ``email``, ``uri``),
  else a value that matches its ``pattern`` among a few shapes such APIs use (naive and offset date-times,
  ``yyyyMM``, digits), else ``<property name>-<number>``; ``minLength``/``maxLength`` respected;
- an object has every declared property; an array 1 to 3 items (within ``minItems``/``maxItems``;
  never empty, because an unwrapped XML list with no item would vanish from the XML form);
- past a nesting depth of 8 (a recursive schema), objects are empty and arrays hold no items.

Values are JSON-friendly (no ``None``): NCP's XML form is rendered from the same value
(:mod:`.xml_render`) and decodes back equal. :meth:`SchemaValues.list_path` finds where a response keeps
its list, which is what paging slices.
"""

from __future__ import annotations

import copy
import math
import random
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from cloudcontracts.specs import resolve

__all__ = ["MAX_DEPTH", "SchemaValues"]

MAX_DEPTH = 8
_Scalar = Callable[[Mapping[str, Any], random.Random, str], Any]
_EPOCH = datetime(2024, 1, 1)
_SPAN_SECONDS = 3 * 365 * 86400


class SchemaValues:
    """Builds values for the schemas of one OpenAPI 3.0 document (a parsed mapping)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """``schema`` with ``$ref`` followed and ``allOf`` merged into one object schema."""
        schema = resolve(self._document, schema)
        parts = schema.get("allOf")
        if not parts:
            return schema
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = dict(merged.get("properties") or {})
        for part in parts:
            resolved = self.resolve(part)
            properties.update(resolved.get("properties") or {})
            for key, value in resolved.items():
                merged.setdefault(key, value)
        merged["properties"] = properties
        merged.setdefault("type", "object")
        return merged

    def value(
        self, schema: Mapping[str, Any], rng: random.Random, *, name: str = "value", depth: int = 0
    ) -> Any:
        """One value for ``schema`` (``name``: the property it is for, used in made-up strings)."""
        resolved = self.resolve(schema)
        for source in (schema, resolved):
            if "example" in source:
                return copy.deepcopy(source["example"])  # the caller may fill it in: never the document's
        if resolved.get("enum"):
            return rng.choice(list(resolved["enum"]))
        choices = resolved.get("oneOf") or resolved.get("anyOf")
        if choices:
            alternatives = [self.resolve(choice) for choice in choices]
            strings = [choice for choice in alternatives if choice.get("type") == "string"]
            return self.value((strings or alternatives)[0], rng, name=name, depth=depth)
        kind = _kind(resolved)
        if kind in ("object", "array"):
            return self._composite(kind, resolved, rng, name, depth)
        scalar: _Scalar = _SCALARS.get(kind, _string)
        return scalar(resolved, rng, name)

    def _composite(
        self, kind: str, schema: Mapping[str, Any], rng: random.Random, name: str, depth: int
    ) -> Any:
        if kind == "object":
            if depth >= MAX_DEPTH:
                return {}
            return {
                str(key): self.value(child, rng, name=str(key), depth=depth + 1)
                for key, child in (schema.get("properties") or {}).items()
            }
        if depth >= MAX_DEPTH:
            return []
        low = max(1, int(schema.get("minItems", 1)))
        high = max(low, min(3, int(schema.get("maxItems", 3))))
        items = schema.get("items") or {}
        return [self.value(items, rng, name=name, depth=depth + 1) for _ in range(rng.randint(low, high))]

    def list_path(self, schema: Mapping[str, Any]) -> tuple[str, ...] | None:
        """Where the first list of a response is: the property names leading to it, breadth first
        through objects (``()`` when the response is itself a list), or ``None`` if it has none."""
        queue: list[tuple[tuple[str, ...], Mapping[str, Any], int]] = [((), schema, 0)]
        while queue:
            path, node, depth = queue.pop(0)
            node = self.resolve(node)
            if node.get("type") == "array" or "items" in node:
                return path
            if depth < MAX_DEPTH:
                for key, child in (node.get("properties") or {}).items():
                    queue.append(((*path, str(key)), child, depth + 1))
        return None

    def at(self, schema: Mapping[str, Any], path: tuple[str, ...]) -> Mapping[str, Any]:
        """The (resolved) schema found by following ``path`` through properties."""
        node = self.resolve(schema)
        for key in path:
            node = self.resolve((node.get("properties") or {})[key])
        return node


def _bounds(schema: Mapping[str, Any], low: float, high: float) -> tuple[float, float]:
    minimum = schema.get("minimum")
    maximum = schema.get("maximum")
    if minimum is not None:
        low = minimum + (1 if schema.get("exclusiveMinimum") is True else 0)
    if maximum is not None:
        high = maximum - (1 if schema.get("exclusiveMaximum") is True else 0)
    if minimum is not None and maximum is None:
        high = low + 10_000
    if maximum is not None and minimum is None:
        low = min(low, high)
    return low, max(low, high)


def _kind(schema: Mapping[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    if "properties" in schema:
        return "object"
    return "array" if "items" in schema else "string"


def _boolean(schema: Mapping[str, Any], rng: random.Random, name: str) -> bool:
    return rng.random() < 0.5


def _integer(schema: Mapping[str, Any], rng: random.Random, name: str) -> int:
    low, high = _bounds(schema, 1, 10_000)
    return rng.randint(math.ceil(low), math.floor(high))


def _number(schema: Mapping[str, Any], rng: random.Random, name: str) -> float:
    low, high = _bounds(schema, 0, 10_000)
    return round(rng.uniform(low, high), 2)


def _moment(rng: random.Random) -> datetime:
    return _EPOCH + timedelta(seconds=rng.randrange(_SPAN_SECONDS))


def _pattern_candidates(rng: random.Random, name: str) -> list[str]:
    moment = _moment(rng)
    return [
        moment.strftime("%Y-%m-%dT%H:%M:%S"),
        moment.strftime("%Y-%m-%dT%H:%M:%S+0900"),
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.strftime("%Y-%m-%d"),
        moment.strftime("%Y%m"),
        str(rng.randint(1_000_000, 9_999_999)),
        f"{name}-{rng.randint(1000, 9999)}",
        "",
    ]


def _string(schema: Mapping[str, Any], rng: random.Random, name: str) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        text = _moment(rng).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif fmt == "date":
        text = _moment(rng).strftime("%Y-%m-%d")
    elif fmt == "uuid":
        text = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    elif fmt == "email":
        text = f"{name.lower()}{rng.randint(1, 999)}@example.com"
    elif fmt in ("uri", "url"):
        text = f"https://example.com/{name}/{rng.randint(1, 999)}"
    elif "pattern" in schema:
        pattern = re.compile(str(schema["pattern"]))
        candidates = _pattern_candidates(rng, name)
        text = next((c for c in candidates if pattern.search(c)), candidates[-2])
    else:
        text = f"{name}-{rng.randint(1000, 9999)}"
    minimum, maximum = schema.get("minLength"), schema.get("maxLength")
    if minimum is not None and len(text) < int(minimum):
        text = text.ljust(int(minimum), "x")
    if maximum is not None:
        text = text[: int(maximum)]
    return text


_SCALARS: dict[str, _Scalar] = {
    "boolean": _boolean,
    "integer": _integer,
    "number": _number,
    "string": _string,
}
