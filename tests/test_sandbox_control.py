"""The sandbox as a whole: control routes, reseeding, determinism, isolation between instances, the
operations read from the documents, the command line, the pytest fixtures, and import hygiene."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from cloudcontracts.ncloud.signing import signature_v2
from cloudcontracts.sandbox import Sandbox, SandboxConfig, SandboxState
from cloudcontracts.sandbox.operations import Operation, operations

# Imported so this file can show the plugin's fixtures work (see test_the_pytest_fixture_*).
from cloudcontracts.sandbox.pytest_plugin import (  # noqa: F401
    cloudcontracts_sandbox,
    cloudcontracts_sandbox_server,
)

ROOT = Path(__file__).resolve().parent.parent
NOW = 1_714_000_000.0


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client() as client:
        yield client


@pytest.fixture(scope="module")
def seed_2() -> Iterator[Sandbox]:
    with Sandbox(seed=2) as sandbox:
        yield sandbox


def every_operation(http: httpx2.Client, sb: Sandbox) -> list[bytes]:
    """One request to each operation (NCP in both formats), signed at the sandbox's frozen clock."""
    key = {"api_key": sb.hyperstack_api_key}
    contract_id = sb.state.hyperstack_contract_ids()[2]
    bodies = [
        http.get(
            sb.hyperstack_url + "/pricebook/contracts", params={"per_page": 7, "page": 2}, headers=key
        ).content,
        http.get(f"{sb.hyperstack_url}/pricebook/contracts/{contract_id}", headers=key).content,
        http.get(
            f"{sb.hyperstack_url}/pricebook/contracts/{contract_id}/gpu_allocation_graph", headers=key
        ).content,
    ]
    for suffix in ("", "&responseFormatType=json"):
        uri = "/billing/v1/cost/getContractUsageList?startMonth=202402&endMonth=202404&pageSize=9" + suffix
        timestamp = str(int(NOW * 1000))
        signature = signature_v2(
            method="GET",
            uri=uri,
            timestamp=timestamp,
            access_key=sb.ncp_access_key,
            secret_key=sb.ncp_secret_key,
        )
        headers = {
            "x-ncp-apigw-timestamp": timestamp,
            "x-ncp-iam-access-key": sb.ncp_access_key,
            "x-ncp-apigw-signature-v2": signature,
        }
        bodies.append(http.get(sb.url + uri, headers=headers).content)
    return bodies


# --- determinism and isolation ---------------------------------------------------------------------


def test_same_seed_same_bytes_different_seed_different_bytes(http: httpx2.Client) -> None:
    with (
        Sandbox(seed=4, clock=lambda: NOW) as one,
        Sandbox(seed=4, clock=lambda: NOW) as two,
        Sandbox(seed=5, clock=lambda: NOW) as other,
    ):
        first = every_operation(http, one)
        assert all(body for body in first)
        assert every_operation(http, two) == first
        different = every_operation(http, other)
        assert all(a != b for a, b in zip(first, different, strict=True))
        one.reset()  # a reset restarts the request ids too: the same bytes again
        assert every_operation(http, one) == first


def test_instances_do_not_share_state_or_faults(http: httpx2.Client) -> None:
    with Sandbox(clock=lambda: NOW) as one, Sandbox(clock=lambda: NOW) as two:
        assert one.port != two.port
        one.reset(hyperstack_contracts=2)
        one.faults.script("503")
        assert len(two.state.hyperstack_contract_ids()) == 30
        response = http.get(
            two.hyperstack_url + "/pricebook/contracts", headers={"api_key": two.hyperstack_api_key}
        )
        assert response.status_code == 200
        assert response.json()["count"] == 30
        assert one.faults.pending() == {"*": ["503"]}
        assert two.faults.history == [("list_contracts", None)]


def test_the_state_is_a_pure_function_of_the_config() -> None:
    config = SandboxConfig(seed=7, hyperstack_contracts=12, ncp_contracts=15, ncp_members=5)
    a, b = SandboxState(config), SandboxState(config)
    assert a.hyperstack_contracts() == b.hyperstack_contracts()
    assert a.ncp_contracts("202402", "202404") == b.ncp_contracts("202402", "202404")
    assert a.summary() == b.summary()
    assert len(a.ncp_members) == 5
    assert len(a.hyperstack_contract_ids()) == 12
    # Changing one API's sizes leaves the other's data alone.
    c = SandboxState(config.replace(ncp_contracts=3))
    assert c.hyperstack_contracts() == a.hyperstack_contracts()


