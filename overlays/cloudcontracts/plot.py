"""Charts of a contract's GPU allocation graph: a PNG (matplotlib) and a terminal chart (no dependency);
and of a contract's utilisation, allocation against commitment (:func:`render_utilisation_png`).

Both take the generated ``Contract`` that ``HyperstackContracts.gpu_allocation_graph`` returns and read it
through :func:`~cloudcontracts.hyperstack.graph.graph_points`, so times are UTC
(Hyperstack's zone-less timestamps mean UTC) and every chart says so.

matplotlib is an optional extra: it is imported only inside :func:`render_png`, through its Agg canvas
directly (no ``pyplot``, so no global backend switch and no GUI), as matplotlib recommends for
producing files from library code.

The terminal chart draws one column per bucket with eighth-block characters. When there are more buckets
than columns it down-samples by taking the **maximum** of each run of consecutive buckets (never the
mean), so a short peak is never hidden; the footer states the grouping, the axis range and the peak.
"""

from __future__ import annotations

import math
import textwrap
from datetime import UTC, datetime, timedelta
from os import PathLike
from pathlib import Path

from cloudcontracts.core.validation import positive_int
from cloudcontracts.hyperstack.graph import graph_period, graph_points
from cloudcontracts.hyperstack.utilisation import Utilisation
from hyperstack_client.models import Contract
from hyperstack_client.types import Unset

__all__ = ["chart_title", "downsample_max", "render_png", "render_terminal", "render_utilisation_png"]

_BLOCKS = " ▁▂▃▄▅▆▇█"
_TIME = "%Y-%m-%d %H:%M"


def _total(contract: Contract) -> int | None:
    total = contract.total_gpu_allocation
    if isinstance(total, bool) or not isinstance(total, int):  # Unset, None or a wrong type
        return None
    return total


def _granularity(contract: Contract) -> int | None:
    step = contract.granularity
    if isinstance(step, bool) or not isinstance(step, int) or step <= 0:
        return None
    return step


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def chart_title(contract: Contract) -> str:
    """``Contract <id>: GPU allocation, <start> to <end> UTC`` (the period the buckets cover)."""
    name = "?" if isinstance(contract.id, Unset) else str(contract.id)
    period = graph_period(contract)
    if period is None:
        return f"Contract {name}: GPU allocation (no data)"
    start, end = period
    return f"Contract {name}: GPU allocation, {start:{_TIME}} to {end:{_TIME}} UTC"


def downsample_max(values: list[int], columns: int) -> tuple[list[int], int]:
    """``values`` in at most ``columns`` columns, each the maximum of ``group`` consecutive values.

    Returns ``(column values, group)``; ``group`` is 1 when every value has its own column.
    """
    if columns < 1:
        raise ValueError(f"columns must be >= 1, got {columns}")
    group = max(1, math.ceil(len(values) / columns))
    return [max(values[i : i + group]) for i in range(0, len(values), group)], group


