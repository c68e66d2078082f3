"""``python -m cloudcontracts.sandbox``: serve the sandbox on 127.0.0.1 until interrupted.

Prints the base URLs, the fake credentials and the matching environment variables, then serves in the
foreground (Ctrl-C stops it). Every :class:`~.config.SandboxConfig` field is an option
(``--seed 3 --ncp-contracts 100 --hyperstack-count page``); ``--fault`` scripts faults and
``--fault-probability`` with ``--fault-kinds`` adds random ones. There is deliberately no option to
listen anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import typing
from collections.abc import Callable, Sequence
from typing import Any

from cloudcontracts.sandbox.app import SandboxApp, create_app
from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.control import CONTROL_PREFIX
from cloudcontracts.sandbox.faults import FaultPlan
from cloudcontracts.sandbox.server import LOOPBACK, bind_loopback, uvicorn_server

__all__ = ["banner", "main", "parser"]


def _optional_int(text: str) -> int | None:
    return None if text.lower() in ("", "none", "auto") else int(text)


def _converter(annotation: Any) -> tuple[Callable[[str], Any], Sequence[str] | None]:
    if typing.get_origin(annotation) is typing.Literal:
        return str, [str(choice) for choice in typing.get_args(annotation)]
    if annotation is int:
        return int, None
    if annotation is str:
        return str, None
    return _optional_int, None  # int | None


def parser() -> argparse.ArgumentParser:
    """The command line: --port, one option per config field, and fault options."""
    defaults = SandboxConfig()
    cli = argparse.ArgumentParser(
        prog="python -m cloudcontracts.sandbox",
        description="Fake Hyperstack contracts and NCP Billing APIs on 127.0.0.1, with fake credentials.",
    )
    cli.add_argument(
        "--port", type=int, default=8080, help="port on 127.0.0.1 (0: any free port; default 8080)"
    )
    hints = typing.get_type_hints(SandboxConfig)
    for field in dataclasses.fields(SandboxConfig):
        convert, choices = _converter(hints[field.name])
        cli.add_argument(
            "--" + field.name.replace("_", "-"),
            dest=field.name,
            type=convert,
            choices=choices,
            default=getattr(defaults, field.name),
            help=f"(default: {getattr(defaults, field.name)})",
        )
    cli.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="a fault for the next request, in order (repeatable): 429, 429:2, 503, drop, latency:1.5, ...",
    )
    cli.add_argument("--fault-probability", type=float, default=0.0, help="probability of a random fault")
    cli.add_argument("--fault-kinds", default="503", help="comma-separated faults to draw from (default 503)")
    cli.add_argument("--fault-seed", type=int, default=0, help="seed of the random faults")
    return cli


def banner(app: SandboxApp, url: str) -> str:
    """What the server prints: where to connect and with which fake credentials."""
    credentials = app.credentials
    hyperstack_url = url + app.documents.base_path("hyperstack")
    ncloud_url = url + app.documents.base_path("ncloud")
    return "\n".join(
        [
            f"cloudcontracts sandbox on {url} (seed {app.config.seed}); Ctrl-C to stop",
            f"  Hyperstack base URL : {hyperstack_url}",
            f"  Hyperstack api_key  : {credentials.hyperstack_api_key}",
            f"  NCP base URL        : {ncloud_url}",
            f"  NCP access key      : {credentials.ncp_access_key}",
            f"  NCP secret key      : {credentials.ncp_secret_key}",
            f"  Control             : POST {url}{CONTROL_PREFIX}/reset, GET {url}{CONTROL_PREFIX}/state, "
            f"{url}{CONTROL_PREFIX}/faults",
            "Environment for the clients:",
            f"  export HYPERSTACK_API_KEY={credentials.hyperstack_api_key}",
            f"  export HYPERSTACK_API_ADDRESS={hyperstack_url}",
            f"  export NCLOUD_ACCESS_KEY_ID={credentials.ncp_access_key}",
            f"  export NCLOUD_SECRET_ACCESS_KEY={credentials.ncp_secret_key}",
            f"  export NCLOUD_API_GW={ncloud_url}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parser().parse_args(argv)
    changes = {field.name: getattr(options, field.name) for field in dataclasses.fields(SandboxConfig)}
    try:
        faults = FaultPlan.from_json(
            {
                "script": options.fault,
                "probability": options.fault_probability,
                "kinds": [kind for kind in options.fault_kinds.split(",") if kind.strip()],
                "seed": options.fault_seed,
            }
        )
        app = create_app(SandboxConfig(**changes), faults=faults)
        sock = bind_loopback(options.port)
    except (ValueError, TypeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    port = int(sock.getsockname()[1])
    print(banner(app, f"http://{LOOPBACK}:{port}"), flush=True)
    server = uvicorn_server(app, port)
    try:
        server.run(sockets=[sock])  # in the main thread: uvicorn shuts down gracefully on Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it handled once it has shut down: stopping that way is a normal exit.
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
