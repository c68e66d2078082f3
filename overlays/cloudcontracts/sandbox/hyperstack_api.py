"""Hyperstack's side of the sandbox under ``/v1`` (moto's "responses"): its error bodies, and the
hand-written behaviour of its contract and billing operations.

As ``openapi/hyperstack.yaml`` and Hyperstack's documentation describe them (the first three apply
to every operation, by :mod:`.handling`):

- a method the path does not declare is ``405``; every request needs the header ``api_key`` equal to the
  sandbox's key (raw, no prefix), a missing or wrong key is ``401``; a query parameter the operation does
  not declare is ``400``;
- errors are ``ErrorResponseModel`` bodies ``{"status": false, "message": …, "error_reason": …}``:
  ``400`` for a malformed ``contract_id``, ``page``, ``per_page``, ``start_date`` or ``end_date``, ``404``
  for an unknown contract or path;
- the list pages with ``page`` (from 1) and ``per_page`` (default and maximum from the config, both
  undocumented upstream); ``count`` is the total over all pages or the number on the page, as the config's
  ``hyperstack_count`` says, because the real meaning is unknown and clients must cope with both;
- the detail's ``contracts`` is one object despite its plural name;
- the GPU graph takes ``start_date``/``end_date`` as exactly ``YYYY-MM-DDTHH:MM:SS`` (naive UTC) and
  answers ``ceil((end - start) / granularity)`` buckets; without them the period is the 30 days before
  the sandbox clock's current hour (one bound given: 30 days from or to it). Its ``contract.id`` is a
  string, as in the real API; its values are the GPUs of the contract's machines running then;
- the machines under a contract, the VM billing history and the pricebook come from
  :mod:`.hyperstack_money`: the billing history takes ``start_date``/``end_date`` as the graph does
  (the same defaults), ``search`` (name or id), and pages like the contract list, with
  ``total_count`` the entries over all pages and ``pagination`` the page asked for.
"""

from __future__ import annotations

import hmac
import json
import re
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cloudcontracts.sandbox.call import Call, Override
from cloudcontracts.sandbox.request_rules import RuleError, positive
from cloudcontracts.sandbox.runtime import Runtime
from cloudcontracts.sandbox.seeding import HYPERSTACK_ORG_ID

__all__ = [
    "DEFAULT_GRAPH_PERIOD",
    "OVERRIDES",
    "auth_failure",
    "bad_request",
    "error_response",
    "get_contract",
    "get_contract_gpu_allocation_graph",
    "get_vm_billing_history",
    "graph_period",
    "list_contract_virtual_machines",
    "list_contracts",
    "list_pricebook",
    "method_not_allowed",
    "not_found",
    "ok",
    "unknown_parameters",
]

DEFAULT_GRAPH_PERIOD = timedelta(days=30)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\Z")


def error_response(status: int, message: str, reason: str, headers: dict[str, str] | None = None) -> Response:
    body = {"status": False, "message": message, "error_reason": reason}
    return Response(_json(body), status_code=status, media_type="application/json", headers=headers)


def not_found(request: Request) -> Response:
    return error_response(404, f"No route for {request.method} {request.url.path}", "not_found")


