"""Tests for cloudcontracts.ncloud.signing: NCP API Gateway signature v2 and the wire form of the query.

Expected signatures are recomputed here with a few lines of hmac over what reached the transport, never
by calling the signer under test. Credentials are the fake ones from the reference worked example.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
from collections.abc import Callable, Iterator, Mapping

import httpcore2
import httpx2
import pytest

from cloudcontracts.errors import ConfigurationError
from cloudcontracts.ncloud.client import indexed_list_parameters
from cloudcontracts.ncloud.credentials import mask_access_key
from cloudcontracts.ncloud.signing import (
    NcpSignatureV2Auth,
    encode_query,
    signature_v2,
)
from cloudcontracts.specs import openapi_document, resolve

ACCESS = "AKEXAMPLE123456789AB"
SECRET = "SKEXAMPLE1234567890abcdefghijklmnopqrstu"
BASE = "https://billingapi.apigw.ntruss.com/billing/v1"
PATH = "/cost/getContractUsageList"
EXAMPLE_URI = (
    "/billing/v1/cost/getContractUsageList?startMonth=202402&endMonth=202404&responseFormatType=json"
)
EXAMPLE_SIGNATURE = "5or6YakKswZldtpW9fxg4oyLBKJWpWhw60bIuUxVKJQ="
FIXED = 1700000000.0


def independent_signature(method: str, uri: bytes, timestamp: str, access: str = ACCESS) -> str:
    message = method.encode() + b" " + uri + b"\n" + timestamp.encode() + b"\n" + access.encode()
    return base64.b64encode(hmac.new(SECRET.encode(), message, hashlib.sha256).digest()).decode()


def fixed_clock(value: float = FIXED) -> Callable[[], float]:
    return lambda: value


class Capture:
    """A MockTransport handler recording every request exactly as it reached the transport."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return httpx2.Response(200, json={})

    @property
    def last(self) -> httpx2.Request:
        return self.requests[-1]


def send(
    params: Mapping[str, str | list[str]], *, indexed: tuple[str, ...] = ("memberNoList",)
) -> httpx2.Request:
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock(), indexed_list_params=indexed)
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.get(PATH, params=params)
    return capture.last


def assert_validly_signed(request: httpx2.Request) -> None:
    timestamp = request.headers["x-ncp-apigw-timestamp"]
    assert request.headers["x-ncp-iam-access-key"] == ACCESS
    expected = independent_signature(request.method, request.url.raw_path, timestamp)
    assert request.headers["x-ncp-apigw-signature-v2"] == expected


# --- worked example ------------------------------------------------------------------------------------


def test_independent_hmac_reproduces_worked_example() -> None:
    # Guards the test's own oracle against the reference value.
    assert independent_signature("GET", EXAMPLE_URI.encode(), "1700000000000") == EXAMPLE_SIGNATURE


def test_pure_function_reproduces_worked_example() -> None:
    got = signature_v2(
        method="GET", uri=EXAMPLE_URI, timestamp="1700000000000", access_key=ACCESS, secret_key=SECRET
    )
    assert got == EXAMPLE_SIGNATURE


def test_client_request_reproduces_worked_example() -> None:
    request = send({"startMonth": "202402", "endMonth": "202404", "responseFormatType": "json"})
    assert request.url.raw_path == EXAMPLE_URI.encode()
    assert request.headers["x-ncp-apigw-timestamp"] == "1700000000000"
    assert request.headers["x-ncp-iam-access-key"] == ACCESS
    assert request.headers["x-ncp-apigw-signature-v2"] == EXAMPLE_SIGNATURE
    assert_validly_signed(request)


def test_no_query_signs_path_without_question_mark() -> None:
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock())
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.post(PATH)
    assert capture.last.url.raw_path == b"/billing/v1/cost/getContractUsageList"
    assert_validly_signed(capture.last)


# --- wire bytes ----------------------------------------------------------------------------------------


def test_special_characters_are_rfc3986_encoded_on_the_wire() -> None:
    request = send({"regionCode": "서울 KR/1&2+3", "contractNo": "a=b~c d", "startMonth": "202402"})
    expected = (
        b"/billing/v1/cost/getContractUsageList?"
        b"regionCode=%EC%84%9C%EC%9A%B8%20KR%2F1%262%2B3&contractNo=a%3Db~c%20d&startMonth=202402"
    )
    assert request.url.raw_path == expected
    assert_validly_signed(request)


def test_literal_plus_and_percent_survive_round_trip() -> None:
    request = send({"contractNo": "+ %20+", "regionCode": "%"})
    assert request.url.query == b"contractNo=%2B%20%2520%2B&regionCode=%25"
    assert_validly_signed(request)


def test_blank_values_are_kept() -> None:
    request = send({"contractNo": "", "startMonth": "202402"})
    assert request.url.query == b"contractNo=&startMonth=202402"
    assert_validly_signed(request)


