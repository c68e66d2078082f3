"""``cloudcontracts --help`` names the documentation online, the same URLs the package's metadata lists
(a pip install has no docs/ folder), and each points at a document of this repository."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from click.testing import CliRunner

from cloudcontracts.cli import cli

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = "https://github.com/cloudcontracts/cloudcontracts"


def _project_urls() -> dict[str, str]:
    entries = importlib.metadata.metadata("cloudcontracts").get_all("Project-URL") or []
    return dict(entry.split(", ", 1) for entry in entries)


def test_help_names_every_project_url() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    urls = _project_urls()
    assert urls["Repository"] == REPOSITORY
    assert urls["CLI documentation"] == f"{REPOSITORY}/blob/main/docs/cli.md"
    for url in urls.values():
        assert url in result.stdout
    assert "docs/cli.md." not in result.stdout  # no bare path a pip user cannot open


def test_documentation_urls_point_at_files_of_this_repository() -> None:
    for url in _project_urls().values():
        if url.startswith(f"{REPOSITORY}/blob/main/"):
            assert (ROOT / url.removeprefix(f"{REPOSITORY}/blob/main/")).is_file(), url
