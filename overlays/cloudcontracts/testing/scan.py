"""Scanning cassettes for anything that should have been scrubbed.

:func:`scan_cassettes` reads every cassette (``.yaml``/``.yml``/``.json``) under a path and reports:

- a known secret (``secrets=``: the keys used at record time) anywhere in the file, raw or URL-encoded;
- a credential header (request or response) whose value is not ``SCRUBBED``;
- an account identifier left in a query or a body (the scrubber would still change it);
- a secret-shaped value: a base64 HMAC-SHA256 (an NCP signature) or a token of 32+ letters and digits.

An empty list means the cassettes are clean. The pytest option ``--cloudcontracts-scan-cassettes`` runs
this at the end of the session and fails the run on any finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from cloudcontracts.testing.documents import SCRUBBED, sensitive_names
from cloudcontracts.testing.scrub import scrub_body, scrub_query

__all__ = ["SECRET_SHAPES", "Finding", "scan_cassette_text", "scan_cassettes"]

SECRET_SHAPES = (
    ("base64 HMAC-SHA256", re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=")),
    ("long token", re.compile(r"\b[A-Za-z0-9]{32,}\b")),
)
CASSETTE_SUFFIXES = (".yaml", ".yml", ".json")
_MIN_SECRET = 4  # shorter "secrets" would match everywhere and say nothing


@dataclass(frozen=True)
class Finding:
    """One problem in one cassette; ``str()`` never prints the secret itself."""

    path: Path
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _headers(headers: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in (headers or {}).items():
        out[str(name)] = [_text(v) for v in (values if isinstance(values, list) else [values])]
    return out


def _content_type(headers: dict[str, list[str]]) -> str:
    return next((v[0] for k, v in headers.items() if k.lower() == "content-type" and v), "")


def _interaction_problems(interaction: dict[str, Any]) -> list[str]:
    names = sensitive_names()
    problems: list[str] = []
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    uri = _text(request.get("uri"))
    for side, headers in (
        ("request", _headers(request.get("headers"))),
        ("response", _headers(response.get("headers"))),
    ):
        for name, values in headers.items():
            if name.lower() in names.headers and values != [SCRUBBED]:
                problems.append(f"{side} header {name} not scrubbed")
    query = urlsplit(uri).query
    if scrub_query(query, names) != query:
        problems.append(f"account identifier in the query of {urlsplit(uri).path}")
    bodies = (
        ("request", _text(request.get("body")), _headers(request.get("headers"))),
        ("response", _text((response.get("body") or {}).get("string")), _headers(response.get("headers"))),
    )
    for side, body, headers in bodies:
        raw = body.encode("utf-8")
        if raw and scrub_body(raw, names, _content_type(headers)) != raw:
            problems.append(f"account identifier in the {side} body of {urlsplit(uri).path}")
    return problems


def scan_cassette_text(text: str, *, secrets: Iterable[str] = (), json_format: bool = False) -> list[str]:
    """The problems in one cassette's text (see the module's docstring)."""
    problems = []
    for secret in {s for s in secrets if s and len(s) >= _MIN_SECRET}:
        if secret in text or quote(secret, safe="") in text:
            problems.append(f"credential {secret[:4]}... present")
    data = json.loads(text) if json_format else yaml.safe_load(text)
    interactions = (data or {}).get("interactions", []) if isinstance(data, dict) else []
    for interaction in interactions:
        problems.extend(_interaction_problems(interaction))
    reported: list[str] = []
    for label, shape in SECRET_SHAPES:
        for match in shape.findall(text):
            if not any(match in earlier for earlier in reported):  # one finding per value, the first shape
                reported.append(match)
                problems.append(f"secret-shaped value ({label}) {match[:6]}...")
    return problems


def scan_cassettes(path: str | Path, secrets: Iterable[str] = ()) -> list[Finding]:
    """Every problem in the cassettes at ``path`` (a file or a directory searched recursively)."""
    root = Path(path)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.suffix in CASSETTE_SUFFIXES)
    secrets = list(secrets)
    findings: list[Finding] = []
    for file in files:
        try:
            problems = scan_cassette_text(
                file.read_text(encoding="utf-8"), secrets=secrets, json_format=file.suffix == ".json"
            )
        except (ValueError, yaml.YAMLError) as error:
            problems = [f"unreadable cassette ({type(error).__name__})"]
        findings.extend(Finding(file, problem) for problem in problems)
    return findings
