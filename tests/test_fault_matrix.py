"""The fault matrix: every sandbox fault x every operation x sync and async, through the real clients.

Each cell ends in exactly the fault-free data (after the retries the fault should cause, counted on the
sandbox) or in the right typed error after exactly the attempts it deserves -- never a bare httpx
exception, ``KeyError`` or ``JSONDecodeError``, never a short result. Cells:

- transient: the fault once, then normal service;
- persistent: the fault on every attempt (``max_retries + 1`` times);
- mid-iteration: a persistent fault on page 2 of an iterator, which must raise after page 1's rows;
- error chains: no httpx exception whose request carries credentials hangs off an error;
- pages that contradict ``totalRows`` (tampered on the way in): an error, not a short result.

One sandbox serves the module, reset before each cell; retries never sleep (the sleeps are recorded).
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import parse_qsl

import httpx2
import pytest
from support.fault_support import (
    SleepLog,
    assert_typed_error,
    async_transport,
    credentialed_httpx_exceptions,
    hyperstack_async,
    hyperstack_sync,
    ncloud_async,
    ncloud_sync,
    payload,
    request_count,
    settled_history,
    sync_transport,
)
from support.fixtures import sandbox_data

from cloudcontracts.core.operations import OperationSpec, operations
from cloudcontracts.errors import (
    APIConnectionError,
    APIStatusError,
    CloudContractsError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.faults import FAULT_KINDS, Fault
from cloudcontracts.specs import DocumentName

MAX_RETRIES = 2
ATTEMPTS = MAX_RETRIES + 1
PER_PAGE = 5
HS_CONTRACTS = 12  # 3 pages of 5, 5, 2
NCP_CONTRACTS = 12  # 11 of them have usage in the window: 3 pages of 5, 5, 1
START_MONTH, END_MONTH = "202402", "202404"
GRAPH_START, GRAPH_END = "2024-04-01T00:00:00", "2024-04-03T00:00:00"
LATENCY = "latency:0.05"

Api = Literal["hyperstack", "ncloud"]
Mode = Literal["sync", "async"]
MODES: tuple[Mode, ...] = ("sync", "async")


DATA: dict[str, Any] = {"hyperstack_contracts": HS_CONTRACTS, "ncp_contracts": NCP_CONTRACTS}
pytestmark = sandbox_data(**DATA)


# --- what each fault should end in -------------------------------------------------------------------

HS_RATE_LIMIT = ("rate limit exceeded: 500 requests per minute", "Too Many Requests")  # (code, message)
NO_CODE = (None, "")


@dataclass(frozen=True)
class Expect:
    """What a fault ends in when it persists: ``error is None`` means it is invisible (correct data)."""

    error: type[CloudContractsError] | None
    retried: bool = False
    status: int | None = None
    hyperstack: tuple[str | None, str] = NO_CODE  # (code, message) of the APIStatusError
    ncloud: tuple[str | None, str] = NO_CODE
    retry_after: str | None = None


def _server(status: int, ncloud: tuple[str | None, str] = NO_CODE) -> Expect:
    return Expect(ServerError, True, status, NO_CODE, ncloud)


FAULTS: dict[str, Expect] = {
    "ok": Expect(None),
    LATENCY: Expect(None),
    "429": Expect(RateLimitError, True, 429, HS_RATE_LIMIT, ("420", "Rate Limited")),
    "429:1": Expect(RateLimitError, True, 429, HS_RATE_LIMIT, ("420", "Rate Limited"), retry_after="1"),
    # A Retry-After beyond the policy's max_retry_after (60 s) is raised at once, not slept on.
    "429:90": Expect(RateLimitError, False, 429, HS_RATE_LIMIT, ("420", "Rate Limited"), retry_after="90"),
    "throttle": Expect(RateLimitError, True, 429, HS_RATE_LIMIT, ("410", "Throttle Limited")),
    "throttle:2": Expect(
        RateLimitError, True, 429, HS_RATE_LIMIT, ("410", "Throttle Limited"), retry_after="2"
    ),
    "500": _server(500, ("9999", "Internal server error.")),
    "502": _server(502),
    "503": _server(503, ("500", "Endpoint Error")),
    "504": _server(504, ("510", "Endpoint Timeout")),
    "html": _server(502),
    "html:503": _server(503),
    "html:404": Expect(NotFoundError, False, 404),
    "drop": Expect(APIConnectionError, True),
    "truncate": Expect(APIConnectionError, True),
    "malformed": Expect(ResponseDecodeError, False, 200),
}
ERROR_FAULTS = [spec for spec, expect in FAULTS.items() if expect.error is not None]


def test_the_matrix_covers_every_fault_kind() -> None:
    assert {Fault.parse(spec).kind for spec in FAULTS} == FAULT_KINDS


def delays(expect: Expect, retries: int) -> list[float]:
    """The sleeps ``retries`` retries must request: Retry-After when sent, else 0.5 s doubling."""
    if expect.retry_after is not None:
        return [float(expect.retry_after)] * retries
    return [0.5 * 2.0**attempt for attempt in range(retries)]


# --- the operations ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    name: str
    api: Api
    operation_id: str
    iterates: bool = False
    response_format: Literal["json", "xml"] = "json"

    def __str__(self) -> str:
        return self.name


OPS = [
    Op("hs_list_contracts", "hyperstack", "list_contracts"),
    Op("hs_iter_contracts", "hyperstack", "list_contracts", iterates=True),
    Op("hs_get_contract", "hyperstack", "get_contract"),
    Op("hs_gpu_graph", "hyperstack", "get_contract_gpu_allocation_graph"),
    Op("ncp_page_json", "ncloud", "getContractUsageList"),
    Op("ncp_page_xml", "ncloud", "getContractUsageList", response_format="xml"),
    Op("ncp_iter_json", "ncloud", "getContractUsageList", iterates=True),
    Op("ncp_iter_xml", "ncloud", "getContractUsageList", iterates=True, response_format="xml"),
]
ITERATORS = [op for op in OPS if op.iterates]
SINGLE_CALLS = [op for op in OPS if not op.iterates]


def contract_id(sb: Sandbox) -> int:
    return sb.state.hyperstack_contract_ids()[3]


def ncp_rows(sb: Sandbox) -> list[dict[str, Any]]:
    return sb.state.ncp_contracts(START_MONTH, END_MONTH)


def expected(op: Op, sb: Sandbox) -> Any:
    """The fault-free result, from the sandbox's state (exact data, as ``to_dict`` gives it)."""
    state = sb.state
    if op.name == "hs_list_contracts":
        return {
            "status": True,
            "message": "Getting contracts success",
            "contracts": state.hyperstack_contracts()[:PER_PAGE],
            "count": HS_CONTRACTS,
        }
    if op.name == "hs_iter_contracts":
        return state.hyperstack_contracts()
    if op.name == "hs_get_contract":
        return state.hyperstack_contract(contract_id(sb))
    if op.name == "hs_gpu_graph":
        start, end = datetime.fromisoformat(GRAPH_START), datetime.fromisoformat(GRAPH_END)
        return state.gpu_graph(contract_id(sb), start, end)
    rows = ncp_rows(sb)
    if op.iterates:
        return rows
    return {
        "requestId": "str",
        "returnCode": "0",
        "returnMessage": "success",
        "totalRows": len(rows),
        "contractList": rows[:PER_PAGE],
    }


