"""Decode NCP's XML bodies into exactly the dicts its JSON form gives, driven by the OpenAPI document.

NCP Billing answers in XML unless ``responseFormatType=json`` is asked for. This module reproduces the
*JSON form* from an XML body, so that the generated models' ``from_dict`` (written for JSON) can read
either: ``decode_ncp_xml(xml_body) == json.loads(json_body)`` for the same response. Concretely, for NCP:

- the root element becomes the single top-level key (``{"getContractUsageListResponse": {...}}``, or
  ``{"responseError": {...}}``), as in NCP's JSON form (``*Envelope`` schemas in the document);
- a wrapped list (``<contractList><contract>…</contract></contractList>``) becomes a plain list, even with
  one item or none (an empty wrapper is ``[]``); every child element of a wrapper is one item;
- ``integer``/``number`` properties become what ``json.loads`` would give for the same literal: an ``int``
  for an integer literal (``"864000"`` → ``864000``, ``"107374182400"`` stays exact), a ``float``
  otherwise (``"12.851112"``); ``boolean`` properties ``true``/``false`` become ``True``/``False``;
  anything that is not a valid JSON literal of the declared type is kept as its text;
- ``string`` properties keep their text exactly, digit-only ones too (``contractNo`` ``"9294191"``); an
  empty element is ``""``; a property whose schema is a ``oneOf``/``anyOf`` of scalars is kept as text;
- an object property's empty element (an absent code object) is ``{}``;
- elements the document does not declare are kept, not dropped: a leaf as its text, an element with
  children as a dict of them by the same rule (repeated names become a list), so that ``from_dict``
  puts them into ``additional_properties``; element order does not matter; attributes and text mixed
  between child elements are ignored (NCP uses neither).

Nothing about NCP's fields is written here. :class:`XmlDecoder` compiles a plan from any OpenAPI 3.0
document: the schemas of ``application/xml`` responses are the accepted root elements (named by their
``xml.name``, else their component name); for each object schema, a table from element name (the
property's ``xml.name``, else its name) to JSON key, kind and nested plan, following ``$ref``, merging
``allOf``; wrapped arrays per ``xml.wrapped``, unwrapped arrays as repeated elements named by the items'
``xml.name``. Add a property to ``openapi/ncloud-billing.yaml`` and the decoder reads it with no code change.

Security: a body is refused with :class:`~cloudcontracts.errors.ResponseDecodeError` (carrying a
snippet of the body) if it has a document type declaration (so no entity can be declared, expanded or
fetched: billion laughs and external entities are impossible), nests deeper than ``max_depth`` (64 by
default; counted as elements open, so a 10,000-deep body fails at level 65, with no recursion), is
larger than ``max_bytes`` (64 MiB by default), is not well-formed, or has an unknown root element. No
parser exception (``ExpatError``, ``RecursionError``, ``ValueError``...) escapes.

Why ``xml.parsers.expat`` (standard library) with one pass of Python handlers: each element costs a
dict lookup in the compiled plan and a store, with no intermediate tree. ``ElementTree`` builds an
``Element`` per element first (and the garbage collector then walks them all), so a parse plus a walk of
the same plan is slower (``docs/performance.md`` has the measurements and ``benchmarks/bench_ncp_xml.py``
repeats them); ``lxml`` would add a compiled dependency with its own parser semantics. ``defusedxml``
wraps these same parsers; the DTD refusal above gives its protections here. For speed, ask NCP for JSON
(``response_format="json"``): ``json.loads`` is faster than any XML path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Final
from xml.parsers import expat

from cloudcontracts.errors import ResponseDecodeError, body_snippet
from cloudcontracts.specs import openapi_document, resolve_chain, xml_element_name

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "XmlDecoder",
    "decode_ncp_xml",
    "ncp_openapi_document",
    "ncp_xml_decoder",
]

DEFAULT_MAX_DEPTH: Final = 64
DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024

# Kinds. Leaves (decoded from their text) sort before containers.
_STRING: Final = 0
_INTEGER: Final = 1
_NUMBER: Final = 2
_BOOLEAN: Final = 3
_UNKNOWN: Final = 4  # not declared: text if a leaf, a generic dict if it has children
_OBJECT: Final = 5
_ARRAY: Final = 6  # a wrapped array: its children are the items
_KIND_NAMES: Final = ("string", "integer", "number", "boolean", "unknown", "object", "array")

# How a decoded value is stored into the enclosing container.
_SET: Final = 0  # container[key] = value
_APPEND: Final = 1  # container.append(value): an item of a wrapped array
_REPEAT: Final = 2  # container.setdefault(key, []).append(value): an unwrapped array's element
_GENERIC: Final = 3  # set, or collect into a list when the name repeats: undeclared elements

_SCALAR_KINDS: Final = {"string": _STRING, "integer": _INTEGER, "number": _NUMBER, "boolean": _BOOLEAN}
_XML_MEDIA_TYPE = re.compile(r"(?:application|text)/(?:[\w.+-]+\+)?xml\Z")
_JSON_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_JSON_WHITESPACE: Final = " \t\n\r"
_ITEM: Final = ""  # key, in a wrapped array's plan, of its item entry ("" is no element name)

# What the handlers do with an element, by the entry's ``action`` (hot paths test these literal values).
_LEAF_STRING: Final = 0  # a string leaf stored with _SET: by far the most common element
_LEAF_NUMBER: Final = 1  # an integer or number leaf stored with _SET
_LEAF_OTHER: Final = 2  # any other leaf (boolean, undeclared, array item, repeated)
_OPEN_OBJECT: Final = 5  # an object stored with _SET
_OPEN_ARRAY: Final = 6  # a wrapped array stored with _SET
_OPEN_OTHER: Final = 7  # any other container (array item, repeated)

# An entry: (JSON key, action, plan of the children or None, store mode, kind). A plan maps element names
# to entries; a wrapped array's plan also maps _ITEM to its item entry.
Entry = tuple[str, int, "dict[str, Any] | None", int, int]
Plan = dict[str, Entry]
_GENERIC_PLAN: Final[Plan] = {}


def _make_entry(key: str, kind: int, sub: Plan | None, mode: int) -> Entry:
    if kind < _OBJECT:
        if mode == _SET and kind == _STRING:
            action = _LEAF_STRING
        elif mode == _SET and kind in (_INTEGER, _NUMBER):
            action = _LEAF_NUMBER
        else:
            action = _LEAF_OTHER
    elif mode == _SET:
        action = _OPEN_OBJECT if kind == _OBJECT else _OPEN_ARRAY
    else:
        action = _OPEN_OTHER
    return (key, action, sub, mode, kind)


_INFINITY: Final = float("inf")


class _Refused(Exception):
    """Raised inside the expat handlers to stop parsing; turned into ResponseDecodeError."""


def _unexpected_root(name: str, roots: Mapping[str, Entry]) -> str:
    expected = ", ".join(f"<{root}>" for root in roots) or "none"
    shown = name if len(name) <= 80 else f"{name[:80]}…"  # a hostile name can be megabytes long
    return f"unexpected root element <{shown}> (expected {expected})"


def _too_deep(max_depth: int) -> str:
    return f"XML nested deeper than {max_depth} elements"


def _number(text: str) -> int | float | str:
    """What ``json.loads`` gives for ``text`` as a number literal; ``text`` itself if it is not one.

    Whitespace around the literal (``<totalRows> 5\n</totalRows>``, a pretty-printing gateway) is
    ignored, as JSON ignores it around a value. A literal too large for a float (``1e400``) is refused,
    as :func:`cloudcontracts.core.decoding.decode_json` refuses it: an infinite amount poisons every sum.
    """
    literal = text.strip(_JSON_WHITESPACE)
    if _JSON_INTEGER.match(literal):
        try:
            return int(literal)
        except ValueError:  # more digits than int() accepts (as json.loads would also refuse)
            return text
    if _JSON_NUMBER.match(literal):
        value = float(literal)
        if value in (_INFINITY, -_INFINITY):  # 1e400: refused, as the JSON path refuses it
            raise _Refused(f"number {literal[:40]!r} is beyond a float's range")
        return value
    return text


def _boolean(text: str) -> bool | str:
    literal = text.strip(_JSON_WHITESPACE)
    if literal == "true":
        return True
    if literal == "false":
        return False
    return text


def _put_generic(container: dict[str, Any], key: str, value: Any) -> None:
    if key in container:
        existing = container[key]
        if type(existing) is list:
            existing.append(value)
        else:
            container[key] = [existing, value]
    else:
        container[key] = value


class XmlDecoder:
    """An XML-to-JSON-form decoder compiled from an OpenAPI 3.0 document (a parsed mapping).

    The plan is compiled once, at construction; :meth:`decode` may then be called from any thread.
    """

    def __init__(
        self,
        document: Mapping[str, Any],
        *,
        max_depth: int = DEFAULT_MAX_DEPTH,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        if max_depth < 1 or max_bytes < 1:
            raise ValueError("max_depth and max_bytes must be positive")
        self._document = document
        self._plans: dict[str, Plan] = {}
        self.max_depth = max_depth
        self.max_bytes = max_bytes
        self._roots: Plan = self._compile_roots()

    # ----------------------------------------------------------------------------------------------
    # Compilation

    def _resolve(self, schema: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
        """Follow ``$ref`` chains: (component name or None, schema)."""
        resolved, refs = resolve_chain(self._document, schema)
        return (refs[-1].rsplit("/", 1)[-1] if refs else None), resolved

    def _kind(self, schema: Mapping[str, Any]) -> int:
        _, schema = self._resolve(schema)
        declared = schema.get("type")
        if isinstance(declared, list):  # OpenAPI 3.1 style ["string", "null"]
            declared = [t for t in declared if t != "null"]
            declared = declared[0] if len(declared) == 1 else None
        if declared in _SCALAR_KINDS:
            return _SCALAR_KINDS[declared]
        if declared == "object" or "properties" in schema:
            return _OBJECT
        if "allOf" in schema:
            # allOf of one scalar schema (a $ref plus a description, typically) is that scalar.
            kinds = {self._kind(part) for part in schema["allOf"]}
            return kinds.pop() if len(kinds) == 1 and _OBJECT not in kinds else _OBJECT
        if declared == "array" or "items" in schema:
            return _ARRAY
        choices = schema.get("oneOf") or schema.get("anyOf")
        if choices:
            kinds = {self._kind(choice) for choice in choices}
            if kinds <= {_STRING, _INTEGER, _NUMBER, _BOOLEAN}:
                # One scalar kind: that kind; mixed (errorCode string|integer): keep the text.
                return kinds.pop() if len(kinds) == 1 else _STRING
        return _UNKNOWN

    def _object_plan(self, schema: Mapping[str, Any]) -> Plan:
        name, schema = self._resolve(schema)
        if name is not None and name in self._plans:
            return self._plans[name]
        plan: Plan = {}
        if name is not None:
            self._plans[name] = plan  # before filling, so recursive schemas terminate
        for part in schema.get("allOf", ()):
            plan.update(self._object_plan(part))
        for prop, prop_schema in (schema.get("properties") or {}).items():
            xml = prop_schema.get("xml") or {}
            if xml.get("attribute"):
                continue  # attributes are not read
            self._add_property(plan, str(prop), prop_schema, xml)
        return plan

    def _add_property(
        self, plan: Plan, prop: str, prop_schema: Mapping[str, Any], xml: Mapping[str, Any]
    ) -> None:
        kind = self._kind(prop_schema)
        element = str(xml.get("name") or prop)
        if kind != _ARRAY:
            plan[element] = self._entry(prop, prop_schema, kind, _SET)
            return
        _, array_schema = self._resolve(prop_schema)
        items = array_schema.get("items") or {}
        item_kind = self._kind(items)
        item_entry = self._entry(prop, items, item_kind, _APPEND)
        item_name = self._xml_name(items)
        if xml.get("wrapped"):
            item_plan: dict[str, Any] = {_ITEM: item_entry}
            if item_name:
                item_plan[item_name] = item_entry
            plan[element] = _make_entry(prop, _ARRAY, item_plan, _SET)
        else:
            # Unwrapped: the items repeat in the parent, named by the items' xml.name or the property.
            plan[item_name or prop] = self._entry(prop, items, item_kind, _REPEAT)

    def _xml_name(self, schema: Mapping[str, Any]) -> str | None:
        return xml_element_name(self._document, schema)

    def _entry(self, key: str, schema: Mapping[str, Any], kind: int, mode: int) -> Entry:
        if kind == _OBJECT:
            return _make_entry(key, kind, self._object_plan(schema), mode)
        if kind == _ARRAY:
            # An array directly inside an array: nested lists, each level a wrapper element.
            _, array_schema = self._resolve(schema)
            items = array_schema.get("items") or {}
            item_entry = self._entry(key, items, self._kind(items), _APPEND)
            return _make_entry(key, kind, {_ITEM: item_entry}, mode)
        if kind == _UNKNOWN:
            return _make_entry(key, kind, _GENERIC_PLAN, mode)
        return _make_entry(key, kind, None, mode)

    def _xml_response_schemas(self) -> list[Mapping[str, Any]]:
        responses: list[Mapping[str, Any]] = []
        for path_item in (self._document.get("paths") or {}).values():
            for operation in path_item.values():
                if isinstance(operation, Mapping):
                    responses.extend((operation.get("responses") or {}).values())
        components = self._document.get("components") or {}
        responses.extend((components.get("responses") or {}).values())
        schemas: list[Mapping[str, Any]] = []
        for response in responses:
            if "$ref" in response:
                continue  # a components/responses entry, visited above
            for media_type, media in (response.get("content") or {}).items():
                if _XML_MEDIA_TYPE.match(str(media_type)) and "schema" in media:
                    schema = media["schema"]
                    schemas.extend(schema.get("oneOf") or schema.get("anyOf") or [schema])
        return schemas

    def _compile_roots(self) -> Plan:
        roots: Plan = {}
        for schema in self._xml_response_schemas():
            component, resolved = self._resolve(schema)
            name = self._xml_name(schema) or component
            if not name:
                raise ValueError("an application/xml response schema has neither xml.name nor a $ref")
            entry = self._entry(name, schema, self._kind(resolved), _SET)
            if name in roots and roots[name] != entry:
                raise ValueError(f"two different application/xml schemas for root element <{name}>")
            roots[name] = entry
        return roots

    # ----------------------------------------------------------------------------------------------
    # Introspection

    @property
    def root_elements(self) -> tuple[str, ...]:
        """The root element names this decoder accepts (from the document's XML responses)."""
        return tuple(self._roots)

    def describe(self, root: str) -> dict[str, Any]:
        """The compiled plan under ``root`` as plain data, for debugging: element -> (key, kind, ...)."""

        def walk(plan: Mapping[str, Any], seen: tuple[int, ...]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for element, (key, _action, sub, _mode, kind) in plan.items():
                label = element or "<item>"
                if sub and id(sub) not in seen:
                    out[label] = (key, _KIND_NAMES[kind], walk(sub, (*seen, id(sub))))
                else:
                    out[label] = (key, _KIND_NAMES[kind])
            return out

        return walk({root: self._roots[root]}, ())

    # ----------------------------------------------------------------------------------------------
    # Decoding

    def decode(self, body: bytes) -> dict[str, Any]:
        """Decode an XML body into its JSON form: ``{root element name: content}``."""
        if len(body) > self.max_bytes:
            raise ResponseDecodeError(
                f"XML body of {len(body)} bytes exceeds the {self.max_bytes}-byte limit",
                snippet=body_snippet(body[:400]),
            )
        try:
            return self._parse(body)
        except _Refused as exc:
            raise ResponseDecodeError(str(exc), snippet=body_snippet(body[:400])) from None
        except expat.ExpatError as exc:
            raise ResponseDecodeError(f"malformed XML: {exc}", snippet=body_snippet(body[:400])) from None
        except (RecursionError, ValueError, TypeError, LookupError) as exc:
            # LookupError: an encoding expat asked Python for that does not exist.
            raise ResponseDecodeError(
                f"undecodable XML: {type(exc).__name__}: {exc}", snippet=body_snippet(body[:400])
            ) from None

    def _parse(self, body: bytes) -> dict[str, Any]:  # noqa: PLR0915 - one closure set, on purpose
        # One pass: expat calls start/end for every element and appends text runs to ``parts``. The state
        # is a handful of closure variables; every element costs a dict lookup in the current plan and
        # a store, with no intermediate tree. Hot paths use the kind constants' literal values.
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = 1 << 16

        result: dict[str, Any] = {}
        plans: list[Plan] = []  # the enclosing containers' plans ...
        outs: list[Any] = []  # ... and their values, one entry per open container
        parts: list[str] = []
        clear = parts.clear
        join = "".join
        number = _number
        push_plan = plans.append
        push_out = outs.append
        pop_plan = plans.pop
        pop_out = outs.pop
        roots = self._roots
        max_depth = self.max_depth
        cur_plan: Plan = roots
        cur_out: Any = result
        leaf: Entry | None = None

        def miss(name: str) -> Entry:
            if cur_out is result:
                raise _Refused(_unexpected_root(name, roots))
            if type(cur_out) is list:
                return cur_plan[_ITEM]  # a wrapper's child, whatever its name
            return _make_entry(name, _UNKNOWN, _GENERIC_PLAN, _GENERIC)

        def store(entry: Entry, value: Any) -> None:
            mode = entry[3]
            if mode == _SET:
                cur_out[entry[0]] = value
            elif mode == _APPEND:
                cur_out.append(value)
            elif mode == _REPEAT:
                cur_out.setdefault(entry[0], []).append(value)
            else:
                _put_generic(cur_out, entry[0], value)

        def open_container(entry: Entry, new: Any, plan: Plan) -> None:
            nonlocal cur_plan, cur_out
            if len(plans) >= max_depth:
                raise _Refused(_too_deep(max_depth))
            store(entry, new)
            push_plan(cur_plan)
            push_out(cur_out)
            cur_plan = plan
            cur_out = new

        def start(name: str, _attrs: object) -> None:
            nonlocal cur_plan, cur_out, leaf
            if leaf is not None:
                # The pending leaf has a child element after all: it becomes a generic dict.
                open_container(leaf, {}, _GENERIC_PLAN)
                leaf = None
            try:
                entry = cur_plan[name]
            except KeyError:
                entry = miss(name)
            action = entry[1]
            if action < 5:  # a leaf (_LEAF_*), decoded from its text at its end
                leaf = entry
                clear()
                return
            if len(plans) >= max_depth:
                raise _Refused(_too_deep(max_depth))
            if action == 5:  # _OPEN_OBJECT
                new: Any = {}
                cur_out[entry[0]] = new
            elif action == 6:  # _OPEN_ARRAY
                new = []
                cur_out[entry[0]] = new
            else:
                new = {} if entry[4] == _OBJECT else []
                store(entry, new)
            push_plan(cur_plan)
            push_out(cur_out)
            cur_plan = entry[2]  # type: ignore[assignment]
            cur_out = new

        def end(_name: str) -> None:
            nonlocal cur_plan, cur_out, leaf
            entry = leaf
            if entry is None:
                cur_plan = pop_plan()
                cur_out = pop_out()
                return
            leaf = None
            action = entry[1]
            if action == 0:  # _LEAF_STRING
                cur_out[entry[0]] = join(parts)
            elif action == 1:  # _LEAF_NUMBER
                cur_out[entry[0]] = number(join(parts))
            else:
                value: Any = join(parts)
                kind = entry[4]
                if kind in (_NUMBER, _INTEGER):
                    value = number(value)
                elif kind == _BOOLEAN:
                    value = _boolean(value)
                store(entry, value)

        def refuse_dtd(*_args: object) -> None:
            raise _Refused("XML with a document type declaration (DTD) is refused")

        def refuse_entity(*_args: object) -> None:
            raise _Refused("XML entity declarations and external entities are refused")

        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_entity
        parser.UnparsedEntityDeclHandler = refuse_entity
        parser.ExternalEntityRefHandler = refuse_entity  # type: ignore[assignment]
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = parts.append
        parser.Parse(body, True)
        return result


def ncp_openapi_document() -> Mapping[str, Any]:
    """The shipped ``ncloud-billing`` OpenAPI document, parsed once (shared with the rest of the package)."""
    return openapi_document("ncloud-billing")


@functools.lru_cache(maxsize=1)
def ncp_xml_decoder() -> XmlDecoder:
    """The decoder compiled from the shipped ``ncloud-billing`` document (built once, on first use)."""
    return XmlDecoder(ncp_openapi_document())


def decode_ncp_xml(body: bytes, *, max_bytes: int | None = None) -> dict[str, Any]:
    """Decode an NCP Billing XML body into the dict its JSON form would give.

    ``{"getContractUsageListResponse": {...}}`` or ``{"responseError": {...}}``, ready for the generated
    envelope models' ``from_dict``. Raises :class:`~cloudcontracts.errors.ResponseDecodeError` for
    anything else (unknown root, malformed or hostile XML, a body over ``max_bytes``).
    """
    decoder = ncp_xml_decoder()
    if max_bytes is not None and len(body) > max_bytes:
        raise ResponseDecodeError(
            f"XML body of {len(body)} bytes exceeds the {max_bytes}-byte limit",
            snippet=body_snippet(body[:400]),
        )
    return decoder.decode(body)
