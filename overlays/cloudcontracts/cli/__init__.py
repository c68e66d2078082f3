"""The ``cloudcontracts`` command line (click); the console script calls :func:`main`.

The command tree and its error handling live in :mod:`.app`; options, output, progress, logging and exit
codes each in their own module. ``docs/cli.md`` documents commands, options, row shapes and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence

from cloudcontracts.cli.app import cli
from cloudcontracts.cli.exit_codes import ExitCode

__all__ = ["ExitCode", "cli", "main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and exit with its exit code."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="cloudcontracts")
