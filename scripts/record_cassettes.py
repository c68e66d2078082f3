"""Re-record the cassettes of tests/test_cassettes.py.

    python scripts/record_cassettes.py            # against a sandbox started here (make record)
    python scripts/record_cassettes.py --live     # against the real APIs (make record-live)

The sandbox run uses a fixed seed so the recorded data is the same every time. Requests and responses
are scrubbed before anything is written (tests/cassette_support.py), and tests/cassettes/README.md is
rewritten to say how, when and with what seed each cassette was recorded. tests/test_cassette_secrets.py
then checks that no credential made it into a cassette.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "tests" / "cassettes"
SEED = 20240417
LIVE_NEEDS = {
    "HYPERSTACK_API_KEY": "a Hyperstack API key",
    "NCLOUD_ACCESS_KEY_ID": "an NCP access key id (or NCLOUD_ACCESS_KEY)",
    "NCLOUD_SECRET_ACCESS_KEY": "its NCP secret key (or NCLOUD_SECRET_KEY)",
}


def _pytest(env: dict[str, str]) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_cassettes.py",
        "--record-mode=rewrite",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def _write_readme(how: str) -> None:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    names = sorted(p.relative_to(CASSETTES).as_posix() for p in CASSETTES.rglob("*.yaml"))
    lines = [
        "# Cassettes",
        "",
        "Recorded HTTP exchanges replayed by `tests/test_cassettes.py` (vcrpy through pytest-recording;",
        "CI replays with `--record-mode=none`, contacting nothing). Secrets and account identifiers are",
        "replaced before writing (`tests/cassette_support.py`); `tests/test_cassette_secrets.py` checks.",
        "",
        f"Recorded {when} {how} by `scripts/record_cassettes.py`"
        + (" (`make record`)." if "sandbox" in how else " (`make record-live`)."),
        "",
        "| cassette | source |",
        "|---|---|",
        *[f"| `{name}` | {how} |" for name in names],
        "",
    ]
    (CASSETTES / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="record against the real APIs")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDCONTRACTS_")}
    if args.live:
        env.setdefault("NCLOUD_ACCESS_KEY_ID", env.get("NCLOUD_ACCESS_KEY", ""))
        env.setdefault("NCLOUD_SECRET_ACCESS_KEY", env.get("NCLOUD_SECRET_KEY", ""))
        missing = [f"{name} ({what})" for name, what in LIVE_NEEDS.items() if not env.get(name)]
        if missing:
            print("make record-live needs real credentials in the environment:", file=sys.stderr)
            for item in missing:
                print(f"  - {item}", file=sys.stderr)
            print(
                "Nothing was recorded. For offline cassettes use `make record` (the sandbox).",
                file=sys.stderr,
            )
            return 2
        env["CLOUDCONTRACTS_RECORD_TARGET"] = "live"
        code = _pytest(env)
        if code == 0:
            _write_readme("live, against the real Hyperstack and NCP APIs")
        return code

    from cloudcontracts.sandbox import Sandbox  # noqa: PLC0415 -- not needed for a live recording

    with Sandbox(seed=SEED) as sandbox:
        env.update(sandbox.environment())
        env["CLOUDCONTRACTS_RECORD_TARGET"] = "sandbox"
        env["CLOUDCONTRACTS_SANDBOX_URL"] = sandbox.url
        code = _pytest(env)
    if code == 0:
        _write_readme(f"against the cloudcontracts sandbox, seed {SEED}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
