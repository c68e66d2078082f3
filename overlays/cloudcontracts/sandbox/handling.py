"""What every operation of both documents goes through, in each provider's order, before its answer.

For a request to a path of a document (:class:`~.app.SandboxApp` routes by path, then by method), in
each provider's order:

1. a method the path does not declare: Hyperstack ``405`` ``ErrorResponseModel`` (with ``Allow``); NCP's
   gateway ``404`` (``errorCode`` ``"300"``);
2. credentials: Hyperstack's ``api_key`` header, NCP's signature v2; else ``401``;
3. a query parameter the operation does not declare: ``400``, naming it (Hyperstack ``ErrorResponseModel``;
   NCP's gateway ``errorCode`` ``"100"``, as a strict gateway answers);
4. NCP only: a ``responseFormatType`` other than xml or json is a ``400`` ``responseError`` (in XML);
5. the answer: the hand-written override for the ``operationId`` if there is one, else
   :func:`.generic_api.answer`.

Credentials are checked when the operation's ``security`` (else the document's) asks for any. Faults
are decided before all this, by the app (:mod:`.fault_responses`).
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from cloudcontracts.sandbox import generic_api, hyperstack_api, ncloud_api
from cloudcontracts.sandbox.call import Call, Override
from cloudcontracts.sandbox.operations import ApiName, Operation, SandboxDocuments
from cloudcontracts.sandbox.request_rules import query_pairs, undeclared_parameters
from cloudcontracts.sandbox.runtime import Runtime

__all__ = ["handle"]


def _gateway(api: ApiName, operation: Operation, runtime: Runtime, call: Call) -> Response | None:
    """Steps 2 to 4: the refusal of a request that does not reach the operation, if any."""
    request = call.request
    if operation.requires_auth:
        auth_failure = hyperstack_api.auth_failure if api == "hyperstack" else ncloud_api.auth_failure
        refusal = auth_failure(runtime, request)
        if refusal is None and api == "ncloud":
            refusal = ncloud_api.permission_failure(runtime, operation.operation_id)
        if refusal is not None:
            return refusal
    unknown = undeclared_parameters(operation, [name for name, _ in query_pairs(call.query_string)])
    if unknown:
        if api == "hyperstack":
            return hyperstack_api.unknown_parameters(unknown)
        return ncloud_api.unknown_parameters(unknown)
    if (
        api == "ncloud"
        and operation.declares("responseFormatType")
        and ncloud_api.response_format(call.query_string) not in ("xml", "json")
    ):
        message = "responseFormatType must be xml or json."
        renderer = call.documents.ncloud_xml
        return ncloud_api.billing_error(
            400, ncloud_api.INVALID_PARAMETER, message, as_json=False, renderer=renderer
        )
    return None


async def handle(
    *,
    api: ApiName,
    operation: Operation | None,
    allowed: list[str],
    request: Request,
    runtime: Runtime,
    documents: SandboxDocuments,
    overrides: Mapping[str, Override],
) -> Response:
    """The response to ``request`` for ``operation`` (``None``: the path has no operation for this
    method; ``allowed`` lists the methods it has)."""
    if operation is None:
        if api == "hyperstack":
            return hyperstack_api.method_not_allowed(request, allowed)
        return ncloud_api.gateway_not_found(request)
    # The state is read once: a concurrent reset does not mix two states in one answer.
    call = Call(
        runtime=runtime, request=request, operation=operation, documents=documents, state=runtime.state
    )
    refusal = _gateway(api, operation, runtime, call)
    if refusal is not None:
        return refusal
    override = overrides.get(operation.operation_id)
    return await (override or generic_api.answer)(call)
