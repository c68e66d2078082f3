"""What a data set is made of: declarative resources, each one operation flattened into tables.

A :class:`Resource` says, for one provider: which operation to walk (``operation_id`` and fixed
``params``, passed to :meth:`~cloudcontracts.core.client.SyncApi.iter_pages`), how its months are asked
for (``months``), how the items of one month become rows of each of its :class:`Table` s, and when a
month is final (``finality``). The sync engine (:mod:`.engine`) and the dlt source
(:mod:`cloudcontracts.dlt`) know nothing else about the operations, so an operation added to a document
(NCP's cost lists, say) joins a data set as one more entry, with no change to either.

Months are keyed ``YYYY-MM``. Two ways to get them:

- ``"window"``: the operation takes ``start_month``/``end_month``; each month is asked for alone
  (``start_month == end_month``), so every row of the answer belongs to that month, even one whose own
  ``useMonth`` is empty, and a month is written only once all of its pages are in;
- ``"snapshot"``: the operation has no period (Hyperstack's contract list); each sync stores what it
  answers under the month the sync runs in, so the data set keeps one snapshot per month, the last one
  taken in that month;
- ``"date_range"``: the operation takes a period as two date-times (Hyperstack's VM billing history,
  ``start_date``/``end_date``); each month is asked for alone, from its first instant to the next
  month's (``2024-02-01T00:00:00`` .. ``2024-03-01T00:00:00``; :class:`DateRange` says why). The
  parameter names and the format are data on the resource (:class:`DateRange`), so another operation
  of this kind needs no code.

A resource may walk more operations of the same month beside its own (:class:`Input`: NCP's contract
costs and invoices beside its usage), so one table can join them (FOCUS with cost). The main
operation's items are named ``"main"``; a :class:`Table` names the items it is built from
(``inputs``), by default the main operation's alone. An ``optional`` input the key may not call (NCP's
401 code 210, or a 403) is skipped for that account with one warning, and its tables get ``None``.

An input is not always a list walked for the month:

- ``monthly=False``: the operation has no period (Hyperstack's contracts or pricebook beside its
  billing): it is asked without the month's parameters;
- ``paged=False``: the operation is one call, not a list the pager walks; its items are the body itself
  when it is an array (the pricebook), else the body's ``items_field`` (a contract's
  ``instances``);
- ``each``: one call per parameter set it returns, given the items fetched before it (the main
  operation's, then the inputs' in order): the machines of each contract the month billed; its items
  are every call's, in order.

A table that needs more than items (the month's period, a field of the pages such as Hyperstack's
``org_id``) sets ``context=True``: its ``rows`` then also gets ``unit=``, a :class:`UnitContext`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from cloudcontracts.dataset.months import Month
from cloudcontracts.exports.columns import Column, Row

__all__ = [
    "MAIN",
    "AfterCompleteMonths",
    "DateRange",
    "FinalityRule",
    "Input",
    "MonthMode",
    "Provider",
    "Resource",
    "Table",
    "UnitContext",
    "WhenBillWritten",
]

MAIN = "main"
"""How tables name the items of their resource's own operation."""

Provider = Literal["ncloud", "hyperstack"]
MonthMode = Literal["window", "snapshot", "date_range"]
_MONTH_MODES = ("window", "snapshot", "date_range")


class FinalityRule(Protocol):
    """Whether a month, as just fetched, will not change any more (so later syncs may skip it)."""

    def is_final(self, month: Month, rows: Sequence[Row], today: Month) -> bool: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class AfterCompleteMonths:
    """Final once more than ``months`` complete months have passed since it.

    With ``months=2`` and a sync in May 2024, May (not over), April and March (the two latest complete
    months) stay open and are fetched again by every sync; February and earlier are final. This is the
    rule for data that carries no mark of its own finality (NCP usage): a provider restates recent
    months as late usage is metered, and leaves older ones alone.
    """

    months: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.months, bool) or not isinstance(self.months, int) or self.months < 0:
            raise ValueError(f"months must be a whole number >= 0, not {self.months!r}")

    def is_final(self, month: Month, rows: Sequence[Row], today: Month) -> bool:
        return month.ordinal < today.ordinal - self.months

    def describe(self) -> str:
        return f"final after {self.months} complete month(s)"


@dataclass(frozen=True)
class WhenBillWritten:
    """Final once the month's bill is written: every row has a ``column`` value (NCP's ``writeDate``,
    FOCUS's ``BillingPeriodStatus`` of ``Closed`` through ``closed_value``), and there is at least one
    row. ``fallback`` applies to a month with no rows, or whose rows say nothing (for instance a month
    with no bill at all): by default, :class:`AfterCompleteMonths` with its default."""

    column: str
    closed_value: str | None = None
    fallback: AfterCompleteMonths = field(default_factory=AfterCompleteMonths)

    def is_final(self, month: Month, rows: Sequence[Row], today: Month) -> bool:
        if month.ordinal >= today.ordinal:
            return False  # a month not over has no bill yet, whatever a row says
        if not rows:
            return self.fallback.is_final(month, rows, today)
        values = [row.get(self.column) for row in rows]
        if self.closed_value is None:
            return all(value not in (None, "") for value in values)
        return all(value == self.closed_value for value in values)

    def describe(self) -> str:
        wanted = "set" if self.closed_value is None else repr(self.closed_value)
        return f"final when every row's {self.column} is {wanted}"


