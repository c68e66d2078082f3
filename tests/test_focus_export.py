"""The FOCUS 1.2 export as a library: its columns, the documented mapping kept true, exact values per
provider, KST months as UTC instants, and write_focus round trips (the CLI's golden files are in
test_cli_*.py)."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support.cli_support import SEED, hyperstack_models, ncp_models, typed_csv
from support.fixtures import sandbox_data

from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.exports import (
    FOCUS_COLUMNS,
    FOCUS_EXTENSION_COLUMNS,
    FOCUS_MAPPING,
    FOCUS_STANDARD_COLUMNS,
    focus_rows,
    focus_rows_from_hyperstack,
    focus_rows_from_ncp,
    kst_month_bounds,
    write_focus,
)
from cloudcontracts.sandbox import Sandbox
from hyperstack_client.models import CustomerContractFields
from ncloud_billing_client.models import Contract as NcpContract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import focus_doc  # noqa: E402

# FOCUS 1.2's columns (specification/columns/*.md at tag v1.2), in the specification's order.
_FOCUS_1_2_TEXT = (
    "AvailabilityZone BilledCost BillingAccountId BillingAccountName BillingAccountType BillingCurrency "
    "BillingPeriodEnd BillingPeriodStart CapacityReservationId CapacityReservationStatus ChargeCategory "
    "ChargeClass ChargeDescription ChargeFrequency ChargePeriodEnd ChargePeriodStart "
    "CommitmentDiscountCategory CommitmentDiscountId CommitmentDiscountName CommitmentDiscountQuantity "
    "CommitmentDiscountStatus CommitmentDiscountType CommitmentDiscountUnit ConsumedQuantity ConsumedUnit "
    "ContractedCost ContractedUnitPrice EffectiveCost InvoiceId InvoiceIssuerName ListCost ListUnitPrice "
    "PricingCategory PricingCurrency PricingCurrencyContractedUnitPrice PricingCurrencyEffectiveCost "
    "PricingCurrencyListUnitPrice PricingQuantity PricingUnit ProviderName PublisherName RegionId RegionName "
    "ResourceId ResourceName ResourceType ServiceCategory ServiceName ServiceSubcategory SkuId SkuMeter "
    "SkuPriceDetails SkuPriceId SubAccountId SubAccountName SubAccountType Tags"
)
FOCUS_1_2 = _FOCUS_1_2_TEXT.split()
COST_COLUMNS = {
    "BilledCost",
    "EffectiveCost",
    "ListCost",
    "ContractedCost",
    "ListUnitPrice",
    "ContractedUnitPrice",
    "BillingCurrency",
    "PricingCurrency",
    "PricingQuantity",
    "PricingUnit",
    "PricingCategory",
    "PricingCurrencyContractedUnitPrice",
    "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice",
    "SkuPriceDetails",
}


def utc(year: int, month: int, day: int, *clock: int) -> datetime:
    """An aware UTC datetime; ``clock`` is the hour, minute and second (as many as given)."""
    hour, minute, second = (*clock, 0, 0, 0)[:3]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_the_57_focus_1_2_columns_and_1_3_contract_applied_come_first_in_the_specifications_order() -> None:
    assert len(FOCUS_1_2) == 57
    assert [c.name for c in FOCUS_STANDARD_COLUMNS] == FOCUS_1_2
    # FOCUS 1.3's ContractApplied in its alphabetical place among them.
    expected = sorted(
        [*FOCUS_1_2, "ContractApplied"],
        key=lambda name: (
            FOCUS_1_2.index(name) if name in FOCUS_1_2 else FOCUS_1_2.index("ContractedCost") - 0.5
        ),
    )
    assert [c.name for c in FOCUS_COLUMNS[:58]] == expected
    assert expected.index("ContractApplied") == expected.index("ConsumedUnit") + 1
    assert FOCUS_COLUMNS[58:] == FOCUS_EXTENSION_COLUMNS
    assert all(c.name.startswith("x_") for c in FOCUS_EXTENSION_COLUMNS)
    assert len({c.name for c in FOCUS_COLUMNS}) == len(FOCUS_COLUMNS)


def test_every_cost_and_price_column_is_unavailable_for_both_providers() -> None:
    by_name = {m.column.name: m for m in FOCUS_MAPPING}
    for name in COST_COLUMNS:
        assert by_name[name].ncp.level == "unavailable", name
        assert by_name[name].hyperstack.level == "unavailable", name


def test_docs_focus_md_table_is_generated_from_the_mapping() -> None:
    document = focus_doc.DOC.read_text(encoding="utf-8")
    assert focus_doc.with_table(document) == document, "run scripts/focus_doc.py"
    table = focus_doc.render_table()
    assert table.count("\n") == len(FOCUS_MAPPING) + 1
    assert focus_doc.render_commitment_table() in document
    assert "| 2 | `BilledCost` | decimal | exact: `demandAmount` of getContractDemandCostList" in table
    assert "| unavailable: no prices in this endpoint | unavailable: no prices in this endpoint |" in table


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        ("202402", utc(2024, 1, 31, 15), utc(2024, 2, 29, 15)),  # leap February
        ("202312", utc(2023, 11, 30, 15), utc(2023, 12, 31, 15)),  # the year rolls over at the end
        ("202401", utc(2023, 12, 31, 15), utc(2024, 1, 31, 15)),  # and at the start, in UTC
    ],
)
def test_kst_month_bounds_are_kst_midnights_as_utc_instants(
    month: str, start: datetime, end: datetime
) -> None:
    assert kst_month_bounds(month) == (start, end)


@pytest.mark.parametrize("month", ["202413", "202400", "2024-02", "20242", "", "abcdef"])
def test_kst_month_bounds_refuses_what_is_not_yyyymm(month: str) -> None:
    with pytest.raises(ValueError, match="not yyyyMM"):
        kst_month_bounds(month)


def _ncp_contract(**overrides: Any) -> NcpContract:
    usage = {
        "meteringType": {"code": "USAGE_SEC", "codeName": "Server (VPC) Usage"},
        "useMonth": "202402",
        "usageQuantity": 1371312,
        "unit": {"code": "USAGE_SEC", "codeName": "Usage time (sec)"},
        "userUsageQuantity": 380.92,
        "userUnit": {"code": "HOUR", "codeName": "Hour(s)"},
    }
    usage.update(overrides.pop("usage", {}))
    contract = {
        "memberNo": "4578668",
        "contractNo": "9200664",
        "conjunctionContractNo": "",
        "contractType": {"code": "VSVR", "codeName": "Server (VPC)"},
        "contractStatus": {"code": "NOML", "codeName": "Normal"},
        "contractStartDate": "2022-11-09T14:06:57+0900",
        "contractEndDate": "2999-12-31T23:59:59+0900",
        "instanceName": "web-01",
        "regionCode": "JPN",
        "platformType": {"code": "VPC", "codeName": "VPC"},
        "contractProductList": [
            {
                "contractProductSequence": "1",
                "productCode": "SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002",
                "priceNo": "23936",
                "instanceNo": "24587753",
                "productItemKind": {"code": "VSVR", "codeName": "Server (VPC)"},
                "productSize": 0,
                "productCount": 1,
                "usageList": [usage],
            }
        ],
    }
    contract.update(overrides)
    return NcpContract.from_dict(contract)


def test_an_ncp_usage_record_becomes_this_usage_charge() -> None:
    (row,) = focus_rows_from_ncp([_ncp_contract()])
    filled = {name: value for name, value in row.items() if value is not None}
    assert filled == {
        "BillingPeriodStart": utc(2024, 1, 31, 15),
        "BillingPeriodEnd": utc(2024, 2, 29, 15),
        "ChargeCategory": "Usage",
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodStart": utc(2024, 1, 31, 15),
        "ChargePeriodEnd": utc(2024, 2, 29, 15),
        "ConsumedQuantity": 1371312,
        "ConsumedUnit": "Seconds",
        "ProviderName": "NAVER Cloud",
        "PublisherName": "NAVER Cloud",
        "RegionId": "JPN",
        "RegionName": "Japan(New)",
        "ResourceId": "24587753",
        "ResourceName": "web-01",
        "ResourceType": "Server (VPC)",
        "ServiceCategory": "Compute",
        "ServiceName": "Server (VPC)",
        "ServiceSubcategory": "Virtual Machines",
        "SkuId": "SVR.VSVR.STAND.C004.M016.NET.SSD.B050.G002",
        "SkuMeter": "Server (VPC) Usage",
        "SkuPriceId": "23936",
        "SubAccountId": "4578668",
        "SubAccountType": "Member",
        "x_ContractId": "9200664",
        "x_ContractStatus": "NOML",
        "x_ContractStart": utc(2022, 11, 9, 5, 6, 57),
        "x_ContractEnd": utc(2999, 12, 31, 14, 59, 59),
        "x_ContractTypeCode": "VSVR",
        "x_PlatformTypeCode": "VPC",
        "x_ContractProductSequence": "1",
        "x_ProductSize": 0,
        "x_ProductCount": 1,
        "x_MeteringTypeCode": "USAGE_SEC",
        "x_UseMonth": "202402",
        "x_UnitCode": "USAGE_SEC",
        "x_UserUsageQuantity": 380.92,
        "x_UserUnitCode": "HOUR",
    }
    assert list(row) == [c.name for c in FOCUS_COLUMNS]


def test_unknown_ncp_codes_pass_through_or_become_other_never_dropped() -> None:
    contract = _ncp_contract(
        contractType={"code": "XYZ", "codeName": "Something new"},
        regionCode="MARS",
        usage={"unit": {"code": "PACKET", "codeName": "Packets"}},
    )
    (row,) = focus_rows_from_ncp([contract])
    assert (row["ServiceCategory"], row["ServiceSubcategory"]) == ("Other", "Other (Other)")
    assert row["ServiceName"] == "Something new"
    assert (row["RegionId"], row["RegionName"]) == ("MARS", "MARS")
    assert (row["ConsumedUnit"], row["x_UnitCode"]) == ("PACKET", "PACKET")


def test_an_ncp_record_without_use_month_has_no_period_and_a_login_id_no_sub_account() -> None:
    contract = _ncp_contract(usage={"useMonth": ""}, loginId="user1@example.com", memberNo="")
    (row,) = focus_rows_from_ncp([contract])
    assert [row[name] for name in ("ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart")] == [
        None
    ] * 3
    assert (row["SubAccountId"], row["SubAccountType"], row["x_LoginId"]) == (None, None, "user1@example.com")


def test_an_ncp_use_month_that_is_not_a_month_is_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError, match=r"NCP contract 9200664: useMonth is not yyyyMM: '2024-02'"):
        list(focus_rows_from_ncp([_ncp_contract(usage={"useMonth": "2024-02"})]))


def _hyperstack_contract(discounts: list[dict[str, Any]]) -> CustomerContractFields:
    return CustomerContractFields.from_dict(
        {
            "id": 105,
            "org_id": 4821,
            "description": "Contrat GPU réservé, 24 mois",
            "status": "active",
            "start_date": "2026-01-13T03:39:21",
            "end_date": "2027-01-08T03:39:21",
            "created_at": "2026-01-10T10:00:00",
            "expiration_policy": 0,
            "discounts": discounts,
        }
    )


_PLAN = {
    "id": 1002,
    "resource_id": 205,
    "resource_name": "n3-L40x2",
    "discount_code": "CTR-L40X2-D108",
    "discount_type": "percent",
    "discount_percent": 10,
    "discount_amount": 0,
    "discount_status": "inactive",
    "resource_count": 16,
    "remaining_count": 15,
}


def test_a_hyperstack_contract_becomes_one_purchase_row_per_discount_plan() -> None:
    second = {**_PLAN, "id": 1003, "resource_id": 206, "discount_type": "flat", "discount_amount": 12.5}
    rows = list(focus_rows_from_hyperstack([_hyperstack_contract([_PLAN, second])]))
    assert len(rows) == 2
    filled = {name: value for name, value in rows[0].items() if value is not None}
    assert filled == {
        "BillingAccountId": "4821",
        "BillingAccountType": "Organization",
        "ChargeCategory": "Purchase",
        "ChargePeriodStart": utc(2026, 1, 13, 3, 39, 21),
        "ChargePeriodEnd": utc(2027, 1, 8, 3, 39, 21),
        "CommitmentDiscountCategory": "Usage",
        "CommitmentDiscountId": "105",
        "CommitmentDiscountName": "Contrat GPU réservé, 24 mois",
        "CommitmentDiscountType": "Contract",
        "ProviderName": "Hyperstack",
        "PublisherName": "Hyperstack",
        "ServiceCategory": "Compute",
        "ServiceName": "Virtual Machines",
        "ServiceSubcategory": "Virtual Machines",
        "SkuId": "205",
        "x_ContractId": "105",
        "x_ContractStatus": "active",
        "x_ContractStart": utc(2026, 1, 13, 3, 39, 21),
        "x_ContractEnd": utc(2027, 1, 8, 3, 39, 21),
        "x_ExpirationPolicy": 0,
        "x_DiscountId": 1002,
        "x_DiscountCode": "CTR-L40X2-D108",
        "x_DiscountType": "percent",
        "x_DiscountPercent": 10,
        "x_DiscountAmount": 0,
        "x_DiscountStatus": "inactive",
        "x_DiscountResourceName": "n3-L40x2",
        "x_ResourceCount": 16,
        "x_RemainingCount": 15,
    }
    assert (rows[1]["SkuId"], rows[1]["x_DiscountType"], rows[1]["x_DiscountAmount"]) == ("206", "flat", 12.5)


def test_a_hyperstack_contract_without_plans_still_gives_one_row() -> None:
    (row,) = focus_rows_from_hyperstack([_hyperstack_contract([])])
    assert row["CommitmentDiscountId"] == "105"
    assert [row[name] for name in ("SkuId", "x_DiscountId", "x_ResourceCount")] == [None, None, None]


@sandbox_data(**{**SEED, "ncp_contracts": 40, "hyperstack_contracts": 20})
def test_the_export_keeps_every_promise_the_mapping_makes(sb: Sandbox) -> None:
    """Unavailable and not-applicable columns are empty in every row; exact and derived ones are filled in
    some row of varied seeded data (a column the docs call exact that is never filled would be a lie)."""
    per_provider = {
        "ncp": list(focus_rows_from_ncp(ncp_models(sb))),
        "hyperstack": list(focus_rows_from_hyperstack(hyperstack_models(sb))),
    }
    assert len(per_provider["ncp"]) > 100
    assert len(per_provider["hyperstack"]) > 20
    for provider, rows in per_provider.items():
        for mapping in FOCUS_MAPPING:
            source = getattr(mapping, provider)
            values = [row[mapping.column.name] for row in rows]
            if source.level in ("unavailable", "not applicable"):
                assert values == [None] * len(rows), (provider, mapping.column.name)
            else:
                assert any(v is not None for v in values), (provider, mapping.column.name, source.level)


def test_write_focus_writes_both_providers_as_csv_and_parquet_with_the_same_rows(
    sb: Sandbox, tmp_path: Path
) -> None:
    expected = list(focus_rows(ncp=ncp_models(sb), hyperstack=hyperstack_models(sb)))
    text = io.StringIO()
    count = write_focus(text, ncp=ncp_models(sb), hyperstack=hyperstack_models(sb))
    assert count == len(expected)
    read_back = typed_csv(text.getvalue(), FOCUS_COLUMNS)
    assert read_back == expected
    assert [row["ProviderName"] for row in read_back].count("Hyperstack") == sum(
        1 for row in expected if row["ProviderName"] == "Hyperstack"
    )

    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "focus.parquet"
    assert write_focus(target, ncp=ncp_models(sb), hyperstack=hyperstack_models(sb), batch_rows=7) == count
    assert pq.read_table(target).to_pylist() == read_back


def test_write_focus_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="format must be 'csv' or 'parquet', not 'xlsx'"):
        write_focus(io.StringIO(), ncp=[], format="xlsx")  # type: ignore[arg-type]
