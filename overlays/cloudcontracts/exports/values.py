"""Reading one field of a generated model as an export value, with the providers' conventions applied.

Every field of both documents is optional, so each reader maps ``UNSET`` and ``None`` to ``None``. NCP
sends an absent string as ``""`` and an absent code object as ``{}``; both become ``None`` too, so that
"missing" has one spelling in every export (FOCUS's Null Handling forbids empty strings for missing
values). A value of the wrong type is never guessed at: it raises
:class:`~cloudcontracts.errors.ResponseDecodeError` naming the record and the field.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.hyperstack.timestamps import parse_hyperstack_datetime
from cloudcontracts.ncloud.dates import parse_ncp_datetime
from hyperstack_client.types import Unset as HyperstackUnset
from ncloud_billing_client.types import Unset as NcpUnset

__all__ = ["code_parts", "integer", "ncp_datetime", "number", "text", "utc_datetime"]


def _bad(where: str, field: str, value: object, expected: str) -> ResponseDecodeError:
    return ResponseDecodeError(f"{where}: {field} is not {expected}: {value!r}")


def _absent(value: object) -> bool:
    # Each generated package has its own Unset class.
    return value is None or isinstance(value, (HyperstackUnset, NcpUnset))


def _aware(value: datetime, where: str, field: str) -> datetime:
    # A naive datetime can only come from a model built by hand: its zone would be a guess.
    if value.tzinfo is None or value.utcoffset() is None:
        raise _bad(where, field, value, "an aware date-time")
    return value


def text(value: object, where: str, field: str) -> str | None:
    """A string field; ``""`` is NCP's "absent". Whole numbers are accepted and written as digits."""
    if _absent(value) or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # an id that arrived as a JSON number
    raise _bad(where, field, value, "a string")


def integer(value: object, where: str, field: str) -> int | None:
    """A whole-number field; ``3.0`` is accepted as 3, ``3.5`` and booleans are refused."""
    if _absent(value) or value == "":
        return None
    if isinstance(value, bool):
        raise _bad(where, field, value, "a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _bad(where, field, value, "a whole number")


def number(value: object, where: str, field: str) -> int | float | None:
    """A numeric field, kept as the provider sent it (an int stays an int); NaN and infinities refused."""
    if _absent(value) or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(where, field, value, "a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(where, field, value, "a finite number")
    return value


def code_parts(value: object, where: str, field: str) -> tuple[str | None, str | None]:
    """``(code, codeName)`` of an NCP code object (``CommonCode``); ``{}`` or absent: ``(None, None)``."""
    if _absent(value):
        return None, None
    code = getattr(value, "code", None)
    name = getattr(value, "code_name", None)
    return text(code, where, f"{field}.code"), text(name, where, f"{field}.codeName")


def ncp_datetime(value: object, where: str, field: str) -> datetime | None:
    """NCP's ``2022-02-07T18:11:01+0900`` as an aware datetime keeping its ``+09:00`` offset.

    The generated models already hold their date-times as aware datetimes; a string (a field read from
    ``additional_properties``, say) is parsed here.
    """
    if isinstance(value, datetime):
        return _aware(value, where, field)
    raw = text(value, where, field)
    if raw is None:
        return None
    try:
        return parse_ncp_datetime(raw)
    except ValueError:
        raise _bad(where, field, raw, "an NCP date-time like 2022-02-07T18:11:01+0900") from None


def utc_datetime(value: object, where: str, field: str) -> datetime | None:
    """A Hyperstack date-time (zone-less means UTC) as an aware UTC datetime (models hold them so)."""
    if isinstance(value, datetime):
        return _aware(value, where, field).astimezone(UTC)
    raw = text(value, where, field)
    if raw is None:
        return None
    try:
        return parse_hyperstack_datetime(raw)
    except ValueError:
        raise _bad(where, field, raw, "an ISO 8601 date-time") from None
