"""Commitment utilisation of Hyperstack contracts: exact figures for seeded contracts (one that ends
inside the period, two with two plans), the same numbers from Python, async, and the command line."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from cloudcontracts import AsyncHyperstackContracts, HyperstackContracts
from cloudcontracts.cli.app import cli
from cloudcontracts.exports import UTILISATION_COLUMNS
from cloudcontracts.hyperstack.utilisation import (
    acontract_utilisation,
    contract_utilisation,
    flavour_gpus,
    utilisations,
)
from cloudcontracts.sandbox import Sandbox
from cloudcontracts.sandbox.hyperstack_money import FLAVOR_GPUS

START, END = "2026-04-01", "2026-05-01"
PERIOD = (datetime(2026, 4, 1), datetime(2026, 5, 1))


@pytest.fixture(scope="module")
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=0) as sandbox:
        yield sandbox


@pytest.fixture
def hs(sb: Sandbox) -> Iterator[HyperstackContracts]:
    with HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
        yield client


def expected(sb: Sandbox, contract_id: int) -> dict[str, float]:
    """The figures derived from the sandbox's own records (contract terms, machines, prices)."""
    record = sb.state.hyperstack_record(contract_id)
    assert record is not None
    first, last = max(PERIOD[0], record.start), min(PERIOD[1], record.end)
    hours = max(0.0, (last - first).total_seconds() / 3600)
    gpus = sum(
        plan["resource_count"] * FLAVOR_GPUS[plan["resource_name"]] for plan in record.fields["discounts"]
    )
    machines = sb.state.hyperstack_money.contract_machines(contract_id)
    return {
        "contracted": round(gpus * hours, 6),
        "allocated": round(sum(m.gpus * m.hours_in(first, last) for m in machines), 6),
        "billed_hours": round(sum(m.hours_in(*PERIOD) for m in machines), 6),
        "billed_cost": round(sum(round(m.price_per_hour * m.hours_in(*PERIOD), 4) for m in machines), 4),
    }


def test_a_contract_that_ends_inside_the_period(sb: Sandbox, hs: HyperstackContracts) -> None:
    record = sb.state.hyperstack_record(110)
    assert record is not None
    assert record.fields["end_date"] == "2026-04-13T20:36:40"  # inside April
    assert [(p["resource_name"], p["resource_count"]) for p in record.fields["discounts"]] == [
        ("n3-H100x1", 4)
    ]
    u = contract_utilisation(hs, 110, start=START, end=END)
    assert (u.active_start, u.active_end) == (
        datetime(2026, 4, 1, tzinfo=UTC),
        datetime(2026, 4, 13, 20, 36, 40, tzinfo=UTC),
    )
    assert round(u.active_hours, 6) == 308.611111
    assert u.contracted_gpus == 4  # 4 x n3-H100x1 (1 GPU)
    assert u.contracted_gpu_hours == 1234.444444  # 4 GPUs x 308.611111 h: the commitment ends with the term
    assert u.allocated_gpu_hours == 924.0
    assert u.unused_gpu_hours == 310.444444
    assert u.utilisation_percent == 74.85
    assert (u.billed_machines, u.billed_machine_hours, u.billed_cost) == (3, 924.0, 877.8)
    figures = expected(sb, 110)
    assert figures == {
        "contracted": 1234.444444,
        "allocated": 924.0,
        "billed_hours": 924.0,
        "billed_cost": 877.8,
    }
    assert u.commitment_at(datetime(2026, 4, 13, 20, tzinfo=UTC)) == 4
    assert u.commitment_at(datetime(2026, 4, 13, 21, tzinfo=UTC)) == 0


def test_a_contract_with_two_plans(sb: Sandbox, hs: HyperstackContracts) -> None:
    record = sb.state.hyperstack_record(131)
    assert record is not None
    assert [(p["resource_name"], p["resource_count"]) for p in record.fields["discounts"]] == [
        ("n3-H100x1", 8),
        ("n3-A100x1", 4),
    ]
    u = contract_utilisation(hs, 131, start=START, end=END)
    assert [(p.flavour, p.resource_count, p.gpus_per_resource) for p in u.plans] == [
        ("n3-H100x1", 8, 1),
        ("n3-A100x1", 4, 1),
    ]
    assert u.active_hours == 720.0
    assert (u.contracted_gpus, u.contracted_gpu_hours) == (12, 8640.0)
    assert (u.allocated_gpu_hours, u.unused_gpu_hours, u.utilisation_percent) == (6142.0, 2498.0, 71.09)
    assert (u.billed_machines, u.billed_machine_hours, u.billed_cost) == (14, 6142.0, 8690.75)
    assert expected(sb, 131) == {
        "contracted": 8640.0,
        "allocated": 6142.0,
        "billed_hours": 6142.0,
        "billed_cost": 8690.75,
    }


def test_gpu_hours_and_machine_hours_differ_for_multi_gpu_flavours(
    sb: Sandbox, hs: HyperstackContracts
) -> None:
    record = sb.state.hyperstack_record(115)
    assert record is not None
    assert [(p["resource_name"], p["resource_count"]) for p in record.fields["discounts"]] == [
        ("n3-H100-SXM5x8", 1),
        ("n3-L40x2", 1),
    ]
    u = contract_utilisation(hs, 115, start=START, end=END)
    assert (u.contracted_gpus, u.contracted_gpu_hours) == (10, 7200.0)  # 8 + 2 GPUs x 720 h
    assert (u.allocated_gpu_hours, u.unused_gpu_hours, u.utilisation_percent) == (6144.0, 1056.0, 85.33)
    assert (u.billed_machine_hours, u.billed_cost) == (1290.0, 12100.8)
    assert expected(sb, 115)["allocated"] == 6144.0


