"""The sync's progress: an expected total of pages that follows what the months turn out to take."""

from __future__ import annotations

from cloudcontracts.cli.sync_commands import _Observer
from cloudcontracts.dataset import Month, Unit, UnitResult


class _Recorder:
    def __init__(self) -> None:
        self.pages = 0
        self.rows = 0
        self.totals: list[int | None] = []

    def transport(self) -> None:
        return None

    def page(self) -> None:
        self.pages += 1

    def row(self) -> None:
        self.rows += 1

    def expect_pages(self, total: int | None) -> None:
        self.totals.append(total)

    def hide(self) -> None:
        return None


def _result(pages: int, rows: int, outcome: str = "new") -> UnitResult:
    unit = Unit("ncloud", "a", "ncp_usage", Month.parse("2024-01"))
    return UnitResult(unit, outcome, rows, pages, False)  # type: ignore[arg-type]


def test_the_expected_total_follows_the_pages_per_month() -> None:
    progress = _Recorder()
    observer = _Observer(progress)
    observer.planned(4)
    assert progress.totals == [4]  # one page per month until one is done
    for _ in range(3):
        observer.page()
    observer.unit_done(_result(3, 10))
    assert progress.totals[-1] == 3 + 3 * 3  # three pages a month, three months to go
    observer.page()
    observer.unit_done(_result(1, 5, "unchanged"))
    assert progress.totals[-1] == 4 + 2 * 2  # now two pages a month on average
    assert (progress.pages, progress.rows) == (4, 10)  # unchanged months write no rows
