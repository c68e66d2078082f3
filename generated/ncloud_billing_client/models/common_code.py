from __future__ import annotations

import reprlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommonCode")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "code",
        "codeName",
    )
)

# A value object's unknown keys are read-only: the object may be shared by every body with the same values.
_NO_UNKNOWN_KEYS: Mapping[str, Any] = MappingProxyType({})


def _read_only(value: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of the unknown keys (the caller's mapping may change afterwards)."""
    return value if value is _NO_UNKNOWN_KEYS else MappingProxyType(dict(value))


# from_dict hands out one shared instance per distinct body (x-cloudcontracts-value-object): a page
# repeats a few dozen values tens of thousands of times. Shared only when every value is a str or null
# (or absent): Python's equality takes True, 1 and 1.0 (and 0.0 and -0.0) for one value, which would give
# back a to_dict() other than the body. Bounded, so that a server sending ever new values cannot grow it
# without limit: once full, new values are built fresh and not kept.
# No lock: get and setdefault are each one atomic dict operation (keys hash and compare in C: a class,
# an int, str, None, UNSET), under the GIL as with a free-threaded interpreter's per-dict lock; two
# threads building the same value at once both get the instance stored first. The bound is checked
# before the insert, so racing threads can pass it by at most one entry each.
_SHARED: dict[tuple[Any, ...], Any] = {}
_SHARED_LIMIT = 4096
_SHAREABLE_TYPES = frozenset((str, type(None), Unset))


# Immutable, equal and hashed by value (x-cloudcontracts-value-object): from_dict may share an instance.
@_attrs_define(repr=False, frozen=True)
class CommonCode:
    """A code and its display name. An empty object (XML an empty element) when absent.

    Attributes:
        code (str | Unset):
        code_name (str | Unset):
    """

    code: str | Unset = UNSET
    code_name: str | Unset = UNSET
    # Not hashed: the unknown values may be lists or objects; equal objects still hash alike.
    additional_properties: Mapping[str, Any] = _attrs_field(
        default=_NO_UNKNOWN_KEYS, converter=_read_only, hash=False
    )

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        code_name = self.code_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if code_name is not UNSET:
            field_dict["codeName"] = code_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        raw_code = src_dict.get("code", UNSET)
        raw_code_name = src_dict.get("codeName", UNSET)
        # The body's size is part of the key: only bodies without unknown keys are stored, so one with
        # some (larger than its known values) never finds a stored instance.
        key = (cls, len(src_dict), raw_code, raw_code_name)
        try:
            shared = _SHARED.get(key)
        except TypeError:  # a value that cannot be hashed (a list, an object): built fresh, never shared
            shared = None
        if shared is not None:
            return shared
        if src_dict.keys() <= _KNOWN_KEYS:
            common_code = cls(
                raw_code,
                raw_code_name,
            )
            if (
                type(raw_code) in _SHAREABLE_TYPES
                and type(raw_code_name) in _SHAREABLE_TYPES
                and len(_SHARED) < _SHARED_LIMIT
            ):
                common_code = _SHARED.setdefault(key, common_code)
            return common_code
        additional_properties = {
            name: value for name, value in src_dict.items() if name not in _KNOWN_KEYS
        }
        return cls(
            raw_code,
            raw_code_name,
            additional_properties,
        )

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("code", self.code),
                ("code_name", self.code_name),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={dict(self.additional_properties)!r}")
        return f"CommonCode({', '.join(fields)})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Built again by the constructor (a read-only mapping does not pickle or copy itself).
        return (
            self.__class__,
            (
                self.code,
                self.code_name,
                dict(self.additional_properties),
            ),
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