def render_terminal(contract: Contract, *, width: int = 80, height: int = 8) -> str:
    """A bar chart of the graph for a terminal, at most ``width`` characters wide and ``height`` rows tall.

    Layout: the title; ``height`` rows of bars under a y-axis labelled with its top value; an x-axis
    labelled ``0`` with the first and last bucket times under it; a footer with the peak (value and
    time), the contracted total, the y-axis range and how buckets map to columns. Title and footer are
    wrapped at ``width``; every chart row is the axis plus exactly one character per column.
    """
    if (
        isinstance(width, bool)
        or not isinstance(width, int)
        or isinstance(height, bool)
        or not isinstance(height, int)
    ):
        raise TypeError("width and height must be ints")
    if height < 1:
        raise ValueError(f"height must be >= 1, got {height}")
    title = textwrap.wrap(chart_title(contract), width=width, break_on_hyphens=False)
    points = graph_points(contract)
    if not points:
        return "\n".join([*title, "(no GPU allocation data in this period)"])

    values = [value for _, value in points]
    peak = max(values)
    peak_time = points[values.index(peak)][0]
    total = _total(contract)
    top = max(peak, total or 0, 1)
    label = str(top)
    gutter = len(label) + 2  # "<label> ┤"
    columns = width - gutter
    if columns < 1:
        raise ValueError(f"width {width} leaves no room for the chart (the axis takes {gutter} columns)")
    bars, group = downsample_max(values, columns)

    # Eighths of a row per bar; a non-zero value always shows at least one eighth.
    levels = [max(1, round(v / top * height * 8)) if v > 0 else 0 for v in bars]
    lines = list(title)
    for row in range(height - 1, -1, -1):
        cells = "".join(_BLOCKS[min(8, max(0, level - row * 8))] for level in levels)
        axis = f"{label} ┤" if row == height - 1 else " " * len(label) + " │"
        lines.append(axis + cells)
    lines.append("0".rjust(len(label)) + " └" + "─" * len(bars))

    first = f"{points[0][0]:{_TIME}}"
    last = f"{points[-1][0]:{_TIME}}"
    if len(first) + 1 + len(last) <= len(bars):
        lines.append(" " * gutter + first + last.rjust(len(bars) - len(first)))
    elif gutter + len(first) <= width:
        lines.append(" " * gutter + first)

    step = _granularity(contract)
    bucket = f"{len(values)} bucket{'s' if len(values) != 1 else ''}" + (
        f" of {_duration(step)}" if step else ""
    )
    mapping = "one per column" if group == 1 else f"max of {group} per column"
    facts = [f"peak {peak} GPUs at {peak_time:{_TIME}} UTC"]
    if total is not None:
        facts.append(f"contracted {total} GPUs")
    facts += [f"y axis 0-{top}", f"{bucket}, {mapping}"]
    lines.extend(_pack(facts, width))
    return "\n".join(lines)


def _pack(facts: list[str], width: int) -> list[str]:
    """Join facts with "; " into lines of at most ``width``, breaking inside a fact only if it must."""
    lines: list[str] = []
    for fact in facts:
        if lines and len(lines[-1]) + 2 + len(fact) <= width:
            lines[-1] += "; " + fact
        else:
            lines.extend(textwrap.wrap(fact, width=width, break_on_hyphens=False) or [""])
    return lines


def render_png(
    contract: Contract,
    path: str | PathLike[str],
    *,
    width: int = 1200,
    height: int = 600,
    title: str | None = None,
    dpi: int = 100,
) -> Path:
    """Write the graph as a PNG of exactly ``width`` x ``height`` pixels and return its path.

    A step chart of allocated GPUs per bucket (UTC time axis), the contracted ``total_gpu_allocation``
    as a dashed reference line, labelled axes, and a title naming the contract and the period (or
    ``title``). Needs matplotlib (``pip install cloudcontracts[plot]``).
    """
    for name, value in (("width", width), ("height", height), ("dpi", dpi)):
        positive_int(name, value)
    if width < 200 or height < 150:
        raise ValueError(f"a {width}x{height} chart is too small to label; use at least 200x150 pixels")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 -- optional extra
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
        from matplotlib.ticker import MaxNLocator  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError("render_png needs matplotlib: pip install 'cloudcontracts[plot]'") from exc

    points = graph_points(contract)
    total = _total(contract)
    step = _granularity(contract)

    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title if title is not None else chart_title(contract))
    axes.set_xlabel("Time (UTC)")
    axes.set_ylabel("Allocated GPUs")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator(tz=UTC)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator, tz=UTC)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(formatter)
    axes.grid(True, axis="y", alpha=0.3)

    if points:
        times: list[datetime] = [when for when, _ in points]
        counts = [value for _, value in points]
        # Each value holds for its whole bucket: repeat the last one to the end of the last bucket.
        times.append(times[-1] + timedelta(seconds=step or 0))
        counts.append(counts[-1])
        axes.fill_between(times, counts, step="post", alpha=0.25, color="tab:blue")  # type: ignore[arg-type]
        axes.step(times, counts, where="post", color="tab:blue", linewidth=1.5, label="allocated GPUs")  # type: ignore[arg-type]
        axes.set_xlim(times[0], times[-1])  # type: ignore[arg-type]
    else:
        axes.text(
            0.5,
            0.5,
            "no GPU allocation data in this period",
            ha="center",
            va="center",
            transform=axes.transAxes,
        )
    if total is not None:
        axes.axhline(total, color="tab:red", linestyle="--", linewidth=1.2, label=f"contracted: {total} GPUs")
    top = max([total or 0, *(value for _, value in points), 1])
    axes.set_ylim(0, top * 1.2)  # headroom so the legend clears the reference line
    if points or total is not None:
        axes.legend(loc="upper left")

    target = Path(path)
    # No bbox_inches="tight": it would crop the canvas and change the pixel size asked for.
    figure.savefig(target, format="png", dpi=dpi)
    return target


