"""The sandbox's pytest fixtures, kept importable here; they live in :mod:`cloudcontracts.testing`.

``pytest_plugins = ["cloudcontracts.testing"]`` brings them with the rest of the test kit (cassettes);
``pytest_plugins = ["cloudcontracts.sandbox.pytest_plugin"]`` still brings the sandbox fixtures alone.
"""

from __future__ import annotations

from cloudcontracts.testing.sandbox_fixtures import (
    cloudcontracts_sandbox,
    cloudcontracts_sandbox_app,
    cloudcontracts_sandbox_async_transport,
    cloudcontracts_sandbox_server,
    cloudcontracts_sandbox_transport,
)

__all__ = [
    "cloudcontracts_sandbox",
    "cloudcontracts_sandbox_app",
    "cloudcontracts_sandbox_async_transport",
    "cloudcontracts_sandbox_server",
    "cloudcontracts_sandbox_transport",
]
