"""The sandbox's ASGI app (moto's "urls"): routes from the documents, faults in front, control beside.

:class:`SandboxApp` is what a server runs. It serves every operation of both OpenAPI documents (the
shipped ones, or those given as ``documents``) at its document's base path (``/v1/...`` for Hyperstack,
``/billing/v1/...`` for NCP), so one app on one port stands in for both providers: one route per path,
which picks the operation by method and hands the request to :func:`~.handling.handle` (method,
credentials, declared parameters, then a hand-written override or the answer built from the schema).
Anything else under a base path gets that provider's 404 (an ``ErrorResponseModel``, or the NCP gateway's
``errorCode`` ``"300"``).

Hand-written behaviour is optional, per ``operationId``: :data:`DEFAULT_OVERRIDES` holds the sandbox's
own (seeded contracts and usage for the four operations it models in depth); ``overrides={}`` answers
every operation from its schema.

The fault layer is the outermost ASGI callable on purpose: it must hold the server's own ``send`` to drop
a connection (see :mod:`.fault_responses`), which Starlette's middleware stack would wrap. It looks the
request up in the same route table the router uses, so faults hit exactly the documents' operations,
never the control routes or unknown paths.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Receive, Scope, Send

from cloudcontracts.sandbox import hyperstack_api, ncloud_api
from cloudcontracts.sandbox.call import Override
from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.control import control_routes
from cloudcontracts.sandbox.credentials import DEFAULT_CREDENTIALS, SandboxCredentials
from cloudcontracts.sandbox.fault_responses import apply_fault
from cloudcontracts.sandbox.faults import FaultInjector, FaultPlan, FaultSpec
from cloudcontracts.sandbox.handling import handle
from cloudcontracts.sandbox.operations import ApiName, Operation, SandboxDocuments, shipped_documents
from cloudcontracts.sandbox.runtime import Clock, Runtime
from cloudcontracts.sandbox.state import SandboxState

__all__ = ["DEFAULT_OVERRIDES", "FaultsArgument", "SandboxApp", "create_app"]

FaultsArgument = FaultPlan | Sequence[FaultSpec] | Mapping[str, Any] | None

# Routes take every method so that a method a path does not declare is answered as each provider does
# (Hyperstack a 405 ErrorResponseModel, NCP's gateway a 404), where Starlette would send a plain-text 405.
_ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

DEFAULT_OVERRIDES: Mapping[str, Override] = {**hyperstack_api.OVERRIDES, **ncloud_api.OVERRIDES}
"""operationId -> hand-written behaviour. An operation without one is answered from its schema."""


class _PathRoute:
    """The operations of one path of one document, by method."""

    def __init__(self, api: ApiName, path: str) -> None:
        self.api = api
        self.path = path
        self.by_method: dict[str, Operation] = {}

    def operation(self, method: str) -> Operation | None:
        return self.by_method.get(method)

    def any_operation(self, method: str) -> Operation:
        """The operation a request counts as for faults: its method's, else the path's first."""
        return self.by_method.get(method) or next(iter(self.by_method.values()))


class SandboxApp:
    """One sandbox instance as an ASGI app: its own state, clock, credentials and faults."""

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        faults: FaultsArgument = None,
        clock: Clock = time.time,
        credentials: SandboxCredentials = DEFAULT_CREDENTIALS,
        documents: SandboxDocuments | None = None,
        overrides: Mapping[str, Override] | None = None,
    ) -> None:
        self.documents = documents or shipped_documents()
        self.overrides: Mapping[str, Override] = dict(DEFAULT_OVERRIDES if overrides is None else overrides)
        self.runtime = Runtime(config, credentials=credentials, clock=clock)
        self._base_faults = FaultPlan.coerce(faults)
        self.faults = FaultInjector(self._base_faults, operation_ids=self.documents.operation_ids())
        paths: dict[str, _PathRoute] = {}
        for op in self.documents.operations:
            paths.setdefault(op.path, _PathRoute(op.api, op.path)).by_method[op.method] = op
        self._path_routes: list[tuple[Route, _PathRoute]] = [
            (Route(path, self._endpoint(entry), methods=_ALL_METHODS), entry) for path, entry in paths.items()
        ]

        async def hyperstack_404(request: Request) -> Response:
            return hyperstack_api.not_found(request)

        async def ncloud_404(request: Request) -> Response:
            return ncloud_api.gateway_not_found(request)

        routes: list[BaseRoute] = [route for route, _ in self._path_routes]
        routes += control_routes(self.runtime, self.faults, self._reset_from_control)
        routes += [
            Route(
                self.documents.base_path("hyperstack") + "/{rest:path}", hyperstack_404, methods=_ALL_METHODS
            ),
            Route(self.documents.base_path("ncloud") + "/{rest:path}", ncloud_404, methods=_ALL_METHODS),
        ]
        self._starlette = Starlette(routes=routes)

    def _endpoint(self, entry: _PathRoute) -> Any:
        async def endpoint(request: Request) -> Response:
            return await handle(
                api=entry.api,
                operation=entry.operation(request.method),
                allowed=list(entry.by_method),
                request=request,
                runtime=self.runtime,
                documents=self.documents,
                overrides=self.overrides,
            )

        return endpoint

    @property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation this app serves, in document order."""
        return self.documents.operations

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
        """The document operation a request is for (its method's, else its path's first), or ``None``."""
        for route, entry in self._path_routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return entry.any_operation(str(scope.get("method", "GET")))
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
    documents: SandboxDocuments | None = None,
    overrides: Mapping[str, Override] | None = None,
    **changes: Any,
) -> SandboxApp:
    """A sandbox app, e.g. ``create_app(seed=3, ncp_contracts=10)``, for any ASGI server or transport.

    ``documents``: the OpenAPI documents to serve (default: the shipped ones); ``overrides``: hand-written
    behaviour by ``operationId`` (default :data:`DEFAULT_OVERRIDES`; ``{}`` answers all from schemas).
    """
    return SandboxApp(
        (config or SandboxConfig()).replace(**changes),
        faults=faults,
        clock=clock,
        credentials=credentials,
        documents=documents,
        overrides=overrides,
    )
