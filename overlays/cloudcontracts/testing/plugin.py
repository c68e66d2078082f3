"""The pytest side of the kit: options, the vcrpy configuration, the environment of cassette tests, the scan.

Everything here is what ``pytest_plugins = ["cloudcontracts.testing"]`` registers (through the package's
``__init__``). vcrpy itself is imported only when pytest-recording opens a cassette.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cloudcontracts.sandbox import HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY, Sandbox
from cloudcontracts.testing.environment import (
    CREDENTIAL_VARIABLES,
    UNSET_ON_REPLAY,
    CassetteTarget,
    Mode,
    replay_environment,
)
from cloudcontracts.testing.matching import MATCH_ON, QUERY_MATCHER, query_matcher
from cloudcontracts.testing.scan import Finding, scan_cassettes
from cloudcontracts.testing.scrub import scrub_request, scrub_response

__all__ = [
    "cloudcontracts_cassette",
    "cloudcontracts_recording_sandbox",
    "cloudcontracts_vcr_config",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_recording_configure",
    "pytest_sessionfinish",
    "vcr_config",
]


@dataclass
class _KitSession:
    persisters: list[Any] = field(default_factory=list)
    secrets: set[str] = field(default_factory=lambda: {HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY})
    cassette_dirs: set[Path] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


_SESSION = pytest.StashKey[_KitSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cloudcontracts", "cloudcontracts test kit")
    group.addoption(
        "--cloudcontracts-record-against",
        choices=("live", "sandbox"),
        default="live",
        help="when recording (--record-mode other than none): the real APIs with the keys in the "
        "environment (live, the default), or a sandbox started for the session (sandbox)",
    )
    group.addoption(
        "--cloudcontracts-sandbox-seed",
        type=int,
        default=None,
        help="the seed of the sandbox recorded against (the same seed records the same data)",
    )
    group.addoption(
        "--cloudcontracts-scan-cassettes",
        action="store_true",
        default=False,
        help="after the run, fail it if a cassette holds a credential or a secret-shaped value",
    )
    group.addoption(
        "--cloudcontracts-secret",
        action="append",
        default=[],
        metavar="VALUE",
        help="a value no cassette may contain (repeatable), besides the keys the kit knows",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = _KitSession()


def _record_mode(config: pytest.Config, node: pytest.Item | None = None) -> str:
    option = config.getoption("record_mode", default=None)
    if option:
        return str(option)
    if node is not None:
        for marker in node.iter_markers(name="vcr"):
            if "record_mode" in marker.kwargs:
                return str(marker.kwargs["record_mode"])
    return "none"


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    """pytest-recording's hook, for each cassette: the kit's matcher and its scrubbing persister."""
    from cloudcontracts.testing.persister import ScrubbingPersister  # noqa: PLC0415 -- imports vcrpy

    vcr.register_matcher(QUERY_MATCHER, query_matcher)
    persister = ScrubbingPersister(vcr.persister, fresh=_record_mode(config) == "rewrite")
    vcr.register_persister(persister)
    config.stash[_SESSION].persisters.append(persister)


@pytest.fixture
def cloudcontracts_vcr_config(pytestconfig: pytest.Config) -> dict[str, Any]:
    """The kit's vcrpy options (extend them in your own ``vcr_config``: ``{**cloudcontracts_vcr_config}``).

    ``--record-mode=rewrite`` becomes "record everything again, write only what changed": the cassette is
    not deleted up front (pytest-recording's rewrite does), it is ignored on load and compared on save.
    """
    config: dict[str, Any] = {
        "decode_compressed_response": True,
        "before_record_request": scrub_request,
        "before_record_response": scrub_response,
        "match_on": MATCH_ON,
    }
    if _record_mode(pytestconfig) == "rewrite":
        config["record_mode"] = "new_episodes"
    return config


@pytest.fixture
def vcr_config(cloudcontracts_vcr_config: dict[str, Any]) -> dict[str, Any]:
    """pytest-recording's configuration fixture: the kit's (see ``cloudcontracts_vcr_config``)."""
    return dict(cloudcontracts_vcr_config)


@pytest.fixture(scope="session")
def cloudcontracts_recording_sandbox(pytestconfig: pytest.Config) -> Iterator[Sandbox]:
    """The sandbox cassettes are recorded against with ``--cloudcontracts-record-against=sandbox``."""
    seed = pytestconfig.getoption("cloudcontracts_sandbox_seed")
    with Sandbox() if seed is None else Sandbox(seed=seed) as sandbox:
        yield sandbox


@pytest.fixture(autouse=True)
def cloudcontracts_cassette(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> CassetteTarget | None:
    """For a test marked ``vcr``: its target (replay, sandbox or live) with the environment set for it."""
    node = request.node
    if not isinstance(node, pytest.Item) or node.get_closest_marker("vcr") is None:
        return None
    config = request.config
    kit = config.stash[_SESSION]
    mode: Mode = "live"  # --disable-recording: vcrpy is off, the test talks to what it is given
    if not config.getoption("disable_recording", default=False):
        against = config.getoption("cloudcontracts_record_against")
        mode = (
            "replay"
            if _record_mode(config, node) == "none"
            else "sandbox"
            if against == "sandbox"
            else "live"
        )
    sandbox: Sandbox | None = None
    environment: dict[str, str] = {}
    if mode == "replay":
        environment = replay_environment()
        for name in UNSET_ON_REPLAY:
            monkeypatch.delenv(name, raising=False)
    elif mode == "sandbox":
        sandbox = request.getfixturevalue("cloudcontracts_recording_sandbox")
        sandbox.reset()
        environment = sandbox.environment()
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    kit.secrets.update(v for name in CREDENTIAL_VARIABLES if (v := os.environ.get(name, "")))
    return CassetteTarget(mode=mode, environment=environment, sandbox=sandbox)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kit = config.stash[_SESSION]
    for item in items:
        if item.get_closest_marker("vcr") is not None:
            module = Path(str(item.path))
            kit.cassette_dirs.add(module.parent / "cassettes" / module.stem)  # pytest-recording's layout


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if not config.getoption("cloudcontracts_scan_cassettes"):
        return
    kit = config.stash[_SESSION]
    secrets = kit.secrets | set(config.getoption("cloudcontracts_secret"))
    paths = {d for d in kit.cassette_dirs if d.exists()}
    for persister in kit.persisters:
        paths.update(p for p in (*persister.written, *persister.unchanged, *persister.loaded) if p.exists())
    findings = sorted(
        {finding for path in sorted(paths) for finding in scan_cassettes(path, secrets=secrets)},
        key=str,
    )
    kit.findings = findings
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        if findings:
            reporter.write_sep("=", f"cloudcontracts: {len(findings)} problem(s) in cassettes", red=True)
            for finding in findings:
                reporter.write_line(str(finding))
        else:
            reporter.write_line(f"cloudcontracts: {len(paths)} cassette location(s) scanned, nothing found")
    if findings:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
