"""`cloudcontracts sandbox` and `cloudcontracts demo`: they run the sandbox's and the demo's own entry points,
and say which extra is missing when it is.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.cli_support import SEED, golden_text

import cloudcontracts.sandbox.__main__ as sandbox_main
from cloudcontracts.cli import ExitCode, cli

ROOT = Path(__file__).resolve().parent.parent


def test_sandbox_passes_its_options_through(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake_main(argv: Sequence[str]) -> int:
        calls.append(list(argv))
        return 0

    monkeypatch.setattr(sandbox_main, "main", fake_main)
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", "--seed", "3", "--fault", "503"])
    assert result.exit_code == 0, result.stderr
    assert calls == [["--port", "0", "--seed", "3", "--fault", "503"]]
    default = CliRunner().invoke(cli, ["sandbox"])
    assert default.exit_code == 0
    assert calls[-1] == ["--port", "8080"]


def test_sandbox_exit_code_is_the_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_main, "main", lambda argv: 2)
    assert CliRunner().invoke(cli, ["sandbox", "--port", "0"]).exit_code == 2


def test_sandbox_serves_what_the_commands_read(tmp_path: Path) -> None:
    """The real thing: `cloudcontracts sandbox` in a process, `hyperstack contracts` against it."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "overlays"), str(ROOT / "generated")]))
    options = [f"--{name.replace('_', '-')}={value}" for name, value in SEED.items()]
    server = subprocess.Popen(
        [sys.executable, "-m", "cloudcontracts.cli", "sandbox", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        banner: list[str] = []
        while not banner or not (banner[-1] == "" or banner[-1].startswith("  export NCLOUD_API_GW=")):
            banner.append(server.stdout.readline())  # the banner ends with this line; "" if the server died
        exports = dict(
            re.findall(r"^  export (\w+)=(\S+)$", "".join(banner), re.M)  # the lines a user would paste
        )
        assert set(exports) == {
            "HYPERSTACK_API_KEY",
            "HYPERSTACK_API_ADDRESS",
            "NCLOUD_ACCESS_KEY_ID",
            "NCLOUD_SECRET_ACCESS_KEY",
            "NCLOUD_API_GW",
        }
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", exports["HYPERSTACK_API_ADDRESS"])
        runner_env: dict[str, str | None] = {
            k: None for k in os.environ if k.startswith(("NCLOUD_", "HYPERSTACK_"))
        }
        runner_env.update(exports, HOME=str(tmp_path))
        result = CliRunner().invoke(cli, ["hyperstack", "contracts", "-o", "csv"], env=runner_env)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == golden_text("hyperstack_contracts.csv")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C: how a user stops it (uvicorn re-raises SIGTERM)
        _out, err = server.communicate(timeout=10)
    assert server.returncode == 0, err


def test_demo_runs_the_main_job() -> None:
    env = {k: None for k in os.environ if k.startswith(("NCLOUD_", "HYPERSTACK_"))}
    result = CliRunner().invoke(cli, ["demo"], env=env)
    assert result.exit_code == 0, result.stderr
    assert re.match(r"cloudcontracts demo: sandbox on http://127\.0\.0\.1:\d+ ", result.stdout)
    assert "NCP contract usage 202402..202404: 38 contracts, 317 usage rows" in result.stdout
    assert "XML and JSON decoded identically: yes (38 contracts from XML, 38 from JSON)\n" in result.stdout
    assert re.search(
        r"^cloudcontracts sync --to costs\.duckdb: \d+ months of 2 accounts", result.stdout, re.M
    )


def test_demo_exit_code_is_the_demos(monkeypatch: pytest.MonkeyPatch) -> None:
    from cloudcontracts import demo  # noqa: PLC0415

    monkeypatch.setattr(demo, "main", lambda: 1)
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 1


@pytest.mark.parametrize(("command", "what"), [("sandbox", "the sandbox"), ("demo", "the demo")])
def test_missing_sandbox_extra_exits_8(monkeypatch: pytest.MonkeyPatch, command: str, what: str) -> None:
    def missing(name: str) -> object:
        raise ModuleNotFoundError("No module named 'starlette'", name="starlette")

    monkeypatch.setattr("importlib.import_module", missing)
    result = CliRunner().invoke(cli, [command])
    assert result.exit_code == ExitCode.LOCAL
    assert result.stderr == (
        f"cloudcontracts: cannot complete locally: {what} needs the 'sandbox' extra: "
        "pip install 'cloudcontracts[sandbox]'\n"
    )
