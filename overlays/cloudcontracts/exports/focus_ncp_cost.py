"""NCP usage and cost joined as FOCUS 1.2 rows: what NCP billed, per contract, product and month.

The billed charge is a ``getContractDemandCostList`` row (one contract product in one month, with its
quantity, unit price and amounts); its invoice is the ``getDemandCostList`` row of the same member and
month. The FOCUS row of a cost row takes:

- the cost columns from the row's amounts (``ListCost`` ``useAmount``; ``ContractedCost`` ``useAmount``
  less ``memberPriceDiscountAmount``, the member's negotiated price plan; ``EffectiveCost`` and
  ``BilledCost`` ``demandAmount``, after every discount NCP itemises per contract, before VAT), in
  ``payCurrency`` (KRW when the row has none, as NCP bills Korean accounts);
- ``InvoiceId`` the invoice's ``demandNo``, ``BillingAccountId`` the member number;
- ``BillingPeriod*``/``ChargePeriod*`` the KST month ``demandMonth`` as UTC instants (see :mod:`.focus_ncp`).

The join with usage (``getContractUsageList``) is on contract number, contract product sequence and month:
``x_UsageRecords`` counts the usage records behind the charge. A usage record no cost row covers (NCP
has not billed it yet, or the cost call was not made) is still exported, as the usage-only row of
:mod:`.focus_ncp` with its cost columns null, so nothing used disappears and nothing is invented. A record
whose ``useMonth`` is empty is covered by a cost row of its contract product in any month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports.columns import Row
from cloudcontracts.exports.focus_ncp import (
    NCP_REGION_NAMES,
    NCP_SERVICE_CATEGORIES,
    NCP_UNITS,
    focus_row_from_ncp,
    kst_month_bounds,
)
from cloudcontracts.exports.ncp_money_rows import ncp_contract_cost_rows
from cloudcontracts.exports.ncp_rows import ncp_usage_rows

__all__ = ["DEFAULT_CURRENCY", "NcpView", "focus_rows_from_ncp_costs"]

DEFAULT_CURRENCY = "KRW"
_PROVIDER = "NAVER Cloud"
_OTHER = ("Other", "Other (Other)")
NcpView = Literal["account", "organization", "partner"]
_SUB_ACCOUNT_TYPES: Mapping[str, str] = {"organization": "Organization Member", "partner": "Partner Customer"}

_Key = tuple[str | None, str | None, str | None]  # contractNo, contractProductSequence, month


def _utc(value: object) -> datetime | None:
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def _amount(row: Row, column: str) -> float | int:
    value = row[column]
    return value if isinstance(value, (int, float)) else 0


def _cost_focus(row: Row, invoice_no: str | None, usage_records: int, view: NcpView) -> Row:
    month = row["demand_month"]
    if not isinstance(month, str):
        raise ResponseDecodeError(f"NCP contract cost of contract {row['contract_no']} has no demandMonth")
    try:
        start, end = kst_month_bounds(month)
    except ValueError:
        raise ResponseDecodeError(
            f"NCP contract {row['contract_no']}: demandMonth is not yyyyMM: {month!r}"
        ) from None
    type_code = row["demand_type_code"] or row["contract_type_code"]
    category, subcategory = (
        NCP_SERVICE_CATEGORIES.get(type_code, _OTHER) if isinstance(type_code, str) else _OTHER
    )
    region = row["region_code"]
    unit = row["usage_unit_code"]
    quantity = row["total_unit_usage_quantity"]
    focus_unit = NCP_UNITS.get(unit, unit) if isinstance(unit, str) else None
    use = row["use_amount"] if isinstance(row["use_amount"], (int, float)) else None
    contracted = None if use is None else use - _amount(row, "member_price_discount_amount")
    price = row["product_price"]
    contracted_price = None
    if price is not None and isinstance(quantity, (int, float)) and contracted is not None:
        contracted_price = price if contracted == use else (contracted / quantity if quantity else None)
    member = row["member_no"]
    sub_type = _SUB_ACCOUNT_TYPES.get(view)
    return {
        "BilledCost": row["demand_amount"],
        "BillingAccountId": member,
        "BillingAccountType": "Member" if member is not None else None,
        "BillingCurrency": row["pay_currency_code"] or DEFAULT_CURRENCY,
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargeCategory": "Usage",
        "ChargeDescription": row["demand_type_detail_name"],
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "ConsumedQuantity": quantity,
        "ConsumedUnit": focus_unit if quantity is not None else None,
        "ContractedCost": contracted,
        "ContractedUnitPrice": contracted_price,
        "EffectiveCost": row["demand_amount"],
        "InvoiceId": invoice_no,
        "InvoiceIssuerName": _PROVIDER,
        "ListCost": use,
        "ListUnitPrice": price,
        "PricingCategory": "Standard",
        "PricingQuantity": quantity,
        "PricingUnit": focus_unit if quantity is not None else None,
        "ProviderName": _PROVIDER,
        "PublisherName": _PROVIDER,
        "RegionId": region,
        "RegionName": NCP_REGION_NAMES.get(region, region) if isinstance(region, str) else None,
        "ResourceId": row["instance_no"],
        "ResourceName": row["instance_name"],
        "ResourceType": row["product_item_kind_name"],
        "ServiceCategory": category,
        "ServiceName": row["demand_type_name"] or row["contract_type_name"],
        "ServiceSubcategory": subcategory,
        "SkuId": row["product_code"],
        "SkuMeter": row["demand_type_detail_name"],
        "SkuPriceId": row["price_no"],
        "SubAccountId": member if sub_type else None,
        "SubAccountType": sub_type if member is not None else None,
        "x_ContractId": row["contract_no"],
        "x_ContractTypeCode": row["contract_type_code"],
        "x_LoginId": row["login_id"] or row["contract_login_id"],
        "x_ContractProductSequence": row["contract_product_sequence"],
        "x_UseMonth": month,
        "x_UnitCode": unit,
        "x_DemandTypeCode": row["demand_type_code"],
        "x_DemandTypeDetailCode": row["demand_type_detail_code"],
        "x_WriteDate": _utc(row["write_date"]),
        "x_UsageRecords": usage_records,
    }


def focus_rows_from_ncp_costs(
    costs: Iterable[Any],
    invoices: Iterable[Any],
    usage: Iterable[Any] = (),
    *,
    view: NcpView = "account",
) -> Iterator[Row]:
    """FOCUS rows of NCP contract costs joined with their invoices and usage (see the module docstring).

    ``costs`` are ``ContractDemandCost`` items (``billing.iter_contract_demand_costs``), ``invoices``
    ``DemandCost`` items of the same months, ``usage`` the contracts of ``iter_contract_usage`` (may be
    empty). ``view`` is how the data was asked: ``"organization"`` (``isOrganization``) or
    ``"partner"`` (``isPartner``) make each member a FOCUS sub account. Usage is read whole first (it is
    joined against); costs stream.
    """
    invoice_nos: dict[tuple[str, str], str] = {}
    for invoice in invoices:
        body = invoice.to_dict() if hasattr(invoice, "to_dict") else dict(invoice)
        member, month, number = body.get("memberNo"), body.get("demandMonth"), body.get("demandNo")
        if member and month and number:
            invoice_nos[(str(member), str(month))] = str(number)
    usage_rows = list(ncp_usage_rows(usage))
    counts: Counter[_Key] = Counter(
        (row["contract_no"], row["contract_product_sequence"], row["use_month"])  # type: ignore[misc]
        for row in usage_rows
    )
    covered: set[_Key] = set()
    for row in ncp_contract_cost_rows(costs):
        key: _Key = (row["contract_no"], row["contract_product_sequence"], row["demand_month"])  # type: ignore[assignment]
        covered.add(key)
        member, month = row["member_no"], row["demand_month"]
        invoice_no = (
            invoice_nos.get((member, month)) if isinstance(member, str) and isinstance(month, str) else None
        )
        yield _cost_focus(row, invoice_no, counts.get(key, 0), view)
    products = {(contract, sequence) for contract, sequence, _ in covered}
    for row in usage_rows:
        month = row["use_month"]
        key = (row["contract_no"], row["contract_product_sequence"], month)  # type: ignore[assignment]
        if key in covered or (month is None and (key[0], key[1]) in products):
            continue
        yield focus_row_from_ncp(row)
