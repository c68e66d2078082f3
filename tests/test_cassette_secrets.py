"""No credential and no account identifier survives into a cassette (the test kit's scan, run in make test)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from cloudcontracts.sandbox import HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY
from cloudcontracts.testing import SCRUBBED, scan_cassettes, sensitive_names
from cloudcontracts.testing.environment import CREDENTIAL_VARIABLES

CASSETTE_DIR = Path(__file__).parent / "cassettes"
CASSETTES = sorted(CASSETTE_DIR.rglob("*.yaml"))


def known_credentials() -> set[str]:
    """The sandbox's keys (what `make record` uses) and any real key in this environment."""
    values = {HYPERSTACK_API_KEY, NCP_ACCESS_KEY, NCP_SECRET_KEY}
    values.update(os.environ[name] for name in CREDENTIAL_VARIABLES if os.environ.get(name))
    return values


def test_there_are_cassettes() -> None:
    assert len(CASSETTES) == 10


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.name)
def test_cassette_holds_no_secret(path: Path) -> None:
    assert [str(f) for f in scan_cassettes(path, secrets=known_credentials())] == []


def test_every_credential_header_sent_is_in_the_cassettes_as_scrubbed() -> None:
    """Replacement, not removal: each header the documents declare is present, with the placeholder."""
    seen: dict[str, set[str]] = {}
    for path in CASSETTES:
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            for name, values in interaction["request"]["headers"].items():
                if name.lower() in sensitive_names().headers:
                    seen.setdefault(name.lower(), set()).update(values)
    expected = sensitive_names().headers - {"authorization"}  # no client here sends Authorization
    assert set(seen) == expected
    assert all(values == {SCRUBBED} for values in seen.values())
