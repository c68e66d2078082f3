"""cloudcontracts.plot: a PNG of exactly the asked size, and a terminal chart with one column per bucket."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from cloudcontracts.plot import chart_title, downsample_max, render_png, render_terminal
from hyperstack_client.models import Contract

VALUES = [2, 2, 3, 5, 8, 8, 12, 14, 14, 13, 10, 8, 8, 8, 9, 12, 14, 16, 15, 12, 8, 5, 3, 2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def day_graph(values: list[int] = VALUES, **fields: Any) -> Contract:
    body = {
        "id": "4217",
        "org_id": 9,
        "status": "active",
        "granularity": 3600,
        "total_gpu_allocation": 16,
        **fields,
        "allocated_gpu_count_graph": [
            {"datetime": f"2026-05-{1 + h // 24:02d}T{h % 24:02d}:00:00", "value": v}
            for h, v in enumerate(values)
        ],
    }
    return Contract.from_dict(body)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the signature and the chunk's CRC."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    assert length == 13
    payload = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert zlib.crc32(kind + payload) == crc
    width, height = struct.unpack(">II", payload[:8])
    assert data.endswith(b"IEND\xaeB`\x82")
    return width, height


# --- PNG ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height"), [(1200, 600), (901, 451), (640, 333)])
def test_png_has_exactly_the_requested_size(tmp_path: Path, width: int, height: int) -> None:
    target = render_png(day_graph(), tmp_path / "graph.png", width=width, height=height)
    assert target == tmp_path / "graph.png"
    assert png_size(target.read_bytes()) == (width, height)


def test_png_of_an_empty_graph_is_still_an_image(tmp_path: Path) -> None:
    target = render_png(Contract.from_dict({"id": "7"}), str(tmp_path / "empty.png"), width=400, height=300)
    assert png_size(target.read_bytes()) == (400, 300)


def test_png_with_a_custom_title_and_high_dpi(tmp_path: Path) -> None:
    target = render_png(day_graph(), tmp_path / "t.png", width=800, height=400, dpi=200, title="Cluster A")
    assert png_size(target.read_bytes()) == (800, 400)


@pytest.mark.parametrize(
    "kwargs", [{"width": 0}, {"height": -5}, {"width": 100, "height": 100}, {"dpi": 0}, {"width": 640.0}]
)
def test_png_refuses_unusable_sizes(tmp_path: Path, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"width|height|dpi|small"):
        render_png(day_graph(), tmp_path / "x.png", **kwargs)
    assert not (tmp_path / "x.png").exists()


def test_png_does_not_touch_pyplot_state(tmp_path: Path) -> None:
    import matplotlib  # noqa: PLC0415

    backend = matplotlib.get_backend()
    render_png(day_graph(), tmp_path / "g.png")
    assert matplotlib.get_backend() == backend


# --- title -------------------------------------------------------------------------------------------------


def test_title_names_the_contract_and_the_period() -> None:
    assert (
        chart_title(day_graph()) == "Contract 4217: GPU allocation, 2026-05-01 00:00 to 2026-05-02 00:00 UTC"
    )
    assert chart_title(Contract.from_dict({"id": "7"})) == "Contract 7: GPU allocation (no data)"


# --- terminal ----------------------------------------------------------------------------------------------


def chart_rows(text: str) -> list[str]:
    """The bar part of each chart row (after the ``┤``/``│`` axis)."""
    return [
        line.split("┤" if "┤" in line else "│", 1)[1]
        for line in text.splitlines()
        if "┤" in line or "│" in line
    ]


def test_terminal_one_column_per_bucket_and_the_peak_stated() -> None:
    text = render_terminal(day_graph(), width=80, height=8)
    rows = chart_rows(text)
    assert len(rows) == 8
    assert all(len(row) == len(VALUES) for row in rows)
    assert "peak 16 GPUs at 2026-05-01 17:00 UTC" in text
    assert "contracted 16 GPUs" in text
    assert "y axis 0-16" in text
    assert "24 buckets of 1 h, one per column" in text
    assert text.splitlines()[0] == "Contract 4217: GPU allocation, 2026-05-01 00:00 to 2026-05-02 00:00 UTC"
    assert "16 ┤" in text
    assert " 0 └" + "─" * 24 in text
    # The peak bucket (index 17) reaches the top row; the first bucket (2 of 16) does not.
    assert rows[0][17] == "█"
    assert rows[0][0] == " "
    assert all(len(line) <= 80 for line in text.splitlines())


def test_terminal_bar_heights_are_proportional() -> None:
    text = render_terminal(day_graph([0, 4, 8, 16]), width=40, height=4)
    columns = ["".join(row[i] for row in chart_rows(text)) for i in range(4)]
    assert columns == ["    ", "   █", "  ██", "████"]  # 0, 1/4, 2/4, 4/4 of the 16-GPU axis


def test_terminal_small_nonzero_values_stay_visible() -> None:
    text = render_terminal(day_graph([1, 0], total_gpu_allocation=1000), width=40, height=4)
    bottom = chart_rows(text)[-1]
    assert bottom[0] != " "
    assert bottom[1] == " "


def test_terminal_downsamples_by_maximum_when_buckets_exceed_the_width() -> None:
    values = [1] * 100
    values[37] = 9  # a one-bucket spike must survive
    text = render_terminal(day_graph(values, total_gpu_allocation=9), width=40, height=3)
    rows = chart_rows(text)
    # 40 wide minus the axis "9 ┤" leaves 37 columns: groups of ceil(100/37) = 3 buckets, 34 columns.
    assert all(len(row) == 34 for row in rows)
    assert rows[0][37 // 3] == "█"
    assert "100 buckets of 1 h, max of 3 per column" in text
    assert "peak 9 GPUs" in text
    assert all(len(line) <= 40 for line in text.splitlines())


def test_terminal_empty_graph() -> None:
    text = render_terminal(Contract.from_dict({"id": "7"}))
    assert text == "Contract 7: GPU allocation (no data)\n(no GPU allocation data in this period)"


def test_terminal_without_total_scales_to_the_peak() -> None:
    contract = Contract.from_dict(
        {"id": "1", "allocated_gpu_count_graph": [{"datetime": "2026-05-01T00:00:00", "value": 3}]}
    )
    text = render_terminal(contract, width=30, height=2)
    assert "y axis 0-3" in text
    assert "contracted" not in text
    assert "1 bucket, one per column" in text


@pytest.mark.parametrize(
    ("width", "height", "error"), [(3, 8, ValueError), (80, 0, ValueError), (80.0, 8, TypeError)]
)
def test_terminal_refuses_unusable_sizes(width: Any, height: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        render_terminal(day_graph(), width=width, height=height)


def test_downsample_max() -> None:
    assert downsample_max([1, 2, 3], 5) == ([1, 2, 3], 1)
    assert downsample_max([1, 5, 2, 2, 7], 2) == ([5, 7], 3)
    assert downsample_max([], 3) == ([], 1)
    with pytest.raises(ValueError, match="columns"):
        downsample_max([1], 0)
