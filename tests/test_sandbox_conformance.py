"""Property-based conformance: every response of every operation conforms to its OpenAPI document.

Every operation is checked as the sandbox serves it: each operation of ``openapi/hyperstack.yaml`` and
``openapi/ncloud-billing.yaml`` with the sandbox's hand-written behaviour, the same answered from their
schemas (``overrides={}``), and the operations a modified copy of the documents adds
(``tests/support/sandbox_support.py``), which only the schemas answer. The operations come from the documents.

For each operation, hypothesis draws requests from the document itself: each parameter's value from its schema (type, minimum/maximum,
pattern, enum), now and then a value the sandbox is known to hold (a real contract id, a seeded month)
so that successes are common, or junk so that errors are too; optional parameters come and go, now and then one the document does not
declare is added, and a few requests lose their credentials, use another method, and every eighth meets
a fault the document declares (NCP 429/500/503/504, Hyperstack 500), in turn. NCP requests are signed as sent.

Each response's status must be one the operation documents, and over a run the operation must show
every documented status the requests can provoke (success, 400, 401, the provider's answer to another
method, the faults'); each response's its content type one that status
documents (or no body where none is); and its body valid against that schema with the OAS 3.0
validator: JSON as parsed, XML decoded by ``cloudcontracts.ncloud.xml_decoding`` and then checked both against
the ``application/json`` schema (the decoded form is the JSON form) and, its root unwrapped, against the
``application/xml`` schema.
"""

from __future__ import annotations

import string
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import quote

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from support.sandbox_support import extended_documents

from cloudcontracts.ncloud.signing import signature_v2
from cloudcontracts.ncloud.xml_decoding import XmlDecoder
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.call import Override
from cloudcontracts.sandbox.operations import Operation, SandboxDocuments

NOW = 1_714_000_000.0
EXAMPLES = {"modelled": 150, "generic": 120, "added": 120}
DOCUMENTED_FAULTS = {"hyperstack": ["500"], "ncloud": ["429", "throttle", "500", "503", "504"]}
FAULT_STATUSES = {"500": 500, "429": 429, "throttle": 429, "503": 503, "504": 504}
OTHER_METHOD_STATUS = {"hyperstack": 405, "ncloud": 404}  # what each provider answers another method
UNDECLARED = "notInTheDocument"


def _variants() -> dict[str, tuple[SandboxDocuments, bool]]:
    """name -> (documents, hand-written behaviour on?)."""
    return {
        "modelled": (SandboxDocuments(), True),
        "generic": (SandboxDocuments(), False),
        "added": (extended_documents(), True),
    }


def _cases() -> list[tuple[str, Operation]]:
    shipped = SandboxDocuments().operation_ids()
    cases: list[tuple[str, Operation]] = []
    for variant, (documents, _) in _variants().items():
        cases += [
            (variant, op)
            for op in documents.operations
            if (op.operation_id in shipped) == (variant != "added")  # "added": only what the copy adds
        ]
    return cases


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, Sandbox]]:
    started: dict[str, Sandbox] = {}
    try:
        for variant, (documents, modelled) in _variants().items():
            overrides: dict[str, Override] | None = None if modelled else {}
            started[variant] = Sandbox(clock=lambda: NOW, documents=documents, overrides=overrides).start()
        yield started
    finally:
        for sandbox in started.values():
            sandbox.stop()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client() as client:
        yield client


def _document(op: Operation) -> Mapping[str, Any]:
    return op.document


def _resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _operation_spec(op: Operation) -> Mapping[str, Any]:
    return op.spec


def _must_see(op: Operation) -> set[int]:
    """The documented statuses the drawn requests can provoke, whatever answers the operation."""
    provoked = {200, 400, 401, OTHER_METHOD_STATUS[op.api]}
    provoked |= {FAULT_STATUSES[fault] for fault in DOCUMENTED_FAULTS[op.api]}
    return provoked & set(op.documented_statuses())


# --- requests drawn from the document ----------------------------------------------------------------


