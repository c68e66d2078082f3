"""Checking the parameters of a call against the document, before any request.

Every parameter a caller passes to the pager or to a wrapper is looked up among those the operation
declares (by the keyword the generated function gives it) and its value checked against the declared
schema: an undeclared name, a missing required one or a value of the wrong kind is a ``ValueError`` that
names the operation, the parameter and what the document allows. So a parameter added to a document is
accepted with no code change, and a misspelt one never reaches the server.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cloudcontracts.core.operations import OperationSpec, Parameter

__all__ = ["check_params"]

_FORMAT_BOUNDS: dict[object, tuple[int, int]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}


def _fail(spec: OperationSpec, parameter: Parameter, what: str, value: object) -> ValueError:
    return ValueError(
        f"{spec.operation_id}: {parameter.keyword} {what}, not {type(value).__name__} {value!r}"
    )


def _check_scalar(
    spec: OperationSpec, parameter: Parameter, schema: Mapping[str, Any], value: object
) -> object:
    kind = schema.get("type")
    enum = schema.get("enum")
    if enum is not None and value not in enum:
        raise _fail(spec, parameter, f"must be one of {', '.join(map(repr, enum))}", value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _fail(spec, parameter, "must be True or False", value)
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(spec, parameter, "must be a whole number", value)
        # Without declared bounds, the integer's format bounds it (an int64 by default): a value no
        # server can read (2**70) is refused here, not sent.
        default_low, default_high = _FORMAT_BOUNDS.get(schema.get("format"), _FORMAT_BOUNDS["int64"])
        low = schema.get("minimum", default_low)
        high = schema.get("maximum", default_high)
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low}" if low is not None else ""
            bounds += f" to {high}" if high is not None else ""
            raise _fail(spec, parameter, f"must be a whole number {bounds.strip()}", value)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise _fail(spec, parameter, "must be a number", value)
    elif kind == "string" or kind is None:
        if not isinstance(value, str):
            raise _fail(spec, parameter, "must be a string", value)
        if not value.strip() and enum is None:
            raise _fail(spec, parameter, "must be a non-empty string (leave it out to not filter)", value)
        pattern = schema.get("pattern")
        if pattern is not None and re.search(str(pattern), value) is None:
            raise _fail(spec, parameter, f"must match {pattern}", value)
    return value


def _check(spec: OperationSpec, parameter: Parameter, value: object) -> object:
    schema = parameter.schema
    if schema.get("type") == "array":
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            raise _fail(spec, parameter, "must be a list", value)
        items = list(value)
        if not items:
            raise _fail(spec, parameter, "must not be empty (leave it out to not filter)", value)
        return [_check_scalar(spec, parameter, schema.get("items") or {}, item) for item in items]
    return _check_scalar(spec, parameter, schema, value)


def check_params(
    spec: OperationSpec, given: Mapping[str, object], *, supplied: Sequence[str] = ()
) -> dict[str, object]:
    """``given`` (keyword -> value; ``None`` means "not sent") checked against ``spec``.

    ``supplied`` names parameters the caller (the pager) fills in itself, so they count as present.
    """
    checked: dict[str, object] = {}
    for name, value in given.items():
        parameter = spec.by_keyword.get(name)
        if parameter is None:
            declared = ", ".join(spec.by_keyword) or "none"
            raise ValueError(
                f"{spec.operation_id} has no parameter {name!r} (the document declares: {declared})"
            )
        if value is None:
            continue
        checked[name] = _check(spec, parameter, value)
    for parameter in spec.parameters:
        if parameter.required and parameter.keyword not in checked and parameter.keyword not in supplied:
            raise ValueError(f"{spec.operation_id}: {parameter.keyword} is required")
    return checked
