"""The drift check itself can fail: a hand edit or an unlisted generator warning is caught."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError  # noqa: E402


def test_hand_edit_is_reported_as_drift(tmp_path: Path) -> None:
    committed = ROOT / "generated" / "hyperstack_client"
    fresh = tmp_path / "fresh" / "hyperstack_client"
    edited = tmp_path / "edited" / "hyperstack_client"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(committed, fresh, ignore=ignore)
    shutil.copytree(committed, edited, ignore=ignore)
    assert generate._tree_diff(fresh, edited) == []

    target = edited / "models" / "contract.py"
    target.write_text(target.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (edited / "extra.py").write_text("x = 1\n", encoding="utf-8")
    drift = generate._tree_diff(fresh, edited)
    assert "only in committed tree: hyperstack_client/extra.py" in drift
    assert "+# hand edit\n" not in drift  # the diff shows the edit as something fresh output lacks
    assert "-# hand edit\n" in drift


def test_unlisted_warning_and_stale_entry_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    allow = tmp_path / "allow.yaml"
    allow.write_text(
        "warnings:\n"
        "  - document: a.yaml\n    contains: known thing\n    reason: it is fine because of X\n"
        "  - document: a.yaml\n    contains: gone thing\n    reason: no longer emitted\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(generate, "ALLOW_LIST", allow)
    known = GeneratorError(header="Header", detail="a known thing happened", level=ErrorLevel.WARNING)
    new = GeneratorError(header="Header", detail="something new", level=ErrorLevel.WARNING)
    problems = generate._check_warnings({"a.yaml": [known, new]})
    assert problems == [
        "a.yaml: unlisted generator warning: Header something new",
        "stale allow-list entry (no such warning any more): "
        "{'document': 'a.yaml', 'contains': 'gone thing', 'reason': 'no longer emitted'}",
    ]


def test_committed_allow_list_is_empty_and_current() -> None:
    assert generate._check_warnings({t.document: [] for t in generate.TARGETS}) == []
