"""A base for the package's small immutable value objects (resolved settings and credentials).

It gives what a ``@dataclass(frozen=True)`` gives -- equality and hashing by fields, assignment and
deletion refused with :class:`dataclasses.FrozenInstanceError`, ``copy``/``deepcopy``/``pickle`` by
rebuilding through ``__init__`` -- without generating code with ``exec`` at class creation, which cost
about 1 ms per class of every ``import cloudcontracts`` (benchmarks/bench_import.py). A subclass lists
its fields in ``__slots__`` and, in ``__init__`` order, in ``__match_args__``; its ``__init__`` sets them
with :meth:`_init_fields`; its ``__repr__`` decides what may be shown (secrets never are).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar

__all__ = ["FrozenValue"]


class FrozenValue:
    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    def _init_fields(self, *values: object) -> None:
        for name, value in zip(self.__match_args__, values, strict=True):
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, FrozenValue)  # noqa: S101 -- for the type checker: same class
            return self._fields() == other._fields()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type[FrozenValue], tuple[Any, ...]]:
        # copy, deepcopy and pickle rebuild through __init__: slot-by-slot restoring would assign.
        return (type(self), self._fields())
