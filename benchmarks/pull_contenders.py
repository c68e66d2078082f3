"""One pull, timed in a fresh process: ``python benchmarks/pull_contenders.py NAME BASE_URL``.

``bench_pull.py`` runs every contender this way, one process per pull, so each starts as a user's
program does and its peak RSS is its own. The pull runs after the imports (their cost is a figure of its
own, ``bench_import.py``) and includes building the client. It prints one JSON line: ``rows`` pulled,
``wall`` and ``cpu`` seconds of the pull (CPU of the whole process, every thread), and ``peak_rss`` in
bytes (``ru_maxrss``: the process's high-water mark, imports included).

The hand-written contenders are what a careful user writes without this package: httpx2, ``json.loads``
(or ``ElementTree``), dicts; NCP requests signed with HMAC-SHA256 as the gateway requires; the same
pages, the same checks a script would make (``totalRows``, a short page), no typed models.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import resource
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

ACCESS_KEY = "AKBENCHFAKE000000000"
SECRET_KEY = "SKBENCHFAKE0000000000000000000000000000"  # noqa: S105 - obviously fake
HYPERSTACK_KEY = "bench-fake-api-key"
WINDOWS = (("202401", "202403"), ("202404", "202406"), ("202407", "202409"), ("202410", "202412"))
NCP_PAGE = 1000
HYPERSTACK_PAGE = 100
CONCURRENCY = 4


# --- ours ---------------------------------------------------------------------------------------------------


def ours_ncp_sync(base: str, fmt: str) -> int:
    from cloudcontracts.ncloud import NcloudBilling  # noqa: PLC0415

    with NcloudBilling(ACCESS_KEY, SECRET_KEY, base_url=f"{base}/billing/v1", response_format=fmt) as billing:  # type: ignore[arg-type]
        return sum(1 for _ in billing.iter_contract_usage("202401", "202412"))


async def ours_ncp_async(base: str, fmt: str) -> int:
    from cloudcontracts.ncloud import AsyncNcloudBilling  # noqa: PLC0415

    rows = 0
    async with AsyncNcloudBilling(
        ACCESS_KEY,
        SECRET_KEY,
        base_url=f"{base}/billing/v1",
        response_format=fmt,
        concurrency=CONCURRENCY,  # type: ignore[arg-type]
    ) as billing:
        async for _ in billing.iter_contract_usage("202401", "202412"):
            rows += 1
    return rows


def ours_hyperstack_sync(base: str) -> int:
    from cloudcontracts.hyperstack import HyperstackContracts  # noqa: PLC0415

    with HyperstackContracts(HYPERSTACK_KEY, base_url=f"{base}/v1") as client:
        return sum(1 for _ in client.iter_contracts(per_page=HYPERSTACK_PAGE))


async def ours_hyperstack_async(base: str) -> int:
    from cloudcontracts.hyperstack import AsyncHyperstackContracts  # noqa: PLC0415

    rows = 0
    async with AsyncHyperstackContracts(
        HYPERSTACK_KEY, base_url=f"{base}/v1", concurrency=CONCURRENCY
    ) as client:
        async for _ in client.iter_contracts(per_page=HYPERSTACK_PAGE):
            rows += 1
    return rows


# --- hand-written: NCP -------------------------------------------------------------------------------


def _ncp_request(base: str, window: tuple[str, str], page: int, fmt: str) -> tuple[str, dict[str, str]]:
    query = urlencode(
        {
            "pageNo": page,
            "pageSize": NCP_PAGE,
            "startMonth": window[0],
            "endMonth": window[1],
            "responseFormatType": fmt,
        }
    )
    path = base.split("/", 3)[3]
    uri = f"/{path}/billing/v1/cost/getContractUsageList?{query}"
    timestamp = str(int(time.time() * 1000))
    message = f"GET {uri}\n{timestamp}\n{ACCESS_KEY}".encode()
    signature = base64.b64encode(hmac.new(SECRET_KEY.encode(), message, hashlib.sha256).digest()).decode()
    headers = {
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": ACCESS_KEY,
        "x-ncp-apigw-signature-v2": signature,
    }
    return base.split("/l", 1)[0] + uri, headers


def _ncp_json_rows(body: bytes) -> tuple[list[dict[str, Any]], int]:
    response = json.loads(body)["getContractUsageListResponse"]
    if response.get("returnCode") != "0":
        raise RuntimeError(response.get("returnMessage"))
    return response["contractList"], int(response["totalRows"])


def hand_ncp_sync(base: str) -> int:
    import httpx2  # noqa: PLC0415

    rows = 0
    with httpx2.Client(timeout=60) as client:
        for window in WINDOWS:
            page, pages = 1, 1
            while page <= pages:
                url, headers = _ncp_request(base, window, page, "json")
                response = client.get(url, headers=headers)
                response.raise_for_status()
                contracts, total = _ncp_json_rows(response.content)
                pages = -(-total // NCP_PAGE)
                rows += len(contracts)
                page += 1
    return rows


def _element_dict(element: ET.Element) -> Any:
    """An element as the JSON form has it: text for a leaf, a list for a ``...List``, else a dict."""
    children = list(element)
    if not children:
        return [] if element.tag.endswith("List") else (element.text or "")
    if element.tag.endswith("List"):
        return [_element_dict(child) for child in children]
    return {child.tag: _element_dict(child) for child in children}


def hand_ncp_xml_sync(base: str) -> int:
    import httpx2  # noqa: PLC0415

    rows = 0
    with httpx2.Client(timeout=60) as client:
        for window in WINDOWS:
            page, pages = 1, 1
            while page <= pages:
                url, headers = _ncp_request(base, window, page, "xml")
                response = client.get(url, headers=headers)
                response.raise_for_status()
                root = ET.fromstring(response.content)  # noqa: S314 - the benchmark's own server
                if root.findtext("returnCode") != "0":
                    raise RuntimeError(root.findtext("returnMessage"))
                pages = -(-int(root.findtext("totalRows") or "0") // NCP_PAGE)
                rows += len(_element_dict(root.find("contractList")))  # type: ignore[arg-type]
                page += 1
    return rows


async def hand_ncp_async(base: str) -> int:
    import httpx2  # noqa: PLC0415

    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx2.AsyncClient(timeout=60) as client:

        async def get(window: tuple[str, str], page: int) -> tuple[list[Any], int]:
            async with limit:
                url, headers = _ncp_request(base, window, page, "json")
                response = await client.get(url, headers=headers)
            response.raise_for_status()
            return _ncp_json_rows(response.content)

        async def one_window(window: tuple[str, str]) -> int:
            first, total = await get(window, 1)
            pages = range(2, -(-total // NCP_PAGE) + 1)
            return len(first) + sum(
                len(rows) for rows, _ in await asyncio.gather(*(get(window, page) for page in pages))
            )

        return sum(await asyncio.gather(*(one_window(window) for window in WINDOWS)))


# --- hand-written: Hyperstack -------------------------------------------------------------------------------


def hand_hyperstack_sync(base: str) -> int:
    import httpx2  # noqa: PLC0415

    rows = 0
    with httpx2.Client(base_url=f"{base}/v1", headers={"api_key": HYPERSTACK_KEY}, timeout=60) as client:
        page = 1
        while True:
            response = client.get("/pricebook/contracts", params={"page": page, "per_page": HYPERSTACK_PAGE})
            response.raise_for_status()
            data = json.loads(response.content)
            contracts = data["contracts"]
            rows += len(contracts)
            if len(contracts) < HYPERSTACK_PAGE or rows >= data.get("count", 0):
                return rows
            page += 1


async def hand_hyperstack_async(base: str) -> int:
    import httpx2  # noqa: PLC0415

    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx2.AsyncClient(
        base_url=f"{base}/v1", headers={"api_key": HYPERSTACK_KEY}, timeout=60
    ) as client:

        async def get(page: int) -> dict[str, Any]:
            async with limit:
                response = await client.get(
                    "/pricebook/contracts", params={"page": page, "per_page": HYPERSTACK_PAGE}
                )
            response.raise_for_status()
            return json.loads(response.content)  # type: ignore[no-any-return]

        first = await get(1)
        pages = -(-int(first["count"]) // HYPERSTACK_PAGE)
        rest = await asyncio.gather(*(get(page) for page in range(2, pages + 1)))
    return sum(len(data["contracts"]) for data in [first, *rest])


CONTENDERS: dict[str, Callable[[str], int | Awaitable[int]]] = {
    "ours-ncp-sync": lambda base: ours_ncp_sync(base, "json"),
    "ours-ncp-async": lambda base: ours_ncp_async(base, "json"),
    "ours-ncp-xml-sync": lambda base: ours_ncp_sync(base, "xml"),
    "hand-ncp-sync": hand_ncp_sync,
    "hand-ncp-async": hand_ncp_async,
    "hand-ncp-xml-sync": hand_ncp_xml_sync,
    "ours-hyperstack-sync": ours_hyperstack_sync,
    "ours-hyperstack-async": ours_hyperstack_async,
    "hand-hyperstack-sync": hand_hyperstack_sync,
    "hand-hyperstack-async": hand_hyperstack_async,
}


def main() -> None:
    name, base = sys.argv[1], sys.argv[2]
    # Imports first, outside the timing: every contender's modules are loaded before the clock starts.
    import httpx2  # noqa: F401, PLC0415

    if name.startswith("ours-"):
        import cloudcontracts.hyperstack  # noqa: PLC0415
        import cloudcontracts.ncloud  # noqa: F401, PLC0415
    run = CONTENDERS[name]
    wall, cpu = time.perf_counter(), time.process_time()
    result = run(base)
    rows = asyncio.run(result) if asyncio.iscoroutine(result) else result
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": rows, "wall": wall, "cpu": cpu, "peak_rss": peak}))


if __name__ == "__main__":
    main()
