"""How fast is NCP's XML form compared with its JSON form? (``python benchmarks/bench_ncp_xml.py``)

    python benchmarks/bench_ncp_xml.py [--rounds 15] [--contracts 1000] [--quick] [--json FILE]

Decodes one deterministic 1000-contract ``getContractUsageList`` page (2 products x 3 usages each, built
by ``tests/support/ncp_fixtures.py`` in both forms from the same data) into the generated models,
and compares:

- the XML path: ``GetContractUsageListResponseEnvelope.from_dict(decode_ncp_xml(xml_body))``;
- the JSON path: ``GetContractUsageListResponseEnvelope.from_dict(json.loads(json_body))``;
- ``xml.etree.ElementTree.fromstring(xml_body)``, parsing only.

The project's targets (bars): XML path <= 1.5x the JSON path and <= 1.6x ``ElementTree.fromstring``.
Rounds are interleaved (``harness.interleave``: each round runs every contender once, in an order rotated
every round, after a ``gc.collect()``; the garbage collector stays enabled while timing) and each bar is
reported as the median and the spread (min-max) of its per-round ratios. Informational contenders
show the parts and the alternatives that were measured to choose the library: ElementTree + a walk of
the same compiled plan, and lxml + that walk when lxml is importable
(``PYTHONPATH=/path/to/lxml python benchmarks/...``). No network. Exit code 0 whether or not the bars
are met: this reports, it does not gate.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

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

from cloudcontracts.ncloud.xml_decoding import _number, decode_ncp_xml, ncp_xml_decoder  # noqa: E402
from ncloud_billing_client.models import GetContractUsageListResponseEnvelope  # noqa: E402

JSON_BAR = 1.5
ET_BAR = 1.6
JSON_PATH = "JSON path: from_dict(json.loads)"
XML_PATH = "XML path: from_dict(decode_ncp_xml)"
ET_PARSE = "ET.fromstring (parse only)"
ET_WALK = "  alt: from_dict(ET.fromstring + walk)"


def _walk(elem: Any, plan: dict[str, Any]) -> dict[str, Any]:
    """The alternative to the one-pass expat builder: walk a parsed tree with the same compiled plan.

    Only what the benchmark page needs (strings, numbers, objects, wrapped arrays; undeclared leaves).
    """
    out: dict[str, Any] = {}
    for child in elem:
        tag = child.tag
        entry = plan.get(tag)
        if entry is None:
            out[tag] = child.text or ""
            continue
        action = entry[1]
        if action == 0:
            out[entry[0]] = child.text or ""
        elif action == 5:
            out[entry[0]] = _walk(child, entry[2])
        elif action == 6:
            sub = entry[2][""][2]
            out[entry[0]] = [_walk(item, sub) for item in child]
        else:
            out[entry[0]] = _number(child.text or "")
    return out


def _tree_decoder(fromstring: Callable[[bytes], Any]) -> Callable[[bytes], dict[str, Any]]:
    roots = ncp_xml_decoder()._roots

    def decode(body: bytes) -> dict[str, Any]:
        root = fromstring(body)
        return {root.tag: _walk(root, roots[root.tag][2])}

    return decode


def main() -> int:
    parser = bench_arguments(__doc__.splitlines()[0], rounds=15)
    parser.add_argument("--contracts", type=int, default=1000)
    args = parser.parse_args()
    rounds = rounds_of(args)

    xml_body, json_body = page_bodies(args.contracts)
    envelope = GetContractUsageListResponseEnvelope
    et_walk = _tree_decoder(ET.fromstring)
    expected = envelope.from_dict(json.loads(json_body))
    if (
        envelope.from_dict(decode_ncp_xml(xml_body)) != expected
        or envelope.from_dict(et_walk(xml_body)) != expected
    ):
        print("the XML and JSON forms do not decode to the same models", file=sys.stderr)
        return 1

    decoders: dict[str, Callable[[], object]] = {
        JSON_PATH: lambda: envelope.from_dict(json.loads(json_body)),
        XML_PATH: lambda: envelope.from_dict(decode_ncp_xml(xml_body)),
        ET_PARSE: lambda: ET.fromstring(xml_body),  # noqa: S314 - our own bytes
        "  json.loads alone": lambda: json.loads(json_body),
        "  decode_ncp_xml alone": lambda: decode_ncp_xml(xml_body),
        ET_WALK: lambda: envelope.from_dict(et_walk(xml_body)),
    }
    if importlib.util.find_spec("lxml") is not None:
        from lxml import etree  # noqa: PLC0415 - optional, informational only

        lxml_parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
        lxml_walk = _tree_decoder(lambda body: etree.fromstring(body, lxml_parser))
        assert envelope.from_dict(lxml_walk(xml_body)) == expected
        decoders["  alt: from_dict(lxml.fromstring + walk)"] = lambda: envelope.from_dict(lxml_walk(xml_body))

    contenders = {
        name: (lambda decode=decode: timed(decode, gc_off=False)) for name, decode in decoders.items()
    }
    times = interleave(contenders, rounds, warmup=0)
    print(
        f"NCP getContractUsageList page: {args.contracts} contracts x 2 products x 3 usages; "
        f"XML {len(xml_body) / 1e6:.1f} MB, JSON {len(json_body) / 1e6:.1f} MB; "
        f"{rounds} interleaved rounds; Python {sys.version.split()[0]}"
    )
    print()
    print_times(times)
    figures = [
        Figure.of(
            f"NCP {args.contracts}-contract XML page → typed models",
            "JSON path on the same data (`json.loads` + `from_dict`)",
            ratios(times, XML_PATH, JSON_PATH),
            JSON_BAR,
        ),
        Figure.of(
            f"NCP {args.contracts}-contract XML page → typed models",
            "stdlib `ElementTree.fromstring` alone (parse only)",
            ratios(times, XML_PATH, ET_PARSE),
            ET_BAR,
        ),
        Figure.of(
            f"NCP {args.contracts}-contract XML page → typed models",
            "the same built on `ElementTree.fromstring` + a walk of the same plan",
            ratios(times, XML_PATH, ET_WALK),
        ),
    ]
    return finish(args, "bench_ncp_xml", figures, rounds=rounds, contracts=args.contracts)


if __name__ == "__main__":
    sys.exit(main())
