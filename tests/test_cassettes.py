"""The overlay against recorded cassettes (replayed offline in CI: record mode none, the default).

`make record` re-records them against a sandbox (scripts/record_cassettes.py); `make record-live` against
the real APIs. The test kit (cloudcontracts.testing) sets the environment the clients read: fake keys and
127.0.0.1 on replay, the sandbox's when recording against it, the real ones when recording live.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest
from support.narrowing import present

from cloudcontracts import HyperstackContracts, NcloudBilling, NotFoundError, ServerError
from cloudcontracts.retry import RetryPolicy
from cloudcontracts.testing import SCRUBBED, CassetteTarget

pytestmark = pytest.mark.vcr

NO_SLEEP = RetryPolicy(max_retries=2, sleep=lambda seconds: None)


@pytest.fixture
def replaying(cloudcontracts_cassette: CassetteTarget) -> bool:
    return cloudcontracts_cassette.mode == "replay"


def hyperstack(policy: RetryPolicy = NO_SLEEP) -> HyperstackContracts:
    return HyperstackContracts(retry_policy=policy)  # HYPERSTACK_API_KEY / HYPERSTACK_API_ADDRESS


def ncloud(response_format: str, policy: RetryPolicy = NO_SLEEP) -> NcloudBilling:
    return NcloudBilling(response_format=response_format, retry_policy=policy)  # type: ignore[arg-type]


@pytest.fixture
def sandbox_control(cloudcontracts_cassette: CassetteTarget) -> Iterator[httpx2.Client]:
    """The sandbox's control routes (recorded too, so replay sees the same sequence)."""
    if cloudcontracts_cassette.sandbox_origin is None:
        pytest.skip("fault scripting needs the sandbox")
    with httpx2.Client(base_url=cloudcontracts_cassette.sandbox_origin) as client:
        yield client


def test_iter_contracts_reads_every_page(replaying: bool) -> None:
    with hyperstack() as hs:
        contracts = list(hs.iter_contracts(per_page=7))
    assert len(contracts) == 30
    assert len({c.id for c in contracts}) == 30
    ids = [present(c.id) for c in contracts]
    assert ids == sorted(ids)
    if replaying:  # identifiers were scrubbed when the cassette was written (org_id is an integer)
        assert {c.org_id for c in contracts} == {0}


def test_get_contract_and_gpu_graph() -> None:
    with hyperstack() as hs:
        first = next(iter(hs.iter_contracts(per_page=30)))
        contract = hs.get_contract(first.id)  # type: ignore[arg-type]
        graph = hs.gpu_allocation_graph(first.id, start="2024-05-01T00:00:00", end="2024-05-02T00:00:00")  # type: ignore[arg-type]
    assert contract.id == first.id
    assert contract.description == first.description
    assert str(graph.id) == str(first.id)
    assert len(present(graph.allocated_gpu_count_graph)) == 24  # hourly buckets over one day


def test_unknown_contract_is_not_found() -> None:
    with hyperstack() as hs, pytest.raises(NotFoundError) as caught:
        hs.get_contract(999_999)
    assert caught.value.status_code == 404


@pytest.mark.parametrize("response_format", ["xml", "json"])
def test_ncp_usage_pages(response_format: str, replaying: bool) -> None:
    with ncloud(response_format) as billing:
        rows = list(billing.iter_contract_usage("2024-02", "2024-04", page_size=10))
    assert len(rows) == 38
    assert len({r.contract_no for r in rows}) == 38
    if replaying:  # identifiers were scrubbed when the cassette was written
        identifiers = [value for r in rows for value in (r.member_no, r.login_id) if isinstance(value, str)]
        assert len(identifiers) == 38  # one per contract: memberNo, or loginId on older accounts
        assert set(identifiers) == {SCRUBBED}


def test_ncp_xml_and_json_cassettes_agree() -> None:
    results = []
    for response_format in ("xml", "json"):
        with ncloud(response_format) as billing:
            results.append(list(billing.iter_contract_usage("2024-02", "2024-04", page_size=10)))
    assert results[0] == results[1]


def test_ncp_retry_after_a_503(sandbox_control: httpx2.Client) -> None:
    sandbox_control.post("/_sandbox/faults", json={"script": ["503"]}).raise_for_status()
    with ncloud("json") as billing:
        page = billing.contract_usage_page("2024-02", "2024-02", page_size=5)
    sandbox_control.delete("/_sandbox/faults").raise_for_status()
    assert page.return_code == "0"
    assert len(present(page.contract_list)) == 5


def recording_policy(sleeps: list[float]) -> RetryPolicy:
    """No jitter and no waiting: the delays the policy asked for are kept, so the schedule is exact."""
    return RetryPolicy(max_retries=2, sleep=sleeps.append, random=lambda: 0.0)


def test_hyperstack_503_then_200_is_retried(sandbox_control: httpx2.Client) -> None:
    sandbox_control.post("/_sandbox/faults", json={"script": ["503"]}).raise_for_status()
    sleeps: list[float] = []
    with hyperstack(recording_policy(sleeps)) as hs:
        page = hs.list_contracts(per_page=3)
    sandbox_control.delete("/_sandbox/faults").raise_for_status()
    assert sleeps == [0.5]  # one backoff, then the page
    assert len(page.contracts) == 3  # type: ignore[arg-type]
    assert page.count == 30


def test_hyperstack_gives_up_after_max_retries(sandbox_control: httpx2.Client) -> None:
    sandbox_control.post("/_sandbox/faults", json={"script": ["503", "503", "503"]}).raise_for_status()
    sleeps: list[float] = []
    with hyperstack(recording_policy(sleeps)) as hs, pytest.raises(ServerError) as caught:
        hs.list_contracts(per_page=3)
    sandbox_control.delete("/_sandbox/faults").raise_for_status()
    assert caught.value.status_code == 503
    assert sleeps == [0.5, 1.0]  # two retries, then the third 503 is raised


def test_ncp_503_then_429_with_retry_after_then_200(sandbox_control: httpx2.Client) -> None:
    sandbox_control.post("/_sandbox/faults", json={"script": ["503", "429:2"]}).raise_for_status()
    sleeps: list[float] = []
    with ncloud("json", recording_policy(sleeps)) as billing:
        page = billing.contract_usage_page("2024-02", "2024-02", page_size=5)
    sandbox_control.delete("/_sandbox/faults").raise_for_status()
    assert sleeps == [0.5, 2.0]  # backoff after the 503; what Retry-After said after the 429
    assert page.return_code == "0"
    assert len(present(page.contract_list)) == 5
