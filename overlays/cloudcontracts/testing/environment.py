"""Where a cassette test's clients point, and with which keys: replay, recording against the sandbox, or live.

- **replay** (record mode ``none``, the default): fake keys, different from any used at record time, and
  base URLs on 127.0.0.1 (:data:`~.scrub.LOOPBACK_PORT`), so a request the cassette does not hold can
  never reach a real API; a named NCP profile and the alternative key variables are unset, so nothing
  from the developer's machine is read;
- **sandbox**: a sandbox of the session, reset (seed, data, request counter, faults) before each test so
  that one test's cassette does not depend on the tests before it;
- **live**: the environment as it is (the real keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.operations import SandboxDocuments
from cloudcontracts.testing.scrub import LOOPBACK_PORT

__all__ = [
    "CREDENTIAL_VARIABLES",
    "REPLAY_HYPERSTACK_API_KEY",
    "REPLAY_NCP_ACCESS_KEY",
    "REPLAY_NCP_SECRET_KEY",
    "REPLAY_ORIGIN",
    "UNSET_ON_REPLAY",
    "CassetteTarget",
    "Mode",
    "replay_environment",
]

Mode = Literal["replay", "sandbox", "live"]

REPLAY_ORIGIN = f"http://127.0.0.1:{LOOPBACK_PORT}"
REPLAY_HYPERSTACK_API_KEY = "replay-fake-hyperstack-key"
REPLAY_NCP_ACCESS_KEY = "REPLAYFAKEACCESSKEY1"
REPLAY_NCP_SECRET_KEY = "replay-fake-secret-key-not-real"  # noqa: S105 -- a fake, on purpose
CREDENTIAL_VARIABLES = (
    "HYPERSTACK_API_KEY",
    "NCLOUD_ACCESS_KEY_ID",
    "NCLOUD_ACCESS_KEY",
    "NCLOUD_SECRET_ACCESS_KEY",
    "NCLOUD_SECRET_KEY",
)
# Read by the clients and able to override what the kit sets: unset on replay.
UNSET_ON_REPLAY = ("NCLOUD_PROFILE", "NCLOUD_ACCESS_KEY", "NCLOUD_SECRET_KEY", "NCLOUD_SITE")


def replay_environment() -> dict[str, str]:
    """The variables set for a replayed cassette test."""
    documents = SandboxDocuments()
    return {
        "HYPERSTACK_API_KEY": REPLAY_HYPERSTACK_API_KEY,
        "HYPERSTACK_API_ADDRESS": REPLAY_ORIGIN + documents.base_path("hyperstack"),
        "NCLOUD_ACCESS_KEY_ID": REPLAY_NCP_ACCESS_KEY,
        "NCLOUD_SECRET_ACCESS_KEY": REPLAY_NCP_SECRET_KEY,
        "NCLOUD_API_GW": REPLAY_ORIGIN + documents.base_path("ncloud"),
    }


@dataclass(frozen=True)
class CassetteTarget:
    """What a cassette test runs against (the ``cloudcontracts_cassette`` fixture)."""

    mode: Mode
    environment: dict[str, str] = field(default_factory=dict)
    """The variables the kit set for this test (empty when live)."""
    sandbox: Sandbox | None = None
    """The sandbox being recorded (``mode == "sandbox"`` only)."""

    @property
    def sandbox_origin(self) -> str | None:
        """Where the sandbox's control routes are: the recorded sandbox, or the replay origin."""
        if self.sandbox is not None:
            return self.sandbox.url
        return REPLAY_ORIGIN if self.mode == "replay" else None