def page_count(op: Op, sb: Sandbox) -> int:
    """Requests a fault-free call makes."""
    if not op.iterates:
        return 1
    rows = HS_CONTRACTS if op.api == "hyperstack" else len(ncp_rows(sb))
    return math.ceil(rows / PER_PAGE)


def _ncp_page(page: Any) -> dict[str, Any]:
    data: dict[str, Any] = payload(page)
    data["requestId"] = type(data.get("requestId")).__name__  # differs per request: only its type
    return data


@dataclass
class Outcome:
    result: Any = None
    rows: list[Any] | None = None  # what an iterator yielded before it ended or raised
    error: BaseException | None = None


def _run_sync(op: Op, sb: Sandbox, log: SleepLog) -> Outcome:
    rows: list[Any] = []
    outcome = Outcome(rows=rows if op.iterates else None)
    try:
        if op.api == "hyperstack":
            with hyperstack_sync(sb, log.policy) as hs:
                if op.name == "hs_list_contracts":
                    outcome.result = payload(hs.list_contracts(page=1, per_page=PER_PAGE))
                elif op.name == "hs_get_contract":
                    outcome.result = payload(hs.get_contract(contract_id(sb)))
                elif op.name == "hs_gpu_graph":
                    graph = hs.gpu_allocation_graph(contract_id(sb), start=GRAPH_START, end=GRAPH_END)
                    outcome.result = payload(graph)
                else:
                    for contract in hs.iter_contracts(per_page=PER_PAGE):
                        rows.append(payload(contract))
        else:
            with ncloud_sync(sb, log.policy, op.response_format) as ncp:
                if op.iterates:
                    for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                        rows.append(payload(row))
                else:
                    page = ncp.contract_usage_page(START_MONTH, END_MONTH, page_size=PER_PAGE)
                    outcome.result = _ncp_page(page)
    except Exception as error:  # any class: the checks below say which ones are wrong
        outcome.error = error
    if op.iterates and outcome.error is None:
        outcome.result = rows
    return outcome


