"""``cloudcontracts sandbox`` and ``cloudcontracts demo``: the local fake of both APIs, the main job on it.

Both need the ``sandbox`` extra (Starlette, uvicorn), imported only when one of them runs. ``sandbox`` is
``python -m cloudcontracts.sandbox``: options other than ``--port`` go to it unchanged. ``demo`` is
``python -m cloudcontracts.demo``, what ``make demo`` runs.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from cloudcontracts.cli.exit_codes import LocalError
from cloudcontracts.cli.session import command_session, verbose_option

__all__ = ["demo_command", "sandbox_command"]

_EXTRA = "needs the 'sandbox' extra: pip install 'cloudcontracts[sandbox]'"


@click.command(
    "sandbox",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    epilog="""\b
Examples:
  cloudcontracts sandbox                      # http://127.0.0.1:8080, Ctrl-C to stop
  cloudcontracts sandbox --port 0 --seed 3    # any free port, other data
  cloudcontracts sandbox --fault 503 --fault ok

\b
Other options (--seed, --ncp-contracts, --fault, ...): python -m cloudcontracts.sandbox --help
""",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port). It never listens elsewhere.",
)
@verbose_option
@click.pass_context
def sandbox_command(ctx: click.Context, port: int) -> None:
    """Serve fake Hyperstack and NCP APIs on 127.0.0.1 with fake credentials, until Ctrl-C.

    Prints the base URLs, the fake credentials and the environment variables that point the clients
    (and this command line) at it.
    """
    with command_session(ctx):
        run = _load("cloudcontracts.sandbox.__main__", "the sandbox")
        ctx.exit(run(["--port", str(port), *ctx.args]))


@click.command(
    "demo",
    epilog="""\b
Example:
  cloudcontracts demo     # what `make demo` runs
""",
)
@verbose_option
@click.pass_context
def demo_command(ctx: click.Context) -> None:
    """Run the main job against an in-process sandbox: no credentials, no network.

    Lists Hyperstack contracts, draws one contract's GPU allocation, and pulls three months of NCP usage
    as XML and as JSON, checking that both decode identically (exit code 1 if not).
    """
    with command_session(ctx):
        run = _load("cloudcontracts.demo", "the demo")
        ctx.exit(run())


def _load(module: str, what: str) -> Callable[..., int]:
    import importlib  # noqa: PLC0415

    try:
        main: Callable[..., int] = importlib.import_module(module).main
        if module == "cloudcontracts.demo":
            importlib.import_module("cloudcontracts.sandbox")  # the demo imports it only once running
    except ImportError as error:
        if error.name and error.name.split(".")[0] in ("starlette", "uvicorn"):
            raise LocalError(f"{what} {_EXTRA}") from None
        raise
    return main
