"""Types of the optional compiled module built from ``_xml_accel.pyx`` (see ``hatch_build.py``)."""

from collections.abc import Callable, Mapping
from typing import Any

EXPAT_VERSION: tuple[int, int, int]

def check_constants(values: Mapping[str, object]) -> None: ...
def decode(
    body: bytes,
    roots: dict[str, Any],
    max_depth: int,
    generic_plan: dict[str, Any],
    refused: type[Exception],
    root_message: Callable[[str, Mapping[str, Any]], str],
    depth_message: Callable[[int], str],
) -> dict[str, Any]: ...