async def _run_async(op: Op, sb: Sandbox, log: SleepLog, concurrency: int) -> Outcome:
    rows: list[Any] = []
    outcome = Outcome(rows=rows if op.iterates else None)
    try:
        if op.api == "hyperstack":
            async with hyperstack_async(sb, log.policy) as hs:
                if op.name == "hs_list_contracts":
                    outcome.result = payload(await hs.list_contracts(page=1, per_page=PER_PAGE))
                elif op.name == "hs_get_contract":
                    outcome.result = payload(await hs.get_contract(contract_id(sb)))
                elif op.name == "hs_gpu_graph":
                    graph = await hs.gpu_allocation_graph(contract_id(sb), start=GRAPH_START, end=GRAPH_END)
                    outcome.result = payload(graph)
                else:
                    async for contract in hs.iter_contracts(per_page=PER_PAGE, concurrency=concurrency):
                        rows.append(payload(contract))
        else:
            async with ncloud_async(sb, log.policy, op.response_format, concurrency=concurrency) as ncp:
                if op.iterates:
                    async for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                        rows.append(payload(row))
                else:
                    page = await ncp.contract_usage_page(START_MONTH, END_MONTH, page_size=PER_PAGE)
                    outcome.result = _ncp_page(page)
    except Exception as error:
        outcome.error = error
    if op.iterates and outcome.error is None:
        outcome.result = rows
    return outcome


def run(op: Op, mode: Mode, sb: Sandbox, log: SleepLog, *, concurrency: int = 1) -> Outcome:
    """Call ``op`` once, sync or async. Async iterators get ``concurrency=1`` unless asked otherwise, so
    that a scripted fault meets the page it is meant for."""
    if mode == "sync":
        return _run_sync(op, sb, log)
    return asyncio.run(_run_async(op, sb, log, concurrency))


# --- checks ---------------------------------------------------------------------------------------------


def assert_history(sb: Sandbox, op: Op, script: list[str], requests: int) -> None:
    """Exactly ``requests`` requests, all to ``op``, meeting the script's faults in order."""
    faults = [script[i] if i < len(script) else "ok" for i in range(requests)]
    assert sb.faults.history == [
        (op.operation_id, None if fault == "ok" else str(Fault.parse(fault))) for fault in faults
    ]