def _schema_values(document: Mapping[str, Any], schema: Mapping[str, Any]) -> st.SearchStrategy[str]:
    schema = _resolve(document, schema)
    if "enum" in schema:
        return st.sampled_from([str(v) for v in schema["enum"]])
    kind = schema.get("type")
    if kind == "integer":
        low = schema.get("minimum", -(2**31))
        return st.integers(min_value=low, max_value=schema.get("maximum", 2**31 - 1)).map(str)
    if kind == "boolean":
        return st.sampled_from(["true", "false"])
    if kind == "string" and "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    return st.text(alphabet=string.ascii_letters + string.digits, max_size=12)


def _known_values(
    sb: Sandbox, name: str, document: Mapping[str, Any], parameter: Mapping[str, Any]
) -> list[str]:
    state = sb.state
    known: dict[str, list[str]] = {
        "contract_id": [str(i) for i in state.hyperstack_contract_ids()],
        "startMonth": list(state.ncp_months),
        "endMonth": list(state.ncp_months),
        "memberNoList": list(state.ncp_members),
        "contractNo": [r.contract_no for r in state.ncp_records()[:5]],
        "start_date": ["2024-05-01T00:00:00", "2025-01-01T00:00:00"],
        "end_date": ["2024-05-03T00:00:00", "2025-02-01T00:00:00"],
    }
    example = _resolve(document, parameter.get("schema", {})).get("example")
    return known.get(name) or ([str(example)] if example is not None else [])


@st.composite
def requests_for(draw: st.DrawFn, op: Operation, sb: Sandbox) -> dict[str, Any]:
    document = _document(op)
    path = op.path
    query: list[tuple[str, str]] = []
    # A quarter of the requests may carry junk; the others only values the document or the state allows.
    sources = ["document", "known", "known"] + (["junk", "junk"] if draw(st.integers(0, 3)) == 0 else [])
    for parameter in (_resolve(document, p) for p in _operation_spec(op).get("parameters", [])):
        name = parameter["name"]
        if not parameter.get("required") and draw(st.booleans()):
            continue
        schema = _resolve(document, parameter["schema"])
        items = schema.get("items") if schema.get("type") == "array" else None
        source = draw(st.sampled_from(sources))
        known = _known_values(sb, name, document, parameter)

        def one(
            schema: Mapping[str, Any] = items or schema, source: str = source, known: list[str] = known
        ) -> str:
            if source == "known" and known:
                return draw(st.sampled_from(known))
            if source == "junk":
                return draw(st.text(max_size=8))
            return draw(_schema_values(document, schema))

        if parameter["in"] == "path":
            path = path.replace("{" + name + "}", quote(one(), safe="-_.~"))
        elif items is not None:
            values = [one() for _ in range(draw(st.integers(1, 3)))]
            indexed = parameter.get("x-ncp-list-style") == "indexed"
            query += [(f"{name}.{i}" if indexed else name, v) for i, v in enumerate(values, 1)]
        else:
            query.append((name, one()))
    if draw(st.integers(0, 15)) == 0:  # a parameter the operation does not declare
        query.insert(draw(st.integers(0, len(query))), (UNDECLARED, "1"))
    return {
        "path": path,
        "query": "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in query),
        "method": draw(st.sampled_from(["GET"] * 12 + ["POST", "DELETE"])),
        "auth": draw(st.sampled_from(["valid"] * 10 + ["missing", "wrong"])),
    }


def _send(
    http: httpx2.Client, sb: Sandbox, op: Operation, request: dict[str, Any], fault: str | None
) -> httpx2.Response:
    uri = request["path"] + ("?" + request["query"] if request["query"] else "")
    headers: dict[str, str] = {}
    if op.api == "hyperstack":
        if request["auth"] != "missing":
            headers["api_key"] = sb.hyperstack_api_key if request["auth"] == "valid" else "wrong"
    elif request["auth"] != "missing":
        timestamp = str(int(NOW * 1000))
        secret = sb.ncp_secret_key if request["auth"] == "valid" else "wrong"
        headers = {
            "x-ncp-apigw-timestamp": timestamp,
            "x-ncp-iam-access-key": sb.ncp_access_key,
            "x-ncp-apigw-signature-v2": signature_v2(
                method=request["method"],
                uri=uri,
                timestamp=timestamp,
                access_key=sb.ncp_access_key,
                secret_key=secret,
            ),
        }
    if fault is not None:
        sb.faults.script(fault, operation=op.operation_id)
    return http.request(request["method"], sb.url + uri, headers=headers)


