"""Decoding a 1000-contract Hyperstack list page: our path vs the official SDK vs ``json.loads`` alone.

    python benchmarks/bench_hyperstack_decode.py [--rounds 15] [--repeat 5] [--no-sdk] [--quick] [--json FILE]

The page is deterministic (``hyperstack_pages.list_page_bytes``: 1000 contracts, 3 discounts each,
about 0.9 MB of compact JSON). Contenders, all decoding the same bytes into typed models:

- ``json.loads`` alone: the floor;
- ours, decode: what the wrapper's response path costs, ``json.loads`` then the generated
  ``GetCustomerContractsListResponseModel.from_dict`` (the hook's body check only looks at the first
  bytes, so it is not part of the cost);
- ours, full call: ``HyperstackContracts.list_contracts()`` end to end through an ``httpx2.MockTransport``
  (httpx request and response, response hook, generated parsing, result checks);
- the official SDK (PyPI ``hyperstack``, OpenAPI Generator + pydantic):
  ``GetCustomerContractsListResponseModel.from_json``;
- pydantic v2 models of the same schema written by hand (every field optional, unknown fields kept, as
  ours), ``model_validate_json``;
- msgspec ``Struct`` types of the same schema, ``msgspec.json.decode(data, type=...)`` (unknown fields
  dropped: msgspec cannot keep them).

The SDK is **not** a dependency of cloudcontracts: the benchmark installs it for itself into
``benchmarks/.sdk-venv`` (git-ignored) and times it in that interpreter, a worker subprocess driven over
a pipe, so rounds can interleave (``harness.interleave``: each round times every contender once, in a
rotating order, and the ratios are taken per round). Timing follows ``timeit``'s conventions (garbage
collector off while timing; each figure is the mean of ``--repeat`` decodes). When the SDK cannot be
installed (no network, no index), that comparison is skipped and the output says so.

pydantic and msgspec run in the SDK's venv too (the SDK brings pydantic v2; msgspec is installed beside
it), so none of them is a dependency of cloudcontracts.

The bar: ours (decode) at most 0.6x the SDK's ``from_json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from harness import (
    SDK_REQUIREMENT,
    Figure,
    LineWorker,
    bench_arguments,
    ensure_sdk,
    finish,
    interleave,
    print_times,
    ratios,
    rounds_of,
    timed,
    use_tree,
)
from hyperstack_pages import list_page_bytes

BAR = 0.6

# --- the SDK side: runs inside benchmarks/.sdk-venv, imports nothing of ours -----------------------------


def sdk_worker(page_path: str) -> None:
    """Answer "<kind> <repeat>" lines (kind: sdk, pydantic, msgspec) with the mean seconds of that many
    decodes of the page."""
    from importlib.metadata import version  # noqa: PLC0415
    from typing import Any  # noqa: PLC0415

    import msgspec  # noqa: PLC0415
    from hyperstack.models.get_customer_contracts_list_response_model import (  # noqa: PLC0415
        GetCustomerContractsListResponseModel,
    )
    from hyperstack_third_party import ListPage, MsListPage  # noqa: PLC0415

    data = Path(page_path).read_bytes()
    decoders: dict[str, Any] = {
        "sdk": lambda: GetCustomerContractsListResponseModel.from_json(data),  # type: ignore[arg-type]
        "pydantic": lambda: ListPage.model_validate_json(data),
        "msgspec": lambda: msgspec.json.decode(data, type=MsListPage),
    }
    for decode in decoders.values():
        decoded = decode()
        contracts = decoded.contracts if decoded is not None else None
        if not contracts or len(contracts) != 1000 or len(contracts[0].discounts or []) != 3:
            raise SystemExit("a decoder in the SDK's venv decoded an unexpected shape")
    print(
        f"ready hyperstack {version('hyperstack')}, pydantic {version('pydantic')}, "
        f"msgspec {version('msgspec')}",
        flush=True,
    )
    for line in sys.stdin:
        kind, repeat = line.split()
        print(repr(timed(decoders[kind], int(repeat))), flush=True)


# --- our side ----------------------------------------------------------------------------------------------


def our_contenders(data: bytes) -> dict[str, Callable[[], object]]:
    use_tree()  # measure the checkout, not whatever version is installed in the environment
    import httpx2  # noqa: PLC0415

    from cloudcontracts.hyperstack import HyperstackContracts  # noqa: PLC0415
    from hyperstack_client.models import GetCustomerContractsListResponseModel  # noqa: PLC0415

    def ours_decode() -> object:
        return GetCustomerContractsListResponseModel.from_dict(json.loads(data))

    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=data))
    client = HyperstackContracts("bench-fake-key", transport=transport, max_retries=0)

    def ours_call() -> object:
        return client.list_contracts(page=1, per_page=1000)

    page = ours_call()
    assert isinstance(page, GetCustomerContractsListResponseModel)
    assert isinstance(page.contracts, list)
    assert len(page.contracts) == 1000
    return {
        "json.loads alone": lambda: json.loads(data),
        "ours: json.loads + generated from_dict": ours_decode,
        "ours: full list_contracts() via MockTransport": ours_call,
    }


def main() -> int:
    parser = bench_arguments(__doc__.split("\n\n")[0], rounds=15)
    parser.add_argument("--repeat", type=int, default=5, help="decodes per contender per round")
    parser.add_argument("--no-sdk", action="store_true", help="skip the official SDK comparison")
    parser.add_argument("--sdk-worker", metavar="PAGE", help="(internal) run as the SDK timing worker")
    args = parser.parse_args()
    if args.sdk_worker:
        sdk_worker(args.sdk_worker)
        return 0
    rounds, repeat = rounds_of(args), args.repeat

    data = list_page_bytes(size=1000, discounts=3)
    decoders = our_contenders(data)
    contenders: dict[str, Callable[[], float]] = {
        name: (lambda decode=decode: timed(decode, repeat)) for name, decode in decoders.items()
    }
    worker: LineWorker | None = None
    skipped = "--no-sdk given"
    with tempfile.TemporaryDirectory() as scratch:
        page_path = Path(scratch) / "page.json"
        page_path.write_bytes(data)
        if not args.no_sdk:
            python, skipped = ensure_sdk()
            if python is not None:
                worker = LineWorker(
                    [str(python), str(Path(__file__).resolve()), "--sdk-worker", str(page_path)]
                )
                sdk_name = f"official SDK from_json ({worker.info})"
                pydantic_name = "pydantic v2 model_validate_json (same schema)"
                msgspec_name = "msgspec json.decode into Structs (same schema)"
                for name, kind in ((sdk_name, "sdk"), (pydantic_name, "pydantic"), (msgspec_name, "msgspec")):
                    contenders[name] = lambda kind=kind: float(worker.ask(f"{kind} {repeat}"))  # type: ignore[union-attr]
        try:
            times = interleave(contenders, rounds)
        finally:
            if worker is not None:
                worker.close()
    print(
        f"Hyperstack list page: 1000 contracts x 3 discounts, {len(data) / 1e6:.2f} MB of JSON; "
        f"{rounds} interleaved rounds x {repeat} decodes each; Python {sys.version.split()[0]}\n"
    )
    print_times(times)
    json_name, decode_name, call_name = list(decoders)
    figures = []
    if worker is not None:
        figures += [
            Figure.of(
                "Hyperstack 1000-contract page → typed models (json.loads + generated from_dict)",
                f"official SDK `from_json` ({SDK_REQUIREMENT})",
                ratios(times, decode_name, sdk_name),
                BAR,
            ),
            Figure.of(
                "same",
                "pydantic v2 `model_validate_json`, same schema (unknown fields kept)",
                ratios(times, decode_name, pydantic_name),
            ),
            Figure.of(
                "same",
                "msgspec `json.decode` into `Struct`s, same schema",
                ratios(times, decode_name, msgspec_name),
            ),
            Figure.of(
                "Hyperstack full `list_contracts()` call via MockTransport",
                "official SDK `from_json`",
                ratios(times, call_name, sdk_name),
            ),
        ]
    figures.append(
        Figure.of(
            "Hyperstack 1000-contract page → typed models",
            "`json.loads` alone",
            ratios(times, decode_name, json_name),
        )
    )
    if worker is not None:
        figures.append(
            Figure.of("official SDK `from_json`", "`json.loads` alone", ratios(times, sdk_name, json_name))
        )
    else:
        print(f"\nofficial SDK comparison skipped: {skipped}")
    return finish(args, "bench_hyperstack_decode", figures, rounds=rounds, repeat=repeat)


if __name__ == "__main__":
    sys.exit(main())