def assert_error(outcome: Outcome, expect: Expect, op: Op, sb: Sandbox) -> None:
    """The typed error ``expect`` names, with its status, provider code, message and where it went."""
    error = outcome.error
    assert_typed_error(error, sb)
    assert outcome.result is None
    assert type(error) is expect.error, f"{type(error).__name__}: {error}"
    base = sb.hyperstack_url if op.api == "hyperstack" else sb.ncloud_url + "/cost/getContractUsageList"
    assert getattr(error, "method", None) == "GET"
    url = getattr(error, "url", None)
    assert isinstance(url, str)
    assert url.startswith(base)
    if isinstance(error, APIStatusError):
        code, message = expect.hyperstack if op.api == "hyperstack" else expect.ncloud
        assert error.status_code == expect.status
        assert error.code == code
        assert error.message == message
        assert error.retry_after == expect.retry_after
        assert str(error).startswith(f"HTTP {expect.status}")
    elif isinstance(error, ResponseDecodeError):
        assert error.status_code == expect.status
        assert error.snippet


def cells(test: str, faults: list[str], ops: list[Op], modes: tuple[Mode, ...] = MODES) -> list[Any]:
    params = []
    for spec in faults:
        for op in ops:
            for mode in modes:
                params.append(pytest.param(spec, op, mode, id=f"{spec}-{op}-{mode}"))
    return params


# --- the cells ------------------------------------------------------------------------------------------


def test_the_sandbox_serves_three_pages_to_each_iterator(sb: Sandbox) -> None:
    for op in ITERATORS:
        assert page_count(op, sb) == 3, op
    assert len(ncp_rows(sb)) == 11


@pytest.mark.parametrize(("spec", "op", "mode"), cells("transient", list(FAULTS), OPS))
def test_transient_fault(sb: Sandbox, spec: str, op: Op, mode: Mode) -> None:
    """The fault once, then normal service: the exact fault-free result after one retry (or the typed
    error at once, for a fault that is not retried)."""
    expect = FAULTS[spec]
    want = expected(op, sb)
    sb.faults.script(spec, operation=op.operation_id)
    log = SleepLog(MAX_RETRIES)
    outcome = run(op, mode, sb, log)
    if expect.error is None or expect.retried:
        assert outcome.error is None, repr(outcome.error)
        assert outcome.result == want
        requests = page_count(op, sb) + (1 if expect.retried else 0)
        assert log.slept == delays(expect, 1 if expect.retried else 0)
    else:
        assert_error(outcome, expect, op, sb)
        assert outcome.rows == ([] if op.iterates else None)  # nothing from a failed first page
        requests = 1
        assert log.slept == []
    assert_history(sb, op, [spec], requests)


@pytest.mark.parametrize(("spec", "op", "mode"), cells("persistent", list(FAULTS), OPS))
def test_persistent_fault(sb: Sandbox, spec: str, op: Op, mode: Mode) -> None:
    """The fault on every attempt: the typed error after exactly max_retries + 1 requests (1 for a fault
    that is not retried); an invisible fault still gives the exact data."""
    expect = FAULTS[spec]
    want = expected(op, sb)
    script = [spec] * ATTEMPTS
    sb.faults.script(*script, operation=op.operation_id)
    log = SleepLog(MAX_RETRIES)
    outcome = run(op, mode, sb, log)
    if expect.error is None:
        assert outcome.error is None, repr(outcome.error)
        assert outcome.result == want
        requests = page_count(op, sb)
        assert log.slept == []
    else:
        assert_error(outcome, expect, op, sb)
        assert outcome.rows == ([] if op.iterates else None)
        requests = ATTEMPTS if expect.retried else 1
        assert log.slept == delays(expect, requests - 1)
    assert_history(sb, op, script, requests)


@pytest.mark.parametrize(("spec", "op", "mode"), cells("mid", ERROR_FAULTS, ITERATORS))
def test_persistent_fault_on_page_two(sb: Sandbox, spec: str, op: Op, mode: Mode) -> None:
    """Page 1 fine, page 2 failing on every attempt: exactly page 1's rows, then the typed error (never a
    silently short iteration); page 3 is never asked for."""
    expect = FAULTS[spec]
    first_page = expected(op, sb)[:PER_PAGE]
    script = ["ok"] + [spec] * ATTEMPTS
    sb.faults.script(*script, operation=op.operation_id)
    log = SleepLog(MAX_RETRIES)
    outcome = run(op, mode, sb, log)
    assert_error(outcome, expect, op, sb)
    assert outcome.rows == first_page
    retries = MAX_RETRIES if expect.retried else 0
    assert log.slept == delays(expect, retries)
    assert_history(sb, op, script, 1 + retries + 1)
    if op.api == "hyperstack":
        assert "page=2&" in str(getattr(outcome.error, "url", ""))


