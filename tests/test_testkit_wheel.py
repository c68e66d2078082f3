"""The test kit as a user gets it: the wheel installed in a scratch project that records, scans and replays.

A scratch virtual environment on top of this one (no index, no network: the dependencies are the ones
already installed here, seen through a .pth file) gets the freshly built wheel with its ``testing``
extra. A scratch project opts in with one line, records one test against the sandbox, then:

- the cassette holds none of the keys used at record time, nor the member numbers sent or received;
- recording again changes nothing (same bytes, same modification time);
- replaying with the network blocked passes, with other fake keys and other member numbers;
- a key planted in a cassette fails a run with ``--cloudcontracts-scan-cassettes``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
import yaml

from cloudcontracts.sandbox import HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY, Sandbox
from cloudcontracts.testing import SCRUBBED, scan_cassettes

pytestmark = pytest.mark.slow  # a wheel in a scratch venv, a recording run in a subprocess

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
CONFTEST = 'pytest_plugins = ["cloudcontracts.testing"]\n'
USER_TEST = """
import os

import pytest

from cloudcontracts import HyperstackContracts, NcloudBilling


@pytest.mark.vcr
def test_contracts_and_usage(cloudcontracts_cassette):
    if cloudcontracts_cassette.mode == "sandbox":
        members = cloudcontracts_cassette.sandbox.state.summary()["ncp"]["members"][:2]
    else:
        assert os.environ["HYPERSTACK_API_KEY"] != "sandbox-hyperstack-key"
        members = ["1111111", "2222222"]  # others than recorded: account identifiers match any value
    with HyperstackContracts() as hs:
        contracts = list(hs.iter_contracts(per_page=4))
    with NcloudBilling() as billing:
        usage = list(billing.iter_contract_usage("2024-02", "2024-02", member_nos=members, page_size=3))
    assert len(contracts) == 30
    assert len(usage) == int(os.environ.get("EXPECTED_USAGE", len(usage)))
    print("USAGE", len(usage))
"""


def _run(
    python: Path, project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-s", "-q", *args],
        cwd=project,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def scratch_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("kit")
    dist = base / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # This environment's packages, after the scratch one's own: the wheel installed there wins.
    (Path(site) / "_parent_env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index"]
    env = {k: v for k, v in os.environ.items() if k != "PIP_CONSTRAINT"}
    (built,) = dist.glob("cloudcontracts-*.whl")
    # --ignore-installed: installed here, beside (never over) the copy the .pth file shows.
    subprocess.run([*pip, "--ignore-installed", "--no-deps", str(built)], check=True, env=env)
    # The extra's requirements, resolved offline: all already present.
    subprocess.run([*pip, "--find-links", str(dist), "cloudcontracts[testing]"], check=True, env=env)
    where = subprocess.run(
        [str(python), "-c", "import cloudcontracts.testing as t; print(t.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site)  # the kit comes from the wheel, not from this checkout or .venv
    return python


def test_record_scan_rerecord_and_replay_offline(scratch_python: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    (project / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n", encoding="utf-8")
    (project / "tests" / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (project / "tests" / "test_user.py").write_text(USER_TEST, encoding="utf-8")
    record = (
        "--record-mode=rewrite",
        "--cloudcontracts-record-against=sandbox",
        f"--cloudcontracts-sandbox-seed={SEED}",
        "--cloudcontracts-scan-cassettes",
    )

    recorded = _run(scratch_python, project, *record)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    assert "nothing found" in recorded.stdout
    cassette = project / "tests" / "cassettes" / "test_user" / "test_contracts_and_usage.yaml"
    text = cassette.read_text(encoding="utf-8")
    with Sandbox(seed=SEED) as sandbox:
        members = sandbox.state.summary()["ncp"]["members"]
    for secret in (HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY, *members):
        assert text.count(secret) == 0
    interactions = yaml.safe_load(text)["interactions"]
    ncp = [i["request"]["uri"] for i in interactions if "getContractUsageList" in i["request"]["uri"]]
    assert ncp and all(f"memberNoList.1={SCRUBBED}&memberNoList.2={SCRUBBED}" in uri for uri in ncp)
    assert scan_cassettes(cassette.parent, secrets=[HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY]) == []
    usage = recorded.stdout.split("USAGE ")[1].split()[0]

    before = cassette.stat().st_mtime_ns
    again = _run(scratch_python, project, *record)
    assert again.returncode == 0, again.stdout + again.stderr
    assert cassette.read_text(encoding="utf-8") == text
    assert cassette.stat().st_mtime_ns == before  # not written at all

    replay_env = {"HYPERSTACK_API_KEY": "some-other-key", "NCLOUD_PROFILE": "work", "EXPECTED_USAGE": usage}
    replayed = _run(
        scratch_python, project, "--block-network", "--cloudcontracts-scan-cassettes", env=replay_env
    )
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "1 passed" in replayed.stdout

    cassette.write_text(text.replace(SCRUBBED, HYPERSTACK_API_KEY, 1), encoding="utf-8")
    leaked = _run(scratch_python, project, "--block-network", "--cloudcontracts-scan-cassettes")
    assert leaked.returncode == 1, leaked.stdout + leaked.stderr
    assert "1 passed" in leaked.stdout
    assert "problem(s) in cassettes" in leaked.stdout
    assert "credential sand... present" in leaked.stdout
