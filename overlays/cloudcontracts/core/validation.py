"""Checks of values given to cloudcontracts, shared by every client and wrapper.

Each raises a clear error *before* any request is made: ``ValueError`` for a bad value passed to a call,
:class:`~cloudcontracts.errors.ConfigurationError` (itself a ``ValueError``) for a bad client set-up. The
messages name the argument and show the value's type and value, never a credential.
"""

from __future__ import annotations

import math

from cloudcontracts.errors import ConfigurationError

__all__ = ["positive_int", "positive_seconds", "whole_number"]


def whole_number(
    name: str,
    value: object,
    *,
    minimum: int,
    maximum: int | None = None,
    error: type[ValueError] = ValueError,
) -> int:
    """``value`` if it is an ``int`` (``True``/``False`` are not) from ``minimum`` to ``maximum``."""
    bounds = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < minimum
        or (maximum is not None and value > maximum)
    ):
        raise error(f"{name} must be a whole number {bounds}, not {type(value).__name__} {value!r}")
    return value


def positive_int(name: str, value: object, *, maximum: int | None = None) -> int:
    """A whole number >= 1 passed to a call (``ValueError`` otherwise)."""
    return whole_number(name, value, minimum=1, maximum=maximum)


def positive_seconds(name: str, value: object) -> float:
    """A finite number of seconds > 0 for a client's set-up (``ConfigurationError`` otherwise)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds, not {value!r}")
    return float(value)


def check_configuration_int(name: str, value: object, *, minimum: int) -> int:
    """A whole number for a client's set-up (``ConfigurationError`` otherwise)."""
    return whole_number(name, value, minimum=minimum, error=ConfigurationError)
