"""``--out FILE``: the mode a file gets, and no ``.partial`` left behind when the process is terminated."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli_support import SEED, Runner, environment, golden_text
from support.fixtures import sandbox_data

from cloudcontracts.cli.output import unwinding_on_termination
from cloudcontracts.sandbox import Sandbox

pytestmark = sandbox_data(**SEED)

CONTRACTS_CSV = ("hyperstack", "contracts", "-o", "csv")


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
@pytest.mark.usefixtures("umask")
def test_a_new_file_gets_the_umask_mode(run: Runner, tmp_path: Path, mask: int) -> None:
    os.umask(mask)
    target = tmp_path / "contracts.csv"
    result = run(*CONTRACTS_CSV, "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert _mode(target) == 0o666 & ~mask
    assert target.read_text(encoding="utf-8") == golden_text("hyperstack_contracts.csv")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o444])
@pytest.mark.usefixtures("umask")
def test_an_existing_file_keeps_its_mode(run: Runner, tmp_path: Path, mode: int) -> None:
    target = tmp_path / "contracts.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    result = run(*CONTRACTS_CSV, "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert _mode(target) == mode
    assert target.read_text(encoding="utf-8") == golden_text("hyperstack_contracts.csv")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def _wait_for(predicate: object, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_terminated_pull_leaves_no_file(sb: Sandbox, tmp_path: Path, signum: int) -> None:
    """The command is a real process, stopped while its only request waits on a slow answer."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "usage.csv"
    sb.faults.script("latency:8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NCLOUD_", "HYPERSTACK_"))}
    env.update({k: v for k, v in environment(sb, tmp_path).items() if v is not None})
    command = [sys.executable, "-m", "cloudcontracts.cli", *CONTRACTS_CSV, "--out", str(target)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: sb.faults.history != [])  # the request is in flight: the file exists
        assert [p.name.endswith(".partial") for p in out_dir.iterdir()] == [True]
        process.send_signal(signum)
        _out, err = process.communicate(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert list(out_dir.iterdir()) == []
    expected = 130 if signum == signal.SIGINT else 128 + signum
    assert process.returncode == expected, err


def test_only_default_actions_are_taken_over() -> None:
    def mine(_signum: int, _frame: object) -> None:
        return None

    previous = signal.signal(signal.SIGTERM, mine)
    hup = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with unwinding_on_termination():
            assert signal.getsignal(signal.SIGTERM) is mine
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        with unwinding_on_termination():
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, mine)
            with pytest.raises(SystemExit) as caught:
                signal.raise_signal(signal.SIGTERM)
            assert caught.value.code == 128 + signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, hup)