def test_a_contract_outside_the_period_or_without_plans(hs: HyperstackContracts) -> None:
    ended = contract_utilisation(hs, 189, start=START, end=END)  # ended in 2024
    assert (ended.active_start, ended.active_hours, ended.contracted_gpu_hours) == (None, 0.0, 0.0)
    assert ended.utilisation_percent is None and ended.points == ()
    plain = contract_utilisation(hs, 135, start=START, end=END)  # no discount plans: nothing contracted
    assert (plain.contracted_gpus, plain.allocated_gpu_hours, plain.utilisation_percent) == (0, 0.0, None)


def test_every_contract_at_once_gives_the_same_figures(sb: Sandbox, hs: HyperstackContracts) -> None:
    found = {u.contract_id: u for u in utilisations(hs, start=START, end=END)}
    assert list(found) == sb.state.hyperstack_contract_ids()
    for contract_id in (110, 115, 131):
        assert found[contract_id] == contract_utilisation(hs, contract_id, start=START, end=END)
    for contract_id in sb.state.hyperstack_contract_ids():
        figures = expected(sb, contract_id)
        u = found[contract_id]
        assert (u.contracted_gpu_hours, u.billed_machine_hours, u.billed_cost) == (
            figures["contracted"],
            figures["billed_hours"],
            figures["billed_cost"],
        ), contract_id


def test_the_async_client_gives_the_same_figures(sb: Sandbox, hs: HyperstackContracts) -> None:
    async def run() -> object:
        async with AsyncHyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as client:
            return await acontract_utilisation(client, 110, start=START, end=END)

    assert asyncio.run(run()) == contract_utilisation(hs, 110, start=START, end=END)


def test_gpus_per_flavour_from_the_machines_else_the_name() -> None:
    assert flavour_gpus("n3-H100x8") == 8
    assert flavour_gpus("n3-RTX-A6000x1") == 1
    assert flavour_gpus("custom-flavour") is None


def test_a_period_must_not_be_empty(hs: HyperstackContracts) -> None:
    with pytest.raises(ValueError, match="after start"):
        contract_utilisation(hs, 110, start=END, end=END)


# --- the command line -------------------------------------------------------------------------------------


def run(sb: Sandbox, *args: str) -> tuple[int, str, str]:
    env = {**sb.environment(), "HOME": "/nonexistent-home"}
    result = CliRunner().invoke(cli, ["hyperstack", "utilisation", *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_command_prints_the_same_figures_in_every_format(
    sb: Sandbox, hs: HyperstackContracts, tmp_path: Path
) -> None:
    code, out, err = run(sb, "110", "--start", START, "--end", END, "-o", "json")
    assert (code, err) == (0, "")
    (row,) = json.loads(out)
    assert list(row) == [c.name for c in UTILISATION_COLUMNS]
    assert row == {
        "contract_id": 110,
        "period_start": "2026-04-01T00:00:00+00:00",
        "period_end": "2026-05-01T00:00:00+00:00",
        "active_start": "2026-04-01T00:00:00+00:00",
        "active_end": "2026-04-13T20:36:40+00:00",
        "active_hours": 308.611111,
        "plans": 1,
        "contracted_gpus": 4,
        "contracted_gpu_hours": 1234.444444,
        "allocated_gpu_hours": 924.0,
        "unused_gpu_hours": 310.444444,
        "utilisation_percent": 74.85,
        "billed_machines": 3,
        "billed_machine_hours": 924.0,
        "billed_cost": 877.8,
    }
    code, out, _ = run(sb, "110", "--start", START, "--end", END, "-o", "csv")
    assert out.splitlines()[1].startswith("110,2026-04-01T00:00:00+00:00,")
    assert out.splitlines()[1].endswith(",1234.444444,924.0,310.444444,74.85,3,924.0,877.8")
    code, out, _ = run(sb, "110", "--start", START, "--end", END, "-o", "jsonl")
    assert json.loads(out) == row
    code, out, _ = run(sb, "110", "--start", START, "--end", END)
    assert "74.85" in out and "1234.444444" in out and "1 row" in out
    target = tmp_path / "u.parquet"
    code, _, _ = run(sb, "110", "--start", START, "--end", END, "-o", "parquet", "--out", str(target))
    assert code == 0
    assert pq.read_table(target).to_pylist()[0]["unused_gpu_hours"] == 310.444444


def test_every_contract_without_an_argument(sb: Sandbox) -> None:
    code, out, _ = run(sb, "--start", START, "--end", END, "-o", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["contract_id"] for r in rows] == sb.state.hyperstack_contract_ids()
    assert {r["contract_id"]: r["utilisation_percent"] for r in rows}[131] == 71.09


def test_png_of_allocation_against_commitment(sb: Sandbox, tmp_path: Path) -> None:
    target = tmp_path / "use.png"
    code, out, err = run(sb, "110", "--start", START, "--end", END, "--png", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    assert "74.85" in out
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 600)


def test_bad_arguments_are_refused_before_any_request(sb: Sandbox) -> None:
    code, _, err = run(sb, "--start", END, "--end", START)
    assert code == 2 and "--start/--end" in err
    code, _, err = run(sb, "--start", START, "--end", END, "--png", "x.png")
    assert code == 2 and "--png draws one contract" in err
