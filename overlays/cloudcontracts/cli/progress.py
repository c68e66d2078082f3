"""A progress display on stderr for multi-page pulls: pages fetched and rows written, as they happen.

Shown only when stderr is a terminal, and not when rows are being streamed to that same terminal (the two
would interleave); never in pipes, files or CI logs. It counts pages (each successful HTTP answer,
counted by a transport under the client's, or :meth:`Progress.page`) and rows. While the number of pages
is unknown the bar pulses; once a command knows it (NCP's ``totalRows`` over the page size, summed over
the windows seen so far) and passes it to :meth:`Progress.expect_pages` or ``progress_display(...,
total_pages=)``, the bar fills and shows ``3/10 pages`` and an ETA. rich is imported only when the
display is actually shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol, TextIO

import httpx2

from cloudcontracts.core.validation import whole_number

__all__ = [
    "PageCountingTransport",
    "Progress",
    "is_terminal",
    "page_items",
    "progress_display",
    "wants_progress",
]


class Progress(Protocol):
    def transport(self) -> httpx2.BaseTransport | None:
        """A transport for the client that counts pages, or ``None`` for the default one."""

    def page(self) -> None:
        """One more page fetched (the transport calls this; a command without it may too)."""

    def row(self) -> None:
        """One more row written."""

    def expect_pages(self, total: int | None) -> None:
        """The pull takes ``total`` pages in all, as far as is known (call again as more is learnt);
        ``None``: unknown."""

    def hide(self) -> None:
        """Stop drawing (and erase the display): rows are about to be drawn on the same terminal."""


class _Silent:
    def transport(self) -> httpx2.BaseTransport | None:
        return None

    def page(self) -> None:
        return None

    def row(self) -> None:
        return None

    def expect_pages(self, total: int | None) -> None:
        return None

    def hide(self) -> None:
        return None


class PageCountingTransport(httpx2.BaseTransport):
    """httpx's network transport, calling ``on_page`` for each successful answer."""

    def __init__(self, on_page: Callable[[], None], inner: httpx2.BaseTransport | None = None) -> None:
        self._inner = inner if inner is not None else httpx2.HTTPTransport()
        self._on_page = on_page

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self._inner.handle_request(request)
        if response.is_success:
            self._on_page()
        return response

    def close(self) -> None:
        self._inner.close()


class _Shown:
    """Counts for the rich display; rows are only counted here (cheap per row), drawn at its refresh."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None
        self.rows = 0

    def transport(self) -> httpx2.BaseTransport | None:
        return PageCountingTransport(self.page)

    def page(self) -> None:
        self.bar.advance(self.task)  # a sample of the speed the ETA is estimated from

    def row(self) -> None:
        self.rows += 1

    def expect_pages(self, total: int | None) -> None:
        _check_total(total)
        self.bar.update(self.task, total=total)

    def hide(self) -> None:
        self.bar.stop()  # transient: erased; counting goes on, undrawn


def page_items(
    pages: Iterable[Any], progress: Progress, *, page_size: int, windows: int = 1
) -> Iterator[Any]:
    """The items of ``pages`` (:class:`~cloudcontracts.core.paging.Page` s of an NCP walk), telling
    ``progress`` how many pages the walk takes as soon as it is known.

    The first page of each window carries ``totalRows``: that window takes ``ceil(totalRows /
    page_size)`` pages (at least one, as the pager asks). Windows not reached yet count one page each
    until their first page says more, so the total only grows as the walk learns it."""
    known: dict[Hashable, int] = {}
    for page in pages:
        window = page.window
        if window not in known and page.total is not None:
            known[window] = max(1, math.ceil(page.total / page_size))
            progress.expect_pages(sum(known.values()) + max(0, windows - len(known)))
        yield from page.items


def _check_total(total: int | None) -> None:
    if total is not None:
        whole_number("total pages", total, minimum=0)


def _clock(seconds: float) -> str:
    whole = int(seconds + 0.5)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def is_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal (a stream without ``isatty`` is not)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def wants_progress(stderr: TextIO, stdout: TextIO, *, rows_to_stdout: bool) -> bool:
    """Whether to show progress: stderr is a terminal, and rows are not streamed to the terminal too."""
    return is_terminal(stderr) and not (rows_to_stdout and is_terminal(stdout))


@contextmanager
def progress_display(
    label: str, stream: TextIO, *, enabled: bool, total_pages: int | None = None
) -> Iterator[Progress]:
    """A :class:`Progress` drawing on ``stream`` while the block runs (and erased after), or a silent one.

    ``total_pages``, when known: the bar fills and shows ``done/total pages`` and an ETA."""
    _check_total(total_pages)
    if not enabled:
        yield _Silent()
        return
    from rich.console import Console  # noqa: PLC0415 -- only when a terminal will show it
    from rich.progress import BarColumn, ProgressColumn, SpinnerColumn, Task, TextColumn  # noqa: PLC0415
    from rich.progress import Progress as RichProgress  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    shown = _Shown()

    class Counts(ProgressColumn):
        def render(self, task: Task) -> Text:
            done = f"{task.completed:.0f}" if task.total is None else f"{task.completed:.0f}/{task.total:.0f}"
            return Text(f"{done} pages, {shown.rows} rows")

    class Eta(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text("")
            remaining = task.time_remaining
            return Text("ETA " + ("-:--:--" if remaining is None else _clock(remaining)))

    class Elapsed(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(_clock(task.finished_time or task.elapsed or 0.0))

    bar = RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        Counts(),
        Elapsed(),
        Eta(),
        console=Console(file=stream, force_terminal=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        shown.bar, shown.task = bar, bar.add_task(label, total=total_pages)
        yield shown
