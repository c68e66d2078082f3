"""One request to one operation, as the handlers see it: the request, the operation, the sandbox.

A :class:`Call` is what a hand-written override (an :data:`Override`) receives, once the conventions
every operation shares (method, credentials, declared parameters; see :mod:`.handling`) have passed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from cloudcontracts.sandbox.operations import Operation, SandboxDocuments
from cloudcontracts.sandbox.request_rules import query_pairs
from cloudcontracts.sandbox.runtime import Runtime
from cloudcontracts.sandbox.state import SandboxState

__all__ = ["Call", "Override"]


@dataclass(frozen=True)
class Call:
    """A request to ``operation`` of a sandbox whose documents are ``documents``."""

    runtime: Runtime
    request: Request
    operation: Operation
    documents: SandboxDocuments
    state: SandboxState
    """The state read once for this request: a concurrent reset does not mix two states in one answer."""

    @property
    def query_string(self) -> bytes:
        """The query exactly as received (what NCP's signature covers)."""
        query: bytes = self.request.scope.get("query_string", b"")
        return query

    def pairs(self) -> list[tuple[str, str]]:
        """The query's ``(name, value)`` pairs, in order."""
        return query_pairs(self.query_string)


Override = Callable[[Call], Awaitable[Response]]
"""Hand-written behaviour for one ``operationId``, in place of the answer built from its schema."""
