"""NCP Billing's side of the sandbox under ``/billing/v1`` (moto's "responses"): its error bodies, its
two response formats, and the hand-written behaviour of ``getContractUsageList`` and of the money
operations ``getContractDemandCostList`` and ``getDemandCostList`` (:mod:`.ncp_money`: costs that add up
to the invoices and describe the same contracts as the usage).

In the order NCP's stack applies them (NCP's documentation, ``openapi/ncloud-billing.yaml``);
the first three apply to every operation, by :mod:`.handling`:

1. the API Gateway: a path or method it does not route is ``404`` (``errorCode`` ``"300"``); signature
   v2 (:mod:`.ncloud_auth`), any failure ``401`` (``"200"``); a query parameter the operation does not
   declare ``400`` (``"100"``, Bad Request, the parameter named in ``details``). Gateway errors are JSON
   whatever ``responseFormatType`` says, as the real gateway answers;
2. the billing service: parameters (:mod:`.request_rules`), each failure a ``400`` ``responseError``
   (code :data:`INVALID_PARAMETER`, NCP's real codes per case being unknown) in XML unless JSON was asked;
3. the page: for ``getContractUsageList``, contracts with usage in the months, filtered, ``contractNo``
   ascending, ``pageSize`` per page, ``totalRows`` over all pages; built once as the JSON-form dict, then
   written as JSON or, by default, as XML (:mod:`.xml_render`), so both forms always carry the same data.

``memberNoList`` is read only in NCP's indexed form (``memberNoList.1=…&memberNoList.2=…``); the bare
repeated form is refused with a 400 rather than silently ignored, so a client that sends it finds out.
``isOrganization``/``isPartner`` are validated but do not filter: the sandbox's key is a master account
that sees every member. A key may be denied operations (``SandboxCredentials.ncp_denied_operations``,
as an IAM sub account without the cost permission is): those answer the gateway's 401 Permission
Denied (``errorCode`` ``"210"``).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cloudcontracts.sandbox.call import Call, Override
from cloudcontracts.sandbox.ncloud_auth import verify_signature
from cloudcontracts.sandbox.request_rules import RuleError, first_values, ncp_query, query_pairs
from cloudcontracts.sandbox.runtime import Runtime
from cloudcontracts.sandbox.xml_render import XmlRenderer, ncp_xml_renderer

__all__ = [
    "INVALID_PARAMETER",
    "JSON_MEDIA_TYPE",
    "OVERRIDES",
    "XML_MEDIA_TYPE",
    "auth_failure",
    "billing_error",
    "gateway_error",
    "gateway_not_found",
    "get_contract_demand_cost_list",
    "get_contract_usage_list",
    "get_demand_cost_list",
    "permission_failure",
    "render_ncp",
    "response_format",
    "unknown_parameters",
    "wants_json",
]

JSON_MEDIA_TYPE = "application/json;charset=UTF-8"
XML_MEDIA_TYPE = "application/xml;charset=UTF-8"
INVALID_PARAMETER = "1007009"
"""The ``returnCode`` of every parameter error (one NCP documents; its per-case codes are unknown)."""
_FILTERS = {
    "contractNo": "contract_no",
    "contractTypeCode": "contract_type_code",
    "contractStatusCode": "contract_status_code",
    "regionCode": "region_code",
}


def gateway_error(status: int, code: str, message: str, details: str) -> Response:
    """An API Gateway error: always JSON, ``errorCode`` a string."""
    body = {"error": {"errorCode": code, "message": message, "details": details}}
    return Response(_json(body), status_code=status, media_type=JSON_MEDIA_TYPE)


def gateway_not_found(request: Request) -> Response:
    """What the gateway answers for a path (or method) it does not route."""
    return gateway_error(404, "300", "Not Found", f"No API matches {request.method} {request.url.path}.")


def unknown_parameters(names: list[str]) -> Response:
    """What a strict gateway answers for query parameters the operation does not declare."""
    label = "parameter" if len(names) == 1 else "parameters"
    return gateway_error(400, "100", "Bad Request", f"Unknown query {label}: {', '.join(names)}.")


def auth_failure(runtime: Runtime, request: Request) -> Response | None:
    """The gateway's ``401`` for a request that is not properly signed, or ``None``."""
    scope = request.scope
    # raw_path is the path as sent (percent-escapes intact); an ASGI server that omits it only ever
    # gives the decoded path, which is the best remaining guess.
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
    credentials = runtime.credentials
    failure = verify_signature(
        method=request.method,
        raw_path=raw_path,
        query_string=scope.get("query_string", b""),
        headers=request.headers,
        secrets={credentials.ncp_access_key: credentials.ncp_secret_key},
        now_ms=runtime.now_ms,
    )
    return None if failure is None else gateway_error(401, "200", "Authentication Failed", failure.details)


def billing_error(
    status: int, code: str, message: str, *, as_json: bool, renderer: XmlRenderer | None = None
) -> Response:
    """A billing service error, ``responseError``, in the asked format."""
    body = {"responseError": {"returnCode": code, "returnMessage": message}}
    return render_ncp(body, as_json, status, renderer=renderer)


