"""A local fake of both providers' APIs (every operation of the two OpenAPI documents), for tests and demos.

Organised as moto organises a faked service, with its differences: signatures are checked by default, it
binds 127.0.0.1 only, and each instance has its own state. As Stoplight Prism does, it answers any
operation of its documents, validates requests against them (refusing undeclared parameters, as a strict
gateway does) and builds bodies from the response schemas; for the operations it models in depth
(Hyperstack's contracts, GPU graph, machines, VM billing history and pricebook; NCP's usage, cost and
invoices) it serves seeded, realistic data instead, one consistent world per seed.

- state: :mod:`.config` (seed, sizes, open behaviours), :mod:`.seeding`, :mod:`.state`, :mod:`.runtime`;
  money: :mod:`.ncp_money`, :mod:`.hyperstack_money` (machines under the contracts, their bills, prices);
- generation from schemas: :mod:`.schema_values`, :mod:`.generic_api` (the answer of an operation
  without hand-written behaviour), :mod:`.xml_render` (NCP's XML form of the same data);
- request rules: :mod:`.request_rules` (declared parameters, NCP's and Hyperstack's conventions),
  :mod:`.ncloud_auth` (signature v2), :mod:`.handling` (the order each provider applies them in);
- providers' answers and hand-written overrides: :mod:`.hyperstack_api`, :mod:`.ncloud_api`;
  faults in :mod:`.faults` (which) and :mod:`.fault_responses` (how);
- routing: :mod:`.operations` (the documents and their operations), :mod:`.app`, :mod:`.control`
  (``/_sandbox``);
- serving: :mod:`.server` (:class:`Sandbox`, a context manager running uvicorn in a thread),
  ``python -m cloudcontracts.sandbox`` (:mod:`.__main__`), and pytest fixtures in :mod:`.pytest_plugin`.

``create_app(documents=SandboxDocuments(hyperstack=..., ncloud=...))`` serves other documents (a
modified copy, say); ``overrides={}`` answers every operation from its schema.

This subpackage needs the ``sandbox`` extra (Starlette and uvicorn) and is never imported by
``import cloudcontracts``.
"""

from __future__ import annotations

from cloudcontracts.sandbox.app import DEFAULT_OVERRIDES, SandboxApp, create_app
from cloudcontracts.sandbox.call import Call, Override
from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.credentials import (
    HYPERSTACK_API_KEY,
    NCP_ACCESS_KEY,
    NCP_SECRET_KEY,
    SandboxCredentials,
)
from cloudcontracts.sandbox.faults import Fault, FaultInjector, FaultPlan
from cloudcontracts.sandbox.operations import SandboxDocuments
from cloudcontracts.sandbox.server import Sandbox
from cloudcontracts.sandbox.state import SandboxState

__all__ = [
    "DEFAULT_OVERRIDES",
    "HYPERSTACK_API_KEY",
    "NCP_ACCESS_KEY",
    "NCP_SECRET_KEY",
    "Call",
    "Fault",
    "FaultInjector",
    "FaultPlan",
    "Override",
    "Sandbox",
    "SandboxApp",
    "SandboxConfig",
    "SandboxCredentials",
    "SandboxDocuments",
    "SandboxState",
    "create_app",
]
