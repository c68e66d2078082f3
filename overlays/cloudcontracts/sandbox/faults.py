"""Which fault, if any, the next request to an operation meets: the plan and its bookkeeping (no I/O).

A fault is named by a short string, ``kind`` or ``kind:arg``; :mod:`.fault_responses` turns it into what
goes on the wire, per API:

==============  ======================================================================================
``ok``          no fault (a placeholder in a script)
``429``         429; Hyperstack ``ErrorResponseModel``, NCP gateway error ``"420"`` (rate limited);
                ``429:N`` adds ``Retry-After: N`` (Hyperstack documents none)
``throttle``    429; NCP gateway error ``"410"`` (throttle limited), Hyperstack as ``429``; ``:N`` as above
``500``         Hyperstack: 500 with no body (documented without a schema); NCP: a billing
                ``responseError`` in the asked format
``502``         502 with an HTML page (the load balancer in front of either API)
``503``         NCP gateway error ``"500"`` (endpoint error); Hyperstack an HTML page
``504``         NCP gateway error ``"510"`` (endpoint timeout); Hyperstack an HTML page
``html``        an HTML error page, status 502, or ``html:STATUS``
``latency:S``   wait S seconds, then answer normally
``drop``        close the connection without any response
``truncate``    the normal response's headers (its full ``Content-Length``), half its body, then close
``malformed``   the normal response cut in half, with a ``Content-Length`` that matches: bad JSON/XML
==============  ======================================================================================

A :class:`FaultPlan` combines a script (faults consumed one per request, in order, by any operation), a
script per operation (``operationId`` from the documents, checked when the plan meets a sandbox's
:class:`FaultInjector`; consumed first), and a probability of a fault
drawn from ``kinds`` with a seeded RNG once the scripts are spent. A :class:`FaultInjector` holds one
plan per sandbox instance, thread-safe, and records every request it saw as ``(operationId, fault)``.
Faults are decided and applied outside the handlers and never touch the state.
"""

from __future__ import annotations

import math
import random
import threading
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from cloudcontracts.sandbox.operations import operation_ids as shipped_operation_ids

__all__ = ["FAULT_KINDS", "Fault", "FaultInjector", "FaultPlan", "FaultSpec"]

FAULT_KINDS = frozenset(
    {"ok", "429", "throttle", "500", "502", "503", "504", "html", "latency", "drop", "truncate", "malformed"}
)
_NO_ARGUMENT = frozenset({"ok", "500", "502", "503", "504", "drop", "truncate", "malformed"})
MAX_LATENCY = 600.0


@dataclass(frozen=True)
class Fault:
    """One fault: ``kind`` and its optional argument (Retry-After seconds, latency seconds, HTML status)."""

    kind: str
    arg: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(sorted(FAULT_KINDS))}")
        if self.kind in _NO_ARGUMENT and self.arg is not None:
            raise ValueError(f"fault {self.kind!r} takes no argument")
        if self.kind in ("429", "throttle") and self.arg is not None and not _is_seconds(self.arg):
            raise ValueError(f"Retry-After of {self.kind!r} must be whole seconds, not {self.arg!r}")
        if self.kind == "latency" and (self.arg is None or _latency(self.arg) is None):
            raise ValueError(f"latency takes seconds from 0 to {MAX_LATENCY:g}: 'latency:0.5', not {self!s}")
        if (
            self.kind == "html"
            and self.arg is not None
            and not (_is_seconds(self.arg) and 400 <= int(self.arg) <= 599)
        ):
            raise ValueError(f"html takes an HTTP error status (400-599), not {self.arg!r}")

    @classmethod
    def parse(cls, spec: FaultSpec) -> Fault:
        """A fault from ``"kind"``, ``"kind:arg"`` or a ``Fault``."""
        if isinstance(spec, Fault):
            return spec
        if not isinstance(spec, str):
            raise TypeError(f"a fault is a string such as '503' or 'latency:0.5', not {spec!r}")
        kind, sep, arg = spec.strip().partition(":")
        return cls(kind, arg if sep else None)

    @property
    def retry_after(self) -> str | None:
        """The ``Retry-After`` value of a 429, if it has one."""
        return self.arg if self.kind in ("429", "throttle") else None

    @property
    def seconds(self) -> float:
        """The delay of a ``latency`` fault (0 for other kinds)."""
        return (_latency(self.arg) or 0.0) if self.kind == "latency" and self.arg is not None else 0.0

    @property
    def html_status(self) -> int:
        return int(self.arg) if self.kind == "html" and self.arg is not None else 502

    def __str__(self) -> str:
        return self.kind if self.arg is None else f"{self.kind}:{self.arg}"


