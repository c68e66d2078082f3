"""A progress display on stderr for multi-page pulls: pages fetched and rows written, as they happen.

Shown only when stderr is a terminal, and not when rows are being streamed to that same terminal (the two
would interleave); never in pipes, files or CI logs. The overlay's iterators do not say how many pages
there will be before the last one arrives, so the bar pulses rather than filling; it counts pages (each
successful HTTP answer, counted by a transport under the client's) and rows. rich is imported only when
the display is actually shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol, TextIO

import httpx

__all__ = ["PageCountingTransport", "Progress", "is_terminal", "progress_display", "wants_progress"]


class Progress(Protocol):
    def transport(self) -> httpx.BaseTransport | None:
        """A transport for the client that counts pages, or ``None`` for the default one."""

    def row(self) -> None:
        """One more row written."""


class _Silent:
    def transport(self) -> httpx.BaseTransport | None:
        return None

    def row(self) -> None:
        return None


class PageCountingTransport(httpx.BaseTransport):
    """httpx's network transport, calling ``on_page`` for each successful answer."""

    def __init__(self, on_page: Callable[[], None], inner: httpx.BaseTransport | None = None) -> None:
        self._inner = inner if inner is not None else httpx.HTTPTransport()
        self._on_page = on_page

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        if response.is_success:
            self._on_page()
        return response

    def close(self) -> None:
        self._inner.close()


class _Shown:
    def __init__(self, bar: Any, task: Any) -> None:
        self._bar = bar
        self._task = task
        self._pages = 0

    def _page(self) -> None:
        self._pages += 1
        self._bar.update(self._task, pages=self._pages)

    def transport(self) -> httpx.BaseTransport | None:
        return PageCountingTransport(self._page)

    def row(self) -> None:
        self._bar.advance(self._task)


def is_terminal(stream: IO[str]) -> bool:
    """Whether ``stream`` is a terminal (a stream without ``isatty`` is not)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def wants_progress(stderr: TextIO, stdout: TextIO, *, rows_to_stdout: bool) -> bool:
    """Whether to show progress: stderr is a terminal, and rows are not streamed to the terminal too."""
    return is_terminal(stderr) and not (rows_to_stdout and is_terminal(stdout))


@contextmanager
def progress_display(label: str, stream: TextIO, *, enabled: bool) -> Iterator[Progress]:
    """A :class:`Progress` drawing on ``stream`` while the block runs (and erased after), or a silent one."""
    if not enabled:
        yield _Silent()
        return
    from rich.console import Console  # noqa: PLC0415 -- only when a terminal will show it
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415
    from rich.progress import Progress as RichProgress  # noqa: PLC0415

    bar = RichProgress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[pages]} pages, {task.completed:.0f} rows"),
        TimeElapsedColumn(),
        console=Console(file=stream, force_terminal=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(label, total=None, pages=0)
        yield _Shown(bar, task)
