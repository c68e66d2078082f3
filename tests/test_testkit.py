"""cloudcontracts.testing piece by piece: names from the documents, scrubbing, matching, the persister's
paths (vcrpy's drop_unused_requests rewrite included), the scan, the replay environment, the sandbox
fixtures in-process."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
import vcr  # type: ignore[import-untyped]  # vcrpy ships no type information
import yaml
from vcr.request import Request  # type: ignore[import-untyped]  # vcrpy ships no type information

from cloudcontracts import AsyncHyperstackContracts, HyperstackContracts, NcloudBilling
from cloudcontracts.specs import DOCUMENT_NAMES, openapi_document_text
from cloudcontracts.testing import (
    SCRUBBED,
    CassetteTarget,
    InProcessSandbox,
    SyncASGITransport,
    scan_cassettes,
    scrub_request,
    scrub_response,
    sensitive_names,
)
from cloudcontracts.testing.documents import ACCOUNT_ID_EXTENSION
from cloudcontracts.testing.environment import REPLAY_ORIGIN, UNSET_ON_REPLAY, replay_environment
from cloudcontracts.testing.matching import query_matcher
from cloudcontracts.testing.persister import ScrubbingPersister
from cloudcontracts.testing.scrub import FIXED_DATE


def _documents() -> list[dict[str, Any]]:
    return [yaml.safe_load(openapi_document_text(name)) for name in DOCUMENT_NAMES]


def _marked(node: Any, key: str | None = None) -> Iterator[tuple[str | None, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get(ACCOUNT_ID_EXTENSION) is True:
            yield key, node
        for child_key, child in node.items():
            yield from _marked(child, child_key)
    elif isinstance(node, list):
        for item in node:
            yield from _marked(item)


def test_names_come_from_the_documents() -> None:
    names = sensitive_names()
    headers = {
        scheme["name"].lower()
        for document in _documents()
        for scheme in document["components"]["securitySchemes"].values()
        if scheme["type"] == "apiKey" and scheme["in"] == "header"
    }
    assert names.headers == headers | {"authorization"}
    assert headers == {"api_key", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2", "x-ncp-apigw-timestamp"}
    marked = [found for document in _documents() for found in _marked(document)]
    assert names.parameters == {node["name"] for _, node in marked if "in" in node}
    assert dict(names.fields) == {
        key: 0 if node["type"] == "integer" else SCRUBBED for key, node in marked if "in" not in node
    }
    # What the providers' documentation says identifies an account is marked in the documents.
    assert {"memberNo", "loginId", "org_id"} <= set(names.fields)
    assert names.fields["org_id"] == 0
    assert "memberNoList" in names.parameters
    assert names.is_parameter("memberNoList.12") and not names.is_parameter("memberNoList.x")


def _request(uri: str, body: bytes = b"", /, **headers: str) -> Request:
    return Request("GET", uri, body, headers)


def test_a_request_is_scrubbed_by_replacement_and_normalised() -> None:
    request = _request(
        "http://127.0.0.1:41234/billing/v1/cost/getContractUsageList?startMonth=202402&memberNoList.1=111"
        "&memberNoList.2=222&instanceName=a%20b",
        **{
            "x-ncp-iam-access-key": "AKREAL",
            "x-ncp-apigw-signature-v2": "sig",
            "x-ncp-apigw-timestamp": "1700000000000",
            "host": "127.0.0.1:41234",
            "accept": "application/json",
        },
    )
    scrub_request(request)
    assert dict(request.headers) == {
        "x-ncp-iam-access-key": SCRUBBED,
        "x-ncp-apigw-signature-v2": SCRUBBED,
        "x-ncp-apigw-timestamp": SCRUBBED,
        "host": "127.0.0.1:8080",
        "accept": "application/json",
    }
    assert request.uri == (
        "http://127.0.0.1:8080/billing/v1/cost/getContractUsageList?startMonth=202402"
        f"&memberNoList.1={SCRUBBED}&memberNoList.2={SCRUBBED}&instanceName=a%20b"  # the rest byte for byte
    )
    live = _request("https://infrahub-api.nexgencloud.com/v1/pricebook/contracts?page=1", api_key="k")
    scrub_request(live)
    assert live.uri == "https://infrahub-api.nexgencloud.com/v1/pricebook/contracts?page=1"
    assert dict(live.headers) == {"api_key": SCRUBBED}


def test_a_response_is_scrubbed_in_json_and_xml_and_its_date_fixed() -> None:
    body = b'{"contracts": [{"id": 1, "org_id": 987, "description": "memberNo"}]}'
    response: dict[str, Any] = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Content-Length": [str(len(body))], "Date": ["Tue, 01 Dec 2026 10:00:00 GMT"]},
        "body": {"string": body},
    }
    scrub_response(response)
    assert response["body"]["string"] == b'{"contracts": [{"id": 1, "org_id": 0, "description": "memberNo"}]}'
    assert response["headers"] == {"Content-Length": ["66"], "Date": [FIXED_DATE]}
    xml = b'<c><memberNo>4578668</memberNo><loginId a="1">x@y.z</loginId><contractNo>9</contractNo></c>'
    response = {"headers": {}, "body": {"string": xml}}
    scrub_response(response)
    assert (
        response["body"]["string"]
        == (
            f'<c><memberNo>{SCRUBBED}</memberNo><loginId a="1">{SCRUBBED}</loginId><contractNo>9</contractNo></c>'
        ).encode()
    )
    untouched = b'{ "contracts" : [] }'  # nothing to scrub: the bytes are kept as they were
    response = {"headers": {}, "body": {"string": untouched}}
    assert scrub_response(response)["body"]["string"] is untouched


def _matches(uri1: str, uri2: str) -> bool:
    try:
        query_matcher(_request(uri1), _request(uri2))
    except AssertionError:
        return False
    return True


def test_queries_match_whatever_the_account_identifiers_but_not_their_number() -> None:
    base = "http://h/billing/v1/cost/getContractUsageList?startMonth=202402&"
    assert _matches(
        base + "memberNoList.1=111&memberNoList.2=222", base + f"memberNoList.2={SCRUBBED}&memberNoList.1=9"
    )
    assert not _matches(base + "memberNoList.1=111", base + "memberNoList.1=111&memberNoList.2=222")
    assert not _matches(base + "memberNoList.1=111", base.replace("202402", "202403") + "memberNoList.1=111")


def _cassette(path: Path, interactions: list[tuple[str, dict[str, str]]]) -> None:
    data = {
        "version": 1,
        "interactions": [
            {
                "request": {
                    "method": "GET",
                    "uri": uri,
                    "body": None,
                    "headers": {k: [v] for k, v in headers.items()},
                },
                "response": {
                    "status": {"code": 200, "message": "OK"},
                    "headers": {"content-type": ["application/json"]},
                    "body": {"string": '{"org_id": 5}'},
                },
            }
            for uri, headers in interactions
        ],
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


def test_the_drop_unused_requests_rewrite_is_scrubbed_too(tmp_path: Path) -> None:
    """vcrpy rewrites a cassette from what it loaded when drop_unused_requests drops an exchange; the
    persister scrubs that path as every other (here: a cassette written unscrubbed by another tool)."""
    path = tmp_path / "old.yaml"
    _cassette(
        path,
        [
            ("http://127.0.0.1:9/v1/pricebook/contracts?page=1", {"api_key": "leaked-key-123"}),
            ("http://127.0.0.1:9/v1/pricebook/contracts?page=2", {"api_key": "leaked-key-123"}),
        ],
    )
    recorder = vcr.VCR(record_mode="none", match_on=["method", "path", "query"], drop_unused_requests=True)
    persister = ScrubbingPersister()
    recorder.register_persister(persister)
    with recorder.use_cassette(str(path)), httpx2.Client() as client:
        assert client.get("http://127.0.0.1:9/v1/pricebook/contracts?page=1").json() == {"org_id": 5}
    assert persister.written == [path]
    text = path.read_text(encoding="utf-8")
    assert "leaked-key-123" not in text
    saved = yaml.safe_load(text)["interactions"]
    assert [i["request"]["uri"] for i in saved] == ["http://127.0.0.1:8080/v1/pricebook/contracts?page=1"]
    assert saved[0]["request"]["headers"]["api_key"] == [SCRUBBED]
    assert saved[0]["response"]["body"]["string"] == '{"org_id": 0}'


def test_an_unchanged_cassette_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    request = _request("http://127.0.0.1:5555/v1/pricebook/contracts", api_key="k1")
    response: dict[str, Any] = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"date": ["now"]},
        "body": {"string": b"{}"},
    }
    first = ScrubbingPersister()
    first.save_cassette(
        path, {"requests": [request], "responses": [response]}, serializer=vcr.serializers.yamlserializer
    )
    mtime = path.stat().st_mtime_ns
    other = _request(
        "http://127.0.0.1:6666/v1/pricebook/contracts", api_key="k2"
    )  # another port, another key
    later = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"date": ["later"]},
        "body": {"string": b"{}"},
    }
    second = ScrubbingPersister(fresh=True)
    second.save_cassette(
        path, {"requests": [other], "responses": [later]}, serializer=vcr.serializers.yamlserializer
    )
    assert (first.written, second.written, second.unchanged) == ([path], [], [path])
    assert path.stat().st_mtime_ns == mtime
    changed = {"status": {"code": 200, "message": "OK"}, "headers": {}, "body": {"string": b"[]"}}
    second.save_cassette(
        path, {"requests": [other], "responses": [changed]}, serializer=vcr.serializers.yamlserializer
    )
    assert second.written == [path]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_the_scan_reports_each_kind_of_leak(tmp_path: Path) -> None:
    _cassette(
        tmp_path / "leaky.yaml",
        [
            (
                "http://h/billing/v1/cost/getContractUsageList?memberNoList.1=12345",
                {
                    "x-ncp-apigw-signature-v2": "5or6YakKswZldtpW9fxg4oyLBKJWpWhw60bIuUxVKJQ=",
                    "x-ncp-iam-access-key": "AKEXAMPLE123456789AB",
                },
            )
        ],
    )
    problems = sorted(f.problem for f in scan_cassettes(tmp_path, secrets=["AKEXAMPLE123456789AB", "abc"]))
    assert problems == [
        "account identifier in the query of /billing/v1/cost/getContractUsageList",
        "account identifier in the response body of /billing/v1/cost/getContractUsageList",
        "credential AKEX... present",
        "request header x-ncp-apigw-signature-v2 not scrubbed",
        "request header x-ncp-iam-access-key not scrubbed",
        "secret-shaped value (base64 HMAC-SHA256) 5or6Ya...",
    ]
    (tmp_path / "leaky.yaml").unlink()
    _cassette(tmp_path / "clean.yaml", [("http://h/v1/pricebook/contracts", {"api_key": SCRUBBED})])
    (tmp_path / "clean.yaml").write_text(
        (tmp_path / "clean.yaml").read_text().replace('"org_id": 5', '"org_id": 0'), encoding="utf-8"
    )
    assert scan_cassettes(tmp_path, secrets=["AKEXAMPLE123456789AB"]) == []


@pytest.mark.vcr
def test_replay_sets_fake_keys_and_loopback_urls(cloudcontracts_cassette: CassetteTarget) -> None:
    assert cloudcontracts_cassette.mode == "replay"
    assert cloudcontracts_cassette.sandbox_origin == REPLAY_ORIGIN
    assert {name: os.environ[name] for name in replay_environment()} == replay_environment()
    assert not [name for name in UNSET_ON_REPLAY if name in os.environ]
    with NcloudBilling() as billing:  # no CredentialsError: the keys come from the kit
        assert billing is not None


def test_sync_clients_reach_the_sandbox_in_process(
    cloudcontracts_sandbox_app: InProcessSandbox, cloudcontracts_sandbox_transport: SyncASGITransport
) -> None:
    sb = cloudcontracts_sandbox_app
    with HyperstackContracts(
        sb.hyperstack_api_key, base_url=sb.hyperstack_url, transport=cloudcontracts_sandbox_transport
    ) as hs:
        ids = [c.id for c in hs.iter_contracts(per_page=7)]
    assert ids == sb.app.state.hyperstack_contract_ids()
    with NcloudBilling(
        sb.ncp_access_key,
        sb.ncp_secret_key,
        base_url=sb.ncloud_url,
        transport=cloudcontracts_sandbox_transport,
    ) as billing:
        rows = list(billing.iter_contract_usage("2024-02", "2024-04", page_size=10))
    assert len(rows) == len(sb.app.state.ncp_contracts("202402", "202404"))


def test_async_clients_reach_the_sandbox_in_process(
    cloudcontracts_sandbox_app: InProcessSandbox, cloudcontracts_sandbox_async_transport: httpx2.ASGITransport
) -> None:
    sb = cloudcontracts_sandbox_app

    async def main() -> list[int]:
        async with AsyncHyperstackContracts(
            sb.hyperstack_api_key,
            base_url=sb.hyperstack_url,
            transport=cloudcontracts_sandbox_async_transport,
        ) as hs:
            return [c.id async for c in hs.iter_contracts(per_page=7)]  # type: ignore[misc]

    assert asyncio.run(main()) == sb.app.state.hyperstack_contract_ids()