@pytest.mark.parametrize(("spec", "op", "mode"), cells("mid-concurrent", ERROR_FAULTS, ITERATORS, ("async",)))
def test_failing_pages_under_async_concurrency(sb: Sandbox, spec: str, op: Op, mode: Mode) -> None:
    """With the default concurrency (pages 2 and 3 in flight together) and every request after page 1
    failing: still exactly page 1's rows, then the typed error of page 2, nothing left running."""
    expect = FAULTS[spec]
    first_page = expected(op, sb)[:PER_PAGE]
    script = ["ok"] + [spec] * (2 * ATTEMPTS + 2)
    sb.faults.script(*script, operation=op.operation_id)
    log = SleepLog(MAX_RETRIES)
    outcome = run(op, mode, sb, log, concurrency=4)
    assert_error(outcome, expect, op, sb)
    assert outcome.rows == first_page
    per_page_attempts = ATTEMPTS if expect.retried else 1
    # Page 2 made all its attempts; page 3, cancelled once page 2 failed, at most all of its own.
    history = settled_history(sb)
    assert 1 + per_page_attempts <= len(history) <= 1 + 2 * per_page_attempts
    assert history == [(op.operation_id, None)] + [(op.operation_id, spec)] * (len(history) - 1)


@pytest.mark.parametrize(("spec", "op", "mode"), cells("chain", ERROR_FAULTS, SINGLE_CALLS))
def test_errors_chain_no_httpx_exception_carrying_credentials(
    sb: Sandbox, spec: str, op: Op, mode: Mode
) -> None:
    """Neither ``__cause__`` nor ``__context__`` (suppressed or not) of an error reaches an httpx exception
    whose request holds the api_key header or NCP's access key and signature."""
    sb.faults.script(*[spec] * ATTEMPTS, operation=op.operation_id)
    outcome = run(op, mode, sb, SleepLog(MAX_RETRIES))
    assert_typed_error(outcome.error, sb)
    assert outcome.error is not None
    assert credentialed_httpx_exceptions(outcome.error) == []


# --- pages that contradict totalRows ----------------------------------------------------------------------

Tamper = Callable[[int, dict[str, Any]], None]  # (pageNo, the JSON page) -> edit it in place


def _tampered(request: httpx2.Request, response: httpx2.Response, tamper: Tamper) -> httpx2.Response:
    query = dict(parse_qsl(request.url.query.decode()))
    body = json.loads(response.content)
    tamper(int(query["pageNo"]), body["getContractUsageListResponse"])
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return httpx2.Response(response.status_code, headers=headers, content=json.dumps(body).encode())


class TamperingTransport(httpx2.BaseTransport):
    def __init__(self, tamper: Tamper) -> None:
        self._inner = sync_transport()
        self._tamper = tamper

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self._inner.handle_request(request)
        try:
            response.read()
        finally:
            response.close()
        return _tampered(request, response, self._tamper)

    def close(self) -> None:
        self._inner.close()


class AsyncTamperingTransport(httpx2.AsyncBaseTransport):
    def __init__(self, tamper: Tamper) -> None:
        self._inner = async_transport()
        self._tamper = tamper

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._inner.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return _tampered(request, response, self._tamper)

    async def aclose(self) -> None:
        await self._inner.aclose()


def _on_page(page_no: int, edit: Callable[[dict[str, Any]], None]) -> Tamper:
    def tamper(number: int, page: dict[str, Any]) -> None:
        if number == page_no:
            edit(page)

    return tamper


def _drop_last_row(page: dict[str, Any]) -> None:
    page["contractList"] = page["contractList"][:-1]


def _repeat_first_row(page: dict[str, Any]) -> None:
    page["contractList"] = [*page["contractList"], page["contractList"][0]]


def _empty(page: dict[str, Any]) -> None:
    page["contractList"] = []


