"""The command line starts light (`--help` imports no heavy optional module), runs as a module, and every
command has help with examples.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cloudcontracts import __version__
from cloudcontracts.cli import cli

ROOT = Path(__file__).resolve().parent.parent
# rich is missing on purpose: httpx imports it (through its own optional CLI) whenever click and rich are
# installed, so `import cloudcontracts` already has it; see docs/cli.md, "Start-up".
HEAVY = ("matplotlib", "pyarrow", "starlette", "uvicorn", "cloudcontracts.sandbox", "cloudcontracts.plot")

PROBE = """
import json, sys
from cloudcontracts.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
heavy = sorted({m for m in sys.modules for h in %r if m == h or m.startswith(h + ".")})
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "overlays"), str(ROOT / "generated")]))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("hyperstack", "--help"),
        ("hyperstack", "gpu-graph", "--help"),
        ("ncloud", "usage", "--help"),
        ("sandbox", "--help"),
    ],
)
def test_help_imports_no_heavy_module(argv: tuple[str, ...]) -> None:
    result = _python("-c", PROBE % (HEAVY,), *argv)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "heavy": []}
    assert "Usage: cloudcontracts" in result.stdout


def test_runs_as_a_module() -> None:
    result = _python("-m", "cloudcontracts.cli", "--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"cloudcontracts, version {__version__}\n",
        "",
    )


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*path, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*path, name)))
    return found


def test_command_tree() -> None:
    assert _commands(cli) == [
        ("demo",),
        ("hyperstack",),
        ("hyperstack", "billing"),
        ("hyperstack", "commitments"),
        ("hyperstack", "contract"),
        ("hyperstack", "contracts"),
        ("hyperstack", "gpu-graph"),
        ("hyperstack", "machines"),
        ("hyperstack", "pricebook"),
        ("hyperstack", "utilisation"),
        ("ncloud",),
        ("ncloud", "costs"),
        ("ncloud", "invoices"),
        ("ncloud", "usage"),
        ("sandbox",),
        ("sync",),
    ]


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


LEAVES = [path for path in _commands(cli) if not isinstance(_command(path), click.Group)]


@pytest.mark.parametrize("path", LEAVES)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_examples(path: tuple[str, ...], flag: str) -> None:
    result = CliRunner().invoke(cli, [*path, flag])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cloudcontracts {' '.join(path)} ")
    assert "Example" in result.stdout


def test_root_help_lists_exit_codes_and_no_secret_options() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert "Exit codes: 0 ok, 1 internal error, 2 bad arguments" in result.stdout
    every_option = {opt for path in _commands(cli) for opt in _options(path)}
    assert not {o for o in every_option if any(w in o for w in ("key", "secret", "token", "password"))}


def _options(path: tuple[str, ...]) -> list[str]:
    return [opt for param in _command(path).params for opt in param.opts]


def test_a_bare_group_prints_its_help_and_exits_2() -> None:
    result = CliRunner().invoke(cli, ["ncloud"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: cloudcontracts ncloud [OPTIONS] COMMAND [ARGS]...")
