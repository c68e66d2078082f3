"""What a client needs to reach a sandbox app: its two base URLs, its keys, and the environment variables.

Shared by the sandbox served on 127.0.0.1 (:class:`~cloudcontracts.sandbox.server.Sandbox`) and the one
reached in-process through an ASGI transport (:class:`cloudcontracts.testing.InProcessSandbox`); each
says only where its app is (:attr:`SandboxEndpoints.root_url`).
"""

from __future__ import annotations

from cloudcontracts.sandbox.app import SandboxApp

__all__ = ["SandboxEndpoints"]


class SandboxEndpoints:
    """URLs, keys and environment of a sandbox app, from ``app`` and ``root_url``."""

    app: SandboxApp

    @property
    def root_url(self) -> str:
        """Where the app answers, without a path (``http://127.0.0.1:PORT``)."""
        raise NotImplementedError

    @property
    def hyperstack_url(self) -> str:
        """Hyperstack's base URL on the sandbox (``.../v1``)."""
        return self.root_url + self.app.documents.base_path("hyperstack")

    @property
    def ncloud_url(self) -> str:
        """NCP Billing's base URL on the sandbox (``.../billing/v1``)."""
        return self.root_url + self.app.documents.base_path("ncloud")

    @property
    def hyperstack_api_key(self) -> str:
        return self.app.credentials.hyperstack_api_key

    @property
    def ncp_access_key(self) -> str:
        return self.app.credentials.ncp_access_key

    @property
    def ncp_secret_key(self) -> str:
        return self.app.credentials.ncp_secret_key

    def environment(self) -> dict[str, str]:
        """The environment variables the clients read, pointing at this sandbox (for ``monkeypatch``)."""
        return {
            "HYPERSTACK_API_KEY": self.hyperstack_api_key,
            "HYPERSTACK_API_ADDRESS": self.hyperstack_url,
            "NCLOUD_ACCESS_KEY_ID": self.ncp_access_key,
            "NCLOUD_SECRET_ACCESS_KEY": self.ncp_secret_key,
            "NCLOUD_API_GW": self.ncloud_url,
        }
