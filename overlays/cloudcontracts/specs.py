"""The OpenAPI documents this package was generated from, as shipped inside the wheel.

They are the single source of truth for both generated clients; the overlay reads them at run time
(for example to compile its XML decoding plan), so what it decodes always follows the documents the
generated models came from. They live in the wheel as ``cloudcontracts/openapi/<name>.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "DOCUMENT_NAMES",
    "DocumentName",
    "openapi_document",
    "openapi_document_text",
    "resolve",
    "resolve_chain",
    "schema_ref_name",
    "xml_element_name",
]

DocumentName = Literal["hyperstack", "ncloud-billing"]
DOCUMENT_NAMES: tuple[DocumentName, ...] = ("hyperstack", "ncloud-billing")


def openapi_document_text(name: DocumentName) -> str:
    """Return the text (YAML) of the named OpenAPI document shipped with the package."""
    if name not in DOCUMENT_NAMES:
        raise ValueError(f"unknown OpenAPI document {name!r}; expected one of {', '.join(DOCUMENT_NAMES)}")
    # Imported on first use: importlib.resources costs about 2 ms of `import cloudcontracts`.
    from importlib import resources  # noqa: PLC0415

    shipped = resources.files("cloudcontracts").joinpath("openapi").joinpath(f"{name}.yaml")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    # Running from a source checkout (PYTHONPATH=overlays:generated) rather than an installed wheel:
    # the documents are at the top of the repository, two levels above this package.
    checkout = Path(__file__).resolve().parents[2] / "openapi" / f"{name}.yaml"
    return checkout.read_text(encoding="utf-8")


@functools.cache
def openapi_document(name: DocumentName) -> Mapping[str, Any]:
    """The named document, parsed once per process (PyYAML's safe loader, libyaml when available).

    PyYAML is imported here, on first use, so ``import cloudcontracts`` does not pay for it.
    """
    import yaml  # noqa: PLC0415

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(openapi_document_text(name), Loader=loader)  # noqa: S506 -- a safe loader
    if not isinstance(document, Mapping):
        raise TypeError(f"OpenAPI document {name!r} is not a mapping")
    return document


_SCHEMA_PREFIX = "#/components/schemas/"


def resolve_chain(
    document: Mapping[str, Any], node: Mapping[str, Any]
) -> tuple[Mapping[str, Any], tuple[str, ...]]:
    """``node`` with its local ``$ref`` chain followed, and the refs followed on the way, in order.

    The one place the package resolves references, for schemas, parameters and responses alike: a ref is
    a JSON pointer into ``document`` (``#/components/schemas/Contract``, ``~1`` and ``~0`` unescaped). A
    ref that leaves the document (another file, a URL), points at nothing, or comes back to itself is a
    ``ValueError`` naming it; the documents are hand-maintained, so a typo fails loudly here.
    """
    followed: list[str] = []
    while "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ValueError(
                f"non-local $ref {ref!r}: only references within the document (#/...) are followed"
            )
        if ref in followed:
            raise ValueError(f"$ref cycle through {ref!r}")
        followed.append(ref)
        target: Any = document
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or key not in target:
                raise ValueError(f"dangling $ref {ref!r}: the document has nothing at {key!r}")
            target = target[key]
        if not isinstance(target, Mapping):
            raise ValueError(f"$ref {ref!r} points at a {type(target).__name__}, not an object")
        node = target
    return node, tuple(followed)


def resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with its local ``$ref`` chain followed (see :func:`resolve_chain`)."""
    return resolve_chain(document, node)[0]


def schema_ref_name(schemas: Mapping[str, Any], ref: str) -> str:
    """The component name a local ``$ref`` points at (``#/components/schemas/Name``), checked to exist."""
    name = ref[len(_SCHEMA_PREFIX) :]
    if not ref.startswith(_SCHEMA_PREFIX) or name not in schemas:
        raise ValueError(f"unsupported or dangling $ref {ref!r}")
    return name


def xml_element_name(document: Mapping[str, Any], schema: Mapping[str, Any]) -> str | None:
    """The element name a schema gives itself (its ``xml.name``), following ``$ref`` chains.

    Shared by the XML decoder and the sandbox's XML renderer, so both read the document the same way.
    """
    while True:
        xml = schema.get("xml") or {}
        if xml.get("name"):
            return str(xml["name"])
        if "$ref" not in schema:
            return None
        schema = resolve(document, {"$ref": schema["$ref"]})
