"""The FOCUS columns this package writes, and where each comes from for each provider.

Column IDs, their order (alphabetical, as the specification lists them) and kinds are those of FOCUS 1.2
(``specification/columns/*.md`` at tag ``v1.2`` of FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec): all 57
are always present, with FOCUS 1.3's ``ContractApplied`` (the Cost and Usage column that joins a charge
to the Contract Commitment dataset, https://focus.finops.org/focus-specification/v1-3/) in its
alphabetical place, then the ``x_`` columns (custom columns go after the FOCUS ones, per the spec's
Column Handling attribute).

:data:`FOCUS_MAPPING` says, per column and provider, how the value is obtained:

- ``exact``: a field of the response, unchanged but for format (a date-time in UTC, ``""`` as null);
- ``derived``: computed from response fields or from what the endpoint is (a constant such as
  ``ChargeCategory``), as the source text explains;
- ``not applicable``: null by the specification's own rules for this kind of row (``ConsumedQuantity``
  on a ``Purchase`` row);
- ``unavailable``: the endpoint does not carry it, so it is null, never invented. For NCP usage alone
  and for Hyperstack contracts the cost and price columns are ``unavailable``: those endpoints carry no
  prices. NCP usage joined with cost (``ncp_cost``, :mod:`.focus_ncp_cost`) fills them from
  ``getContractDemandCostList`` and ``getDemandCostList``; Hyperstack's billing export
  (``hyperstack_cost``, :mod:`.focus_hyperstack_cost`) fills them from the VM billing history and the
  pricebook.

``docs/focus.md`` is this table in prose; a test keeps the two identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from cloudcontracts.exports.columns import Column, ColumnKind

__all__ = [
    "FOCUS_1_3_COLUMNS",
    "FOCUS_COLUMNS",
    "FOCUS_EXTENSION_COLUMNS",
    "FOCUS_MAPPING",
    "FOCUS_STANDARD_COLUMNS",
    "FOCUS_VERSION",
    "FocusMapping",
    "Level",
    "Source",
]

FOCUS_VERSION = "1.2"

Level: TypeAlias = Literal["exact", "derived", "not applicable", "unavailable"]


@dataclass(frozen=True)
class Source:
    """How one provider fills one column."""

    level: Level
    source: str = ""


@dataclass(frozen=True)
class FocusMapping:
    """One column: its source for NCP usage alone, for Hyperstack contracts, for NCP usage joined with
    cost, and for Hyperstack's billing (machines' bills and contract purchases)."""

    column: Column
    ncp: Source
    hyperstack: Source
    ncp_cost: Source
    hyperstack_cost: Source


_UNAVAILABLE = Source("unavailable")
_NOT_APPLICABLE = Source("not applicable")
_NO_PRICES = Source("unavailable", "no prices in this endpoint")


def _row(name: str, kind: ColumnKind, ncp: Source, hyperstack: Source) -> FocusMapping:
    cost = _NCP_COST.get(name)
    if cost is None:
        cost = ncp if ncp.level in ("unavailable", "not applicable") else _NOT_IN_COST
    hyperstack_cost = _HYPERSTACK_COST.get(name)
    if hyperstack_cost is None:
        hyperstack_cost = (
            hyperstack if hyperstack.level in ("unavailable", "not applicable") else _UNAVAILABLE
        )
    return FocusMapping(Column(name, kind), ncp, hyperstack, cost, hyperstack_cost)


def _ex(source: str) -> Source:
    return Source("exact", source)


def _de(source: str) -> Source:
    return Source("derived", source)


_KST_MONTH = "`useMonth`: the KST calendar month as UTC instants (see Periods)"
_DEMAND_MONTH = "`demandMonth`: the KST billing month as UTC instants (see Periods)"
_NOT_IN_COST = Source("unavailable", "not in the cost row (the usage-only export has it)")
_COST = "getContractDemandCostList"

# NCP usage joined with cost (``focus_ncp_cost``): one Usage row per billed contract product and month.
_NCP_COST: dict[str, Source] = {
    "BilledCost": _ex(f"`demandAmount` of {_COST}: billed, after every itemised discount, before VAT"),
    "BillingAccountId": _ex("`memberNo`: each member gets its own invoice"),
    "BillingAccountType": _de('"Member" when BillingAccountId is set'),
    "BillingCurrency": _de("`payCurrency.code`; KRW when absent (older responses, Korean accounts)"),
    "BillingPeriodEnd": _de(_DEMAND_MONTH + ", exclusive"),
    "BillingPeriodStart": _de(_DEMAND_MONTH + ", inclusive"),
    "ChargeCategory": _de('"Usage"'),
    "ChargeDescription": _ex("`demandTypeDetail.codeName`"),
    "ChargeFrequency": _de('"Usage-Based"'),
    "ChargePeriodEnd": _de(_DEMAND_MONTH + ", exclusive"),
    "ChargePeriodStart": _de(_DEMAND_MONTH + ", inclusive"),
    "ConsumedQuantity": _ex("`totalUnitUsageQuantity` (the quantity NCP priced)"),
    "ConsumedUnit": _de("`usageUnit.code` in FOCUS units (HOUR → Hours)"),
    "ContractedCost": _de("`useAmount` - `memberPriceDiscountAmount` (the member's negotiated price plan)"),
    "ContractedUnitPrice": _de("`productPrice`, or ContractedCost / PricingQuantity under a price plan"),
    "EffectiveCost": _ex("`demandAmount` (commitment, promotion and other discounts applied; no VAT)"),
    "InvoiceId": _ex("`demandNo` of getDemandCostList for the same member and month"),
    "InvoiceIssuerName": _de('"NAVER Cloud"'),
    "ListCost": _ex("`useAmount` (unit price x quantity, before any discount)"),
    "ListUnitPrice": _ex("`productPrice`"),
    "PricingCategory": _de('"Standard" (metered at the list price; discounts are amounts, not rates)'),
    "PricingQuantity": _ex("`totalUnitUsageQuantity`"),
    "PricingUnit": _de("as ConsumedUnit"),
    "ProviderName": _de('"NAVER Cloud"'),
    "PublisherName": _de('"NAVER Cloud" (first-party services)'),
    "RegionId": _ex("`regionCode`"),
    "RegionName": _de("`regionCode` looked up in NCP's region list; the code itself when unknown"),
    "ResourceId": _ex("`contract.contractProductList[0].instanceNo`"),
    "ResourceName": _ex("`contract.instanceName`"),
    "ResourceType": _de("`contract.contractProductList[0].productItemKind.codeName`"),
    "ServiceCategory": _de("`demandType.code` looked up as for usage; Other when unknown"),
    "ServiceName": _de("`demandType.codeName`"),
    "ServiceSubcategory": _de("`demandType.code` looked up as ServiceCategory"),
    "SkuId": _ex("`contract.contractProductList[0].productCode`"),
    "SkuMeter": _de("`demandTypeDetail.codeName`"),
    "SkuPriceId": _ex("`contract.contractProductList[0].priceNo`"),
    "SubAccountId": _de(
        "`memberNo` in the organisation or partner view (isOrganization, isPartner); else null"
    ),
    "SubAccountType": _de('"Organization Member" or "Partner Customer" with SubAccountId'),
    "x_ContractId": _ex("`contract.contractNo`"),
    "x_ContractTypeCode": _ex("`contract.contractType.code`"),
    "x_LoginId": _ex("`loginId`, else `contract.loginId` (older accounts)"),
    "x_ContractProductSequence": _ex("`contract.contractProductList[0].contractProductSequence`"),
    "x_UseMonth": _ex("`demandMonth` (yyyyMM, KST)"),
    "x_UnitCode": _ex("`usageUnit.code`"),
    "x_DemandTypeCode": _ex("`demandType.code`"),
    "x_DemandTypeDetailCode": _ex("`demandTypeDetail.code`"),
    "x_WriteDate": _ex("`writeDate` (UTC): the bill is written; null while the month is open"),
    "x_UsageRecords": _de("usage records of getContractUsageList with the same contract, product, month"),
}


# Hyperstack's billing (``focus_hyperstack_cost``): a Usage row per machine and period of the VM billing
# history, and a Purchase row per discount plan of a contract whose term meets the period.
_BILLING = "the VM billing history"
_HYPERSTACK_COST: dict[str, Source] = {
    "BilledCost": _ex(
        "`incurred_bill` (Usage); 0 on Purchase rows: Hyperstack bills a contract through its machines' "
        "hours at the contract's price, and no operation carries a charge for the purchase itself"
    ),
    "BillingAccountId": _ex("`org_id` of the billing history (Usage) or of the contract (Purchase)"),
    "BillingAccountType": _de('"Organization"'),
    "BillingCurrency": _de('"USD" (Hyperstack bills in US dollars; no response carries a currency)'),
    "BillingPeriodEnd": _de(f"the end of the period {_BILLING} was asked for, exclusive"),
    "BillingPeriodStart": _de(f"the start of the period {_BILLING} was asked for, inclusive"),
    "ChargeCategory": _de('"Usage" (a machine\'s bill); "Purchase" (a contract\'s discount plan)'),
    "ChargeClass": Source("not applicable", "null: no correction is reported"),
    "ChargeDescription": _de("the machine and its flavour (Usage); the plan's count and flavour (Purchase)"),
    "ChargeFrequency": _de('"Usage-Based" (Usage); "One-Time" (Purchase)'),
    "ChargePeriodEnd": _de(
        "the period's end (Usage); the contract's `end_date` within the period (Purchase)"
    ),
    "ChargePeriodStart": _de(
        "the period's start (Usage); the contract's `start_date` within the period (Purchase)"
    ),
    "CommitmentDiscountCategory": _de('"Usage" on rows of a contract'),
    "CommitmentDiscountId": _ex("`attributes.contract_id` (Usage) or the contract's `id` (Purchase)"),
    "CommitmentDiscountName": _ex("the contract's `description`"),
    "CommitmentDiscountQuantity": _de(
        "`usage_time` (Usage: machine hours drawn from the contract); `resource_count` x the contract's "
        "hours in the period (Purchase: machine hours reserved)"
    ),
    "CommitmentDiscountStatus": _de('"Used" on Usage rows of a contract; null on Purchase rows'),
    "CommitmentDiscountType": _de('"Contract" (Hyperstack\'s term)'),
    "CommitmentDiscountUnit": _de('"Hours" (machine hours)'),
    "ConsumedQuantity": _ex("`usage_time` (Usage); null on Purchase rows"),
    "ConsumedUnit": _de('"Hours" (Usage)'),
    "ContractApplied": _de(
        "Usage rows of a contract: the discount plan of the machine's flavour as "
        '`{"Elements": [{ContractId, ContractCommitmentId, ContractCommitmentAppliedCost (`incurred_bill`), '
        'ContractCommitmentAppliedQuantity (`usage_time`), ContractCommitmentAppliedUnit "Hours"}]}`; '
        "Purchase rows: the plan bought, cost 0; on-demand machines: null"
    ),
    "ContractedCost": _de("`price_per_hour` x `usage_time` (Usage); 0 (Purchase)"),
    "ContractedUnitPrice": _ex("`price_per_hour` (the contract's price, USD per hour)"),
    "EffectiveCost": _ex("`incurred_bill` (Usage); 0 (Purchase)"),
    "InvoiceId": Source("unavailable", "no operation names Hyperstack's invoices"),
    "InvoiceIssuerName": _de('"Hyperstack"'),
    "ListCost": _de("ListUnitPrice x `usage_time` (Usage); 0 (Purchase)"),
    "ListUnitPrice": _de(
        "the pricebook's `original_value` (else `value`) of the machine's flavour (from the contract's "
        "machines); `price_per_hour` for an on-demand machine, which pays the pricebook price and whose "
        "flavour no operation names"
    ),
    "PricingCategory": _de('"Committed" (a contract\'s machines and purchases); "Standard" (on demand)'),
    "PricingQuantity": _ex("`usage_time` (Usage); `resource_count` (Purchase)"),
    "PricingUnit": _de('"Hours" (Usage); "Instances" (Purchase)'),
    "ProviderName": _de('"Hyperstack"'),
    "PublisherName": _de('"Hyperstack"'),
    "ResourceId": _ex(
        "`attributes.id` (Usage); the plan's ContractCommitmentId (Purchase, as FOCUS 1.3 asks)"
    ),
    "ResourceName": _ex("`attributes.resource_name` (Usage)"),
    "ResourceType": _de('"Virtual Machine" (Usage)'),
    "ServiceCategory": _de('"Compute" (GPU virtual machines)'),
    "ServiceName": _de('"Virtual Machines"'),
    "ServiceSubcategory": _de('"Virtual Machines"'),
    "SkuId": _ex("the discount plan's `resource_id` of the machine's flavour (Usage) or of the plan"),
    "SkuMeter": _de("the flavour (`flavor_name` of the contract's machine, or the plan's `resource_name`)"),
    "x_ContractId": _ex("`attributes.contract_id` (Usage) or the contract's `id`"),
    "x_ContractStatus": _ex("the contract's `status`"),
    "x_ContractStart": _ex("the contract's `start_date` (UTC)"),
    "x_ContractEnd": _ex("the contract's `end_date` (UTC)"),
    "x_ExpirationPolicy": _ex("the contract's `expiration_policy`"),
    "x_DiscountId": _ex("the plan's `id`"),
    "x_DiscountCode": _ex("the plan's `discount_code`"),
    "x_DiscountType": _ex("the plan's `discount_type`"),
    "x_DiscountPercent": _ex("the plan's `discount_percent`"),
    "x_DiscountAmount": _ex("the plan's `discount_amount`"),
    "x_DiscountStatus": _ex("the plan's `discount_status`"),
    "x_DiscountResourceName": _ex("the plan's `resource_name`"),
    "x_ResourceCount": _ex("the plan's `resource_count`"),
    "x_RemainingCount": _ex("the plan's `remaining_count`"),
}

FOCUS_MAPPING: tuple[FocusMapping, ...] = (
    _row("AvailabilityZone", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row("BilledCost", "decimal", _NO_PRICES, _NO_PRICES),
    _row(
        "BillingAccountId",
        "string",
        Source("unavailable", "the paying account is not in the response (see SubAccountId)"),
        _de("`org_id` (the organisation the contract belongs to)"),
    ),
    _row("BillingAccountName", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row("BillingAccountType", "string", _UNAVAILABLE, _de('"Organization" when BillingAccountId is set')),
    _row("BillingCurrency", "string", _NO_PRICES, _NO_PRICES),
    _row("BillingPeriodEnd", "utc_datetime", _de(_KST_MONTH + ", exclusive"), _UNAVAILABLE),
    _row("BillingPeriodStart", "utc_datetime", _de(_KST_MONTH + ", inclusive"), _UNAVAILABLE),
    _row("CapacityReservationId", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row("CapacityReservationStatus", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row("ChargeCategory", "string", _de('"Usage"'), _de('"Purchase" (a contract buys a commitment)')),
    _row(
        "ChargeClass",
        "string",
        Source("not applicable", "null: usage records are not corrections"),
        Source("not applicable", "null: a contract is not a correction"),
    ),
    _row("ChargeDescription", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row(
        "ChargeFrequency",
        "string",
        _de('"Usage-Based"'),
        Source("unavailable", "whether a contract is paid once or monthly is not in the response"),
    ),
    _row("ChargePeriodEnd", "utc_datetime", _de(_KST_MONTH + ", exclusive"), _ex("`end_date` (UTC)")),
    _row("ChargePeriodStart", "utc_datetime", _de(_KST_MONTH + ", inclusive"), _ex("`start_date` (UTC)")),
    _row(
        "CommitmentDiscountCategory",
        "string",
        _NOT_APPLICABLE,
        _de('"Usage" (plans commit to a count of a resource flavor, not to spend)'),
    ),
    _row("CommitmentDiscountId", "string", _NOT_APPLICABLE, _ex("`id` (the contract id)")),
    _row("CommitmentDiscountName", "string", _NOT_APPLICABLE, _ex("`description`")),
    _row(
        "CommitmentDiscountQuantity",
        "decimal",
        _NOT_APPLICABLE,
        Source("unavailable", "its meaning depends on ChargeFrequency; see x_ResourceCount"),
    ),
    _row(
        "CommitmentDiscountStatus",
        "string",
        _NOT_APPLICABLE,
        Source("not applicable", "null on Purchase rows"),
    ),
    _row("CommitmentDiscountType", "string", _NOT_APPLICABLE, _de('"Contract" (Hyperstack\'s term)')),
    _row("CommitmentDiscountUnit", "string", _NOT_APPLICABLE, Source("unavailable", "as the quantity")),
    _row(
        "ConsumedQuantity",
        "decimal",
        _ex("`usageQuantity`"),
        Source("not applicable", "null on Purchase rows"),
    ),
    _row(
        "ConsumedUnit",
        "string",
        _de('`unit.code` in FOCUS units: USAGE_SEC → "Seconds", GB → "GB", CNT → "Count", others as sent'),
        Source("not applicable", "null on Purchase rows"),
    ),
    _row(
        "ContractApplied",
        "string",
        Source("unavailable", "NCP's operations here name no contract commitments"),
        Source("unavailable", "the contract export has no charges (see Hyperstack billing)"),
    ),
    _row("ContractedCost", "decimal", _NO_PRICES, _NO_PRICES),
    _row("ContractedUnitPrice", "decimal", _NO_PRICES, _NO_PRICES),
    _row("EffectiveCost", "decimal", _NO_PRICES, _NO_PRICES),
    _row("InvoiceId", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row(
        "InvoiceIssuerName",
        "string",
        Source("unavailable", "NAVER Cloud or a partner: not in the response"),
        Source("unavailable", "not in the response"),
    ),
    _row("ListCost", "decimal", _NO_PRICES, _NO_PRICES),
    _row("ListUnitPrice", "decimal", _NO_PRICES, _NO_PRICES),
    _row("PricingCategory", "string", _NO_PRICES, _NO_PRICES),
    _row("PricingCurrency", "string", _NO_PRICES, _NO_PRICES),
    _row("PricingCurrencyContractedUnitPrice", "decimal", _NO_PRICES, _NO_PRICES),
    _row("PricingCurrencyEffectiveCost", "decimal", _NO_PRICES, _NO_PRICES),
    _row("PricingCurrencyListUnitPrice", "decimal", _NO_PRICES, _NO_PRICES),
    _row("PricingQuantity", "decimal", _NO_PRICES, _NO_PRICES),
    _row("PricingUnit", "string", _NO_PRICES, _NO_PRICES),
    _row("ProviderName", "string", _de('"NAVER Cloud"'), _de('"Hyperstack"')),
    _row("PublisherName", "string", _de('"NAVER Cloud" (first-party services)'), _de('"Hyperstack"')),
    _row("RegionId", "string", _ex("`regionCode`"), _UNAVAILABLE),
    _row(
        "RegionName",
        "string",
        _de("`regionCode` looked up in NCP's region list; the code itself when unknown"),
        _UNAVAILABLE,
    ),
    _row(
        "ResourceId", "string", _ex("`instanceNo`"), Source("not applicable", "a contract is not a resource")
    ),
    _row("ResourceName", "string", _ex("`instanceName`"), Source("not applicable", "as ResourceId")),
    _row(
        "ResourceType", "string", _de("`productItemKind.codeName`"), Source("not applicable", "as ResourceId")
    ),
    _row(
        "ServiceCategory",
        "string",
        _de("`contractType.code` looked up (VSVR → Compute, BST → Storage...); Other when unknown"),
        _de('"Compute" (GPU virtual machines)'),
    ),
    _row("ServiceName", "string", _de("`contractType.codeName`"), _de('"Virtual Machines"')),
    _row(
        "ServiceSubcategory",
        "string",
        _de("`contractType.code` looked up as ServiceCategory"),
        _de('"Virtual Machines"'),
    ),
    _row("SkuId", "string", _ex("`productCode`"), _de("`discounts[].resource_id` (the flavor)")),
    _row("SkuMeter", "string", _de("`meteringType.codeName`"), _UNAVAILABLE),
    _row("SkuPriceDetails", "string", _NO_PRICES, _NO_PRICES),
    _row("SkuPriceId", "string", _de("`priceNo`"), _UNAVAILABLE),
    _row("SubAccountId", "string", _ex("`memberNo` (null when only `loginId` is sent)"), _UNAVAILABLE),
    _row("SubAccountName", "string", _UNAVAILABLE, _UNAVAILABLE),
    _row("SubAccountType", "string", _de('"Member" when SubAccountId is set'), _UNAVAILABLE),
    _row("Tags", "string", _UNAVAILABLE, _UNAVAILABLE),
    # Custom columns: provider fields FOCUS has no column for.
    _row("x_ContractId", "string", _ex("`contractNo`"), _ex("`id`")),
    _row("x_ContractStatus", "string", _ex("`contractStatus.code`"), _ex("`status`")),
    _row("x_ContractStart", "utc_datetime", _ex("`contractStartDate` (UTC)"), _ex("`start_date` (UTC)")),
    _row("x_ContractEnd", "utc_datetime", _ex("`contractEndDate` (UTC)"), _ex("`end_date` (UTC)")),
    _row("x_ContractTypeCode", "string", _ex("`contractType.code`"), _NOT_APPLICABLE),
    _row("x_LoginId", "string", _ex("`loginId` (older accounts)"), _NOT_APPLICABLE),
    _row("x_PlatformTypeCode", "string", _ex("`platformType.code`"), _NOT_APPLICABLE),
    _row("x_ContractProductSequence", "string", _ex("`contractProductSequence`"), _NOT_APPLICABLE),
    _row("x_PromiseNumber", "string", _ex("`promiseNo`"), _NOT_APPLICABLE),
    _row("x_ProductSize", "integer", _ex("`productSize`"), _NOT_APPLICABLE),
    _row("x_ProductCount", "integer", _ex("`productCount`"), _NOT_APPLICABLE),
    _row("x_MeteringTypeCode", "string", _ex("`meteringType.code`"), _NOT_APPLICABLE),
    _row("x_UseMonth", "string", _ex("`useMonth` (yyyyMM, KST)"), _NOT_APPLICABLE),
    _row("x_UnitCode", "string", _ex("`unit.code`"), _NOT_APPLICABLE),
    _row("x_UserUsageQuantity", "decimal", _ex("`userUsageQuantity`"), _NOT_APPLICABLE),
    _row("x_UserUnitCode", "string", _ex("`userUnit.code`"), _NOT_APPLICABLE),
    _row("x_DemandTypeCode", "string", _NOT_APPLICABLE, _NOT_APPLICABLE),
    _row("x_DemandTypeDetailCode", "string", _NOT_APPLICABLE, _NOT_APPLICABLE),
    _row("x_WriteDate", "utc_datetime", _NOT_APPLICABLE, _NOT_APPLICABLE),
    _row("x_UsageRecords", "integer", _NOT_APPLICABLE, _NOT_APPLICABLE),
    _row("x_ExpirationPolicy", "integer", _NOT_APPLICABLE, _ex("`expiration_policy`")),
    _row("x_DiscountId", "integer", _NOT_APPLICABLE, _ex("`discounts[].id`")),
    _row("x_DiscountCode", "string", _NOT_APPLICABLE, _ex("`discounts[].discount_code`")),
    _row("x_DiscountType", "string", _NOT_APPLICABLE, _ex("`discounts[].discount_type`")),
    _row("x_DiscountPercent", "decimal", _NOT_APPLICABLE, _ex("`discounts[].discount_percent`")),
    _row("x_DiscountAmount", "decimal", _NOT_APPLICABLE, _ex("`discounts[].discount_amount`")),
    _row("x_DiscountStatus", "string", _NOT_APPLICABLE, _ex("`discounts[].discount_status`")),
    _row("x_DiscountResourceName", "string", _NOT_APPLICABLE, _ex("`discounts[].resource_name`")),
    _row("x_ResourceCount", "integer", _NOT_APPLICABLE, _ex("`discounts[].resource_count`")),
    _row("x_RemainingCount", "integer", _NOT_APPLICABLE, _ex("`discounts[].remaining_count`")),
)
"""Every column written, in order, with its source per provider."""

FOCUS_COLUMNS: tuple[Column, ...] = tuple(mapping.column for mapping in FOCUS_MAPPING)
FOCUS_1_3_COLUMNS: frozenset[str] = frozenset({"ContractApplied"})
"""The columns written that FOCUS 1.3 introduced (the others are FOCUS 1.2's)."""
FOCUS_STANDARD_COLUMNS: tuple[Column, ...] = tuple(
    c for c in FOCUS_COLUMNS if not c.name.startswith("x_") and c.name not in FOCUS_1_3_COLUMNS
)
"""FOCUS 1.2's 57 columns, in order."""
FOCUS_EXTENSION_COLUMNS: tuple[Column, ...] = tuple(c for c in FOCUS_COLUMNS if c.name.startswith("x_"))