FaultSpec = str | Fault


def _is_seconds(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 6


def _latency(text: str) -> float | None:
    try:
        seconds = float(text)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and 0 <= seconds <= MAX_LATENCY else None


def _faults(specs: Iterable[FaultSpec]) -> tuple[Fault, ...]:
    if isinstance(specs, (str, Fault)):
        return (Fault.parse(specs),)
    return tuple(Fault.parse(spec) for spec in specs)


@dataclass(frozen=True)
class FaultPlan:
    """Faults for one sandbox: scripts consumed in order, then seeded random faults."""

    script: tuple[Fault, ...] = ()
    per_operation: Mapping[str, tuple[Fault, ...]] = field(default_factory=dict)
    probability: float = 0.0
    kinds: tuple[Fault, ...] = (Fault("503"),)
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "script", _faults(self.script))
        object.__setattr__(self, "kinds", _faults(self.kinds))
        per_operation = {str(op): _faults(faults) for op, faults in dict(self.per_operation).items()}
        object.__setattr__(self, "per_operation", MappingProxyType(per_operation))
        probability = self.probability
        if (
            isinstance(probability, bool)
            or not isinstance(probability, (int, float))
            or not 0 <= probability <= 1
        ):
            raise ValueError(f"probability must be between 0 and 1, not {probability!r}")
        if probability and not self.kinds:
            raise ValueError("a fault probability needs at least one kind to draw from")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise ValueError(f"seed must be an integer, not {self.seed!r}")

    @classmethod
    def of(
        cls,
        script: Sequence[FaultSpec] = (),
        *,
        per_operation: Mapping[str, Sequence[FaultSpec]] | None = None,
        probability: float = 0.0,
        kinds: Sequence[FaultSpec] = ("503",),
        seed: int = 0,
    ) -> FaultPlan:
        """A plan from fault strings: ``FaultPlan.of(["503", "ok"], probability=0.1, kinds=["drop"])``."""
        return cls(
            script=_faults(script),
            per_operation={op: _faults(faults) for op, faults in (per_operation or {}).items()},
            probability=probability,
            kinds=_faults(kinds),
            seed=seed,
        )

    @classmethod
    def coerce(cls, value: FaultPlan | Sequence[FaultSpec] | Mapping[str, Any] | None) -> FaultPlan:
        """A plan from a plan, a script (``["503", "ok", "drop"]``), its JSON form, or ``None`` (none)."""
        if value is None:
            return cls()
        if isinstance(value, FaultPlan):
            return value
        if isinstance(value, Mapping):
            return cls.from_json(value)
        if isinstance(value, (str, Fault)):
            return cls(script=_faults(value))
        return cls(script=_faults(value))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FaultPlan:
        """From its JSON form (all optional):

        ``{"script": [...], "per_operation": {op: [...]}, "probability": p, "kinds": [...], "seed": n}``.
        """
        unknown = sorted(set(data) - {"script", "per_operation", "probability", "kinds", "seed"})
        if unknown:
            raise ValueError(f"unknown fault plan field(s): {', '.join(unknown)}")
        per_operation = data.get("per_operation") or {}
        if not isinstance(per_operation, Mapping):
            raise ValueError("per_operation must map operationIds to lists of faults")
        kinds = data.get("kinds")
        return cls(
            script=_faults(data.get("script") or ()),
            per_operation={op: _faults(faults) for op, faults in per_operation.items()},
            probability=data.get("probability", 0.0),
            kinds=_faults(kinds) if kinds is not None else (Fault("503"),),
            seed=data.get("seed", 0),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "script": [str(f) for f in self.script],
            "per_operation": {op: [str(f) for f in faults] for op, faults in self.per_operation.items()},
            "probability": self.probability,
            "kinds": [str(f) for f in self.kinds],
            "seed": self.seed,
        }


