"""A test kit for code built on cloudcontracts: cassettes that hold no secret, and the sandbox as fixtures.

Opt in from a ``conftest.py`` (nothing is registered by installing the package)::

    pytest_plugins = ["cloudcontracts.testing"]

It needs the ``testing`` extra (vcrpy, pytest-recording, the sandbox). What it provides:

- ``vcr_config`` for pytest-recording: credentials and account identifiers scrubbed by replacement on
  every path vcrpy writes a cassette by (:mod:`.scrub`, :mod:`.persister`), volatile values normalised so
  an unchanged re-recording writes nothing, and matching that ignores keys, signatures and scrubbed
  values (:mod:`.matching`);
- for tests marked ``vcr``, the environment the clients read (:mod:`.environment`): fake keys on replay,
  a seeded sandbox with ``--cloudcontracts-record-against=sandbox``, the real keys when recording live;
- the sandbox fixtures, on 127.0.0.1 or in-process (:mod:`.sandbox_fixtures`, :mod:`.inprocess`);
- :func:`scan_cassettes` and ``--cloudcontracts-scan-cassettes`` (:mod:`.scan`).

docs/testing.md says how to record, commit and replay.
"""

from __future__ import annotations

from cloudcontracts.testing.documents import SCRUBBED, SensitiveNames, sensitive_names
from cloudcontracts.testing.environment import CassetteTarget
from cloudcontracts.testing.inprocess import InProcessSandbox, SyncASGITransport
from cloudcontracts.testing.matching import query_matcher
from cloudcontracts.testing.plugin import (
    cloudcontracts_cassette,
    cloudcontracts_recording_sandbox,
    cloudcontracts_vcr_config,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_recording_configure,
    pytest_sessionfinish,
    vcr_config,
)
from cloudcontracts.testing.sandbox_fixtures import (
    cloudcontracts_sandbox,
    cloudcontracts_sandbox_app,
    cloudcontracts_sandbox_async_transport,
    cloudcontracts_sandbox_server,
    cloudcontracts_sandbox_transport,
)
from cloudcontracts.testing.scan import Finding, scan_cassettes
from cloudcontracts.testing.scrub import scrub_body, scrub_request, scrub_response

__all__ = [
    "SCRUBBED",
    "CassetteTarget",
    "Finding",
    "InProcessSandbox",
    "SensitiveNames",
    "SyncASGITransport",
    "cloudcontracts_cassette",
    "cloudcontracts_recording_sandbox",
    "cloudcontracts_sandbox",
    "cloudcontracts_sandbox_app",
    "cloudcontracts_sandbox_async_transport",
    "cloudcontracts_sandbox_server",
    "cloudcontracts_sandbox_transport",
    "cloudcontracts_vcr_config",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_recording_configure",
    "pytest_sessionfinish",
    "query_matcher",
    "scan_cassettes",
    "scrub_body",
    "scrub_request",
    "scrub_response",
    "sensitive_names",
    "vcr_config",
]
