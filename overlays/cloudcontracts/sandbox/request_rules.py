"""Request rules: what each provider refuses, decided from what an operation declares (no I/O).

Applied to every operation, hand-written or not, by :mod:`.handling`:

- **declared parameters only** (a strict gateway, as Prism's strict mode): a query parameter the
  operation does not declare is refused, naming it (:func:`undeclared_parameters`). A parameter marked
  ``x-ncp-list-style: indexed`` is declared in its indexed form ``name.1``, ``name.2``, … (and its bare
  name, which the NCP rules then refuse with a message saying how to send it);
- **NCP** (:func:`ncp_query`), in this order: ``startMonth``/``endMonth`` when declared (required if the
  document says so, ``yyyyMM``, start not after end, at most 3 months); ``isOrganization``/``isPartner``
  ``true`` or ``false`` and not both true; ``pageNo`` 1 to 2^31-1 and ``pageSize`` 1 to 1000 when
  declared; each indexed list's indexes whole numbers from 1 and values non-empty;
- **Hyperstack** (:func:`positive`): ``page``/``per_page`` positive integers;
- **any declared parameter** (:func:`invalid_value`): its value against its schema (``enum``,
  ``integer`` with ``minimum``/``maximum``, ``boolean``, ``pattern``), and required ones present.

Each failure is a :class:`RuleError` whose text the provider's error body carries; how that body looks
is the business of :mod:`.hyperstack_api` and :mod:`.ncloud_api`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from cloudcontracts.sandbox.operations import Operation, Parameter

__all__ = [
    "MAX_MONTHS",
    "MAX_PAGE_SIZE",
    "NCP_CONVENTION_PARAMETERS",
    "NCP_DEFAULT_PAGE_SIZE",
    "NcpQuery",
    "RuleError",
    "first_values",
    "invalid_value",
    "ncp_query",
    "positive",
    "query_pairs",
    "undeclared_parameters",
]

NCP_DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
MAX_MONTHS = 3
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_YEAR_MONTH = re.compile(r"\d{4}(0[1-9]|1[0-2])\Z")
_NCP_DIGITS = re.compile(r"[0-9]{1,10}\Z")
_DIGITS = re.compile(r"[0-9]{1,19}\Z")
_INTEGER = re.compile(r"-?[0-9]{1,19}\Z")
NCP_CONVENTION_PARAMETERS = frozenset(
    {"startMonth", "endMonth", "isOrganization", "isPartner", "pageNo", "pageSize", "responseFormatType"}
)
"""The NCP parameters :func:`ncp_query` (or the format check before it) validates by convention."""


class RuleError(Exception):
    """A request a rule refuses: the text of the provider's error."""


def query_pairs(query_string: bytes) -> list[tuple[str, str]]:
    """The query's ``(name, value)`` pairs in order, percent-escapes decoded as UTF-8."""
    # latin-1 keeps every byte; the percent-escapes inside are then decoded as UTF-8.
    return parse_qsl(
        query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"
    )


def first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Name -> value; a repeated parameter's first value counts."""
    values: dict[str, str] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values


def undeclared_parameters(operation: Operation, names: list[str]) -> list[str]:
    """The query parameter names ``operation`` does not declare, in the order first sent."""
    declared = operation.query_parameters()
    indexed = tuple(p.name + "." for p in declared.values() if p.indexed)
    found: list[str] = []
    for name in names:
        if name in declared or (indexed and name.startswith(indexed)) or name in found:
            continue
        found.append(name)
    return found


# --- values against their schemas ------------------------------------------------------------------