def test_returned_data_are_copies(http: httpx2.Client) -> None:
    state = SandboxState()
    state.hyperstack_contracts()[0]["id"] = -1
    state.ncp_contracts("202402", "202404")[0]["contractNo"] = "mutated"
    assert state.hyperstack_contract_ids()[0] != -1
    assert state.ncp_contracts("202402", "202404")[0]["contractNo"] != "mutated"


# --- control routes ---------------------------------------------------------------------------------


def test_reset_route_reseeds_from_the_instance_config(http: httpx2.Client) -> None:
    with Sandbox(ncp_contracts=5, clock=lambda: NOW) as sb:
        response = http.post(sb.url + "/_sandbox/reset", json={"seed": 5, "hyperstack_contracts": 3})
        assert response.status_code == 200
        summary = response.json()
        expected = SandboxState(SandboxConfig(seed=5, hyperstack_contracts=3, ncp_contracts=5))
        assert summary == expected.summary()
        assert sb.state.hyperstack_contracts() == expected.hyperstack_contracts()
        listed = http.get(
            sb.hyperstack_url + "/pricebook/contracts", headers={"api_key": sb.hyperstack_api_key}
        )
        assert listed.json()["contracts"] == expected.hyperstack_contracts()
        # Resets are not cumulative: an empty body goes back to the instance's own config.
        assert (
            http.post(sb.url + "/_sandbox/reset").json()
            == SandboxState(SandboxConfig(ncp_contracts=5)).summary()
        )
        assert http.get(sb.url + "/_sandbox/state").json()["config"]["ncp_contracts"] == 5


def test_reset_route_can_set_faults_and_modes(http: httpx2.Client) -> None:
    with Sandbox(clock=lambda: NOW) as sb:
        body = {"hyperstack_count": "page", "faults": {"script": ["429"]}}
        assert http.post(sb.url + "/_sandbox/reset", json=body).status_code == 200
        key = {"api_key": sb.hyperstack_api_key}
        assert http.get(sb.hyperstack_url + "/pricebook/contracts", headers=key).status_code == 429
        assert http.get(sb.hyperstack_url + "/pricebook/contracts", headers=key).json()["count"] == 20


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"colour": "blue"}', "unknown sandbox setting(s): colour"),
        (b'{"seed": "five"}', "seed must be an integer, not 'five'"),
        (b'{"hyperstack_count": "all"}', "hyperstack_count must be 'total' or 'page', not 'all'"),
        (b'{"ncp_last_month": "2024-04"}', "ncp_last_month must be yyyyMM, not '2024-04'"),
        (b'{"ncp_products": 0}', "ncp_products must be between 1 and 100000, not 0"),
        (b"[1, 2]", "the body must be a JSON object"),
        (b"{seed: 1}", "the body is not JSON"),
        (b'{"faults": ["boom"]}', "unknown fault 'boom'"),
    ],
)
def test_reset_route_refuses_bad_input(
    seed_2: Sandbox, http: httpx2.Client, body: bytes, message: str
) -> None:
    response = http.post(seed_2.url + "/_sandbox/reset", content=body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert seed_2.config.seed == 2  # unchanged


def test_state_route_summarises_what_is_served(http: httpx2.Client) -> None:
    with Sandbox(seed=3, hyperstack_contracts=4, ncp_contracts=6, ncp_months=3) as sb:
        summary: dict[str, Any] = http.get(sb.url + "/_sandbox/state").json()
        assert summary["hyperstack"]["contract_ids"] == sb.state.hyperstack_contract_ids()
        assert summary["ncp"]["months"] == ["202402", "202403", "202404"]
        assert summary["ncp"]["contracts"] == 6
        assert summary["config"]["seed"] == 3


# --- serving --------------------------------------------------------------------------------------------


def test_urls_credentials_and_environment() -> None:
    with Sandbox() as sb:
        assert sb.url == f"http://127.0.0.1:{sb.port}"
        assert sb.hyperstack_url == sb.url + "/v1"
        assert sb.ncloud_url == sb.url + "/billing/v1"
        assert (sb.hyperstack_api_key, sb.ncp_access_key, sb.ncp_secret_key) == (
            "sandbox-hyperstack-key",
            "SANDBOXACCESSKEY0001",
            "sandbox-secret-key-not-a-real-secret",
        )
        assert sb.environment()["NCLOUD_API_GW"] == sb.ncloud_url
        assert sb.running
    assert not sb.running
    with pytest.raises(RuntimeError, match="not running"):
        _ = sb.url
    sb.stop()  # idempotent


def test_a_stopped_sandbox_refuses_connections_and_can_start_again(http: httpx2.Client) -> None:
    sb = Sandbox()
    with sb:
        url = sb.hyperstack_url + "/pricebook/contracts"
    with httpx2.Client() as fresh, pytest.raises(httpx2.ConnectError):
        fresh.get(url)
    with sb:
        assert http.get(sb.hyperstack_url + "/pricebook/contracts").status_code == 401


def test_only_loopback_is_ever_bound() -> None:
    with Sandbox() as sb:
        server = sb._server
        assert server is not None
        assert server.config.host == "127.0.0.1"
        assert {s.getsockname()[0] for srv in server.servers for s in srv.sockets} == {"127.0.0.1"}


def test_operations_come_from_the_documents() -> None:
    assert operations() == (
        Operation("hyperstack", "list_contracts", "GET", "/v1/pricebook/contracts"),
        Operation("hyperstack", "get_contract", "GET", "/v1/pricebook/contracts/{contract_id}"),
        Operation(
            "hyperstack",
            "get_contract_gpu_allocation_graph",
            "GET",
            "/v1/pricebook/contracts/{contract_id}/gpu_allocation_graph",
        ),
        Operation(
            "hyperstack", "get_vm_billing_history", "GET", "/v1/billing/billing/history/virtual-machine"
        ),
        Operation(
            "hyperstack",
            "list_contract_virtual_machines",
            "GET",
            "/v1/core/virtual-machines/contract/{contract_id}/virtual-machines",
        ),
        Operation("hyperstack", "list_pricebook", "GET", "/v1/pricebook"),
        Operation("ncloud", "getContractUsageList", "GET", "/billing/v1/cost/getContractUsageList"),
        Operation("ncloud", "getContractDemandCostList", "GET", "/billing/v1/cost/getContractDemandCostList"),
        Operation("ncloud", "getDemandCostList", "GET", "/billing/v1/cost/getDemandCostList"),
    )


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "overlays"), str(ROOT / "generated")])}


