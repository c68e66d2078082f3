"""NCP money for the sandbox: contract demand costs and monthly invoices that agree with the usage.

Built from the seeded contracts (:mod:`.seeding`), so the three NCP operations describe the same contracts,
members and months:

- ``getContractDemandCostList``: one row per contract x product x month with usage, as NCP bills (one
  unit price per row). Its quantity is the product's hours of its main metering type that month (the
  usage rows' ``userUsageQuantity``), priced at a seeded hourly price: ``useAmount`` is quantity x
  price rounded to the won, minus the discounts NCP itemises per contract, is ``demandAmount``;
- ``getDemandCostList``: one invoice per member and month that has cost rows; every amount it shares with
  the cost rows is their exact sum, so ``thisMonthDemandAmount`` (before VAT) is the sum of the rows'
  ``demandAmount``; VAT is 10 %, rounded down to the won.

Months before the last are closed (``writeDate`` set, invoices paid); the last month is open: no
``writeDate``, not paid, as NCP shows the current month. Rows of the last three months carry
``payCurrency`` (KRW) and ``thisMonthAppliedExchangeRate`` as newer responses do; older rows have
neither (KRW is then the currency), and carry the 2022 fields ``under100DiscountAmount`` and
``under1000DiscountAmount`` on invoices instead of ``rounddownDiscountAmount``/``currencyDiscountAmount``.
Every value is a pure function of the config: same seed, same money.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from cloudcontracts.sandbox.config import SandboxConfig
from cloudcontracts.sandbox.seeding import NcpRecord, month_sequence

__all__ = ["NcpMoney", "seed_ncp_money"]

KRW = {"code": "KRW", "codeName": "South Korea Won"}
_HOURLY_PRICES: Mapping[str, tuple[float, ...]] = {
    # Hourly list prices in won, per contract type (orders of magnitude of NCP's public price list).
    "VSVR": (42.0, 84.0, 168.0),
    "BST": (0.16, 0.32, 1.5),
    "NAS": (2.2, 4.4),
    "PIP": (5.6,),
}
_VAT_RATIO = 0.1
_NEWER_MONTHS = 3  # the last months, whose rows carry payCurrency as newer responses do


def _won(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[4:])
    return f"{year + number // 12:04d}{number % 12 + 1:02d}"


@dataclass(frozen=True)
class _CostRow:
    member_no: str
    contract_no: str
    month: str
    type_code: str
    detail_code: str
    region_code: str
    body: dict[str, Any]


@dataclass(frozen=True)
class NcpMoney:
    """The cost rows (month, contractNo, product sequence ascending) and invoices (month, member)."""

    cost_rows: tuple[_CostRow, ...]
    invoices: tuple[tuple[str, str, dict[str, Any]], ...]  # (member, month, DemandCost)

    def contract_demand_costs(
        self,
        start_month: str,
        end_month: str,
        *,
        member_nos: Collection[str] | None = None,
        contract_no: str | None = None,
        demand_type_code: str | None = None,
        demand_type_detail_code: str | None = None,
        region_code: str | None = None,
    ) -> list[dict[str, Any]]:
        """The ``ContractDemandCost`` rows of the months that match every filter given (shared)."""
        members = None if member_nos is None else frozenset(member_nos)
        return [
            row.body
            for row in self.cost_rows
            if start_month <= row.month <= end_month
            and (members is None or row.member_no in members)
            and (contract_no is None or row.contract_no == contract_no)
            and (demand_type_code is None or row.type_code == demand_type_code)
            and (demand_type_detail_code is None or row.detail_code == demand_type_detail_code)
            and (region_code is None or row.region_code == region_code)
        ]

    def demand_costs(
        self, start_month: str, end_month: str, *, member_nos: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """The ``DemandCost`` invoices of the months, for the members given (shared)."""
        members = None if member_nos is None else frozenset(member_nos)
        return [
            body
            for member, month, body in self.invoices
            if start_month <= month <= end_month and (members is None or member in members)
        ]


def _primary_hours(usages: Sequence[tuple[str, dict[str, Any]]], month: str) -> Decimal:
    """Hours of the product's main metering type (the one in seconds) in ``month``."""
    total = Decimal(0)
    for usage_month, usage in usages:
        if usage_month == month and (usage.get("unit") or {}).get("code") == "USAGE_SEC":
            total += Decimal(str(usage["userUsageQuantity"]))
    return total


def _cost_row(
    rng: random.Random,
    record: NcpRecord,
    product: Any,
    month: str,
    *,
    closed: bool,
    newer: bool,
    member_discount: bool,
) -> dict[str, Any]:
    head = record.head
    type_code = record.type_code
    hours = _primary_hours(product.usages, month)
    price = rng.choice(_HOURLY_PRICES.get(type_code, (1.0,)))
    use = _won(hours * Decimal(str(price)))
    promise = _won(Decimal(use) * Decimal("0.1")) if product.head.get("promiseNo") else 0
    member_price = _won(Decimal(use) * Decimal("0.05")) if member_discount else 0
    promotion = min(use - promise - member_price, rng.choice((0, 0, 0, 1000, 5000)))
    quantity = float(hours) if hours != hours.to_integral_value() else int(hours)
    contract = {
        name: ([{**product.head, "usageList": []}] if name == "contractProductList" else value)
        for name, value in head.items()
    }
    body: dict[str, Any] = {
        "memberNo": record.member_no,
        "regionCode": record.region_code,
        "demandType": {"code": type_code, "codeName": head["contractType"]["codeName"]},
        "demandTypeDetail": {"code": f"{type_code}_USE", "codeName": "Usage"},
        "contract": contract,
        "demandMonth": month,
        "unitUsageQuantity": quantity,
        "packageUnitUsageQuantity": 0,
        "totalUnitUsageQuantity": quantity,
        "usageUnit": {"code": "HOUR", "codeName": "Hour(s)"},
        "productPrice": price,
        "useAmount": use,
        "promotionDiscountAmount": promotion,
        "etcDiscountAmount": 0,
        "promiseDiscountAmount": promise,
        "defaultAmount": 0,
        "demandAmount": use - promise - member_price - promotion,
        "memberPriceDiscountAmount": member_price,
        "memberPromiseDiscountAddAmount": 0,
    }
    if closed:
        body["writeDate"] = f"{_next_month(month)[:4]}-{_next_month(month)[4:]}-01T04:12:37+0900"
    if newer:
        body["payCurrency"] = dict(KRW)
        body["thisMonthAppliedExchangeRate"] = 1.0
    return body