def _json(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ok(body: Any, status: int = 200) -> Response:
    return Response(_json(body), status_code=status, media_type="application/json")


def method_not_allowed(request: Request, allowed: list[str]) -> Response:
    """``405`` naming the methods the path declares."""
    return error_response(
        405,
        f"Method {request.method} not allowed",
        "method_not_allowed",
        headers={"Allow": ", ".join(allowed)},
    )


def auth_failure(runtime: Runtime, request: Request) -> Response | None:
    """The ``401`` a request without the sandbox's ``api_key`` gets, or ``None``."""
    key = request.headers.get("api_key")
    if key is None:
        return error_response(401, "Unauthorized", "missing api_key header")
    if not hmac.compare_digest(
        key.encode("utf-8", "replace"), runtime.credentials.hyperstack_api_key.encode()
    ):
        return error_response(401, "Unauthorized", "invalid api_key")
    return None


def unknown_parameters(names: list[str]) -> Response:
    """The ``400`` for query parameters the operation does not declare, naming them."""
    label = "parameter" if len(names) == 1 else "parameters"
    return error_response(400, f"Unknown query {label}: {', '.join(names)}", "unknown_parameter")


def bad_request(message: str) -> Response:
    return error_response(400, message, "invalid_parameter")


def _date_time(name: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    if not _DATE_TIME.match(text):
        raise RuleError(f"{name} must be formatted as YYYY-MM-DDTHH:MM:SS, got {text!r}")
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise RuleError(f"{name} is not a valid date-time: {text!r}") from None


async def list_contracts(call: Call) -> Response:
    """``GET /v1/pricebook/contracts?page=&per_page=``."""
    request, state = call.request, call.state
    config = state.config
    try:
        page = positive("page", request.query_params.get("page"), 1)
        per_page = positive(
            "per_page", request.query_params.get("per_page"), config.hyperstack_default_per_page
        )
    except RuleError as error:
        return bad_request(str(error))
    if config.hyperstack_max_per_page is not None:
        per_page = min(per_page, config.hyperstack_max_per_page)
    contracts = state.select_hyperstack_contracts()
    first = (page - 1) * per_page
    items = contracts[first : first + per_page] if first < len(contracts) else []
    count = len(contracts) if config.hyperstack_count == "total" else len(items)
    return ok({"status": True, "message": "Getting contracts success", "contracts": items, "count": count})


def _contract_id(request: Request) -> int:
    return positive("contract_id", str(request.path_params["contract_id"]))


async def get_contract(call: Call) -> Response:
    """``GET /v1/pricebook/contracts/{contract_id}``."""
    try:
        contract_id = _contract_id(call.request)
    except RuleError as error:
        return bad_request(str(error))
    record = call.state.hyperstack_record(contract_id)
    if record is None:
        return error_response(404, f"Contract {contract_id} not found", "not_found")
    return ok({"status": True, "message": "Getting contract details success", "contracts": record.fields})


def graph_period(start: datetime | None, end: datetime | None, now: datetime) -> tuple[datetime, datetime]:
    """The period a graph request asks for, with the sandbox's defaults for a missing bound."""
    if start is not None:
        return start, end if end is not None else start + DEFAULT_GRAPH_PERIOD
    if end is None:
        end = now.replace(minute=0, second=0, microsecond=0)
    return end - DEFAULT_GRAPH_PERIOD, end


async def get_contract_gpu_allocation_graph(call: Call) -> Response:
    """``GET /v1/pricebook/contracts/{contract_id}/gpu_allocation_graph?start_date=&end_date=``."""
    runtime, request, state = call.runtime, call.request, call.state
    try:
        contract_id = _contract_id(request)
        start = _date_time("start_date", request.query_params.get("start_date"))
        end = _date_time("end_date", request.query_params.get("end_date"))
        start, end = graph_period(start, end, runtime.now())
        if end <= start:
            raise RuleError("end_date must be later than start_date")
        if state.graph_granularity(start, end) is None:
            raise RuleError("the date range is too long for one graph")
    except RuleError as error:
        return bad_request(str(error))
    except OverflowError:  # a default bound beyond year 1..9999
        return error_response(400, "the date range is out of bounds", "invalid_parameter")
    contract = state.gpu_graph(contract_id, start, end)
    if contract is None:
        return error_response(404, f"Contract {contract_id} not found", "not_found")
    return ok({"status": True, "message": "Getting GPU allocation graph success", "contract": contract})


async def list_contract_virtual_machines(call: Call) -> Response:
    """``GET /v1/core/virtual-machines/contract/{contract_id}/virtual-machines``."""
    try:
        contract_id = _contract_id(call.request)
    except RuleError as error:
        return bad_request(str(error))
    instances = call.state.hyperstack_machines(contract_id)
    if instances is None:
        return error_response(404, f"Contract {contract_id} not found", "not_found")
    return ok({"status": True, "message": "Getting contract instances success", "instances": instances})


async def get_vm_billing_history(call: Call) -> Response:
    """``GET /v1/billing/billing/history/virtual-machine?start_date=&end_date=&search=&page=&per_page=``."""
    runtime, request, state = call.runtime, call.request, call.state
    config = state.config
    query = request.query_params
    try:
        start = _date_time("start_date", query.get("start_date"))
        end = _date_time("end_date", query.get("end_date"))
        start, end = graph_period(start, end, runtime.now())
        if end <= start:
            raise RuleError("end_date must be later than start_date")
        page = positive("page", query.get("page"), 1)
        per_page = positive("per_page", query.get("per_page"), config.hyperstack_default_per_page)
    except RuleError as error:
        return bad_request(str(error))
    except OverflowError:
        return error_response(400, "the date range is out of bounds", "invalid_parameter")
    if config.hyperstack_max_per_page is not None:
        per_page = min(per_page, config.hyperstack_max_per_page)
    entries = state.hyperstack_billing_history(start, end, query.get("search"))
    first = (page - 1) * per_page
    items = entries[first : first + per_page] if first < len(entries) else []
    history = {
        "org_id": HYPERSTACK_ORG_ID,
        "total_count": len(entries),
        "pagination": {"page": page, "pages": -(-len(entries) // per_page), "per_page": per_page},
        "billing_history": items,
    }
    return ok({"status": True, "message": "Getting billing history success", "billing_history_vm": history})


async def list_pricebook(call: Call) -> Response:
    """``GET /v1/pricebook``: a bare array, as Hyperstack answers it."""
    return ok(call.state.hyperstack_pricebook())


OVERRIDES: dict[str, Override] = {
    "list_contracts": list_contracts,
    "get_contract": get_contract,
    "get_contract_gpu_allocation_graph": get_contract_gpu_allocation_graph,
    "get_vm_billing_history": get_vm_billing_history,
    "list_contract_virtual_machines": list_contract_virtual_machines,
    "list_pricebook": list_pricebook,
}
"""Hand-written behaviour of Hyperstack operations, by ``operationId`` (others answer from their schema)."""