# --- checking a response against the document -----------------------------------------------------------


def _validate(document: Mapping[str, Any], schema: Mapping[str, Any], instance: Any) -> None:
    root = {**schema, "components": document["components"]}
    OAS30Validator(root, format_checker=oas30_format_checker).validate(instance)


def check_conforms(op: Operation, response: httpx2.Response) -> None:
    """The response's status, media type and body are as ``op``'s document declares them."""
    document = _document(op)
    responses = _operation_spec(op)["responses"]
    status = str(response.status_code)
    assert status in responses, f"{op.operation_id} answered undocumented {status}: {response.text[:200]}"
    content = _resolve(document, responses[status]).get("content")
    if not content:
        assert response.content == b"", f"{status} is documented without a body"
        return
    media_type = response.headers["content-type"].split(";")[0].strip()
    assert media_type in content, f"{status} with undocumented {media_type}"
    if media_type == "application/json":
        _validate(document, content[media_type]["schema"], response.json())
        return
    decoded = XmlDecoder(document).decode(response.content)
    if "application/json" in content:
        _validate(document, content["application/json"]["schema"], decoded)
    ((_root, inner),) = decoded.items()
    _validate(document, content[media_type]["schema"], inner)


@pytest.mark.slow  # hypothesis: many generated requests per operation
@pytest.mark.parametrize(("variant", "op"), _cases(), ids=[f"{v}-{op.operation_id}" for v, op in _cases()])
def test_every_response_conforms_to_its_document(
    sandboxes: dict[str, Sandbox], http: httpx2.Client, variant: str, op: Operation
) -> None:
    sb = sandboxes[variant]
    sb.reset()
    seen: Counter[int] = Counter()
    examples = EXAMPLES[variant]
    started = time.monotonic()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=requests_for(op, sb))
    def conforms(request: dict[str, Any]) -> None:
        # Every 8th request meets the next documented fault in turn: coverage that does not depend on
        # how hypothesis happens to distribute its draws.
        number = sum(seen.values())
        faults = DOCUMENTED_FAULTS[op.api]
        fault = faults[(number // 8) % len(faults)] if number % 8 == 7 else None
        response = _send(http, sb, op, request, fault)
        seen[response.status_code] += 1
        check_conforms(op, response)
        drawn.append(request)

    drawn: list[dict[str, Any]] = []
    conforms()
    # Which draws hypothesis makes depends on more than this test (it mixes in constants of every
    # module loaded so far), so the statuses every operation must show are also provoked on purpose:
    # another method, no credentials, an undeclared parameter, each on a request it drew.
    base = {**drawn[-1], "method": "GET"}
    probes = [
        {**base, "method": "DELETE", "auth": "valid"},
        {**base, "auth": "missing"},
        {**base, "query": "&".join(q for q in (base["query"], f"{UNDECLARED}=1") if q), "auth": "valid"},
    ]
    for probe in probes:
        response = _send(http, sb, op, probe, None)
        seen[response.status_code] += 1
        check_conforms(op, response)
    assert _must_see(op) <= set(seen), seen
    assert seen[200] >= examples // 10, seen
    assert time.monotonic() - started < 20


def test_every_operation_of_both_documents_is_checked() -> None:
    checked = {(variant, op.operation_id) for variant, op in _cases()}
    for op in SandboxDocuments().operations:
        assert {("modelled", op.operation_id), ("generic", op.operation_id)} <= checked
    added = extended_documents().operation_ids() - SandboxDocuments().operation_ids()
    assert added and {("added", name) for name in added} <= checked