_SUMMED = (
    "useAmount",
    "promiseDiscountAmount",
    "promotionDiscountAmount",
    "etcDiscountAmount",
    "defaultAmount",
    "memberPriceDiscountAmount",
    "memberPromiseDiscountAddAmount",
)


def _invoice(
    member: str,
    month: str,
    rows: Sequence[dict[str, Any]],
    *,
    demand_no: str,
    before: str,
    closed: bool,
    newer: bool,
) -> dict[str, Any]:
    sums = {name: sum(int(row[name]) for row in rows) for name in _SUMMED}
    amount = sum(int(row["demandAmount"]) for row in rows)
    vat = int((Decimal(amount) * Decimal(str(_VAT_RATIO))).quantize(Decimal(1), rounding=ROUND_DOWN))
    body: dict[str, Any] = {
        "memberNo": member,
        "demandMonth": month,
        "demandNo": demand_no,
        "integrationDemandNo": "",
        "demandAttribute": {"code": "GEN", "codeName": "General"},
        "useAmount": sums["useAmount"],
        "promiseDiscountAmount": sums["promiseDiscountAmount"],
        "promotionDiscountAmount": sums["promotionDiscountAmount"],
        "etcDiscountAmount": sums["etcDiscountAmount"],
        "customerDiscountAmount": 0,
        "productDiscountAmount": 0,
        "creditDiscountAmount": 0,
    }
    if newer:
        body.update(rounddownDiscountAmount=0, currencyDiscountAmount=0)
    else:
        body.update(under100DiscountAmount=0, under1000DiscountAmount=0)
    body.update(
        {
            "coinUseAmount": 0,
            "defaultAmount": sums["defaultAmount"],
            "thisMonthDemandAmount": amount,
            "thisMonthVatRatio": _VAT_RATIO,
            "thisMonthVatAmount": vat,
            "thisMonthAmountIncludingVat": amount + vat,
            "totalDemandAmount": amount + vat,
            "isPaidUp": closed,
        }
    )
    if closed:
        following = _next_month(month)
        body["paidUpDate"] = f"{following[:4]}-{following[4:]}-25T09:30:00+0900"
    body.update(
        {
            "overduePlusAmount": 0,
            "overdueRatio": 0.0,
            "thisMonthOverdueAmount": 0,
            "beforeMonthDemandNo": before,
            "totalOverdueAmount": 0,
        }
    )
    if closed:
        following = _next_month(month)
        body["writeDate"] = f"{following[:4]}-{following[4:]}-01T04:12:37+0900"
    body["memberPriceDiscountAmount"] = sums["memberPriceDiscountAmount"]
    body["memberPromiseDiscountAddAmount"] = sums["memberPromiseDiscountAddAmount"]
    if newer:
        body["payCurrency"] = dict(KRW)
        body["thisMonthAppliedExchangeRate"] = 1.0
    return body


def seed_ncp_money(config: SandboxConfig, members: Sequence[str], records: Sequence[NcpRecord]) -> NcpMoney:
    """The cost rows and invoices of the seeded contracts (see the module docstring)."""
    rng = random.Random(f"{config.seed}:ncp-money")  # noqa: S311 -- test data, not security
    months = month_sequence(config.ncp_last_month, config.ncp_months)
    last = months[-1]
    newer = frozenset(months[-_NEWER_MONTHS:])
    discounted = frozenset(members[1:2])  # one member has a membership pricing plan
    rows: list[_CostRow] = []
    for record in records:
        for product in record.products:
            for month in sorted({month for month, _ in product.usages}):
                body = _cost_row(
                    rng,
                    record,
                    product,
                    month,
                    closed=month != last,
                    newer=month in newer,
                    member_discount=record.member_no in discounted,
                )
                rows.append(
                    _CostRow(
                        record.member_no,
                        record.contract_no,
                        month,
                        record.type_code,
                        body["demandTypeDetail"]["code"],
                        record.region_code,
                        body,
                    )
                )
    rows.sort(key=lambda row: (row.month, int(row.contract_no)))  # stable: product order kept
    invoices: list[tuple[str, str, dict[str, Any]]] = []
    previous: dict[str, str] = {}
    demand_no = 9_540_000
    for month in months:
        for member in members:
            mine = [row.body for row in rows if row.month == month and row.member_no == member]
            if not mine:
                continue
            demand_no += rng.randint(1, 97)
            body = _invoice(
                member,
                month,
                mine,
                demand_no=str(demand_no),
                before=previous.get(member, ""),
                closed=month != last,
                newer=month in newer,
            )
            previous[member] = str(demand_no)
            invoices.append((member, month, body))
    return NcpMoney(tuple(rows), tuple(invoices))