@dataclass(frozen=True)
class DateRange:
    """How a ``"date_range"`` resource asks for one month: its first instant in ``start``, the next
    month's first instant in ``end`` (both formatted with ``format``, UTC, as ``strftime`` writes them).

    The end is the next month's first instant, not the month's last second: Hyperstack does not say
    whether ``end_date`` is inclusive. Read as exclusive, this bound covers the month exactly; read as
    inclusive, the two months share one instant, which bills no time. The last second (``23:59:59``)
    would instead lose a second of every machine running at the month's end wherever the end is
    exclusive."""

    start: str = "start_date"
    end: str = "end_date"
    format: str = "%Y-%m-%dT%H:%M:%S"

    def query(self, month: Month) -> dict[str, object]:
        """``{start: first instant of month, end: first instant of the next}``."""
        return {
            self.start: _naive(month.first_instant, self.format),
            self.end: _naive(month.next_instant, self.format),
        }


def _naive(moment: datetime, pattern: str) -> str:
    return moment.replace(tzinfo=None).strftime(pattern)


@dataclass(frozen=True)
class UnitContext:
    """What a ``context=True`` table gets beside its items (``unit=``): the month, and the body of every
    page fetched for it, by input name (``"main"`` and the inputs')."""

    month: Month
    bodies: Mapping[str, Sequence[Any]]

    @property
    def start(self) -> datetime:
        """The month's first instant (aware UTC)."""
        return self.month.first_instant

    @property
    def end(self) -> datetime:
        """The next month's first instant: the month's end, exclusive, as FOCUS periods end."""
        return self.month.next_instant


@dataclass(frozen=True)
class Table:
    """One table a resource fills: its name, its columns, and how a month's items become its rows."""

    name: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterable[Row]]
    """The rows of one month: called with the items of each of ``inputs``, in order (the walk's items
    of every page; ``None`` for an optional input that was skipped)."""
    inputs: tuple[str, ...] = (MAIN,)
    """Whose items ``rows`` is given: ``"main"`` (the resource's operation) and names of its inputs."""
    context: bool = False
    """``rows`` also gets ``unit=``: the unit's :class:`UnitContext` (month, page bodies)."""


@dataclass(frozen=True)
class Input:
    """One more operation a resource walks for each month, beside its own, with the same month and the
    account's parameters; ``optional``: skipped (with one warning per account) when the key may not
    call it, rather than failing the sync."""

    name: str
    operation_id: str
    params: Mapping[str, object] = field(default_factory=dict)
    optional: bool = False
    monthly: bool = True
    """``False``: the operation has no period; it is asked without the month's parameters."""
    paged: bool = True
    """``False``: one call (no pager); the items are the body when it is an array, else its ``field``."""
    items_field: str | None = None
    """The body's list of items, for ``paged=False`` (``None``: the body is the list)."""
    each: Callable[[Mapping[str, Sequence[Any] | None]], Iterable[Mapping[str, object]]] | None = None
    """One call per parameter set returned, given the items fetched before this input (by name)."""

    def __post_init__(self) -> None:
        if self.items_field is not None and self.paged:
            raise ValueError(f"input {self.name!r}: items_field is for an input with paged=False")


@dataclass(frozen=True)
class Resource:
    """One operation of one provider, as tables of a data set (see the module docstring)."""

    name: str
    provider: Provider
    operation_id: str
    tables: tuple[Table, ...]
    months: MonthMode = "window"
    finality: FinalityRule = field(default_factory=AfterCompleteMonths)
    params: Mapping[str, object] = field(default_factory=dict)
    """Fixed keyword parameters of the operation (``page_size``, filters); the engine adds the month."""
    inputs: tuple[Input, ...] = ()
    """More operations walked for each month (see the module docstring)."""
    finality_table: str | None = None
    """The table whose rows ``finality`` reads (default: the first)."""
    date_range: DateRange = field(default_factory=DateRange)
    """The period's parameters of a ``"date_range"`` resource."""

    def __post_init__(self) -> None:
        if not self.tables:
            raise ValueError(f"resource {self.name!r} has no table")
        names = [table.name for table in self.tables]
        if len(set(names)) != len(names):
            raise ValueError(f"resource {self.name!r} names a table twice: {names}")
        if self.months not in _MONTH_MODES:
            raise ValueError(f"months must be one of {', '.join(_MONTH_MODES)}, not {self.months!r}")
        sources = [MAIN, *(source.name for source in self.inputs)]
        if len(set(sources)) != len(sources):
            raise ValueError(f"resource {self.name!r} names an input twice (or 'main'): {sources}")
        for table in self.tables:
            unknown = sorted(set(table.inputs) - set(sources))
            if unknown or not table.inputs:
                raise ValueError(f"table {table.name!r} of {self.name!r} reads unknown inputs: {unknown}")
        if self.finality_table is not None and self.finality_table not in names:
            raise ValueError(f"finality_table {self.finality_table!r} is not a table of {self.name!r}")

    def query(self, month: Month, extra: Mapping[str, object] | None = None) -> dict[str, object]:
        """The keyword parameters of the walk for ``month`` (an account's own ``extra`` ones merged)."""
        return self._with_month(self.params, month, extra)

    def input_query(
        self, source: Input, month: Month, extra: Mapping[str, object] | None = None
    ) -> dict[str, object]:
        """The keyword parameters of an input's walk for ``month`` (without the month for an input that
        is not ``monthly``)."""
        if not source.monthly:
            return {**source.params, **(extra or {})}
        return self._with_month(source.params, month, extra)

    def _with_month(
        self, fixed: Mapping[str, object], month: Month, extra: Mapping[str, object] | None
    ) -> dict[str, object]:
        params = {**fixed, **(extra or {})}
        if self.months == "window":
            params["start_month"] = params["end_month"] = month.compact
        elif self.months == "date_range":
            params.update(self.date_range.query(month))
        return params

    @property
    def decisive_table(self) -> str:
        """The table whose rows decide finality."""
        return self.finality_table or self.tables[0].name
