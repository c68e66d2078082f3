"""Typed narrowing for tests: a generated model's optional field, or a union, known to be one thing.

The generated models type every optional field as ``T | Unset`` and every parsed answer as a union of the
success and error models; a test that knows which it is says so here, and fails plainly if it is wrong.
"""

from __future__ import annotations

from typing import TypeVar

from hyperstack_client.types import Unset as HyperstackUnset
from ncloud_billing_client.types import Unset as NcpUnset

__all__ = ["of_type", "present"]

T = TypeVar("T")


def present(value: T | HyperstackUnset | NcpUnset | None) -> T:
    """``value``, which must be set (neither ``UNSET`` nor ``None``)."""
    assert value is not None, "expected a value, got None"
    assert not isinstance(value, HyperstackUnset | NcpUnset), "expected a value, got UNSET"
    return value


def of_type(kind: type[T], value: object) -> T:
    """``value``, which must be a ``kind`` (a parsed answer's success model, say)."""
    assert isinstance(value, kind), f"expected {kind.__name__}, got {type(value).__name__}: {value!r}"
    return value