def _integer_words(schema: Mapping[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low == 1:
        return "a positive integer"
    return "an integer" if low is None else f"an integer of at least {low}"


def _expected(schema: Mapping[str, Any]) -> str:
    """What a valid value is, in words, for an error message."""
    if schema.get("enum"):
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return _integer_words(schema)
    words = {"number": "a number", "boolean": "true or false"}
    if kind in words:
        return words[str(kind)]
    return f"a string matching {schema['pattern']}" if "pattern" in schema else "a string"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _valid(schema: Mapping[str, Any], text: str) -> bool:
    if schema.get("enum"):
        return text in [str(v) for v in schema["enum"]]
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum", -INT64_MAX - 1), schema.get("maximum", INT64_MAX)
        return bool(_INTEGER.match(text)) and low <= int(text) <= high
    if kind == "number":
        return _is_number(text)
    if kind == "boolean":
        return text in ("true", "false")
    return kind != "string" or "pattern" not in schema or re.search(str(schema["pattern"]), text) is not None


def invalid_value(parameter: Parameter, text: str) -> str | None:
    """``None`` if ``text`` is a valid value of ``parameter``, else what it must be, in words."""
    schema = parameter.schema
    if schema.get("type") == "array":
        schema = schema.get("items") or {}
    return None if _valid(schema, text) else _expected(schema)


# --- Hyperstack -------------------------------------------------------------------------------------


def positive(name: str, text: str | None, default: int | None = None) -> int:
    """A positive integer parameter (``default`` when absent), or ``RuleError``."""
    if text is None and default is not None:
        return default
    if text is None or not _DIGITS.match(text) or not 1 <= int(text) <= INT64_MAX:
        raise RuleError(f"{name} must be a positive integer, got {text!r}")
    return int(text)


# --- NCP --------------------------------------------------------------------------------------------


@dataclass
class NcpQuery:
    """An NCP query that passed the conventions: its months, paging and lists, and every value."""

    values: dict[str, str]
    start_month: str | None = None
    end_month: str | None = None
    page_no: int = 1
    page_size: int = NCP_DEFAULT_PAGE_SIZE
    lists: dict[str, list[str]] = field(default_factory=dict)


def _month(values: dict[str, str], name: str, required: bool) -> str | None:
    value = values.get(name)
    if not value:
        if required:
            raise RuleError(f"{name} is required.")
        return None
    if not _YEAR_MONTH.match(value):
        raise RuleError(f"{name} must be a month in yyyyMM format: {value!r}.")
    return value


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[4:]) - 1


def _flag(values: dict[str, str], name: str) -> bool:
    value = values.get(name)
    if value is None or value == "":
        return False
    if value not in ("true", "false"):
        raise RuleError(f"{name} must be true or false: {value!r}.")
    return value == "true"


def _number(values: dict[str, str], name: str, default: int, maximum: int) -> int:
    value = values.get(name)
    if value is None or value == "":
        return default
    if not _NCP_DIGITS.match(value) or not 1 <= int(value) <= maximum:
        raise RuleError(f"{name} must be an integer from 1 to {maximum}: {value!r}.")
    return int(value)


def _indexed_list(pairs: list[tuple[str, str]], name: str) -> list[str] | None:
    indexed: dict[int, str] = {}
    prefix = name + "."
    for sent, value in pairs:
        if sent == name:
            raise RuleError(f"{name} must be sent in indexed form: {name}.1=...&{name}.2=...")
        if not sent.startswith(prefix):
            continue
        index = sent[len(prefix) :]
        if not _NCP_DIGITS.match(index) or int(index) < 1:
            raise RuleError(f"{sent} is not a valid list parameter: indexes are whole numbers from 1.")
        if not value:
            raise RuleError(f"{sent} is empty.")
        indexed.setdefault(int(index), value)
    return [indexed[i] for i in sorted(indexed)] if indexed else None


def ncp_query(operation: Operation, pairs: list[tuple[str, str]]) -> NcpQuery:
    """The NCP conventions for what ``operation`` declares, checked in a fixed order; ``RuleError``
    names the first problem."""
    declared = operation.query_parameters()
    values = first_values(pairs)
    query = NcpQuery(values)
    if "startMonth" in declared and "endMonth" in declared:
        start = _month(values, "startMonth", declared["startMonth"].required)
        end = _month(values, "endMonth", declared["endMonth"].required)
        if start is not None and end is not None:
            if start > end:
                raise RuleError(f"startMonth ({start}) must not be later than endMonth ({end}).")
            if _month_index(end) - _month_index(start) + 1 > MAX_MONTHS:
                raise RuleError(f"The query period cannot exceed {MAX_MONTHS} months: {start} to {end}.")
        query.start_month, query.end_month = start, end
    flags = [_flag(values, name) for name in ("isOrganization", "isPartner") if name in declared]
    if len(flags) == 2 and all(flags):
        raise RuleError("isOrganization and isPartner cannot both be true.")
    if "pageNo" in declared:
        query.page_no = _number(values, "pageNo", 1, INT32_MAX)
    if "pageSize" in declared:
        maximum = min(MAX_PAGE_SIZE, int(declared["pageSize"].schema.get("maximum", MAX_PAGE_SIZE)))
        query.page_size = _number(values, "pageSize", min(NCP_DEFAULT_PAGE_SIZE, maximum), maximum)
    for parameter in declared.values():
        if parameter.indexed:
            items = _indexed_list(pairs, parameter.name)
            if items is not None:
                query.lists[parameter.name] = items
    return query