def render_ncp(
    envelope: dict[str, Any], as_json: bool, status: int = 200, *, renderer: XmlRenderer | None = None
) -> Response:
    """One JSON-form dict written as JSON or XML (the same data either way); ``renderer`` reads the
    element names from the sandbox's NCP document (default: the shipped one)."""
    if as_json:
        return Response(_json(envelope), status_code=status, media_type=JSON_MEDIA_TYPE)
    xml = (renderer or ncp_xml_renderer()).render(envelope)
    return Response(xml, status_code=status, media_type=XML_MEDIA_TYPE)


def _json(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def response_format(query_string: bytes) -> str:
    """The asked ``responseFormatType`` (first value), ``"xml"`` when absent."""
    return first_values(query_pairs(query_string)).get("responseFormatType", "xml")


def wants_json(query_string: bytes) -> bool:
    """Whether the query asks for JSON (``responseFormatType=json``); anything else is XML."""
    return response_format(query_string) == "json"


async def get_contract_usage_list(call: Call) -> Response:
    """``GET /billing/v1/cost/getContractUsageList``: the conventions' query, its filters, one page."""
    as_json = wants_json(call.query_string)
    renderer = call.documents.ncloud_xml
    try:
        query = ncp_query(call.operation, call.pairs())
    except RuleError as invalid:
        return billing_error(400, INVALID_PARAMETER, str(invalid), as_json=as_json, renderer=renderer)
    filters: dict[str, Any] = {
        keyword: query.values.get(parameter) or None  # an empty value filters nothing
        for parameter, keyword in _FILTERS.items()
    }
    if query.start_month is None or query.end_month is None:  # a document that made them optional
        message = "startMonth and endMonth are required."
        return billing_error(400, INVALID_PARAMETER, message, as_json=as_json, renderer=renderer)
    total_rows, contracts = call.state.ncp_contract_page(
        query.start_month,
        query.end_month,
        offset=(query.page_no - 1) * query.page_size,
        limit=query.page_size,
        member_nos=query.lists.get("memberNoList"),
        **filters,
    )
    envelope = {
        "getContractUsageListResponse": {
            "requestId": call.runtime.next_request_id(),
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": total_rows,
            "contractList": contracts,
        }
    }
    return render_ncp(envelope, as_json, renderer=renderer)


_COST_FILTERS = {
    "contractNo": "contract_no",
    "demandTypeCode": "demand_type_code",
    "demandTypeDetailCode": "demand_type_detail_code",
    "regionCode": "region_code",
}


async def _money_page(call: Call, response_name: str, list_name: str) -> Response:
    """One page of a money operation: the conventions' query, its filters, rows from the seeded money."""
    as_json = wants_json(call.query_string)
    renderer = call.documents.ncloud_xml
    try:
        query = ncp_query(call.operation, call.pairs())
    except RuleError as invalid:
        return billing_error(400, INVALID_PARAMETER, str(invalid), as_json=as_json, renderer=renderer)
    if query.start_month is None or query.end_month is None:  # a document that made them optional
        message = "startMonth and endMonth are required."
        return billing_error(400, INVALID_PARAMETER, message, as_json=as_json, renderer=renderer)
    members = query.lists.get("memberNoList")
    money = call.state.ncp_money
    if list_name == "contractDemandCostList":
        filters: dict[str, Any] = {
            keyword: query.values.get(parameter) or None
            for parameter, keyword in _COST_FILTERS.items()
            if call.operation.declares(parameter)
        }
        rows = money.contract_demand_costs(query.start_month, query.end_month, member_nos=members, **filters)
    else:
        rows = money.demand_costs(query.start_month, query.end_month, member_nos=members)
    offset = (query.page_no - 1) * query.page_size
    envelope = {
        response_name: {
            "requestId": call.runtime.next_request_id(),
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": len(rows),
            list_name: rows[offset : offset + query.page_size],
        }
    }
    return render_ncp(envelope, as_json, renderer=renderer)


async def get_contract_demand_cost_list(call: Call) -> Response:
    """``GET /billing/v1/cost/getContractDemandCostList``: contract costs consistent with the usage."""
    return await _money_page(call, "getContractDemandCostListResponse", "contractDemandCostList")


async def get_demand_cost_list(call: Call) -> Response:
    """``GET /billing/v1/cost/getDemandCostList``: invoices, each the sum of its contract costs."""
    return await _money_page(call, "getDemandCostListResponse", "demandCostList")


def permission_failure(runtime: Runtime, operation_id: str) -> Response | None:
    """The gateway's ``401`` Permission Denied (``errorCode`` ``"210"``) for an operation the key may
    not call (:attr:`~.credentials.SandboxCredentials.ncp_denied_operations`), or ``None``."""
    if operation_id not in runtime.credentials.ncp_denied_operations:
        return None
    details = f"The access key has no permission for {operation_id}."
    return gateway_error(401, "210", "Permission Denied", details)


OVERRIDES: dict[str, Override] = {
    "getContractUsageList": get_contract_usage_list,
    "getContractDemandCostList": get_contract_demand_cost_list,
    "getDemandCostList": get_demand_cost_list,
}
"""Hand-written behaviour of NCP operations, by ``operationId`` (others answer from their schema)."""
