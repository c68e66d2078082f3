"""The sandbox's ASGI app (moto's "urls"): routes from the documents, faults in front, control beside.

:class:`SandboxApp` is what a server runs. It serves every operation of both OpenAPI documents at its
document's base path (``/v1/...`` for Hyperstack, ``/billing/v1/...`` for NCP), so one app on one port
stands in for both providers; anything else under a base path gets that provider's 404 (an
``ErrorResponseModel``, or the NCP gateway's ``errorCode`` ``"300"``).

The fault layer is the outermost ASGI callable on purpose: it must hold the server's own ``send`` to drop
a connection (see :mod:`.fault_responses`), which Starlette's middleware stack would wrap. It looks the
request up in the same route table the router uses, so faults hit exactly the four operations, never the
control routes or unknown paths.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Receive, Scope, Send

from . import hyperstack_api, ncloud_api
from .config import SandboxConfig
from .control import control_routes
from .credentials import DEFAULT_CREDENTIALS, SandboxCredentials
from .fault_responses import apply_fault
from .faults import FaultInjector, FaultPlan, FaultSpec
from .operations import Operation, base_path, operations
from .runtime import Clock, Runtime
from .state import SandboxState

__all__ = ["HANDLERS", "FaultsArgument", "SandboxApp", "create_app"]

Handler = Callable[[Runtime, Request], Awaitable[Response]]
FaultsArgument = FaultPlan | Sequence[FaultSpec] | Mapping[str, Any] | None

# Routes take every method so the handlers answer a wrong one as each provider does (Hyperstack a 405
# ErrorResponseModel, NCP's gateway a 404), where Starlette would send a plain-text 405.
_ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

HANDLERS: Mapping[str, Handler] = {
    "list_contracts": hyperstack_api.list_contracts,
    "get_contract": hyperstack_api.get_contract,
    "get_contract_gpu_allocation_graph": hyperstack_api.get_contract_gpu_allocation_graph,
    "getContractUsageList": ncloud_api.get_contract_usage_list,
}
"""operationId -> handler. A document operation without a handler fails at app creation."""


class SandboxApp:
    """One sandbox instance as an ASGI app: its own state, clock, credentials and faults."""

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        faults: FaultsArgument = None,
        clock: Clock = time.time,
        credentials: SandboxCredentials = DEFAULT_CREDENTIALS,
    ) -> None:
        self.runtime = Runtime(config, credentials=credentials, clock=clock)
        self._base_faults = FaultPlan.coerce(faults)
        self.faults = FaultInjector(self._base_faults)
        missing = [op.operation_id for op in operations() if op.operation_id not in HANDLERS]
        if missing:
            raise RuntimeError(f"no sandbox handler for operation(s) {', '.join(missing)}")
        self._operation_routes: list[tuple[Route, Operation]] = [
            (
                Route(
                    op.path,
                    functools.partial(HANDLERS[op.operation_id], self.runtime),
                    methods=_ALL_METHODS,
                    name=op.operation_id,
                ),
                op,
            )
            for op in operations()
        ]

        async def hyperstack_404(request: Request) -> Response:
            return hyperstack_api.not_found(request)

        async def ncloud_404(request: Request) -> Response:
            return ncloud_api.gateway_not_found(request)

        routes: list[BaseRoute] = [route for route, _ in self._operation_routes]
        routes += control_routes(self.runtime, self.faults, self._reset_from_control)
        routes += [
            Route(base_path("hyperstack") + "/{rest:path}", hyperstack_404, methods=_ALL_METHODS),
            Route(base_path("ncloud") + "/{rest:path}", ncloud_404, methods=_ALL_METHODS),
        ]
        self._starlette = Starlette(routes=routes)

    # --- what tests and the server use -----------------------------------------------------------------

    @property
    def state(self) -> SandboxState:
        return self.runtime.state

    @property
    def config(self) -> SandboxConfig:
        return self.runtime.config

    @property
    def credentials(self) -> SandboxCredentials:
        return self.runtime.credentials

    def reset(self, *, faults: FaultsArgument = None, **changes: Any) -> SandboxState:
        """Reseed from the instance's config with ``changes``, and restore its fault plan (or ``faults``)."""
        state = self.runtime.reset(**changes)
        self.faults.configure(self._base_faults if faults is None else faults)
        return state

    def _reset_from_control(self, changes: Mapping[str, Any], plan: FaultPlan | None) -> SandboxState:
        self.runtime.base_config.updated_from(changes)  # unknown names and bad values raise ValueError
        return self.reset(faults=plan, **changes)

    # --- ASGI ---------------------------------------------------------------------------------------------

    def operation_for(self, scope: Scope) -> Operation | None:
        """The document operation a request is for (any method), or ``None``."""
        for route, operation in self._operation_routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return operation
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            operation = self.operation_for(scope)
            if operation is not None:
                fault = self.faults.next_fault(operation.operation_id)
                if fault is not None:
                    await apply_fault(
                        fault, api=operation.api, app=self._starlette, scope=scope, receive=receive, send=send
                    )
                    return
        await self._starlette(scope, receive, send)


def create_app(
    config: SandboxConfig | None = None,
    *,
    faults: FaultsArgument = None,
    clock: Clock = time.time,
    credentials: SandboxCredentials = DEFAULT_CREDENTIALS,
    **changes: Any,
) -> SandboxApp:
    """A sandbox app, e.g. ``create_app(seed=3, ncp_contracts=10)``, for any ASGI server or transport."""
    return SandboxApp(
        (config or SandboxConfig()).replace(**changes), faults=faults, clock=clock, credentials=credentials
    )
