"""The garbage collector's pause around page decoding: scoped, shared between threads, never leaked."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from cloudcontracts.core.decoding import decode_json, gc_paused


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_enabled_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: still paused, and the inner end does not resume it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resumed_after_an_error() -> None:
    with pytest.raises(ValueError, match="boom"), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_the_application_disabled_stays_disabled() -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_pauses_from_threads_resume_once_all_have_ended() -> None:
    first_in, second_in, first_may_leave, first_out = (threading.Event() for _ in range(4))
    seen: list[bool] = []

    def first() -> None:
        with gc_paused():
            first_in.set()
            first_may_leave.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(5)
    with gc_paused():
        second_in.set()
        first_may_leave.set()
        assert first_out.wait(5)
        seen.append(gc.isenabled())  # the first thread's pause ended; this one's has not
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_decode_json_pauses_only_while_decoding() -> None:
    assert decode_json(b'{"a": [1, 2, {"b": null}]}') == {"a": [1, 2, {"b": None}]}
    assert gc.isenabled()
    with pytest.raises(ValueError, match="not a JSON number"):
        decode_json(b"[NaN]")
    assert gc.isenabled()
