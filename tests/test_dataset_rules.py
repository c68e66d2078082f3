"""Finality rules, canonical rows and resource declarations: what the sync engine decides without any
request."""

from __future__ import annotations

import pytest

from cloudcontracts.dataset import (
    AfterCompleteMonths,
    DateRange,
    Input,
    Month,
    MonthRows,
    Resource,
    Table,
    WhenBillWritten,
)
from cloudcontracts.exports.columns import Column, Row

MAY = Month.parse("2024-05")


@pytest.mark.parametrize(
    ("months", "final_from"),
    [(0, "2024-04"), (1, "2024-03"), (2, "2024-02"), (3, "2024-01")],
)
def test_after_complete_months(months: int, final_from: str) -> None:
    rule = AfterCompleteMonths(months)
    candidates = [MAY.shifted(-n) for n in range(8)]
    assert [m.key for m in candidates if rule.is_final(m, [], MAY)] == [
        m.key for m in candidates if m.key <= final_from
    ]


def test_after_complete_months_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="months must be a whole number >= 0"):
        AfterCompleteMonths(-1)


def test_when_bill_written() -> None:
    rule = WhenBillWritten("write_date")
    april = Month.parse("2024-04")
    written: list[Row] = [
        {"write_date": "2024-05-03T10:00:00+09:00"},
        {"write_date": "2024-05-03T10:00:00+09:00"},
    ]
    assert rule.is_final(april, written, MAY)
    assert not rule.is_final(april, [*written, {"write_date": ""}], MAY)
    assert not rule.is_final(april, [*written, {"write_date": None}], MAY)
    assert not rule.is_final(MAY, written, MAY)  # the current month has no bill yet
    # No rows: the fallback (two complete months) decides.
    assert not rule.is_final(april, [], MAY)
    assert rule.is_final(Month.parse("2024-02"), [], MAY)
    closed = WhenBillWritten("BillingPeriodStatus", closed_value="Closed")
    assert closed.is_final(april, [{"BillingPeriodStatus": "Closed"}], MAY)
    assert not closed.is_final(
        april, [{"BillingPeriodStatus": "Closed"}, {"BillingPeriodStatus": "Open"}], MAY
    )


def test_canonical_rows_do_not_depend_on_the_order_they_came_in() -> None:
    columns = (Column("name", "string"), Column("quantity", "decimal"))
    rows: list[Row] = [
        {"name": "b", "quantity": 2.5},
        {"name": "a", "quantity": 1},
        {"name": "a", "quantity": 1},
    ]
    one = MonthRows.build({"t": (columns, rows)})
    two = MonthRows.build({"t": (columns, list(reversed(rows)))})
    assert one == two
    assert one.tables["t"] == [
        {"name": "a", "quantity": 1},
        {"name": "a", "quantity": 1},
        {"name": "b", "quantity": 2.5},
    ]
    assert one.row_count == 3
    changed = MonthRows.build({"t": (columns, [*rows[:2], {"name": "b", "quantity": 2.6}])})
    assert changed.digest != one.digest
    assert MonthRows.build({"u": (columns, rows)}).digest != one.digest  # the table's name counts too


def test_a_date_range_resource_asks_each_month_by_its_own_parameter_names_and_format() -> None:
    columns = (Column("name", "string"),)
    resource = Resource(
        name="made_up",
        provider="hyperstack",
        operation_id="some_list",
        params={"per_page": 10},
        tables=(Table("made_up", columns, lambda items: iter(())),),
        months="date_range",
        date_range=DateRange("from", "to", "%Y/%m/%d %H:%M"),
        inputs=(Input("prices", "prices", {"kind": "all"}, monthly=False, paged=False),),
    )
    assert resource.query(Month.parse("2023-02"), {"search": "x"}) == {
        "per_page": 10,
        "search": "x",
        "from": "2023/02/01 00:00",
        "to": "2023/03/01 00:00",
    }
    assert resource.query(Month.parse("2024-12"))["to"] == "2025/01/01 00:00"
    assert resource.input_query(resource.inputs[0], Month.parse("2023-02"), {"search": "x"}) == {
        "kind": "all",
        "search": "x",
    }
    assert (
        Month.parse("2024-12").first_instant.isoformat(),
        Month.parse("2024-12").next_instant.isoformat(),
    ) == (
        "2024-12-01T00:00:00+00:00",
        "2025-01-01T00:00:00+00:00",
    )


def test_resource_and_input_declarations_are_checked() -> None:
    table = Table("t", (Column("name", "string"),), lambda items: iter(()))
    with pytest.raises(ValueError, match="months must be one of window, snapshot, date_range, not 'daily'"):
        Resource("r", "hyperstack", "op", (table,), months="daily")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="items_field is for an input with paged=False"):
        Input("i", "op", items_field="instances")
