"""Serving a sandbox with uvicorn on 127.0.0.1: in a background thread for tests, or in the foreground.

::

    from cloudcontracts.sandbox import Sandbox

    with Sandbox(seed=1, ncp_contracts=10, faults=["503", "ok"]) as sb:
        client = NcloudBilling(sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url)
        ...
        assert sb.faults.injected == [("getContractUsageList", "503")]

The listening socket is bound here, to 127.0.0.1 only (there is no way to bind elsewhere: the sandbox
answers to fake credentials and has an unauthenticated control API), before the server starts, so the
port is known at once even when it was 0 (any free port). :meth:`Sandbox.start` returns once uvicorn
accepts connections; :meth:`Sandbox.stop` asks it to exit and waits for its thread. uvicorn runs with the
h11 protocol (the one whose transport the ``drop`` and ``truncate`` faults reach), no lifespan, no
access log, and without touching the process's logging configuration.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import uvicorn

from cloudcontracts.core.validation import whole_number
from cloudcontracts.sandbox.app import FaultsArgument, SandboxApp, create_app
from cloudcontracts.sandbox.call import Override
from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.credentials import DEFAULT_CREDENTIALS, SandboxCredentials
from cloudcontracts.sandbox.endpoints import SandboxEndpoints
from cloudcontracts.sandbox.faults import FaultInjector
from cloudcontracts.sandbox.operations import SandboxDocuments
from cloudcontracts.sandbox.runtime import Clock
from cloudcontracts.sandbox.state import SandboxState

__all__ = ["LOOPBACK", "Sandbox", "bind_loopback", "uvicorn_server"]

LOOPBACK = "127.0.0.1"
_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 5.0


def bind_loopback(port: int) -> socket.socket:
    """A TCP socket bound to 127.0.0.1:``port`` (0: any free port), not yet listening."""
    whole_number("port", port, minimum=0, maximum=65535)
    # proto=IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off only on sockets that say they are TCP,
    # and with it on, a response's headers and body (two writes) wait 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # As uvicorn does: a restarted server may rebind a port still in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
    except OSError:
        sock.close()
        raise
    return sock


def uvicorn_server(app: SandboxApp, port: int) -> uvicorn.Server:
    """The uvicorn server the sandbox runs (``port`` only labels it: the socket is passed in)."""
    config = uvicorn.Config(
        app,
        host=LOOPBACK,
        port=port,
        http="h11",
        ws="none",
        lifespan="off",
        loop="asyncio",
        log_config=None,  # leave the host process's logging alone
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=1,
    )
    return uvicorn.Server(config)


class Sandbox(SandboxEndpoints):
    """A sandbox served on 127.0.0.1 from a background thread; a context manager.

    ``config`` and/or keyword overrides (``seed=3, ncp_contracts=10``, the fields of
    :class:`~.config.SandboxConfig`) seed it; ``faults`` is a fault plan, a script such as
    ``["503", "ok", "drop"]``, or a plan's JSON; ``clock`` (seconds since the epoch) is what NCP
    timestamps are checked against and what the GPU graph's default period ends at; ``documents`` and
    ``overrides`` are those of :func:`~.app.create_app` (other OpenAPI documents; hand-written behaviour).
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        port: int = 0,
        faults: FaultsArgument = None,
        clock: Clock = time.time,
        credentials: SandboxCredentials = DEFAULT_CREDENTIALS,
        documents: SandboxDocuments | None = None,
        overrides: Mapping[str, Override] | None = None,
        **changes: Any,
    ) -> None:
        self.app = create_app(
            config,
            faults=faults,
            clock=clock,
            credentials=credentials,
            documents=documents,
            overrides=overrides,
            **changes,
        )
        self._requested_port = port
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    # --- lifecycle ------------------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Bind, serve from a daemon thread, and return once connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("this sandbox is already running")
        sock = bind_loopback(self._requested_port)
        port = int(sock.getsockname()[1])
        server = uvicorn_server(self.app, port)
        self._error = None
        thread = threading.Thread(
            target=self._serve, args=(server, sock), name=f"cloudcontracts-sandbox-{port}", daemon=True
        )
        self._server, self._thread, self._port = server, thread, port
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the sandbox did not start on {LOOPBACK}:{port}") from self._error
            time.sleep(0.005)
        return self

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported by start(), not lost in a thread
            self._error = exc
        finally:
            sock.close()

    def stop(self) -> None:
        """Stop serving and wait for the thread (idempotent)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        if thread.is_alive():  # a request still sleeping on a latency fault: stop waiting for it
            server.force_exit = True
            thread.join(_STOP_TIMEOUT)
        self._server = self._thread = None
        self._port = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None

    # --- where and how to connect ---------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the sandbox is not running: use it as a context manager or call start()")
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def root_url(self) -> str:
        return self.url

    @property
    def credentials(self) -> SandboxCredentials:
        return self.app.credentials

    # --- data and faults ------------------------------------------------------------------------------

    @property
    def state(self) -> SandboxState:
        """The data being served (exact expected values for tests)."""
        return self.app.state

    @property
    def config(self) -> SandboxConfig:
        return self.app.config

    @property
    def faults(self) -> FaultInjector:
        """The fault plan in force: ``sb.faults.script("503")``, ``sb.faults.history``..."""
        return self.app.faults

    def reset(self, *, faults: FaultsArgument = None, **changes: Any) -> SandboxState:
        """Reseed (the instance's config with ``changes``) and restore its fault plan (or ``faults``)."""
        return self.app.reset(faults=faults, **changes)

    def __repr__(self) -> str:
        where = self.url if self._port is not None else "not running"
        return f"Sandbox({where}, seed={self.config.seed})"
