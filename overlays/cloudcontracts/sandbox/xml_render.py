"""Render NCP's XML form from the JSON-shaped dict, with element names read from the OpenAPI document.

The sandbox builds each NCP answer once, as the dict its JSON form is (``{"getContractUsageListResponse":
{...}}`` or ``{"responseError": {...}}``), and serialises that dict either way, so its XML and JSON answers
always agree. This is the inverse of :mod:`cloudcontracts.ncloud.xml_decoding`, and like it knows nothing of
NCP's fields: the root element is the dict's only key, which must be the ``xml.name`` (else component
name) of a schema of an ``application/xml`` response in the document; a property is the element named
by its ``xml.name`` (else its key); a wrapped array (``xml.wrapped``) is a wrapper element holding one
element per item, named by the items' ``xml.name`` (``<contractList><contract>…</contract></contractList>``);
an unwrapped array repeats the item element in place.

Values are written as NCP writes them and as the decoder reads them back: text escaped; numbers and
booleans exactly as ``json.dumps`` writes them (so ``12.851112`` and ``107374182400`` come back equal);
an empty string, object or list as an empty element (``<promiseNo></promiseNo>``, as in NCP's example).
Keys the document does not declare are written by the same rules without a schema, dicts as elements
with children, lists as repeated elements. The output is indented like the example in NCP's docs.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from cloudcontracts.specs import openapi_document, resolve, resolve_chain, xml_element_name

__all__ = ["XmlRenderer", "ncp_xml_renderer"]

_XML_MEDIA_TYPE = re.compile(r"(?:application|text)/(?:[\w.+-]+\+)?xml\Z")
_INDENT = "    "
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
_EMPTY: Mapping[str, Any] = {}


class XmlRenderer:
    """Serialises JSON-form dicts to XML following one OpenAPI 3.0 document's ``xml`` objects."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._roots: dict[str, Mapping[str, Any]] = {}
        for schema in _xml_response_schemas(document):
            for choice in schema.get("oneOf") or schema.get("anyOf") or [schema]:
                name = self._xml_name(choice) or self._component_name(choice)
                if name:
                    self._roots[name] = self._resolve(choice)

    @property
    def root_elements(self) -> tuple[str, ...]:
        return tuple(self._roots)

    def render(self, envelope: Mapping[str, Any]) -> bytes:
        """``{root element: content}`` as a UTF-8 XML document with its declaration."""
        if len(envelope) != 1:
            raise ValueError("an XML document has exactly one root element: pass {root: content}")
        ((root, content),) = envelope.items()
        if root not in self._roots:
            raise ValueError(f"<{root}> is not the root of any application/xml response in the document")
        lines = [_DECLARATION]
        self._element(lines, root, content, self._roots[root], 0)
        return ("\n".join(lines) + "\n").encode("utf-8")

    # --- schema helpers -------------------------------------------------------------------------------

    def _resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        return resolve(self._document, schema)

    def _component_name(self, schema: Mapping[str, Any]) -> str | None:
        refs = resolve_chain(self._document, schema)[1]
        return refs[0].rsplit("/", 1)[-1] if refs else None

    def _xml_name(self, schema: Mapping[str, Any]) -> str | None:
        return xml_element_name(self._document, schema)

    def _properties(self, schema: Mapping[str, Any] | None) -> Mapping[str, Any]:
        if schema is None:
            return _EMPTY
        properties = dict(schema.get("properties") or {})
        for part in schema.get("allOf", ()):
            properties.update(self._properties(self._resolve(part)))
        return properties

    # --- writing --------------------------------------------------------------------------------------

    def _element(
        self, lines: list[str], name: str, value: Any, schema: Mapping[str, Any] | None, depth: int
    ) -> None:
        indent = _INDENT * depth
        if isinstance(value, Mapping):
            if not value:
                lines.append(f"{indent}<{name}></{name}>")
                return
            lines.append(f"{indent}<{name}>")
            properties = self._properties(schema)
            for key, child in value.items():
                self._property(lines, str(key), child, properties.get(key), depth + 1)
            lines.append(f"{indent}</{name}>")
        elif isinstance(value, list):
            # A list here is a wrapped array's wrapper: its items are rendered by _property.
            raise TypeError(f"<{name}>: a list must belong to a property")
        else:
            lines.append(f"{indent}<{name}>{_text(value)}</{name}>")

    def _property(
        self, lines: list[str], key: str, value: Any, schema: Mapping[str, Any] | None, depth: int
    ) -> None:
        if schema is None:  # undeclared: generic rules, and a list repeats the element
            if isinstance(value, list):
                for item in value:
                    self._element(lines, key, item, None, depth)
            else:
                self._element(lines, key, value, None, depth)
            return
        xml = schema.get("xml") or {}
        element = str(xml.get("name") or key)
        resolved = self._resolve(schema)
        if not isinstance(value, list):
            self._element(lines, element, value, resolved, depth)
            return
        items = resolved.get("items") or {}
        item_name = self._xml_name(items) or key
        item_schema = self._resolve(items)
        if not xml.get("wrapped"):
            for item in value:
                self._element(lines, item_name, item, item_schema, depth)
            return
        indent = _INDENT * depth
        if not value:
            lines.append(f"{indent}<{element}></{element}>")
            return
        lines.append(f"{indent}<{element}>")
        for item in value:
            self._element(lines, item_name, item, item_schema, depth + 1)
        lines.append(f"{indent}</{element}>")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)  # the literal the JSON form has, so both forms decode equal
    raise TypeError(f"cannot write {type(value).__name__} as XML text")


def _xml_response_schemas(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    responses: list[Mapping[str, Any]] = []
    for path_item in (document.get("paths") or {}).values():
        for operation in path_item.values():
            if isinstance(operation, Mapping):
                responses.extend((operation.get("responses") or {}).values())
    responses.extend(((document.get("components") or {}).get("responses") or {}).values())
    schemas: list[Mapping[str, Any]] = []
    for response in responses:
        for media_type, media in (response.get("content") or {}).items():
            if _XML_MEDIA_TYPE.match(str(media_type)) and "schema" in media:
                schemas.append(media["schema"])
    return schemas


@functools.cache
def ncp_xml_renderer() -> XmlRenderer:
    """The renderer for the shipped ``ncloud-billing`` document (built once)."""
    return XmlRenderer(openapi_document("ncloud-billing"))
