"""The README's examples run as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- readme-example: {re.escape(name)} -->\n```python\n(.*?)```", text, re.S)
    assert match, f"README example {name!r} not found"
    return match.group(1)


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("api_key")))
        body = json.dumps(
            {
                "status": True,
                "message": "Success",
                "count": 1,
                "contracts": [
                    {
                        "id": 101,
                        "status": "active",
                        "start_date": "2026-01-01T00:00:00",
                        "end_date": "2026-12-31T23:59:59",
                    }
                ],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def local_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_generated_function_example_runs(local_api: str, tmp_path: Path) -> None:
    _Handler.seen.clear()
    script = tmp_path / "example.py"
    script.write_text(readme_block("generated-list-contracts"), encoding="utf-8")
    env = {**os.environ, "HYPERSTACK_API_ADDRESS": local_api, "HYPERSTACK_API_KEY": "fake-readme-key"}
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    # The models hold aware UTC datetimes: str() of one is its ISO form with a space and +00:00.
    assert result.stdout == "101 active 2026-01-01 00:00:00+00:00 2026-12-31 23:59:59+00:00\n"
    assert _Handler.seen == [("/v1/pricebook/contracts?page=1&per_page=50", "fake-readme-key")]


def test_sandbox_example_runs(tmp_path: Path) -> None:
    script = tmp_path / "sandbox_example.py"
    script.write_text(readme_block("sandbox-ncloud") + "print(len(rows))\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=60
    )
    assert int(result.stdout) > 0
