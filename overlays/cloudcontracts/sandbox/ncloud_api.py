"""Request handling for NCP Billing's ``GET /billing/v1/cost/getContractUsageList`` (moto's "responses").

In the order NCP's stack applies them (``shared/reference/apis.md``, ``openapi/ncloud-billing.yaml``):

1. the API Gateway: signature v2 (:mod:`.ncloud_auth`); any failure is ``401`` with the gateway's JSON
   body ``{"error": {"errorCode": "200", "message": "Authentication Failed", "details": …}}``, JSON
   whatever ``responseFormatType`` says, as the real gateway answers;
2. the billing service: parameters, each failure a ``400`` ``responseError`` (code
   :data:`INVALID_PARAMETER`, NCP's real codes per case being unknown) in XML unless JSON was asked;
3. the page: contracts with usage in the months, filtered, ``contractNo`` ascending, ``pageSize`` per
   page, ``totalRows`` over all pages; built once as the JSON-form dict, then written as JSON or, by
   default, as XML (:mod:`.xml_render`), so both forms always carry the same data.

``memberNoList`` is read only in NCP's indexed form (``memberNoList.1=…&memberNoList.2=…``); the bare
repeated form is refused with a 400 rather than silently ignored, so a client that sends it finds out.
``isOrganization``/``isPartner`` are validated but do not filter: the sandbox's key is a master account
that sees every member.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from .ncloud_auth import verify_signature
from .runtime import Runtime
from .xml_render import ncp_xml_renderer

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "INVALID_PARAMETER",
    "JSON_MEDIA_TYPE",
    "XML_MEDIA_TYPE",
    "billing_error",
    "gateway_error",
    "gateway_not_found",
    "get_contract_usage_list",
    "render_ncp",
    "wants_json",
]

JSON_MEDIA_TYPE = "application/json;charset=UTF-8"
XML_MEDIA_TYPE = "application/xml;charset=UTF-8"
INVALID_PARAMETER = "1007009"
"""The ``returnCode`` of every parameter error (apis.md's example code; NCP's per-case codes are unknown)."""
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 1000
MAX_MONTHS = 3
_INT32_MAX = 2**31 - 1
_YEAR_MONTH = re.compile(r"\d{4}(0[1-9]|1[0-2])\Z")
_DIGITS = re.compile(r"[0-9]{1,10}\Z")
_MEMBER_INDEX = re.compile(r"memberNoList\.(.*)\Z", re.DOTALL)
_FILTERS = {
    "contractNo": "contract_no",
    "contractTypeCode": "contract_type_code",
    "contractStatusCode": "contract_status_code",
    "regionCode": "region_code",
}


class _Invalid(Exception):
    """A parameter error: the ``returnMessage`` of the 400."""


def gateway_error(status: int, code: str, message: str, details: str) -> Response:
    """An API Gateway error: always JSON, ``errorCode`` a string."""
    body = {"error": {"errorCode": code, "message": message, "details": details}}
    return Response(_json(body), status_code=status, media_type=JSON_MEDIA_TYPE)


def gateway_not_found(request: Request) -> Response:
    """What the gateway answers for a path (or method) it does not route."""
    return gateway_error(404, "300", "Not Found", f"No API matches {request.method} {request.url.path}.")


def billing_error(status: int, code: str, message: str, *, as_json: bool) -> Response:
    """A billing service error, ``responseError``, in the asked format."""
    return render_ncp({"responseError": {"returnCode": code, "returnMessage": message}}, as_json, status)


def render_ncp(envelope: dict[str, Any], as_json: bool, status: int = 200) -> Response:
    """One JSON-form dict written as JSON or XML (the same data either way)."""
    if as_json:
        return Response(_json(envelope), status_code=status, media_type=JSON_MEDIA_TYPE)
    return Response(ncp_xml_renderer().render(envelope), status_code=status, media_type=XML_MEDIA_TYPE)


def _json(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _pairs(query_string: bytes) -> list[tuple[str, str]]:
    # latin-1 keeps every byte; the percent-escapes inside are then decoded as UTF-8.
    return parse_qsl(
        query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace"
    )


def wants_json(query_string: bytes) -> bool:
    """Whether the query asks for JSON (``responseFormatType=json``); anything else is XML."""
    return next((value for name, value in _pairs(query_string) if name == "responseFormatType"), "") == "json"


def _first(pairs: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in pairs:
        values.setdefault(name, value)  # a repeated parameter: the first one counts
    return values


def _month(values: dict[str, str], name: str) -> str:
    value = values.get(name)
    if not value:
        raise _Invalid(f"{name} is required.")
    if not _YEAR_MONTH.match(value):
        raise _Invalid(f"{name} must be a month in yyyyMM format: {value!r}.")
    return value


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[4:]) - 1


def _flag(values: dict[str, str], name: str) -> bool:
    value = values.get(name)
    if value is None or value == "":
        return False
    if value not in ("true", "false"):
        raise _Invalid(f"{name} must be true or false: {value!r}.")
    return value == "true"


def _number(values: dict[str, str], name: str, default: int, maximum: int) -> int:
    value = values.get(name)
    if value is None or value == "":
        return default
    if not _DIGITS.match(value) or not 1 <= int(value) <= maximum:
        raise _Invalid(f"{name} must be an integer from 1 to {maximum}: {value!r}.")
    return int(value)


def _member_nos(pairs: list[tuple[str, str]]) -> list[str] | None:
    indexed: dict[int, str] = {}
    for name, value in pairs:
        if name == "memberNoList":
            raise _Invalid("memberNoList must be sent in indexed form: memberNoList.1=...&memberNoList.2=...")
        match = _MEMBER_INDEX.match(name)
        if match is None:
            continue
        index = match.group(1)
        if not _DIGITS.match(index) or int(index) < 1:
            raise _Invalid(f"{name} is not a valid list parameter: indexes are whole numbers from 1.")
        if not value:
            raise _Invalid(f"{name} is empty.")
        indexed.setdefault(int(index), value)
    return [indexed[i] for i in sorted(indexed)] if indexed else None


def _query(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The validated query, or ``_Invalid`` naming the first problem (checks in a fixed order)."""
    values = _first(pairs)
    start, end = _month(values, "startMonth"), _month(values, "endMonth")
    if start > end:
        raise _Invalid(f"startMonth ({start}) must not be later than endMonth ({end}).")
    if _month_index(end) - _month_index(start) + 1 > MAX_MONTHS:
        raise _Invalid(f"The query period cannot exceed {MAX_MONTHS} months: {start} to {end}.")
    if _flag(values, "isOrganization") and _flag(values, "isPartner"):
        raise _Invalid("isOrganization and isPartner cannot both be true.")
    query: dict[str, Any] = {
        "start_month": start,
        "end_month": end,
        "page_no": _number(values, "pageNo", 1, _INT32_MAX),
        "page_size": _number(values, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
        "member_nos": _member_nos(pairs),
    }
    for parameter, keyword in _FILTERS.items():
        query[keyword] = values.get(parameter) or None  # an empty value filters nothing
    return query


async def get_contract_usage_list(runtime: Runtime, request: Request) -> Response:
    """``GET /billing/v1/cost/getContractUsageList``: gateway checks, billing checks, then one page."""
    if request.method != "GET":
        return gateway_not_found(request)
    scope = request.scope
    # raw_path is the path as sent (percent-escapes intact); an ASGI server that omits it only ever
    # gives the decoded path, which is the best remaining guess.
    raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
    query_string: bytes = scope.get("query_string", b"")
    credentials = runtime.credentials
    failure = verify_signature(
        method=request.method,
        raw_path=raw_path,
        query_string=query_string,
        headers=request.headers,
        secrets={credentials.ncp_access_key: credentials.ncp_secret_key},
        now_ms=runtime.now_ms,
    )
    if failure is not None:
        return gateway_error(401, "200", "Authentication Failed", failure.details)

    pairs = _pairs(query_string)
    response_format = _first(pairs).get("responseFormatType", "xml")
    as_json = response_format == "json"
    if response_format not in ("xml", "json"):
        return billing_error(400, INVALID_PARAMETER, "responseFormatType must be xml or json.", as_json=False)
    try:
        query = _query(pairs)
    except _Invalid as invalid:
        return billing_error(400, INVALID_PARAMETER, str(invalid), as_json=as_json)

    state = runtime.state  # read once: a concurrent reset does not mix two states in one answer
    page_no, page_size = query.pop("page_no"), query.pop("page_size")
    total_rows, contracts = state.ncp_contract_page(
        query.pop("start_month"),
        query.pop("end_month"),
        offset=(page_no - 1) * page_size,
        limit=page_size,
        **query,
    )
    envelope = {
        "getContractUsageListResponse": {
            "requestId": runtime.next_request_id(),
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": total_rows,
            "contractList": contracts,
        }
    }
    return render_ncp(envelope, as_json)
