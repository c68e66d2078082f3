"""A local HTTP/1.1 server answering pull benchmarks with precomputed bodies (127.0.0.1 only).

    python benchmarks/pull_server.py --contracts 5000 [--hyperstack-per-page 100]

Run in its own process by ``bench_pull.py``, so that its CPU and memory are not the client's. Every body
is built before the server listens; a request then costs a dictionary lookup and a write, whatever the
client. The latency of a request is in its path: ``/l50/...`` answers after 50 ms (each request waits on
its own, so concurrent requests overlap as they would against a real gateway).

- NCP, ``GET /l<ms>/billing/v1/cost/getContractUsageList``: a 12-month pull of ``--contracts`` contracts
  is four three-month windows of ``contracts / 1000`` pages of 1000 contracts (2 products x 3 usages
  each), in JSON or XML (``responseFormatType``); ``totalRows`` is ``--contracts``; the same contract
  numbers in every window, as a real account's contracts recur in each window they have usage in. Pages
  are read from ``startMonth`` (its quarter) and ``pageNo``. Signatures are not checked (the sandbox does
  that; this server only serves bytes).
- Hyperstack, ``GET /l<ms>/v1/pricebook/contracts?page=N&per_page=P``: ``--contracts`` contracts in
  pages of ``P``; ``count`` is the total, and a page past the end is empty.

The server prints ``ready <port>`` once it listens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from hyperstack_pages import list_page_dict  # noqa: E402
from support.ncp_fixtures import contract_usage_page, to_xml  # noqa: E402

NCP_PAGE_SIZE = 1000
WINDOWS = (("202401", "202403"), ("202404", "202406"), ("202407", "202409"), ("202410", "202412"))


def ncp_bodies(contracts: int) -> dict[tuple[int, int, str], bytes]:
    """``(window, page, format) -> body`` for a 12-month pull of ``contracts`` contracts."""
    bodies: dict[tuple[int, int, str], bytes] = {}
    pages = -(-contracts // NCP_PAGE_SIZE)
    for window in range(len(WINDOWS)):
        for page in range(1, pages + 1):
            rows = min(NCP_PAGE_SIZE, contracts - (page - 1) * NCP_PAGE_SIZE)
            document = contract_usage_page(rows, seed=window * 1000 + page)
            inner = document["getContractUsageListResponse"]
            inner["totalRows"] = contracts
            for index, contract in enumerate(inner["contractList"]):
                contract["contractNo"] = str(10_000_000 + (page - 1) * NCP_PAGE_SIZE + index)
            bodies[window, page, "json"] = json.dumps(document, ensure_ascii=False).encode("utf-8")
            bodies[window, page, "xml"] = to_xml(document)
    return bodies


def hyperstack_bodies(contracts: int, per_page: int) -> dict[tuple[int, int], bytes]:
    """``(page, per_page) -> body``; one empty page past the end."""
    bodies = {}
    pages = -(-contracts // per_page)
    for page in range(1, pages + 2):
        first = (page - 1) * per_page + 1
        size = max(0, min(per_page, contracts - first + 1))
        document = list_page_dict(first_id=first, size=size, count=contracts)
        bodies[page, per_page] = json.dumps(document, separators=(",", ":")).encode("utf-8")
    return bodies


class Server:
    def __init__(self, contracts: int, per_page: int) -> None:
        self.ncp = ncp_bodies(contracts)
        self.hyperstack = hyperstack_bodies(contracts, per_page)

    def body_for(self, target: str) -> tuple[int, bytes, str]:
        parts = urlsplit(target)
        _, _, path = parts.path.lstrip("/").partition("/")
        query = dict(parse_qsl(parts.query))
        if path == "billing/v1/cost/getContractUsageList":
            window = (int(query.get("startMonth", "202401")[4:]) - 1) // 3
            fmt = query.get("responseFormatType", "xml")
            body = self.ncp.get((window, int(query.get("pageNo", "1")), fmt))
            kind = "application/json" if fmt == "json" else "application/xml"
        elif path == "v1/pricebook/contracts":
            body = self.hyperstack.get((int(query.get("page", "1")), int(query.get("per_page", "0"))))
            kind = "application/json"
        else:
            body, kind = None, "text/plain"
        if body is None:
            return 404, b'{"status":false,"message":"not found"}', "application/json"
        return 200, body, kind

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("ascii")
                latency = int(target.lstrip("/").split("/", 1)[0].removeprefix("l") or 0) / 1000
                if latency:
                    await asyncio.sleep(latency)
                status, body, kind = self.body_for(target)
                writer.write(
                    f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\n"
                    f"Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode("ascii")
                )
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def serve(contracts: int, per_page: int) -> None:
    app = Server(contracts, per_page)
    server = await asyncio.start_server(app.handle, "127.0.0.1", 0, limit=1 << 20)
    port = server.sockets[0].getsockname()[1]
    print(f"ready {port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=5000)
    parser.add_argument("--hyperstack-per-page", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(serve(args.contracts, args.hyperstack_per_page))


if __name__ == "__main__":
    main()