def test_the_command_line_serves_and_prints_how_to_connect(http: httpx2.Client) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cloudcontracts.sandbox", "--port", "0", "--seed", "3", "--fault", "503"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(13)]
        banner = "".join(lines)
        assert "seed 3" in lines[0]
        url = lines[0].split(" on ")[1].split(" ")[0]
        assert url.startswith("http://127.0.0.1:")
        assert f"Hyperstack base URL : {url}/v1" in banner
        assert f"NCP base URL        : {url}/billing/v1" in banner
        assert "sandbox-hyperstack-key" in banner
        assert "SANDBOXACCESSKEY0001" in banner
        assert "sandbox-secret-key-not-a-real-secret" in banner
        assert f"export NCLOUD_API_GW={url}/billing/v1" in banner
        key = {"api_key": "sandbox-hyperstack-key"}
        deadline = time.monotonic() + 10
        while True:
            try:
                first = http.get(url + "/v1/pricebook/contracts", headers=key)
                break
            except httpx2.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert first.status_code == 503  # the scripted fault
        assert http.get(url + "/_sandbox/state").json()["config"]["seed"] == 3
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err


def test_the_command_line_has_no_way_to_bind_elsewhere() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cloudcontracts.sandbox", "--help"],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=30,
    )
    assert "--port" in result.stdout
    assert "--ncp-contracts" in result.stdout
    assert "--host" not in result.stdout
    assert "--bind" not in result.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "cloudcontracts.sandbox", "--host", "0.0.0.0"],  # noqa: S104 -- must be refused
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=30,
        check=False,
    )
    assert refused.returncode == 2
    assert "unrecognized arguments: --host" in refused.stderr


def test_importing_cloudcontracts_does_not_import_the_sandbox() -> None:
    code = (
        "import sys, cloudcontracts\n"
        "loaded = [m for m in sys.modules if m.startswith(('cloudcontracts.sandbox', 'starlette', 'uvicorn'))]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], env=_environment(), check=True, timeout=30)


# --- the pytest fixtures ------------------------------------------------------------------------------------


def test_the_pytest_fixture_gives_a_running_reset_sandbox(cloudcontracts_sandbox: Sandbox) -> None:  # noqa: F811
    assert cloudcontracts_sandbox.running
    assert cloudcontracts_sandbox.config == SandboxConfig()
    cloudcontracts_sandbox.reset(hyperstack_contracts=1)  # changed here, undone for the next test
    cloudcontracts_sandbox.faults.script("503")


def test_the_pytest_fixture_resets_between_tests(cloudcontracts_sandbox: Sandbox) -> None:  # noqa: F811
    assert len(cloudcontracts_sandbox.state.hyperstack_contract_ids()) == 30
    assert cloudcontracts_sandbox.faults.pending() == {"*": []}
