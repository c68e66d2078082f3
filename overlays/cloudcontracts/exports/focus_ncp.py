"""One NCP usage row (:mod:`.ncp_rows`) as a FOCUS 1.2 usage charge.

Periods: ``useMonth`` ("202402") names a calendar month as NCP bills it, in Korea Standard Time
(UTC+09:00, no daylight saving). FOCUS's Date/Time Format requires UTC, so the month's KST bounds are
converted to UTC instants: 202402 is ``2024-01-31T15:00:00Z`` (inclusive) to ``2024-02-29T15:00:00Z``
(exclusive). Relabelling KST midnight as UTC midnight would shift every usage by nine hours; the instant
is kept instead, and ``x_UseMonth`` carries the month as NCP names it, for grouping. A usage record with
an empty ``useMonth`` has no period (null), rather than a guessed one.

The lookup tables below turn NCP codes into FOCUS's vocabulary; a code missing from them is passed
through (units, region names) or mapped to FOCUS's "Other" (service categories), never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports.columns import Row

__all__ = [
    "KST",
    "NCP_REGION_NAMES",
    "NCP_SERVICE_CATEGORIES",
    "NCP_UNITS",
    "focus_row_from_ncp",
    "kst_month_bounds",
]

KST = timezone(timedelta(hours=9), "KST")

NCP_REGION_NAMES: Mapping[str, str] = {
    # NCP's classic region list (regionCode → regionName), as its getRegionList answers.
    "KR": "Korea",
    "USW": "US-West",
    "HK": "HongKong",
    "SG": "Singapore(Old)",
    "JP": "Japan",
    "DE": "Germany",
    "SGN": "Singapore(New)",
    # VPC-only codes, named after their classic counterparts (inferred).
    "JPN": "Japan(New)",
    "USWN": "US-West(New)",
    "DEN": "Germany(New)",
}

NCP_SERVICE_CATEGORIES: Mapping[str, tuple[str, str]] = {
    # contractType.code → (ServiceCategory, ServiceSubcategory), FOCUS 1.2 allowed values.
    "SVR": ("Compute", "Virtual Machines"),
    "VSVR": ("Compute", "Virtual Machines"),
    "BST": ("Storage", "Block Storage"),
    "NAS": ("Storage", "File Storage"),
    "PIP": ("Networking", "Network Connectivity"),
    "LB": ("Networking", "Application Networking"),
}
_OTHER = ("Other", "Other (Other)")

NCP_UNITS: Mapping[str, str] = {
    # unit.code → FOCUS Unit Format (time units plural, data sizes abbreviated, counts capitalised).
    "USAGE_SEC": "Seconds",
    "SEC": "Seconds",
    "MIN": "Minutes",
    "HOUR": "Hours",
    "DAY": "Days",
    "MONTH": "Months",
    "BYTE": "B",
    "KB": "KB",
    "MB": "MB",
    "GB": "GB",
    "TB": "TB",
    "CNT": "Count",
}

_PROVIDER = "NAVER Cloud"


def kst_month_bounds(use_month: str) -> tuple[datetime, datetime]:
    """``"202402"`` → the month's KST bounds as aware UTC datetimes: ``[start, end)``."""
    if len(use_month) != 6 or not use_month.isdigit() or not 1 <= int(use_month[4:]) <= 12:
        raise ValueError(f"useMonth {use_month!r} is not yyyyMM")
    year, month = int(use_month[:4]), int(use_month[4:])
    start = datetime(year, month, 1, tzinfo=KST)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=KST)
    return start.astimezone(UTC), end.astimezone(UTC)


def _utc(value: object) -> datetime | None:
    return value.astimezone(UTC) if isinstance(value, datetime) else None


def focus_row_from_ncp(row: Row) -> Row:
    """The FOCUS columns of one flat NCP usage row (columns not set here are null; see ``focus.py``)."""
    use_month = row["use_month"]
    start: datetime | None = None
    end: datetime | None = None
    if isinstance(use_month, str):
        try:
            start, end = kst_month_bounds(use_month)
        except ValueError:
            raise ResponseDecodeError(
                f"NCP contract {row['contract_no']}: useMonth is not yyyyMM: {use_month!r}"
            ) from None
    type_code = row["contract_type_code"]
    category, subcategory = (
        NCP_SERVICE_CATEGORIES.get(type_code, _OTHER) if isinstance(type_code, str) else _OTHER
    )
    region = row["region_code"]
    unit = row["unit_code"]
    quantity = row["usage_quantity"]
    member = row["member_no"]
    return {
        "BillingPeriodStart": start,
        "BillingPeriodEnd": end,
        "ChargeCategory": "Usage",
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodStart": start,
        "ChargePeriodEnd": end,
        "ConsumedQuantity": quantity,
        "ConsumedUnit": NCP_UNITS.get(unit, unit) if isinstance(unit, str) and quantity is not None else None,
        "ProviderName": _PROVIDER,
        "PublisherName": _PROVIDER,
        "RegionId": region,
        "RegionName": NCP_REGION_NAMES.get(region, region) if isinstance(region, str) else None,
        "ResourceId": row["instance_no"],
        "ResourceName": row["instance_name"],
        "ResourceType": row["product_item_kind_name"],
        "ServiceCategory": category,
        "ServiceName": row["contract_type_name"],
        "ServiceSubcategory": subcategory,
        "SkuId": row["product_code"],
        "SkuMeter": row["metering_type_name"],
        "SkuPriceId": row["price_no"],
        "SubAccountId": member,
        "SubAccountType": "Member" if member is not None else None,
        "x_ContractId": row["contract_no"],
        "x_ContractStatus": row["contract_status_code"],
        "x_ContractStart": _utc(row["contract_start_date"]),
        "x_ContractEnd": _utc(row["contract_end_date"]),
        "x_ContractTypeCode": type_code,
        "x_LoginId": row["login_id"],
        "x_PlatformTypeCode": row["platform_type_code"],
        "x_ContractProductSequence": row["contract_product_sequence"],
        "x_PromiseNumber": row["promise_no"],
        "x_ProductSize": row["product_size"],
        "x_ProductCount": row["product_count"],
        "x_MeteringTypeCode": row["metering_type_code"],
        "x_UseMonth": use_month,
        "x_UnitCode": unit,
        "x_UserUsageQuantity": row["user_usage_quantity"],
        "x_UserUnitCode": row["user_unit_code"],
    }