def test_query_written_in_url_is_re_encoded() -> None:
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock())
    with httpx2.Client(auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.get(BASE + PATH + "?regionCode=KR%7e1&x=a b")
    assert capture.last.url.raw_path == b"/billing/v1/cost/getContractUsageList?regionCode=KR~1&x=a%20b"
    assert_validly_signed(capture.last)


def test_request_target_written_by_http_transport_is_what_was_signed(monkeypatch: pytest.MonkeyPatch) -> None:
    # MockTransport hands over the Request object; here the real HTTPTransport converts the request for
    # httpcore, and a stand-in connection pool records the request target it would write on the wire.
    targets: list[bytes] = []
    signed: list[tuple[str, str]] = []

    class RecordingPool:
        def handle_request(self, request: httpcore2.Request) -> httpcore2.Response:
            targets.append(request.url.target)
            headers = dict(request.headers)
            signed.append(
                (headers[b"x-ncp-apigw-timestamp"].decode(), headers[b"x-ncp-apigw-signature-v2"].decode())
            )
            return httpcore2.Response(200, content=b"{}")

        def __enter__(self) -> RecordingPool:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def close(self) -> None:
            pass

    transport = httpx2.HTTPTransport()
    monkeypatch.setattr(transport, "_pool", RecordingPool())
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock(), indexed_list_params={"memberNoList"})
    with httpx2.Client(base_url=BASE, auth=auth, transport=transport) as client:
        client.get(PATH, params={"regionCode": "서울 KR/1&2+3", "memberNoList": ["a b", "c"]})
    (target,) = targets
    assert target == (
        b"/billing/v1/cost/getContractUsageList?"
        b"regionCode=%EC%84%9C%EC%9A%B8%20KR%2F1%262%2B3&memberNoList.1=a%20b&memberNoList.2=c"
    )
    ((timestamp, signature),) = signed
    assert signature == independent_signature("GET", target, timestamp)


# --- indexed list parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "expected_list"),
    [
        (["111"], b"memberNoList.1=111"),
        (["111", "222"], b"memberNoList.1=111&memberNoList.2=222"),
        (["111", "2 2", "3/3"], b"memberNoList.1=111&memberNoList.2=2%202&memberNoList.3=3%2F3"),
    ],
)
def test_member_no_list_is_indexed(members: list[str], expected_list: bytes) -> None:
    request = send({"startMonth": "202402", "memberNoList": members, "endMonth": "202404"})
    assert request.url.query == b"startMonth=202402&" + expected_list + b"&endMonth=202404"
    assert_validly_signed(request)


def test_single_string_member_no_list_is_indexed() -> None:
    request = send({"memberNoList": "111", "startMonth": "202402"})
    assert request.url.query == b"memberNoList.1=111&startMonth=202402"


def test_without_list_param_content_is_unchanged() -> None:
    params = {"pageNo": "2", "startMonth": "202402", "endMonth": "202404", "responseFormatType": "json"}
    request = send(params)
    assert request.url.query == b"pageNo=2&startMonth=202402&endMonth=202404&responseFormatType=json"
    assert_validly_signed(request)


def test_default_does_not_index() -> None:
    request = send({"memberNoList": ["1", "2"]}, indexed=())
    assert request.url.query == b"memberNoList=1&memberNoList=2"
    assert_validly_signed(request)