def _grow_total(page: dict[str, Any]) -> None:
    page["totalRows"] += 1


def _no_total(page: dict[str, Any]) -> None:
    del page["totalRows"]


# (case, tamper, pages whose rows must come out before the error)
CONTRADICTIONS: list[tuple[str, Tamper, int]] = [
    ("page 2 one row short", _on_page(2, _drop_last_row), 1),
    ("page 2 one row too many", _on_page(2, _repeat_first_row), 1),
    ("page 2 empty", _on_page(2, _empty), 1),
    ("last page empty", _on_page(3, _empty), 2),
    ("totalRows grows on page 2", _on_page(2, _grow_total), 1),
    ("page 2 without totalRows", _on_page(2, _no_total), 1),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("case", "tamper", "good_pages"), CONTRADICTIONS, ids=[c[0] for c in CONTRADICTIONS])
def test_a_page_that_contradicts_total_rows_is_an_error(
    sb: Sandbox, mode: Mode, case: str, tamper: Tamper, good_pages: int
) -> None:
    rows = ncp_rows(sb)
    log = SleepLog(MAX_RETRIES)
    got: list[Any] = []
    error: BaseException | None = None
    if mode == "sync":
        with ncloud_sync(sb, log.policy, transport=TamperingTransport(tamper)) as ncp:
            try:
                for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                    got.append(payload(row))
            except Exception as exc:
                error = exc
    else:

        async def pull() -> BaseException | None:
            transport = AsyncTamperingTransport(tamper)
            async with ncloud_async(sb, log.policy, concurrency=1, transport=transport) as ncp:
                try:
                    async for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                        got.append(payload(row))
                except Exception as exc:
                    return exc
            return None

        error = asyncio.run(pull())
    assert_typed_error(error, sb)
    assert type(error) is ResponseDecodeError, f"{case}: {error!r}"
    assert got == rows[: good_pages * PER_PAGE]
    assert request_count(sb) == good_pages + 1  # not retried: the same page would say the same
    assert log.slept == []


@pytest.mark.parametrize("mode", MODES)
def test_data_changing_between_pages_is_an_error(sb: Sandbox, mode: Mode) -> None:
    """The sandbox reseeded with fewer contracts after page 1: totalRows changes, and the pull says so."""
    rows = ncp_rows(sb)
    log = SleepLog(MAX_RETRIES)
    got: list[Any] = []

    def consume(row: Any) -> None:
        got.append(payload(row))
        if len(got) == PER_PAGE:
            sb.reset(ncp_contracts=NCP_CONTRACTS - 4)

    error: BaseException | None = None
    if mode == "sync":
        with ncloud_sync(sb, log.policy) as ncp:
            try:
                for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                    consume(row)
            except Exception as exc:
                error = exc
    else:

        async def pull() -> BaseException | None:
            async with ncloud_async(sb, log.policy, concurrency=1) as ncp:
                try:
                    async for row in ncp.iter_contract_usage(START_MONTH, END_MONTH, page_size=PER_PAGE):
                        consume(row)
                except Exception as exc:
                    return exc
            return None

        error = asyncio.run(pull())
    assert len(ncp_rows(sb)) != len(rows)
    assert_typed_error(error, sb)
    assert type(error) is ResponseDecodeError
    assert "totalRows changed" in str(error)
    assert got == rows[:PER_PAGE]


# --- a short Hyperstack page before a proven total ---------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_short_page_before_a_proven_total_is_not_a_complete_result(sb: Sandbox, mode: Mode) -> None:
    """A server that serves 3 per page when 5 were asked (an undocumented maximum) and numbers its pages
    by that size: the iterator walks on at 3 per page and ends in every contract, never in 3 of the 12
    presented as all of them (pagination.PagePlan; the case where it cannot recover is a unit test)."""
    sb.reset(hyperstack_max_per_page=3)
    op = next(op for op in ITERATORS if op.api == "hyperstack")
    outcome = run(op, mode, sb, SleepLog(MAX_RETRIES))
    assert outcome.error is None
    assert outcome.result == sb.state.hyperstack_contracts()


