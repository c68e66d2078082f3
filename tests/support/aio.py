"""Running an awaitable from sync test code (``asyncio.run`` takes coroutines only)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["run_awaitable"]

T = TypeVar("T")


def run_awaitable(awaitable: Awaitable[T]) -> T:
    """Run ``awaitable`` (a coroutine or any other awaitable) to completion in a new event loop."""

    async def main() -> T:
        return await awaitable

    return asyncio.run(main())
