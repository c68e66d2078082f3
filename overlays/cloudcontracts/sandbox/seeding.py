"""Deterministic, realistic records for both APIs, from a :class:`~.config.SandboxConfig`.

Every value is drawn from :class:`random.Random` instances seeded from the config's seed and a label, so
the same config always yields the same records, and changing one API's sizes does not reshuffle the other.

The values copy what real responses look like (per the providers' documentation and published responses):

- Hyperstack: naive-UTC date-times (a few ``created_at`` with microseconds, as a Python backend writes
  them), ``active`` only for a contract within its term as of :data:`SEEDED_AS_OF` (else ``expired``
  or ``pending``; ``expired``, ``pending`` and ``cancelled`` are also drawn as such),
  ``discount_type`` "percent" or "flat", ``discount_percent`` as an int (``20``) or a float
  (``12.5``), amounts that are ints or floats, several statuses, ``expiration_policy`` 0 or 1;
- NCP: product codes such as ``SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002``, units ``USAGE_SEC`` (user
  unit ``HOUR``), ``+0900`` dates, open-ended contracts ending ``2999-12-31T23:59:59+0900``, empty code
  objects ``{}``, ``""`` strings (``conjunctionContractNo``, ``promiseNo``, now and then ``useMonth``),
  ``productSize`` beyond 32 bits (``107374182400``), fractional quantities (``12.851112``), ``loginId``
  instead of ``memberNo`` on older accounts, fields the docs do not list (``productDescription``, a
  ``payCurrency`` code object), and key order that differs between contracts.

Undeclared NCP fields are strings or objects of non-empty strings only: those are the values whose XML
form decodes back to the same JSON (an undeclared number would come back as text), which keeps the
sandbox's XML and JSON answers equal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cloudcontracts.sandbox.config import SandboxConfig

__all__ = [
    "HYPERSTACK_FLAVORS",
    "SEEDED_AS_OF",
    "HyperstackRecord",
    "NcpProductRecord",
    "NcpRecord",
    "month_sequence",
    "seed_hyperstack",
    "seed_ncp",
]

OPEN_ENDED = "2999-12-31T23:59:59+0900"
SEEDED_AS_OF = datetime(2026, 5, 1)
"""The sandbox's fixed "now" for the seeded Hyperstack statuses (naive UTC): the data is a pure function
of the config, so it cannot follow the clock; no contract ended before this date is ``active``."""
HYPERSTACK_ORG_ID = 4821  # one organisation owns the key, so every contract shares its org_id


@dataclass(frozen=True)
class HyperstackRecord:
    """One Hyperstack contract: its ``CustomerContractFields`` dict and what its GPU graph is made of."""

    fields: dict[str, Any]
    total_gpu_allocation: int
    start: datetime
    end: datetime

    @property
    def contract_id(self) -> int:
        return int(self.fields["id"])


@dataclass(frozen=True)
class NcpProductRecord:
    """One contract product: its dict (``usageList`` a placeholder keeping key order) and its usage rows,
    each with the month it belongs to (its ``useMonth`` may be ``""``)."""

    head: dict[str, Any]
    usages: tuple[tuple[str, dict[str, Any]], ...]


@dataclass(frozen=True)
class NcpRecord:
    """One NCP contract: its dict (``contractProductList`` a placeholder) and what queries filter on."""

    head: dict[str, Any]
    member_no: str
    contract_no: str
    type_code: str
    status_code: str
    region_code: str
    products: tuple[NcpProductRecord, ...]


def _rng(config: SandboxConfig, label: str) -> random.Random:
    return random.Random(f"{config.seed}:{label}")  # noqa: S311 -- test data, not security


# --- Hyperstack -----------------------------------------------------------------------------------------

HYPERSTACK_FLAVORS: tuple[tuple[str, int, int], ...] = (
    ("n3-H100x8", 241, 8),
    ("n3-H100x1", 238, 1),
    ("n3-H100-SXM5x8", 263, 8),
    ("n3-A100x4", 187, 4),
    ("n3-A100x1", 184, 1),
    ("n3-L40x2", 205, 2),
    ("n3-RTX-A6000x1", 122, 1),
)
"""The flavours discount plans name: (resource name, resource id, GPUs per resource)."""
_DESCRIPTIONS = (
    "H100 reserved capacity, 12 months",
    "A100 committed use (Q3 renewal)",
    "RTX A6000 burst pool",
    "Research cluster - L40 x16",
    "Contrat GPU réservé \u2013 24 mois",
    "",
    "Inference fleet (H100 SXM5)",
)
_HS_STATUSES = ("active", "active", "active", "active", "expired", "pending", "cancelled")


def _status(drawn: str, start: datetime, end: datetime) -> str:
    """A drawn ``active`` that :data:`SEEDED_AS_OF` contradicts becomes ``expired`` (its term is over) or
    ``pending`` (not begun); other statuses stay as drawn (a contract may be expired or cancelled early,
    or pending approval into its term)."""
    if drawn != "active":
        return drawn
    if end <= SEEDED_AS_OF:
        return "expired"
    return "pending" if start > SEEDED_AS_OF else "active"


def _naive(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _discount(rng: random.Random, discount_id: int) -> tuple[dict[str, Any], int]:
    name, resource_id, gpus = rng.choice(HYPERSTACK_FLAVORS)
    count = rng.choice((1, 1, 2, 4, 8, 16))
    percent: int | float
    amount: int | float
    if rng.random() < 0.6:
        kind = "percent"
        percent = rng.choice((10, 15, 20, 25, 30)) if rng.random() < 0.6 else rng.choice((12.5, 17.5, 7.25))
        amount = 0
    else:
        kind = "flat"
        percent = 0
        amount = rng.choice((1, 2)) if rng.random() < 0.3 else round(rng.uniform(0.1, 2.5), 2)
    fields = {
        "id": discount_id,
        "resource_id": resource_id,
        "resource_name": name,
        "discount_code": f"CTR-{name.split('-')[1].upper()}-{rng.randrange(16**4):04X}",
        "discount_type": kind,
        "discount_percent": percent,
        "discount_amount": amount,
        "discount_status": rng.choice(("active", "active", "active", "inactive")),
        "resource_count": count,
        "remaining_count": rng.randint(0, count),
    }
    return fields, gpus * count


def seed_hyperstack(config: SandboxConfig) -> tuple[HyperstackRecord, ...]:
    """The Hyperstack contracts, ids ascending (with gaps, as ids of a shared table have)."""
    rng = _rng(config, "hyperstack")
    records: list[HyperstackRecord] = []
    contract_id = 100
    discount_id = 1000
    for _ in range(config.hyperstack_contracts):
        contract_id += rng.randint(1, 5)
        start = datetime(2024, 1, 1) + timedelta(days=rng.randrange(900), seconds=rng.randrange(86400))
        end = start + timedelta(days=30 * rng.choice((3, 6, 12, 12, 24, 36)))
        created = start - timedelta(days=rng.randint(1, 30), seconds=rng.randrange(86400))
        created_text = _naive(created)
        if rng.random() < 0.2:
            created_text += f".{rng.randrange(1_000_000):06d}"
        discounts = []
        gpus = 0
        for _ in range(rng.randint(0, config.hyperstack_discounts)):
            discount_id += rng.randint(1, 3)
            discount, discount_gpus = _discount(rng, discount_id)
            discounts.append(discount)
            gpus += discount_gpus
        fields = {
            "id": contract_id,
            "org_id": HYPERSTACK_ORG_ID,
            "description": rng.choice(_DESCRIPTIONS),
            "status": _status(rng.choice(_HS_STATUSES), start, end),
            "start_date": _naive(start),
            "end_date": _naive(end),
            "created_at": created_text,
            "expiration_policy": rng.choice((0, 1)),
            "discounts": discounts,
        }
        records.append(HyperstackRecord(fields, gpus or rng.choice((8, 16, 32, 64)), start, end))
    return tuple(records)


# --- NCP ------------------------------------------------------------------------------------------------


def month_sequence(last_month: str, count: int) -> tuple[str, ...]:
    """``count`` consecutive yyyyMM months ending at ``last_month``, oldest first."""
    year, month = int(last_month[:4]), int(last_month[4:])
    index = year * 12 + month - 1
    return tuple(f"{i // 12:04d}{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1))


def _code(code: str, name: str) -> dict[str, str]:
    return {"code": code, "codeName": name}


_SECONDS = (_code("USAGE_SEC", "Usage time (per second)"), _code("HOUR", "Hour(s)"))
_TRAFFIC = (_code("GB", "GB"), _code("GB", "GB"))
_COUNT: tuple[dict[str, str], dict[str, str]] = (
    _code("CNT", "Count"),
    {},
)  # the user unit of a count is an empty code object

# contract type code -> (type name, rating name, [(productCode, productSize)], [metering (code, name, units)])
_CATALOG: dict[str, tuple[str, str, tuple[tuple[str, int], ...], tuple[tuple[str, str, Any], ...]]] = {
    "VSVR": (
        "Server (VPC)",
        "Server (VPC) Usage",
        (
            ("SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002", 0),
            ("SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002", 0),
            ("SVR.VSVR.HICPU.C008.M016.NET.HDD.B100.G002", 0),
        ),
        (("VSVR", "Server (VPC) Usage", _SECONDS), ("NETOUT", "Outbound traffic", _TRAFFIC)),
    ),
    "BST": (
        "Block Storage",
        "Block Storage Usage",
        (("SPBSTBND000006", 107374182400), ("SPBSTBND000005", 53687091200)),
        (("BST", "Block Storage Usage", _SECONDS), ("SNAP", "Snapshot", _TRAFFIC)),
    ),
    "NAS": (
        "NAS",
        "NAS Volume Usage",
        (("SPNASBS000000001", 536870912000),),
        (("NAS", "NAS Volume Usage", _SECONDS), ("NASSNAP", "NAS snapshot", _TRAFFIC)),
    ),
    "PIP": (
        "Public IP",
        "Public IP Usage",
        (("SPPUBIP000000001", 0),),
        (("PIP", "Public IP Usage", _SECONDS), ("PIPCNT", "Public IP count", _COUNT)),
    ),
}
_REGIONS = ("KR", "KR", "KR", "KR", "JPN", "SGN", "USWN", "DEN")
_NAMES = ("web-01", "db-primary", "nas-linux", "batch & report <nightly>", "api-gw", "k8s-node-7", "")
_DESCRIPTIONS_NCP = ("vCPU 2EA, Memory 4GB, [SSD]Disk 50GB", "Standard 100GB", "High-CPU, 8 vCPU")


def _month_days(month: str) -> int:
    year, number = int(month[:4]), int(month[4:])
    following = datetime(year + number // 12, number % 12 + 1, 1)
    return (following - datetime(year, number, 1)).days


def _ncp_date(rng: random.Random, month: str) -> str:
    day = rng.randint(1, _month_days(month))
    clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    return f"{month[:4]}-{month[4:]}-{day:02d}T{clock}+0900"


def _quantities(rng: random.Random, month: str, units: Any) -> tuple[int | float, int | float]:
    unit, _user_unit = units
    if unit["code"] == "USAGE_SEC":
        seconds = rng.choice((_month_days(month) * 86400, rng.randint(1, _month_days(month) * 86400)))
        hours = seconds // 3600 if seconds % 3600 == 0 else round(seconds / 3600, 6)
        return seconds, hours
    if unit["code"] == "GB":
        quantity = round(rng.uniform(0, 500), 6)
        return quantity, quantity
    count = rng.randint(1, 4)
    return count, count


def _usage(rng: random.Random, month: str, metering: tuple[str, str, Any]) -> dict[str, Any]:
    code, name, units = metering
    quantity, user_quantity = _quantities(rng, month, units)
    return {
        "meteringType": _code(code, name),
        # Now and then a row comes without its month, as an empty string, as real responses have.
        "useMonth": "" if rng.random() < 0.03 else month,
        "usageQuantity": quantity,
        "unit": dict(units[0]),
        "userUsageQuantity": user_quantity,
        "userUnit": dict(units[1]),
    }


def _shuffled(rng: random.Random, mapping: dict[str, Any]) -> dict[str, Any]:
    keys = list(mapping)
    rng.shuffle(keys)
    return {key: mapping[key] for key in keys}


def _product(
    rng: random.Random,
    *,
    sequence: int,
    kind: str,
    months: tuple[str, ...],
    dates: tuple[str, str, dict[str, str]],
    instance_no: str,
    max_rows: int,
) -> NcpProductRecord:
    type_name, rating_name, products, meterings = _CATALOG[kind]
    product_code, size = rng.choice(products)
    start_date, end_date, status = dates
    head: dict[str, Any] = {
        "contractProductSequence": str(sequence),
        "beforeContractProductSequence": str(sequence - 1) if sequence > 1 and rng.random() < 0.3 else "",
        "productCode": product_code,
        "priceNo": str(rng.randint(10000, 39999)),
        "promiseNo": str(rng.randint(1000, 9999)) if rng.random() < 0.15 else "",
        "instanceNo": instance_no,
        "productItemKind": _code(kind, type_name),
        "productRatingType": _code(kind, rating_name),
        "serviceStatus": dict(status),
        "serviceStartDate": start_date,
        "serviceEndDate": end_date,
        "productSize": size,
        "productSizeType": _code("BYTE", "Byte") if size else {},
        "productCount": rng.choice((0, 1, 1, 1, 2)),
        "usageList": None,  # placeholder: the rows of the asked months go here
    }
    if rng.random() < 0.2:
        head["productDescription"] = rng.choice(_DESCRIPTIONS_NCP)
    # Beyond the kind's metering types, rows repeat a type (a price change within the month does that).
    rows = rng.randint(1, max_rows)
    usages: list[tuple[str, dict[str, Any]]] = []
    for month in months:
        for row in range(rows):
            usages.append((month, _usage(rng, month, meterings[row % len(meterings)])))
    return NcpProductRecord(head, tuple(usages))


def _members(config: SandboxConfig) -> tuple[str, ...]:
    rng = _rng(config, "members")
    members: list[str] = []
    while len(members) < config.ncp_members:
        candidate = str(rng.randint(1_000_000, 9_999_999))
        if candidate not in members:
            members.append(candidate)
    return tuple(members)


def seed_ncp(config: SandboxConfig) -> tuple[tuple[str, ...], tuple[NcpRecord, ...]]:
    """The member numbers (master first) and the NCP contracts, contractNo ascending."""
    members = _members(config)
    months = month_sequence(config.ncp_last_month, config.ncp_months)
    rng = _rng(config, "ncp")
    records: list[NcpRecord] = []
    contract_no = 9_200_000
    for _ in range(config.ncp_contracts):
        contract_no += rng.randint(1, 900)
        kind = rng.choice(tuple(_CATALOG))
        first = 0 if rng.random() < 0.5 else rng.randrange(len(months))
        open_ended = rng.random() < 0.75
        last = len(months) - 1 if open_ended else rng.randint(first, len(months) - 1)
        if first == 0 and rng.random() < 0.6:  # started before the window: a long-running contract
            earlier = month_sequence(months[0], 1 + rng.randint(1, 20))[0]
            start_date = _ncp_date(rng, earlier)
        else:
            start_date = _ncp_date(rng, months[first])
        end_date = OPEN_ENDED if open_ended else _ncp_date(rng, months[last])
        status = _code("NOML", "Normal") if open_ended else _code("NLEND", "Ended")
        member_no = rng.choice(members)
        region = rng.choice(_REGIONS)
        instance_no = str(rng.randint(10_000_000, 29_999_999))
        head: dict[str, Any] = {}
        if rng.random() < 0.1:
            head["loginId"] = f"sandbox-user-{members.index(member_no) + 1}"  # as older accounts have
        else:
            head["memberNo"] = member_no
        linked = [r.contract_no for r in records[-5:]]
        head.update(
            {
                "contractNo": str(contract_no),
                "conjunctionContractNo": rng.choice(linked) if linked and rng.random() < 0.1 else "",
                "contractType": _code(kind, _CATALOG[kind][0]),
                "contractStatus": dict(status),
                "contractStartDate": start_date,
                "contractEndDate": end_date,
                "instanceName": rng.choice(_NAMES),
                "regionCode": region,
                "platformType": {}
                if rng.random() < 0.05
                else rng.choice((_code("VPC", "VPC"), _code("VPC", "VPC"), _code("CLASSIC", "Classic"))),
                "contractProductList": None,  # placeholder: the products with usage in the asked months
            }
        )
        if rng.random() < 0.1:
            head["payCurrency"] = _code("KRW", "Korean won")
        live_months = months[first : last + 1]
        products = tuple(
            _product(
                rng,
                sequence=sequence,
                kind=kind,
                months=live_months,
                dates=(start_date, end_date, status),
                instance_no=instance_no,
                max_rows=config.ncp_usage_rows,
            )
            for sequence in range(1, rng.randint(1, config.ncp_products) + 1)
        )
        if rng.random() < 0.15:  # key order varies between real responses
            head = _shuffled(rng, head)
        records.append(
            NcpRecord(
                head=head,
                member_no=member_no,
                contract_no=str(contract_no),
                type_code=kind,
                status_code=status["code"],
                region_code=region,
                products=products,
            )
        )
    return members, tuple(records)