# --- every operation of the documents, through the generic shells -----------------------------------------
#
# The named cases above know each wrapper; this part knows none: it reads the operations from the
# documents and calls each through ``call`` (or ``iter_items`` when the document gives it paging), so an
# operation added to a document meets a transient fault here with no change to this file.

DOCUMENTS: dict[Api, DocumentName] = {"hyperstack": "hyperstack", "ncloud": "ncloud-billing"}
DOCUMENT_OPERATIONS = [
    (api, operation_id) for api, name in DOCUMENTS.items() for operation_id in operations(name)
]
TRANSIENT = "503"  # retried by every operation: one more request, one backoff of 0.5 s


def required_arguments(spec: OperationSpec, sb: Sandbox) -> dict[str, Any]:
    """Values for the operation's required parameters (from the sandbox), and the paging size if any."""
    known: dict[str, object] = {
        "contract_id": contract_id(sb),
        "start_month": START_MONTH,
        "end_month": END_MONTH,
    }
    arguments: dict[str, Any] = {}
    for parameter in spec.parameters:
        if parameter.required:
            assert parameter.keyword in known, (
                f"{spec.operation_id}: give required {parameter.keyword} a value here"
            )
            arguments[parameter.keyword] = known[parameter.keyword]
    if spec.paging is not None:
        arguments[spec.paging.size_param] = PER_PAGE
    return arguments


def stable(value: Any) -> Any:
    """Plain data without ``requestId`` (the one value that differs from request to request)."""
    if isinstance(value, dict):
        return {key: stable(item) for key, item in value.items() if key != "requestId"}
    if isinstance(value, list):
        return [stable(item) for item in value]
    return value


def generic_run(api: Api, operation_id: str, mode: Mode, sb: Sandbox, log: SleepLog) -> Any:
    """The operation through ``call`` or ``iter_items``, sync or async, as plain data."""
    spec = operations(DOCUMENTS[api])[operation_id]
    arguments = required_arguments(spec, sb)
    if mode == "sync":
        with (
            hyperstack_sync(sb, log.policy) if api == "hyperstack" else ncloud_sync(sb, log.policy) as client
        ):
            if spec.paging is not None:
                return stable([payload(item) for item in client.iter_items(operation_id, **arguments)])
            return stable(payload(client.call(operation_id, **arguments)))

    async def main() -> Any:
        shell = hyperstack_async(sb, log.policy) if api == "hyperstack" else ncloud_async(sb, log.policy)
        async with shell as client:
            if spec.paging is not None:
                return stable([payload(item) async for item in client.iter_items(operation_id, **arguments)])
            return stable(payload(await client.call(operation_id, **arguments)))

    return asyncio.run(main())


def test_the_generic_part_covers_every_operation_of_both_documents() -> None:
    assert {operation_id for _, operation_id in DOCUMENT_OPERATIONS} == {
        operation_id for name in DOCUMENTS.values() for operation_id in operations(name)
    }
    assert {op.operation_id for op in OPS} < {operation_id for _, operation_id in DOCUMENT_OPERATIONS}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("api", "operation_id"), DOCUMENT_OPERATIONS, ids=[op for _, op in DOCUMENT_OPERATIONS]
)
def test_every_document_operation_survives_a_transient_fault(
    sb: Sandbox, api: Api, operation_id: str, mode: Mode
) -> None:
    """Fault-free first, then the same call with one transient fault: the same data, one more request."""
    clean = SleepLog(MAX_RETRIES)
    want = generic_run(api, operation_id, mode, sb, clean)
    requests = request_count(sb)
    assert requests >= 1
    assert clean.slept == []
    sb.reset(**DATA)  # the same data, an empty history
    sb.faults.script(TRANSIENT, operation=operation_id)
    log = SleepLog(MAX_RETRIES)
    assert generic_run(api, operation_id, mode, sb, log) == want
    assert log.slept == delays(FAULTS[TRANSIENT], 1)
    assert sb.faults.history == [(operation_id, TRANSIENT)] + [(operation_id, None)] * requests
