"""The drift check itself can fail (a hand edit or an unlisted generator warning is caught), and
`make generate` rewrites generated/ only after a clean generation, never leaving it half-written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError  # noqa: E402

IGNORE = shutil.ignore_patterns("__pycache__")


def test_hand_edit_is_reported_as_drift(tmp_path: Path) -> None:
    committed = ROOT / "generated" / "hyperstack_client"
    fresh = tmp_path / "fresh" / "hyperstack_client"
    edited = tmp_path / "edited" / "hyperstack_client"
    shutil.copytree(committed, fresh, ignore=IGNORE)
    shutil.copytree(committed, edited, ignore=IGNORE)
    assert generate._tree_diff(fresh, edited) == []

    target = edited / "models" / "contract.py"
    target.write_text(target.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    (edited / "extra.py").write_text("x = 1\n", encoding="utf-8")
    drift = generate._tree_diff(fresh, edited)
    assert "only in committed tree: hyperstack_client/extra.py" in drift
    assert "+# hand edit\n" not in drift  # the diff shows the edit as something fresh output lacks
    assert "-# hand edit\n" in drift


def test_unlisted_warning_and_stale_entry_fail(tmp_path: Path) -> None:
    allow = tmp_path / "allow.yaml"
    allow.write_text(
        "warnings:\n"
        "  - document: a.yaml\n    contains: known thing\n    reason: it is fine because of X\n"
        "  - document: a.yaml\n    contains: gone thing\n    reason: no longer emitted\n",
        encoding="utf-8",
    )
    known = GeneratorError(header="Header", detail="a known thing happened", level=ErrorLevel.WARNING)
    new = GeneratorError(header="Header", detail="something new", level=ErrorLevel.WARNING)
    problems = generate._check_warnings({"a.yaml": [known, new]}, allow)
    assert problems == [
        "a.yaml: unlisted generator warning: Header something new",
        "stale allow-list entry (no such warning any more): "
        "{'document': 'a.yaml', 'contains': 'gone thing', 'reason': 'no longer emitted'}",
    ]


def test_committed_allow_list_is_empty_and_current() -> None:
    results: dict[str, list[GeneratorError]] = {t.document: [] for t in generate.TARGETS}
    assert generate._check_warnings(results, generate.allow_list_path(ROOT)) == []


# --- make generate on a scratch copy of the project ---------------------------------------------------


def scratch_project(tmp_path: Path) -> Path:
    """A copy of what generation reads and writes: openapi/, scripts/ and generated/."""
    project = tmp_path / "project"
    for folder in ("openapi", "scripts", "generated"):
        shutil.copytree(ROOT / folder, project / folder, ignore=IGNORE)
    return project


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (hidden ones included) with its bytes; ``None`` for a folder."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
        if "__pycache__" not in path.parts
    }


def break_a_ref(project: Path) -> str:
    """Point one ``$ref`` of the Hyperstack document at a schema that does not exist."""
    document = project / "openapi" / "hyperstack.yaml"
    text = document.read_text(encoding="utf-8")
    good = '$ref: "#/components/schemas/ContractDiscountPlanFields"'
    assert text.count(good) == 1
    document.write_text(text.replace(good, '$ref: "#/components/schemas/NoSuchSchema"'), encoding="utf-8")
    return "Could not find reference"


def test_a_broken_ref_leaves_generated_exactly_as_it_was(tmp_path: Path) -> None:
    project = scratch_project(tmp_path)
    before = snapshot(project / "generated")
    reason = break_a_ref(project)
    # The copy's own script, run as `make generate` runs it: its project is the one it sits in.
    result = subprocess.run(
        [sys.executable, str(project / "scripts" / "generate.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert snapshot(project / "generated") == before
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors[-1] == "error: generated/ was left as it was"
    assert any("hyperstack.yaml: unlisted generator warning" in line and reason in line for line in errors)
    assert "wrote generated/" not in result.stdout


def test_a_clean_run_rewrites_nothing_and_leaves_no_staging_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = scratch_project(tmp_path)
    before = snapshot(project / "generated")
    assert generate.main(["--root", str(project)]) == 0
    assert snapshot(project / "generated") == before  # byte for byte, and no .<package>.new/.old left
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if line.startswith("wrote ")] == [
        f"wrote generated/{target.package}" for target in generate.TARGETS
    ]
    assert generate.main(["--check", "--root", str(project)]) == 0


def test_check_mode_reads_the_root_it_is_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = scratch_project(tmp_path)
    break_a_ref(project)
    assert generate.main(["--check", "--root", str(project)]) == 1
    assert "hyperstack.yaml: unlisted generator warning" in capsys.readouterr().err


def _package(folder: Path, marker: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "__init__.py").write_text(marker, encoding="utf-8")
    (folder / "sub" / "m.py").write_text(marker * 2, encoding="utf-8")
    return folder


def test_swap_in_replaces_the_whole_package(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    _package(generated / "pkg", "old")
    (generated / "pkg" / "gone.py").write_text("x", encoding="utf-8")
    fresh = _package(tmp_path / "fresh" / "pkg", "new")
    generate.swap_in(fresh, generated, "pkg")
    assert snapshot(generated) == {
        "pkg": None,
        "pkg/__init__.py": b"new",
        "pkg/sub": None,
        "pkg/sub/m.py": b"newnew",
    }


def test_an_interrupted_swap_is_undone_before_the_next_one(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    # Interrupted between the two renames: the old package is aside, a full copy waits.
    _package(generated / ".pkg.old", "old")
    _package(generated / ".pkg.new", "half")
    generate.recover_interrupted_swap(generated, "pkg")
    assert snapshot(generated) == {
        "pkg": None,
        "pkg/__init__.py": b"old",
        "pkg/sub": None,
        "pkg/sub/m.py": b"oldold",
    }
    # Interrupted after both renames, before the clean-up: the new package stays, the old one goes.
    _package(generated / ".pkg.old", "older")
    generate.recover_interrupted_swap(generated, "pkg")
    assert sorted(p.name for p in generated.iterdir()) == ["pkg"]
    assert (generated / "pkg" / "__init__.py").read_bytes() == b"old"
