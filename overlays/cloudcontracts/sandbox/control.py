"""The control endpoints under ``/_sandbox`` (as moto's ``/moto-api/reset``): reset, inspect, script faults.

======================  ===========================================================================
``POST /_sandbox/reset``    reseed: JSON body of :class:`~.config.SandboxConfig` fields (each optional,
                            applied to the instance's own config) and optionally ``"faults"`` (a fault
                            plan's JSON, else the instance's own plan comes back); answers the summary
``GET /_sandbox/state``     the summary: config, contract ids and numbers, members, months
``GET /_sandbox/faults``    the fault plan, what is left of its scripts, and the history
``POST /_sandbox/faults``   replace the fault plan: ``{"script": [...], "per_operation": {...},
                            "probability": p, "kinds": [...], "seed": n}``
``DELETE /_sandbox/faults`` no more faults
======================  ===========================================================================

Bad input is a ``400`` ``{"error": "..."}``. These routes never meet faults and need no credentials: the
sandbox listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cloudcontracts.sandbox.faults import FaultInjector, FaultPlan
from cloudcontracts.sandbox.runtime import Runtime
from cloudcontracts.sandbox.state import SandboxState

__all__ = ["CONTROL_PREFIX", "control_routes"]

CONTROL_PREFIX = "/_sandbox"
Reset = Callable[[Mapping[str, Any], FaultPlan | None], SandboxState]


async def _json_object(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body.strip():
        return {}
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def _bad(error: Exception) -> Response:
    return JSONResponse({"error": str(error)}, status_code=400)


def control_routes(runtime: Runtime, faults: FaultInjector, reset: Reset) -> list[Route]:
    """The control routes of one sandbox; ``reset(config changes, fault plan or None)`` reseeds it."""

    async def reset_endpoint(request: Request) -> Response:
        try:
            data = await _json_object(request)
            plan = FaultPlan.coerce(data.pop("faults")) if "faults" in data else None
            state = reset(data, plan)
        except (ValueError, TypeError) as error:
            return _bad(error)
        return JSONResponse(state.summary())

    async def state_endpoint(request: Request) -> Response:
        return JSONResponse(runtime.state.summary())

    async def faults_endpoint(request: Request) -> Response:
        if request.method == "POST":
            try:
                faults.configure(FaultPlan.from_json(await _json_object(request)))
            except (ValueError, TypeError) as error:
                return _bad(error)
        elif request.method == "DELETE":
            faults.clear()
        return JSONResponse(faults.snapshot())

    return [
        Route(f"{CONTROL_PREFIX}/reset", reset_endpoint, methods=["POST"], name="sandbox_reset"),
        Route(f"{CONTROL_PREFIX}/state", state_endpoint, methods=["GET"], name="sandbox_state"),
        Route(
            f"{CONTROL_PREFIX}/faults",
            faults_endpoint,
            methods=["GET", "POST", "DELETE"],
            name="sandbox_faults",
        ),
    ]
