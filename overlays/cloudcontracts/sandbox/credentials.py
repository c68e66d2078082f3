"""The sandbox's fake credentials: obviously fake, so nobody mistakes them for real ones.

A sandbox accepts exactly one Hyperstack API key and one NCP access key / secret key pair; each instance
may be given its own (``Sandbox(credentials=SandboxCredentials(...))``), which the tests use to show that
a client really sends what it was given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_CREDENTIALS",
    "HYPERSTACK_API_KEY",
    "NCP_ACCESS_KEY",
    "NCP_SECRET_KEY",
    "SandboxCredentials",
]

HYPERSTACK_API_KEY = "sandbox-hyperstack-key"
NCP_ACCESS_KEY = "SANDBOXACCESSKEY0001"
NCP_SECRET_KEY = "sandbox-secret-key-not-a-real-secret"  # noqa: S105 -- a fake, printed on purpose


@dataclass(frozen=True)
class SandboxCredentials:
    """The one Hyperstack key and the one NCP key pair a sandbox accepts."""

    hyperstack_api_key: str = HYPERSTACK_API_KEY
    ncp_access_key: str = NCP_ACCESS_KEY
    ncp_secret_key: str = NCP_SECRET_KEY
    ncp_denied_operations: frozenset[str] = field(default_factory=frozenset)
    """NCP operations the key may not call: they answer 401 Permission Denied (``errorCode`` ``"210"``),
    as for an IAM sub account with usage permissions only (``{"getContractDemandCostList",
    "getDemandCostList"}``)."""

    def __post_init__(self) -> None:
        if not isinstance(self.ncp_denied_operations, frozenset):
            object.__setattr__(self, "ncp_denied_operations", frozenset(self.ncp_denied_operations))
        for name in ("hyperstack_api_key", "ncp_access_key", "ncp_secret_key"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value or not value.isascii() or not value.isprintable():
                raise ValueError(f"{name} must be a non-empty printable ASCII string")


DEFAULT_CREDENTIALS = SandboxCredentials()
