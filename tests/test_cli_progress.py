"""The progress display: pages and rows while the total is unknown; a filling bar, ``done/total`` and an
ETA once a command says how many pages there will be."""

from __future__ import annotations

import io
import re
import time

import httpx2
import pytest

from cloudcontracts.cli.progress import PageCountingTransport, progress_display

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _frames(total_pages: int | None, *, later_total: int | None = None) -> str:
    stream = io.StringIO()
    with progress_display("NCP usage", stream, enabled=True, total_pages=total_pages) as progress:
        if later_total is not None:
            progress.expect_pages(later_total)
        for _ in range(2):
            progress.page()
            time.sleep(0.05)  # two speed samples apart in time, for the estimate
        for _ in range(10):
            progress.row()
    return ESCAPES.sub("", stream.getvalue())


def test_unknown_total_shows_counts_and_no_eta() -> None:
    text = _frames(None)
    assert "NCP usage" in text
    assert "2 pages, 10 rows" in text
    assert "ETA" not in text


@pytest.mark.parametrize(("given", "later"), [(4, None), (None, 4)])
def test_known_total_shows_done_of_total_and_an_eta(given: int | None, later: int | None) -> None:
    text = _frames(given, later_total=later)
    assert "2/4 pages, 10 rows" in text
    assert re.search(r"ETA (\d+:\d\d:\d\d|-:--:--)", text)


def test_pages_are_counted_by_the_transport() -> None:
    stream = io.StringIO()
    inner = httpx2.MockTransport(lambda request: httpx2.Response(200 if "ok" in request.url.path else 500))
    with progress_display("x", stream, enabled=True, total_pages=3) as progress:
        assert isinstance(progress.transport(), PageCountingTransport)  # what the commands give the client
        with httpx2.Client(transport=PageCountingTransport(progress.page, inner)) as client:
            client.get("http://127.0.0.1/ok")
            client.get("http://127.0.0.1/fail")  # not a page: a failed attempt
    assert "1/3 pages" in ESCAPES.sub("", stream.getvalue())


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_a_bad_total_is_refused(bad: object) -> None:
    with (
        pytest.raises(ValueError, match="total pages"),
        progress_display("x", io.StringIO(), enabled=False, total_pages=bad),  # type: ignore[arg-type]
    ):
        pass


def test_silent_progress_accepts_everything() -> None:
    with progress_display("x", io.StringIO(), enabled=False) as progress:
        progress.expect_pages(3)
        progress.page()
        progress.row()
        assert progress.transport() is None


def test_hidden_display_keeps_counting_without_drawing() -> None:
    stream = io.StringIO()
    with progress_display("x", stream, enabled=True, total_pages=2) as progress:
        progress.page()
        progress.hide()
        drawn = stream.getvalue()
        progress.page()
        progress.row()
        time.sleep(0.15)  # longer than a refresh: nothing more is drawn
        assert stream.getvalue() == drawn
