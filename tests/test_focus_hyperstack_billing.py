"""Hyperstack's FOCUS exports: the billing (Cost and Usage rows with ContractApplied) and the FOCUS 1.3
Contract Commitment dataset, checked against the specification where the validator has no rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cloudcontracts import HyperstackContracts
from cloudcontracts.exports import (
    CONTRACT_COMMITMENT_COLUMNS,
    CONTRACT_COMMITMENT_MAPPING,
    CONTRACT_COMMITMENT_STANDARD_COLUMNS,
    FOCUS_COLUMNS,
    FOCUS_MAPPING,
    Row,
    contract_commitment_rows,
    write_rows,
)
from cloudcontracts.exports.focus_hyperstack_export import hyperstack_billing_focus_rows
from cloudcontracts.sandbox import Sandbox

START, END = "2026-04-01", "2026-05-01"
APRIL = (datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC))

# FOCUS 1.3, Contract Commitment dataset (https://focus.finops.org/focus-specification/v1-3/): its
# columns, all mandatory, with their data type and whether they allow nulls.
SPEC_1_3: dict[str, tuple[str, bool]] = {
    "BillingCurrency": ("String", True),
    "ContractCommitmentCategory": ("String", False),
    "ContractCommitmentCost": ("Numeric", True),
    "ContractCommitmentDescription": ("String", True),
    "ContractCommitmentId": ("String", False),
    "ContractCommitmentPeriodEnd": ("Date/Time", False),
    "ContractCommitmentPeriodStart": ("Date/Time", False),
    "ContractCommitmentQuantity": ("Numeric", True),
    "ContractCommitmentType": ("String", False),
    "ContractCommitmentUnit": ("String", True),
    "ContractId": ("String", False),
    "ContractPeriodEnd": ("Date/Time", False),
    "ContractPeriodStart": ("Date/Time", False),
}
KINDS = {"String": "string", "Numeric": "decimal", "Date/Time": "utc_datetime"}
PYTHON_TYPES: dict[str, type] = {"String": str, "Numeric": float, "Date/Time": datetime}
# FOCUS 1.2 columns that must not be null on any row (Mandatory, "Allows nulls: False").
NOT_NULL_1_2 = (
    "BilledCost",
    "BillingAccountId",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "ProviderName",
    "PublisherName",
    "ServiceCategory",
    "ServiceName",
)


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=0) as sandbox:
        yield sandbox


@pytest.fixture(scope="module")
def exported(sb: Sandbox) -> tuple[list[Row], list[Row]]:
    with HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as hs:
        billing = list(hyperstack_billing_focus_rows(hs, START, END))
        commitments = list(contract_commitment_rows(hs.iter_contracts()))
    return billing, commitments


def _usage(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row["ChargeCategory"] == "Usage"]


def _applied(row: Row) -> list[dict[str, Any]]:
    text = row["ContractApplied"]
    assert isinstance(text, str)
    elements: list[dict[str, Any]] = json.loads(text)["Elements"]
    return elements


# --- Cost and Usage rows ----------------------------------------------------------------------------------


def test_one_usage_row_per_machine_billed_and_one_purchase_row_per_plan_in_the_period(
    sb: Sandbox, exported: tuple[list[Row], list[Row]]
) -> None:
    billing, _ = exported
    entries = sb.state.hyperstack_billing_history(datetime(2026, 4, 1), datetime(2026, 5, 1))
    usage = _usage(billing)
    assert [row["ResourceId"] for row in usage] == [entry["attributes"]["id"] for entry in entries]
    records = [sb.state.hyperstack_record(c) for c in sb.state.hyperstack_contract_ids()]
    meeting = [r for r in records if r and r.start < datetime(2026, 5, 1) and r.end > datetime(2026, 4, 1)]
    purchases = [row for row in billing if row["ChargeCategory"] == "Purchase"]
    assert len(purchases) == sum(len(r.fields["discounts"]) for r in meeting) == 18
    assert len(billing) == len(usage) + len(purchases) == 131
    assert all(list(row) == [c.name for c in FOCUS_COLUMNS] for row in billing)


def test_costs_add_up_to_the_billing_history(sb: Sandbox, exported: tuple[list[Row], list[Row]]) -> None:
    billing, _ = exported
    entries = sb.state.hyperstack_billing_history(datetime(2026, 4, 1), datetime(2026, 5, 1))
    total = round(sum(e["metrics"]["incurred_bill"] for e in entries), 4)
    assert round(sum(float(str(row["BilledCost"])) for row in billing), 4) == total
    assert all(row["BillingCurrency"] == "USD" for row in billing)
    for row in _usage(billing):
        assert row["EffectiveCost"] == row["BilledCost"]
        quantity = row["PricingQuantity"]
        assert isinstance(quantity, float) and row["ConsumedQuantity"] == quantity
        assert row["ContractedCost"] == round(row["ContractedUnitPrice"] * quantity, 10)  # type: ignore[operator]
        assert row["ListCost"] == round(row["ListUnitPrice"] * quantity, 10)  # type: ignore[operator]
        assert row["ListCost"] >= row["ContractedCost"]  # type: ignore[operator]
        assert (row["ChargePeriodStart"], row["ChargePeriodEnd"]) == APRIL
        assert (row["BillingPeriodStart"], row["BillingPeriodEnd"]) == APRIL


def test_the_list_price_is_the_pricebooks_for_the_machines_flavour(
    sb: Sandbox, exported: tuple[list[Row], list[Row]]
) -> None:
    billing, _ = exported
    original = {p["name"]: p["original_value"] for p in sb.state.hyperstack_pricebook()}
    for row in _usage(billing):
        if row["x_ContractId"] is None:  # on demand: no flavour in any response, the price paid
            assert row["ListUnitPrice"] == row["ContractedUnitPrice"]
            assert row["PricingCategory"] == "Standard"
        else:
            assert row["ListUnitPrice"] == original[row["SkuMeter"]]
            assert row["PricingCategory"] == "Committed"


def test_every_not_null_column_of_focus_1_2_is_filled(exported: tuple[list[Row], list[Row]]) -> None:
    billing, _ = exported
    for row in billing:
        assert all(row[name] is not None for name in NOT_NULL_1_2), row


def test_the_export_keeps_the_mappings_promises(exported: tuple[list[Row], list[Row]]) -> None:
    billing, _ = exported
    for mapping in FOCUS_MAPPING:
        name, level = mapping.column.name, mapping.hyperstack_cost.level
        if level in ("unavailable", "not applicable"):
            assert all(row[name] is None for row in billing), name
        else:
            assert any(row[name] is not None for row in billing), name


def test_contract_applied_names_the_plan_of_the_machines_flavour(
    sb: Sandbox, exported: tuple[list[Row], list[Row]]
) -> None:
    billing, _ = exported
    on_demand = [row for row in _usage(billing) if row["x_ContractId"] is None]
    assert len(on_demand) == 1 and on_demand[0]["ContractApplied"] is None
    assert on_demand[0]["CommitmentDiscountId"] is None
    for row in _usage(billing):
        if row["x_ContractId"] is None:
            continue
        (element,) = _applied(row)
        assert element["ContractId"] == row["x_ContractId"] == row["CommitmentDiscountId"]
        record = sb.state.hyperstack_record(int(element["ContractId"]))
        assert record is not None
        plan_ids = [p["id"] for p in record.fields["discounts"] if p["resource_name"] == row["SkuMeter"]]
        assert element["ContractCommitmentId"] == f"{element['ContractId']}/{plan_ids[0]}"
        assert element["ContractCommitmentAppliedCost"] == row["BilledCost"]
        assert element["ContractCommitmentAppliedQuantity"] == row["PricingQuantity"]
        assert element["ContractCommitmentAppliedUnit"] == "Hours"
    first = next(row for row in _usage(billing) if row["x_ContractId"] == "110")
    assert first["ContractApplied"] == (
        '{"Elements":[{"ContractId":"110","ContractCommitmentId":"110/1009",'
        '"ContractCommitmentAppliedCost":292.6,"ContractCommitmentAppliedQuantity":308.0,'
        '"ContractCommitmentAppliedUnit":"Hours"}]}'
    )


def test_a_purchase_row_carries_its_commitment_as_resource_id(exported: tuple[list[Row], list[Row]]) -> None:
    billing, _ = exported
    for row in billing:
        if row["ChargeCategory"] != "Purchase":
            continue
        (element,) = _applied(row)
        assert row["ResourceId"] == element["ContractCommitmentId"]
        assert row["BilledCost"] == row["ListCost"] == row["ContractedCost"] == 0.0
        assert row["ChargeFrequency"] == "One-Time" and row["PricingUnit"] == "Instances"
        start, end = row["ChargePeriodStart"], row["ChargePeriodEnd"]
        assert APRIL[0] <= start < end <= APRIL[1]  # type: ignore[operator]


# --- the FOCUS 1.3 Contract Commitment dataset --------------------------------------------------------------


def test_the_dataset_has_the_13_columns_of_focus_1_3_with_their_types() -> None:
    assert [c.name for c in CONTRACT_COMMITMENT_STANDARD_COLUMNS] == sorted(SPEC_1_3)
    for mapping in CONTRACT_COMMITMENT_MAPPING:
        name = mapping.column.name
        if name.startswith("x_"):
            continue
        data_type, nullable = SPEC_1_3[name]
        assert mapping.column.kind == KINDS[data_type], name
        assert mapping.nullable is nullable, name
    assert all(c.name.startswith("x_") for c in CONTRACT_COMMITMENT_COLUMNS[13:])


def test_every_row_meets_the_1_3_column_requirements(
    sb: Sandbox, exported: tuple[list[Row], list[Row]]
) -> None:
    _, commitments = exported
    plans = [p for c in sb.state.hyperstack_contracts() for p in c["discounts"]]
    assert len(commitments) == len(plans)
    for row in commitments:
        assert list(row) == [c.name for c in CONTRACT_COMMITMENT_COLUMNS]
        for name, (data_type, nullable) in SPEC_1_3.items():
            value = row[name]
            if value is None:
                assert nullable, name
                continue
            assert isinstance(value, PYTHON_TYPES[data_type]), name
            if isinstance(value, datetime):
                assert value.utcoffset() is not None and value.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert row["ContractCommitmentCategory"] in ("Spend", "Usage")
        assert (row["ContractCommitmentUnit"] is None) == (row["ContractCommitmentQuantity"] is None)
        assert row["ContractCommitmentPeriodStart"] < row["ContractCommitmentPeriodEnd"]  # type: ignore[operator]
        assert row["ContractCommitmentType"] == "Capacity Reservation"
    ids = [row["ContractCommitmentId"] for row in commitments]
    assert len(set(ids)) == len(ids)  # unique within the provider


def test_quantities_are_the_plans_resource_counts(sb: Sandbox, exported: tuple[list[Row], list[Row]]) -> None:
    _, commitments = exported
    by_id = {row["ContractCommitmentId"]: row for row in commitments}
    for contract in sb.state.hyperstack_contracts():
        for plan in contract["discounts"]:
            row = by_id[f"{contract['id']}/{plan['id']}"]
            assert row["ContractId"] == str(contract["id"])
            assert row["ContractCommitmentQuantity"] == float(plan["resource_count"])
            assert row["ContractCommitmentUnit"] == "Instances"
            assert row["x_ResourceName"] == plan["resource_name"]
            start = datetime.fromisoformat(contract["start_date"]).replace(tzinfo=UTC)
            assert row["ContractCommitmentPeriodStart"] == row["ContractPeriodStart"] == start


def test_contract_applied_joins_the_commitment_dataset(exported: tuple[list[Row], list[Row]]) -> None:
    billing, commitments = exported
    by_id = {row["ContractCommitmentId"]: row for row in commitments}
    joined = 0
    for row in billing:
        if row["ContractApplied"] is None:
            continue
        for element in _applied(row):
            commitment = by_id[element["ContractCommitmentId"]]  # every id exists in the dataset
            assert commitment["ContractId"] == element["ContractId"]  # with its one parent contract
            if row["ChargeCategory"] == "Usage":
                assert commitment["x_ResourceName"] == row["SkuMeter"]  # the plan of the machine's flavour
            joined += 1
    assert joined == 112 + 18


def test_the_dataset_written_as_parquet_keeps_its_types(
    exported: tuple[list[Row], list[Row]], tmp_path: Path
) -> None:
    _, commitments = exported
    target = tmp_path / "cc.parquet"
    assert write_rows(iter(commitments), CONTRACT_COMMITMENT_COLUMNS, "parquet", target) == len(commitments)
    schema = pq.read_schema(target)
    for name, (data_type, _nullable) in SPEC_1_3.items():
        field = schema.field(name).type
        if data_type == "String":
            assert field == pa.string(), name
        elif data_type == "Numeric":
            assert pa.types.is_floating(field) or pa.types.is_decimal(field), name
        else:
            assert pa.types.is_timestamp(field) and field.tz in ("UTC", "+00:00"), name
