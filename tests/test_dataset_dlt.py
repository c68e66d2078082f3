# ruff: noqa: S608 -- SQL over the test's own table names
"""The dlt source: the sandbox loaded into a local DuckDB through dlt, twice; the second run adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.dataset_support import (
    SINCE,
    TODAY,
    accounts,
    all_months,
    hyperstack_expected,
    ncp_expected,
    requests,
    resources,
)

from cloudcontracts.sandbox import Sandbox

pytestmark = pytest.mark.slow  # dlt pipelines into DuckDB

dlt = pytest.importorskip("dlt")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(autouse=True)
def _no_telemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNTIME__DLTHUB_TELEMETRY", "false")


def _load(sb: Sandbox, tmp_path: Path) -> object:
    from cloudcontracts.dlt import cloudcontracts_source  # noqa: PLC0415 -- needs the dlt extra

    pipeline = dlt.pipeline(
        pipeline_name="cloudcontracts_test",
        pipelines_dir=str(tmp_path / "pipelines"),
        destination=dlt.destinations.duckdb(str(tmp_path / "dlt.duckdb")),
        dataset_name="costs",
    )
    return pipeline.run(cloudcontracts_source(accounts(sb), resources(), since=SINCE, today=TODAY))


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = ("ncp_usage", "focus", "hyperstack_contracts")
        return {
            t: con.execute(f"SELECT * EXCLUDE (_dlt_load_id, _dlt_id) FROM costs.{t} ORDER BY ALL").fetchall()
            for t in tables
        }
    finally:
        con.close()


def test_loading_twice_through_dlt_adds_nothing_the_second_time(
    cloudcontracts_sandbox: Sandbox, tmp_path: Path
) -> None:
    sb = cloudcontracts_sandbox
    _load(sb, tmp_path)
    first = _tables(tmp_path / "dlt.duckdb")
    con = duckdb.connect(str(tmp_path / "dlt.duckdb"), read_only=True)
    for account in ("master", "members"):
        got = con.execute(
            "SELECT month, count(*), sum(usage_quantity) FROM costs.ncp_usage WHERE account = ? GROUP BY ALL",
            [account],
        ).fetchall()
        expected = {m.key: ncp_expected(sb, account, m) for m in all_months()}
        assert {m: n for m, n, _ in got} == {m: e[0] for m, e in expected.items() if e[0]}
        for month, _, quantity in got:
            assert quantity == pytest.approx(expected[month][1], rel=1e-12)
        focus = con.execute(
            "SELECT count(*) FROM costs.focus WHERE account = ? AND provider = 'ncloud'", [account]
        ).fetchall()
        assert focus == [(sum(e[0] for e in expected.values()),)]
    assert con.execute("SELECT count(*) FROM costs.hyperstack_contracts").fetchall() == [
        (hyperstack_expected(sb)[0],)
    ]
    loads = con.execute("SELECT count(*) FROM costs._dlt_loads").fetchall()
    con.close()
    sent = requests(sb)
    _load(sb, tmp_path)
    # Only the open months were asked for again (two NCP accounts, three months; one Hyperstack snapshot)...
    assert (
        requests(sb) - sent
        == sum(ncp_expected(sb, a, m)[2] for a in ("master", "members") for m in all_months()[-3:])
        + hyperstack_expected(sb)[1]
    )
    # ...and, unchanged, they loaded nothing: same rows, same load ids.
    assert _tables(tmp_path / "dlt.duckdb") == first
    con = duckdb.connect(str(tmp_path / "dlt.duckdb"), read_only=True)
    assert con.execute("SELECT count(DISTINCT _dlt_load_id) FROM costs.ncp_usage").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM costs._dlt_loads").fetchall() >= loads
    con.close()