def test_the_indexed_list_parameters_are_the_ones_the_document_marks() -> None:
    document = openapi_document("ncloud-billing")
    marked = {
        parameter["name"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        for parameter in (resolve(document, node) for node in operation.get("parameters", ()))
        if parameter.get("x-ncp-list-style") == "indexed"
    }
    assert "memberNoList" in marked  # the check means something: the document has one
    assert indexed_list_parameters() == marked


def test_encode_query_pure() -> None:
    pairs = [("m", "a"), ("x", "1 2"), ("m", "b"), ("é", "~+")]
    assert encode_query(pairs, indexed_list_params={"m"}) == "m.1=a&x=1%202&m.2=b&%C3%A9=~%2B"
    assert encode_query([], indexed_list_params=()) == ""


def test_encode_query_rejects_plain_and_indexed_mix() -> None:
    with pytest.raises(ConfigurationError, match="indexed form"):
        encode_query([("m", "a"), ("m.1", "b")], indexed_list_params={"m"})


def test_single_string_for_indexed_names_is_rejected() -> None:
    with pytest.raises(ConfigurationError, match="single string"):
        NcpSignatureV2Auth(ACCESS, SECRET, indexed_list_params="memberNoList")


# --- headers, retries, async, clock --------------------------------------------------------------------


def test_old_signature_headers_are_replaced_not_duplicated() -> None:
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock())
    stale = [
        ("x-ncp-apigw-timestamp", "1"),
        ("x-ncp-iam-access-key", "AKOLDOLDOLD"),
        ("x-ncp-apigw-signature-v2", "stale"),
        ("X-NCP-APIGW-SIGNATURE-V2", "stale2"),
    ]
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.get(PATH, params={"startMonth": "202402"}, headers=httpx2.Headers(stale))
    headers = capture.last.headers
    for name in ("x-ncp-apigw-timestamp", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"):
        assert len(headers.get_list(name)) == 1
    assert headers["x-ncp-apigw-timestamp"] == "1700000000000"
    assert_validly_signed(capture.last)


def test_retry_gets_fresh_timestamp_and_valid_signature() -> None:
    ticks: Iterator[float] = itertools.count(FIXED, 2.5)
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=lambda: next(ticks), indexed_list_params={"memberNoList"})
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        request = client.build_request("GET", PATH, params={"memberNoList": ["1", "2"], "x": "a b"})
        client.send(request)
        first = (capture.last.url.raw_path, dict(capture.last.headers))
        client.send(request)
    second = capture.last
    assert first[1]["x-ncp-apigw-timestamp"] == "1700000000000"
    assert second.headers["x-ncp-apigw-timestamp"] == "1700000002500"
    # Re-encoding is idempotent: the second send carries the same query, signed afresh.
    assert second.url.raw_path == first[0]
    assert second.url.query == b"memberNoList.1=1&memberNoList.2=2&x=a%20b"
    assert second.headers["x-ncp-apigw-signature-v2"] != first[1]["x-ncp-apigw-signature-v2"]
    assert len(second.headers.get_list("x-ncp-apigw-signature-v2")) == 1
    assert_validly_signed(second)


def test_async_client_is_signed() -> None:
    captured: list[httpx2.Request] = []

    async def handler(request: httpx2.Request) -> httpx2.Response:
        captured.append(request)
        return httpx2.Response(200, json={})

    async def main() -> None:
        auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock(), indexed_list_params={"memberNoList"})
        async with httpx2.AsyncClient(base_url=BASE, auth=auth, transport=httpx2.MockTransport(handler)) as c:
            await c.get(PATH, params={"startMonth": "202402", "memberNoList": ["7", "8 9"]})

    asyncio.run(main())
    (request,) = captured
    assert request.url.query == b"startMonth=202402&memberNoList.1=7&memberNoList.2=8%209"
    assert request.headers["x-ncp-apigw-timestamp"] == "1700000000000"
    assert_validly_signed(request)


@pytest.mark.parametrize(
    ("seconds", "millis"),
    [
        (1700000000.123, "1700000000123"),  # int(1700000000.123 * 1000) would give ...122
        (1700000000.0009, "1700000000000"),  # truncated, not rounded
        (1700000000, "1700000000000"),
    ],
)
def test_timestamp_is_exact_milliseconds(seconds: float, millis: str) -> None:
    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock(seconds))
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.get(PATH)
    assert capture.last.headers["x-ncp-apigw-timestamp"] == millis
    assert_validly_signed(capture.last)


def test_default_clock_is_near_now() -> None:
    import time  # noqa: PLC0415

    capture = Capture()
    auth = NcpSignatureV2Auth(ACCESS, SECRET)
    before = time.time_ns() // 1_000_000
    with httpx2.Client(base_url=BASE, auth=auth, transport=httpx2.MockTransport(capture)) as client:
        client.get(PATH)
    after = time.time_ns() // 1_000_000
    assert before - 1 <= int(capture.last.headers["x-ncp-apigw-timestamp"]) <= after + 1


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_bad_clock_is_rejected(bad: float) -> None:
    auth = NcpSignatureV2Auth(ACCESS, SECRET, clock=fixed_clock(bad))
    with pytest.raises(ConfigurationError, match="clock"):
        auth.sign(httpx2.Request("GET", BASE + PATH))


# --- credentials handling ------------------------------------------------------------------------------


def test_repr_hides_secret_and_access_key() -> None:
    auth = NcpSignatureV2Auth(ACCESS, SECRET, indexed_list_params={"memberNoList"})
    for text in (repr(auth), str(auth)):
        assert SECRET not in text
        assert ACCESS not in text
        # The same masking as the credentials' repr: the key's last four characters only.
        assert f"access_key={mask_access_key(ACCESS)!r}" in text
        assert "access_key='…" + ACCESS[-4:] + "'" in text
        assert ACCESS[:4] not in text
    # vars() may show the access key id (sent in clear on every request anyway), never the secret.
    assert SECRET not in repr(vars(auth))
    assert SECRET not in str(vars(auth))


@pytest.mark.parametrize(
    ("access", "secret"),
    [("", SECRET), (ACCESS, ""), (ACCESS + "\n", SECRET), (ACCESS, " " + SECRET), (ACCESS, "키")],
)
def test_bad_credentials_are_rejected_without_echoing_them(access: str, secret: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        NcpSignatureV2Auth(access, secret)
    assert SECRET not in str(info.value)
