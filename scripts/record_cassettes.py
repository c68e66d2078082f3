"""Re-record the cassettes of tests/test_cassettes.py.

    python scripts/record_cassettes.py            # against a seeded sandbox (make record)
    python scripts/record_cassettes.py --live     # against the real APIs (make record-live)
    python scripts/record_cassettes.py -k test_ncp_retry_after_a_503    # one cassette (any pytest -k)

pytest runs with the test kit's options (cloudcontracts.testing, docs/testing.md): the sandbox is
started and reset before each test by the kit, with a fixed seed, so the same tests record the same
exchanges; everything is scrubbed and normalised before it is written, a cassette whose content did not
change is not written at all, and the run fails if a cassette holds a credential. Then
tests/cassettes/README.md says how each changed cassette was recorded; unchanged rows stay as they are,
and the file is not written when nothing changed.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
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
README_HEAD = """# Cassettes

Recorded HTTP exchanges replayed by `tests/test_cassettes.py` (vcrpy through pytest-recording and the
test kit, `cloudcontracts.testing`; CI replays with record mode `none`, contacting nothing). Credentials
and account identifiers are replaced before writing, and every run of the recorder scans the cassettes;
`tests/test_cassette_secrets.py` scans them again in `make test`. See docs/testing.md.

Re-record with `make record` (sandbox) or `make record-live` (the real APIs): a cassette whose exchanges
did not change is left as it is, and so is its row below.

| cassette | source | recorded |
|---|---|---|
"""


def _digests() -> dict[str, str]:
    return {
        p.relative_to(CASSETTES).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(CASSETTES.rglob("*.yaml"))
    }


def _rows(text: str) -> dict[str, str]:
    """The README's rows by cassette name (each row as written)."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            rows[line.split("`")[1]] = line
    return rows


def update_readme(before: dict[str, str], after: dict[str, str], how: str, today: str) -> bool:
    """Rewrite the rows of cassettes that changed; True when the README was written."""
    readme = CASSETTES / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else ""
    rows = _rows(old)
    lines = [
        rows[name] if name in rows and before.get(name) == digest else f"| `{name}` | {how} | {today} |"
        for name, digest in sorted(after.items())
    ]
    new = README_HEAD + "\n".join(lines) + "\n"
    if new == old:
        return False
    readme.write_text(new, encoding="utf-8")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true", help="record against the real APIs")
    parser.add_argument("-k", dest="select", help="only the tests pytest -k selects")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDCONTRACTS_")}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_cassettes.py",
        "--record-mode=rewrite",
        "--cloudcontracts-scan-cassettes",
        "-q",
        "-p",
        "no:cacheprovider",
        *(["-k", args.select] if args.select else []),
    ]
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
        command.append("--cloudcontracts-record-against=live")
        how = "live, against the real Hyperstack and NCP APIs (`make record-live`)"
    else:
        command += ["--cloudcontracts-record-against=sandbox", f"--cloudcontracts-sandbox-seed={SEED}"]
        how = f"the cloudcontracts sandbox, seed {SEED} (`make record`)"
    before = _digests()
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    after = _digests()
    changed = sorted(name for name, digest in after.items() if before.get(name) != digest)
    print(f"{len(changed)} cassette(s) changed" + (": " + ", ".join(changed) if changed else ""))
    if code == 0 and update_readme(
        before, after, how, datetime.datetime.now(datetime.UTC).date().isoformat()
    ):
        print("tests/cassettes/README.md updated")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
