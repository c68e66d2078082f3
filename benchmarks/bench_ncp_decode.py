"""Decoding an NCP JSON page into the generated models, against ``json.loads`` alone.

    python benchmarks/bench_ncp_decode.py [--rounds 15] [--repeat 3] [--contracts 1000] [--quick] [--json F]

The page is deterministic (``tests/support/ncp_fixtures.page_bodies``: a ``getContractUsageList`` page of 1000
contracts x 2 products x 3 usages, about 12,000 model objects of which about 9,000 are code objects, and
4,000 dates). Contenders, decoding the same bytes:

- ``json.loads`` alone: the floor;
- ``json.loads`` + the generated ``GetContractUsageListResponseEnvelope.from_dict``: what the client's
  response path costs for a JSON page (typed dates included).

Rounds are interleaved (``harness.interleave``) and the figure is the median of the per-round ratios,
with their spread. Timing follows ``timeit``'s conventions (garbage collector off while timing). No bar:
this reports, and tells which generator template changes are worth keeping (docs/performance.md).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from harness import (
    ROOT,
    Figure,
    bench_arguments,
    finish,
    interleave,
    print_times,
    ratios,
    rounds_of,
    timed,
    use_tree,
)

use_tree()
sys.path.insert(0, str(ROOT / "tests"))

from support.ncp_fixtures import page_bodies  # noqa: E402

from ncloud_billing_client.models import GetContractUsageListResponseEnvelope  # noqa: E402

JSON_LOADS = "json.loads alone"
DECODE = "json.loads + generated from_dict"


def main() -> int:
    parser = bench_arguments(__doc__.split("\n\n")[0], rounds=15)
    parser.add_argument("--repeat", type=int, default=3, help="decodes per contender per round")
    parser.add_argument("--contracts", type=int, default=1000)
    args = parser.parse_args()
    rounds, repeat = rounds_of(args), args.repeat

    _, body = page_bodies(args.contracts)
    envelope = GetContractUsageListResponseEnvelope
    decoded = envelope.from_dict(json.loads(body)).get_contract_usage_list_response
    contracts = getattr(decoded, "contract_list", None)
    if not isinstance(contracts, list) or len(contracts) != args.contracts:
        print("the page decoded to an unexpected shape", file=sys.stderr)
        return 1

    decoders: dict[str, Callable[[], object]] = {
        JSON_LOADS: lambda: json.loads(body),
        DECODE: lambda: envelope.from_dict(json.loads(body)),
    }
    contenders = {name: (lambda decode=decode: timed(decode, repeat)) for name, decode in decoders.items()}
    times = interleave(contenders, rounds)
    print(
        f"NCP getContractUsageList JSON page: {args.contracts} contracts x 2 products x 3 usages, "
        f"{len(body) / 1e6:.2f} MB; {rounds} interleaved rounds x {repeat} decodes each; "
        f"Python {sys.version.split()[0]}\n"
    )
    print_times(times)
    figures = [
        Figure.of(
            f"NCP {args.contracts}-contract JSON page → typed models",
            "`json.loads` alone",
            ratios(times, DECODE, JSON_LOADS),
        )
    ]
    return finish(args, "bench_ncp_decode", figures, rounds=rounds, repeat=repeat, contracts=args.contracts)


if __name__ == "__main__":
    sys.exit(main())
