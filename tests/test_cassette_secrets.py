"""No credential and no account identifier survives into a cassette; scrubbing replaces, never removes."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cassette_support import (
    SCRUBBED,
    SECRET_HEADERS,
    before_record_request,
    before_record_response,
    scrub_body,
)

from cloudcontracts.sandbox import HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY

CASSETTES = sorted((Path(__file__).parent / "cassettes").rglob("*.yaml"))
# base64 of an HMAC-SHA256 (an NCP signature), and long hex/base64 tokens that look like keys.
SECRET_SHAPES = [re.compile(r"[A-Za-z0-9+/]{43}="), re.compile(r"\b[A-Za-z0-9]{32,}\b")]


def known_credentials() -> set[str]:
    values = {HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY}
    for name in (
        "HYPERSTACK_API_KEY",
        "NCLOUD_ACCESS_KEY_ID",
        "NCLOUD_ACCESS_KEY",
        "NCLOUD_SECRET_ACCESS_KEY",
        "NCLOUD_SECRET_KEY",
    ):
        if os.environ.get(name):
            values.add(os.environ[name])
    return values


def problems_in(text: str) -> list[str]:
    found = [f"credential {value[:4]}… present" for value in known_credentials() if value in text]
    data: dict[str, Any] = yaml.safe_load(text) or {}
    for interaction in data.get("interactions", []):
        request = interaction["request"]
        for name, values in request.get("headers", {}).items():
            if name.lower() in SECRET_HEADERS and values != [SCRUBBED]:
                found.append(f"header {name} not scrubbed")
        if re.search(r"memberNoList\.\d+=(?!MEMBER\b)", request["uri"]):
            found.append("memberNoList value not scrubbed")
        body = interaction["response"]["body"].get("string", "")
        body = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        for pattern in (
            r'"memberNo": "(?!MEMBER")',
            r"<memberNo>(?!MEMBER<)",
            r'"org_id": (?!0[,}])',
            r'"loginId": "(?!LOGIN")',
        ):
            if re.search(pattern, body):
                found.append(f"account identifier not scrubbed ({pattern})")
        for shape in SECRET_SHAPES:
            for match in shape.findall(body + request["uri"]):
                found.append(f"secret-shaped value {match[:6]}…")
    return found


def test_there_are_cassettes() -> None:
    assert len(CASSETTES) >= 7


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert problems_in(path.read_text(encoding="utf-8")) == []


def test_the_scan_catches_what_it_looks_for() -> None:
    leaky = yaml.safe_dump(
        {
            "interactions": [
                {
                    "request": {
                        "uri": "http://x/billing/v1/cost/getContractUsageList?memberNoList.1=12345",
                        "headers": {
                            "x-ncp-apigw-signature-v2": ["5or6YakKswZldtpW9fxg4oyLBKJWpWhw60bIuUxVKJQ="]
                        },
                    },
                    "response": {"body": {"string": f'{{"memberNo": "12345", "key": "{NCP_SECRET_KEY}"}}'}},
                }
            ]
        }
    )
    found = problems_in(leaky)
    assert "header x-ncp-apigw-signature-v2 not scrubbed" in found
    assert "memberNoList value not scrubbed" in found
    assert any(p.startswith("credential") for p in found)
    assert any("memberNo" in p for p in found)


class _Request:
    def __init__(self, uri: str, headers: dict[str, str]) -> None:
        self.uri, self.headers = uri, headers


def test_scrubbing_replaces_rather_than_removes() -> None:
    request = _Request(
        "http://127.0.0.1:1/billing/v1/cost/getContractUsageList?memberNoList.1=111&memberNoList.2=222&startMonth=202402",
        {
            "x-ncp-iam-access-key": "AKREAL",
            "x-ncp-apigw-signature-v2": "sig",
            "x-ncp-apigw-timestamp": "1",
            "api_key": "k",
        },
    )
    before_record_request(request)
    assert request.headers == {
        "x-ncp-iam-access-key": SCRUBBED,
        "x-ncp-apigw-signature-v2": SCRUBBED,
        "x-ncp-apigw-timestamp": "1",
        "api_key": SCRUBBED,
    }
    assert request.uri.endswith("?memberNoList.1=MEMBER&memberNoList.2=MEMBER&startMonth=202402")
    assert scrub_body(b"<contract><memberNo>123</memberNo><loginId>a@b.c</loginId></contract>") == (
        b"<contract><memberNo>MEMBER</memberNo><loginId>LOGIN</loginId></contract>"
    )
    response = {
        "body": {"string": b'{"contracts": [{"id": 1, "org_id": 987}]}'},
        "headers": {"Content-Length": ["40"]},
    }
    before_record_response(response)
    assert response["body"]["string"] == b'{"contracts": [{"id": 1, "org_id": 0}]}'
    assert response["headers"]["Content-Length"] == [str(len(response["body"]["string"]))]
