"""A raw-socket HTTP/1.1 server on 127.0.0.1 that controls every byte it sends, for hostile-server tests.

Each request is read up to its blank line and handed to ``handler(request)``, which returns what to
send: a sequence of ``bytes`` (sent as they are) and ``float`` (seconds to pause), or :data:`CLOSE` to
drop the connection without a word. A connection serves requests until the handler's answer ends with
:data:`CLOSE` or the client goes away. The server runs in daemon threads; stopping it closes every
connection, so a trickling answer ends with the test.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

CLOSE = object()
Answer = Iterable[Any]


@dataclass
class RawRequest:
    method: str
    target: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, str]:
        return {name: values[-1] for name, values in parse_qs(urlsplit(self.target).query).items()}


def response(
    status: int = 200,
    body: bytes | str | Any = b"",
    *,
    headers: Sequence[tuple[str, str]] = (),
    reason: str = "X",
    length: bool = True,
) -> bytes:
    """One complete response: a status line, ``headers``, Content-Length (unless ``length=False``)."""
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    data = body.encode() if isinstance(body, str) else body
    lines = [f"HTTP/1.1 {status} {reason}", *(f"{name}: {value}" for name, value in headers)]
    if length:
        lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data


def trickle(data: bytes, every: float) -> list[Any]:
    """``data`` one byte at a time, ``every`` seconds apart."""
    answer: list[Any] = []
    for index in range(len(data)):
        answer += [data[index : index + 1], every]
    return answer


def gzipped(data: bytes, layers: int = 1) -> bytes:
    for _ in range(layers):
        data = gzip.compress(data, mtime=0)
    return data


@dataclass
class HostileServer:
    handler: Callable[[RawRequest], Answer]
    requests: list[RawRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._connections: list[socket.socket] = []
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> HostileServer:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stopped.set()
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _read_request(self, connection: socket.socket, buffer: bytearray) -> RawRequest | None:
        while b"\r\n\r\n" not in buffer:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            buffer += chunk
        head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
        buffer[:] = rest  # GET requests: no body
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return RawRequest(method, target, headers)

    def _serve(self, connection: socket.socket) -> None:
        buffer = bytearray()
        try:
            while not self._stopped.is_set():
                request = self._read_request(connection, buffer)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                for part in self.handler(request):
                    if self._stopped.is_set():
                        return
                    if part is CLOSE:
                        return
                    if isinstance(part, (int, float)):
                        time.sleep(part)
                    else:
                        connection.sendall(part)
        except OSError:
            return
        finally:
            connection.close()
