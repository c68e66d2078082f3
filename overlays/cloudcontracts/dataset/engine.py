"""The sync engine: which months to fetch, fetching them whole, and replacing what changed.

For every account and every resource of its provider, the months to consider are ``since`` to ``today``
for a ``"window"`` or ``"date_range"`` resource, and ``today`` alone for a ``"snapshot"`` one. A month
the state records as final is skipped; every other month is fetched whole (every page), turned into rows
of each table (:mod:`.rows`: canonical order and a hash), and then:

- new, or its hash differs from the one recorded (a restated month): replaced whole in the sink, with its
  state, as one step (:meth:`~.sink.Sink.write`);
- the same hash: left untouched; only its state is updated if it has just become final.

Units run oldest month first, one at a time, each written as soon as its last page is in. Whatever stops
a sync (Ctrl-C, SIGTERM, a crash, an API that gives up after its retries), the units written so far are
complete and recorded, the one in flight is not written at all, and the next sync skips the final months
already recorded. Running a sync twice on unchanged data changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from cloudcontracts.core.client import SyncApi
from cloudcontracts.dataset.fetching import fetch_unit, is_final, stderr_warning, unit_rows
from cloudcontracts.dataset.months import Month, month_range
from cloudcontracts.dataset.resources import Provider, Resource
from cloudcontracts.dataset.sink import Sink, Unit, UnitState, check_name

__all__ = ["Account", "Outcome", "SyncObserver", "SyncReport", "UnitResult", "plan_units", "sync"]

Outcome = Literal["new", "restated", "unchanged"]


@dataclass(frozen=True)
class Account:
    """One set of credentials of one provider: rows carry its ``name``.

    ``connect`` opens a client (``NcloudBilling(profile=...)``, ``HyperstackContracts(key)``); ``params``
    are keyword parameters added to every operation of this account (an NCP ``member_no_list``, say).
    """

    provider: Provider
    name: str
    connect: Callable[[], SyncApi]
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_name("account", self.name)
        if self.provider not in ("ncloud", "hyperstack"):
            raise ValueError(f"provider must be 'ncloud' or 'hyperstack', not {self.provider!r}")


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    outcome: Outcome
    rows: int
    pages: int
    final: bool


@dataclass
class SyncReport:
    """What a sync did (``cloudcontracts sync`` prints it)."""

    accounts: int = 0
    planned: int = 0
    skipped_final: int = 0
    pages: int = 0
    seconds: float = 0.0
    results: list[UnitResult] = field(default_factory=list)

    @property
    def fetched(self) -> int:
        """Months fetched (every page of each)."""
        return len(self.results)

    @property
    def written(self) -> int:
        """Months written: new, or restated."""
        return sum(1 for r in self.results if r.outcome != "unchanged")

    @property
    def rows_written(self) -> int:
        return sum(r.rows for r in self.results if r.outcome != "unchanged")

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


class SyncObserver(Protocol):
    """Progress of a sync (the command line draws it; see :mod:`cloudcontracts.cli.sync_commands`)."""

    def planned(self, units: int) -> None: ...

    def page(self) -> None: ...

    def unit_done(self, result: UnitResult) -> None: ...


class _Quiet:
    def planned(self, units: int) -> None:
        return None

    def page(self) -> None:
        return None

    def unit_done(self, result: UnitResult) -> None:
        return None


def plan_units(
    accounts: Sequence[Account],
    resources: Sequence[Resource],
    state: Mapping[tuple[str, str, str], UnitState],
    *,
    today: Month,
    since: Month,
) -> tuple[list[tuple[Account, Resource, Unit]], int]:
    """The units to fetch, in order (account, resource, month ascending), and how many were skipped as
    final."""
    units: list[tuple[Account, Resource, Unit]] = []
    skipped = 0
    for account in accounts:
        for resource in resources:
            if resource.provider != account.provider:
                continue
            months = [today] if resource.months == "snapshot" else month_range(since, today)
            for month in months:
                unit = Unit(account.provider, account.name, resource.name, month)
                known = state.get(unit.key)
                if known is not None and known.final:
                    skipped += 1
                    continue
                units.append((account, resource, unit))
    return units, skipped


def sync(
    accounts: Sequence[Account],
    resources: Sequence[Resource],
    sink: Sink,
    *,
    today: Month,
    since: Month,
    observer: SyncObserver | None = None,
    clock: Callable[[], float] = time.monotonic,
    report: SyncReport | None = None,
    warn: Callable[[str], None] = stderr_warning,
) -> SyncReport:
    """Bring ``sink`` up to date for every account (see the module docstring); the sink stays open.

    ``report``, if given, is filled as units complete, so a caller still has it when the sync stops
    with an exception. ``warn`` gets one line per account and optional input the key may not call
    (:mod:`.fetching`; default: stderr)."""
    if since.ordinal > today.ordinal:
        raise ValueError(f"since {since} is after today's month {today}")
    names = [(account.provider, account.name) for account in accounts]
    if len(set(names)) != len(names):
        raise ValueError("two accounts of the same provider have the same name")
    observer = observer or _Quiet()
    started = clock()
    sink.prepare(resources)
    known_units = dict(sink.state())
    units, skipped = plan_units(accounts, resources, known_units, today=today, since=since)
    report = report if report is not None else SyncReport()
    report.accounts, report.planned, report.skipped_final = len(accounts), len(units), skipped
    observer.planned(len(units))
    clients: dict[tuple[str, str], SyncApi] = {}
    refused: dict[tuple[str, str, str], set[str]] = {}
    try:
        for account, resource, unit in units:
            client = clients.get((account.provider, account.name))
            if client is None:
                client = clients[(account.provider, account.name)] = account.connect()
            fetched, pages = fetch_unit(
                client,
                resource,
                unit.month,
                account.params,
                account=account.name,
                skipped=refused.setdefault((account.provider, account.name, resource.name), set()),
                warn=warn,
                on_page=observer.page,
            )
            report.pages += pages
            rows = unit_rows(resource, fetched)
            final = is_final(resource, unit.month, rows, today)
            known = known_units.get(unit.key)
            state = UnitState(unit.provider, rows.digest, rows.row_count, final)
            if known is not None and known.digest == rows.digest:
                outcome: Outcome = "unchanged"
                if known.final != final:
                    sink.mark(unit, state)
            else:
                outcome = "new" if known is None else "restated"
                sink.write(unit, resource, rows, final=final)
            known_units[unit.key] = state
            result = UnitResult(unit, outcome, rows.row_count, pages, final)
            report.results.append(result)
            observer.unit_done(result)
    finally:
        for client in clients.values():
            client.close()
        report.seconds = clock() - started
    return report
