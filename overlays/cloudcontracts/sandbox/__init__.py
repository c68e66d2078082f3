"""A local fake of Hyperstack's contract API and NCP Billing's ``getContractUsageList``, for tests and demos.

Organised as moto organises a faked service, with its differences (``shared/reference/style.md``):
signatures are checked by default, it binds 127.0.0.1 only, and each instance has its own state.

- data: :mod:`.config` (seed, sizes, open behaviours), :mod:`.seeding`, :mod:`.state`, :mod:`.runtime`;
- request handling: :mod:`.hyperstack_api`, :mod:`.ncloud_api` with :mod:`.ncloud_auth` (signature v2)
  and :mod:`.xml_render`; faults in :mod:`.faults` (which) and :mod:`.fault_responses` (how);
- routing: :mod:`.operations` (from the OpenAPI documents), :mod:`.app`, :mod:`.control` (``/_sandbox``);
- serving: :mod:`.server` (:class:`Sandbox`, a context manager running uvicorn in a thread),
  ``python -m cloudcontracts.sandbox`` (:mod:`.__main__`), and pytest fixtures in :mod:`.pytest_plugin`.

This subpackage needs the ``sandbox`` extra (Starlette and uvicorn) and is never imported by
``import cloudcontracts``.
"""

from __future__ import annotations

from .app import SandboxApp, create_app
from .config import SandboxConfig
from .credentials import HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY, SandboxCredentials
from .faults import Fault, FaultInjector, FaultPlan
from .server import Sandbox
from .state import SandboxState

__all__ = [
    "HYPERSTACK_API_KEY",
    "NCP_ACCESS_KEY",
    "NCP_SECRET_KEY",
    "Fault",
    "FaultInjector",
    "FaultPlan",
    "Sandbox",
    "SandboxApp",
    "SandboxConfig",
    "SandboxCredentials",
    "SandboxState",
    "create_app",
]