def render_utilisation_png(
    utilisation: Utilisation,
    path: str | PathLike[str],
    *,
    width: int = 1200,
    height: int = 600,
    dpi: int = 100,
) -> Path:
    """Write a contract's allocation against its commitment over the period as a PNG (``width`` x
    ``height`` pixels) and return its path.

    Allocated GPUs per bucket of the GPU graph (filled steps), the GPUs contracted during the contract's
    active part of the period (dashed steps: the commitment ends with the contract), and a title with
    the period's figures (contracted, allocated and unused GPU-hours, utilisation). Needs matplotlib.
    """
    for name, value in (("width", width), ("height", height), ("dpi", dpi)):
        positive_int(name, value)
    if width < 200 or height < 150:
        raise ValueError(f"a {width}x{height} chart is too small to label; use at least 200x150 pixels")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 -- optional extra
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
        from matplotlib.ticker import MaxNLocator  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(
            "render_utilisation_png needs matplotlib: pip install 'cloudcontracts[plot]'"
        ) from exc

    u = utilisation
    figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    percent = "n/a" if u.utilisation_percent is None else f"{u.utilisation_percent:g}%"
    axes.set_title(
        f"Contract {u.contract_id}: allocation against commitment, "
        f"{u.period_start:%Y-%m-%d %H:%M} to {u.period_end:%Y-%m-%d %H:%M} UTC\n"
        f"contracted {u.contracted_gpu_hours:g} GPU-h, allocated {u.allocated_gpu_hours:g} GPU-h, "
        f"unused {u.unused_gpu_hours:g} GPU-h, utilisation {percent}"
    )
    axes.set_xlabel("Time (UTC)")
    axes.set_ylabel("GPUs")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator(tz=UTC)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=UTC))  # type: ignore[no-untyped-call]
    axes.grid(True, axis="y", alpha=0.3)
    edges = sorted({u.period_start, u.period_end, *(t for t in (u.active_start, u.active_end) if t)})
    axes.step(
        edges,  # type: ignore[arg-type]
        [u.commitment_at(t) for t in edges],
        where="post",
        color="tab:red",
        linestyle="--",
        linewidth=1.2,
        label=f"contracted: {u.contracted_gpus} GPUs",
    )
    if u.points:
        times = [when for when, _ in u.points]
        counts = [value for _, value in u.points]
        times.append(times[-1] + timedelta(seconds=u.granularity or 0))
        counts.append(counts[-1])
        axes.fill_between(times, counts, step="post", alpha=0.25, color="tab:blue")  # type: ignore[arg-type]
        axes.step(times, counts, where="post", color="tab:blue", linewidth=1.5, label="allocated GPUs")  # type: ignore[arg-type]
    axes.set_xlim(u.period_start, u.period_end)  # type: ignore[arg-type]
    top = max([u.contracted_gpus, *(value for _, value in u.points), 1])
    axes.set_ylim(0, top * 1.2)
    axes.legend(loc="upper left")
    target = Path(path)
    figure.savefig(target, format="png", dpi=dpi)
    return target