class FaultInjector:
    """The live plan of one sandbox: what is left of its scripts, its RNG, and what it has done.

    ``operation_ids`` are the operations of the sandbox's documents (default: the shipped documents'):
    a plan or script naming another is refused with a ``ValueError``. Thread-safe: tests script faults
    from their thread while the server thread consumes them.
    """

    def __init__(
        self,
        plan: FaultPlan | Sequence[FaultSpec] | Mapping[str, Any] | None = None,
        *,
        operation_ids: Collection[str] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._history: list[tuple[str, str | None]] = []
        self._known = frozenset(operation_ids if operation_ids is not None else shipped_operation_ids())
        self.configure(plan)

    def _check_operations(self, names: Iterable[str]) -> None:
        unknown = sorted(set(names) - self._known)
        if unknown:
            raise ValueError(
                f"unknown operation(s) {', '.join(unknown)}; known: {', '.join(sorted(self._known))}"
            )

    def configure(self, plan: FaultPlan | Sequence[FaultSpec] | Mapping[str, Any] | None) -> None:
        """Replace the plan (scripts refilled, RNG reseeded) and forget the history."""
        coerced = FaultPlan.coerce(plan)
        self._check_operations(coerced.per_operation)
        with self._lock:
            self._plan = coerced
            self._script: deque[Fault] = deque(coerced.script)
            self._per_operation = {op: deque(faults) for op, faults in coerced.per_operation.items()}
            self._random = random.Random(coerced.seed)  # noqa: S311 -- reproducible faults, not security
            self._history.clear()

    def clear(self) -> None:
        """No more faults: an empty plan."""
        self.configure(None)

    def script(self, *faults: FaultSpec, operation: str | None = None) -> None:
        """Append faults to the shared script, or to ``operation``'s own script."""
        parsed = _faults(faults)
        if operation is not None and operation not in self._known:
            raise ValueError(f"unknown operation {operation!r}; known: {', '.join(sorted(self._known))}")
        with self._lock:
            if operation is None:
                self._script.extend(parsed)
            else:
                self._per_operation.setdefault(operation, deque()).extend(parsed)

    def next_fault(self, operation: str) -> Fault | None:
        """The fault for this request to ``operation`` (``None``: answer normally), and record it."""
        with self._lock:
            own = self._per_operation.get(operation)
            fault: Fault | None
            if own:
                fault = own.popleft()
            elif self._script:
                fault = self._script.popleft()
            elif self._plan.probability and self._random.random() < self._plan.probability:
                fault = self._random.choice(self._plan.kinds)
            else:
                fault = None
            if fault is not None and fault.kind == "ok":
                fault = None
            self._history.append((operation, None if fault is None else str(fault)))
            return fault

    @property
    def plan(self) -> FaultPlan:
        return self._plan

    @property
    def history(self) -> list[tuple[str, str | None]]:
        """Every request to an operation, in order: ``(operationId, fault or None)``."""
        with self._lock:
            return list(self._history)

    @property
    def injected(self) -> list[tuple[str, str]]:
        """Only the requests that met a fault."""
        return [(op, fault) for op, fault in self.history if fault is not None]

    def pending(self) -> dict[str, list[str]]:
        """What is left of the scripts: ``{"*": shared script, operationId: own script}``."""
        with self._lock:
            left = {"*": [str(f) for f in self._script]}
            left.update(
                {op: [str(f) for f in faults] for op, faults in self._per_operation.items() if faults}
            )
            return left

    def snapshot(self) -> dict[str, Any]:
        """The JSON of ``GET /_sandbox/faults``."""
        return {
            "plan": self.plan.to_json(),
            "pending": self.pending(),
            "history": [[op, fault] for op, fault in self.history],
        }
