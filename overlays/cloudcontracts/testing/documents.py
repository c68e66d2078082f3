"""What the OpenAPI documents say must never reach a cassette: credential headers and account identifiers.

- credential headers: every ``apiKey`` security scheme sent ``in: header`` (Hyperstack's ``api_key``,
  NCP's access key, signature and timestamp), plus ``Authorization`` for anything else;
- account identifiers: every property or parameter marked ``x-cloudcontracts-account-id: true``
  (Hyperstack's ``org_id``, NCP's ``memberNo``, ``loginId`` and ``memberNoList``). A property keeps
  its schema type, so the placeholder of an integer is ``0`` and the models still decode it.

Read from the documents shipped in the wheel, so an identifier marked in a document is scrubbed with no
code change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from cloudcontracts.specs import DOCUMENT_NAMES, openapi_document_text

__all__ = ["ACCOUNT_ID_EXTENSION", "SCRUBBED", "SensitiveNames", "sensitive_names"]

ACCOUNT_ID_EXTENSION = "x-cloudcontracts-account-id"
SCRUBBED = "SCRUBBED"
"""What every credential and string identifier is replaced by (replaced, never removed)."""


@dataclass(frozen=True)
class SensitiveNames:
    """Header, body-field and query-parameter names to scrub, with each field's placeholder."""

    headers: frozenset[str] = frozenset()
    """Lower-case header names."""
    fields: Mapping[str, str | int] = field(default_factory=dict)
    """Body property name -> placeholder (``0`` for integers, :data:`SCRUBBED` otherwise)."""
    parameters: frozenset[str] = frozenset()
    """Query parameter names; NCP's indexed ``name.N`` forms of a list parameter are covered too."""

    def merged(self, other: SensitiveNames) -> SensitiveNames:
        return SensitiveNames(
            headers=self.headers | other.headers,
            fields={**self.fields, **other.fields},
            parameters=self.parameters | other.parameters,
        )

    def is_parameter(self, name: str) -> bool:
        base, dot, index = name.rpartition(".")
        return name in self.parameters or bool(dot and index.isdigit() and base in self.parameters)


def _walk(node: Any, key: str | None = None) -> Iterator[tuple[str | None, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        yield key, node
        for child_key, child in node.items():
            yield from _walk(child, str(child_key))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, None)


def names_from_document(document: Mapping[str, Any]) -> SensitiveNames:
    """The sensitive names one parsed OpenAPI document declares."""
    headers = {"authorization"}
    schemes = document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            headers.add(str(scheme["name"]).lower())
    fields: dict[str, str | int] = {}
    parameters: set[str] = set()
    for key, node in _walk(document):
        if node.get(ACCOUNT_ID_EXTENSION) is not True:
            continue
        if "in" in node and "name" in node:
            parameters.add(str(node["name"]))
        elif key is not None:
            fields[key] = 0 if node.get("type") == "integer" else SCRUBBED
    return SensitiveNames(frozenset(headers), fields, frozenset(parameters))


@lru_cache(maxsize=1)
def sensitive_names() -> SensitiveNames:
    """The union over the documents shipped with the package."""
    names = SensitiveNames()
    for name in DOCUMENT_NAMES:
        names = names.merged(names_from_document(yaml.safe_load(openapi_document_text(name))))
    return names
