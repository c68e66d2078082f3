"""Deterministic NCP ``getContractUsageList`` pages in both wire forms, for tests and the benchmark.

A page is built once as the dict ``json.loads`` gives for the JSON form, then serialised to JSON and to
XML from that same dict. The XML writer here is deliberately independent of the decoder under test: it
knows NCP's wrapped lists by a small table of its own (``contractList`` holds ``contract`` elements and so
on), not through the OpenAPI document, so the decoder is checked against an oracle rather than itself.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["LIST_ITEM_NAMES", "contract_usage_page", "page_bodies", "to_xml"]

# Wrapper element -> item element, as NCP's XML form spells them.
LIST_ITEM_NAMES: dict[str, str] = {
    "contractList": "contract",
    "contractProductList": "contractProduct",
    "usageList": "usage",
}

_REGIONS = ("KR", "KR", "KR", "JPN", "SGN", "USWN", "DEN")
_PRODUCTS: tuple[tuple[str, str, str, str, int], ...] = (
    # productCode, item kind code, item kind name, rating type name, productSize
    ("SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002", "VSVR", "Server (VPC)", "Server (VPC) Usage", 0),
    ("SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002", "VSVR", "Server (VPC)", "Server (VPC) Usage", 0),
    ("SPBSTBND000006", "BST", "Block Storage", "Block Storage Usage", 107374182400),
    ("SPBSTBND000005", "BST", "Block Storage", "Block Storage Usage", 53687091200),
    ("SPNASBS000000001", "NAS", "NAS", "NAS Volume Usage", 536870912000),
    ("SPPUBIP000000001", "PIP", "Public IP", "Public IP Usage", 0),
)
_CONTRACT_TYPES = (("VSVR", "Server (VPC)"), ("NAS", "NAS"), ("BST", "Block Storage"), ("PIP", "Public IP"))
_METERING: tuple[tuple[dict[str, str], dict[str, str]], ...] = (
    ({"code": "USAGE_SEC", "codeName": "Usage time (per second)"}, {"code": "HOUR", "codeName": "Hour(s)"}),
    ({"code": "SIZE_GB", "codeName": "Size (GB)"}, {"code": "GB", "codeName": "GB"}),
    ({"code": "CNT", "codeName": "Count"}, {}),
)
_NAMES = ("web-01", "db-primary", "nas-linux", "batch & report <nightly>", "api-gw", "k8s-node-7", "")


def _date(rng: random.Random) -> str:
    return (
        f"20{rng.randint(19, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+0900"
    )


def _usage(rng: random.Random, month: str) -> dict[str, Any]:
    unit, user_unit = rng.choice(_METERING)
    if rng.random() < 0.5:
        quantity: int | float = rng.randint(0, 2_678_400)
        user_quantity: int | float = quantity // 3600 if quantity % 3600 == 0 else round(quantity / 3600, 6)
    else:
        quantity = round(rng.uniform(0, 5000), 6)
        user_quantity = round(quantity / 1.5, 6)
    usage: dict[str, Any] = {
        "meteringType": {"code": unit.get("code", "CNT"), "codeName": "Metering"}
        if rng.random() < 0.9
        else {},
        "useMonth": month if rng.random() < 0.95 else "",
        "usageQuantity": quantity,
        "unit": dict(unit),
        "userUsageQuantity": user_quantity,
        "userUnit": dict(user_unit),
    }
    return usage


def _product(rng: random.Random, sequence: int, usages: int) -> dict[str, Any]:
    code, kind, kind_name, rating_name, size = rng.choice(_PRODUCTS)
    ended = rng.random() < 0.1
    product: dict[str, Any] = {
        "contractProductSequence": str(sequence),
        "beforeContractProductSequence": str(sequence - 1) if sequence > 1 and rng.random() < 0.3 else "",
        "productCode": code,
        "priceNo": str(rng.randint(1000, 99999)),
        "promiseNo": "" if rng.random() < 0.8 else str(rng.randint(100, 999)),
        "instanceNo": str(rng.randint(1_000_000, 99_999_999)),
        "productItemKind": {"code": kind, "codeName": kind_name},
        "productRatingType": {"code": kind, "codeName": rating_name},
        "serviceStatus": {"code": "NLEND", "codeName": "Ended"}
        if ended
        else {"code": "NOML", "codeName": "Normal"},
        "serviceStartDate": _date(rng),
        "serviceEndDate": _date(rng) if ended else "2999-12-31T23:59:59+0900",
        "productSize": size,
        "productSizeType": {"code": "GB", "codeName": "GB"} if size else {},
        "productCount": rng.randint(0, 3),
        "usageList": [_usage(rng, f"2024{rng.randint(2, 4):02d}") for _ in range(usages)],
    }
    return product


def _contract(rng: random.Random, products: int, usages: int) -> dict[str, Any]:
    type_code, type_name = rng.choice(_CONTRACT_TYPES)
    contract: dict[str, Any] = {
        "contractNo": str(rng.randint(1_000_000, 99_999_999)),
        "conjunctionContractNo": "" if rng.random() < 0.9 else str(rng.randint(1_000_000, 9_999_999)),
        "contractType": {"code": type_code, "codeName": type_name},
        "contractStatus": {"code": "NOML", "codeName": "Normal"},
        "contractStartDate": _date(rng),
        "contractEndDate": "2999-12-31T23:59:59+0900",
        "instanceName": rng.choice(_NAMES),
        "regionCode": rng.choice(_REGIONS),
        "platformType": {"code": "VPC", "codeName": "VPC"} if rng.random() < 0.8 else {},
        "contractProductList": [_product(rng, i + 1, usages) for i in range(products)],
    }
    # Older accounts carry loginId instead of memberNo.
    if rng.random() < 0.05:
        contract["loginId"] = f"user{rng.randint(1, 9999)}@example.com"
    else:
        contract["memberNo"] = str(rng.randint(100_000, 9_999_999))
    # Key order varies between responses.
    keys = list(contract)
    rng.shuffle(keys)
    return {key: contract[key] for key in keys}


def contract_usage_page(
    contracts: int = 1000, products: int = 2, usages: int = 3, *, seed: int = 20240417
) -> dict[str, Any]:
    """The JSON form (as ``json.loads`` returns it) of one page of ``contracts`` contracts."""
    rng = random.Random(seed)
    return {
        "getContractUsageListResponse": {
            "requestId": f"e05dd3ef-{rng.randint(0, 0xFFFF):04x}-{rng.randint(0, 0xFFFF):04x}-bb973f080144",
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": contracts * 3 + 17,
            "contractList": [_contract(rng, products, usages) for _ in range(contracts)],
        }
    }


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # what json.dumps writes
    return escape(str(value))


def _write(name: str, value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, Mapping):
        if not value:
            out.append(f"{indent}<{name}></{name}>\n")
            return
        out.append(f"{indent}<{name}>\n")
        for key, item in value.items():
            _write(key, item, indent + "    ", out)
        out.append(f"{indent}</{name}>\n")
    elif isinstance(value, list):
        item_name = LIST_ITEM_NAMES[name]
        if not value:
            out.append(f"{indent}<{name}/>\n")
            return
        out.append(f"{indent}<{name}>\n")
        for item in value:
            _write(item_name, item, indent + "    ", out)
        out.append(f"{indent}</{name}>\n")
    else:
        out.append(f"{indent}<{name}>{_scalar_text(value)}</{name}>\n")


def to_xml(document: Mapping[str, Any]) -> bytes:
    """Serialise a JSON-form document (one top-level key: the root element) to NCP-style XML."""
    ((root, content),) = document.items()
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, content, "", out)
    return "".join(out).encode("utf-8")


def page_bodies(contracts: int = 1000, products: int = 2, usages: int = 3) -> tuple[bytes, bytes]:
    """(xml_body, json_body) of the same deterministic page."""
    page = contract_usage_page(contracts, products, usages)
    return to_xml(page), json.dumps(page, ensure_ascii=False).encode("utf-8")
