"""Regenerate the clients in ``generated/`` from the OpenAPI documents, or check that they match.

    python scripts/generate.py                # rewrite generated/<package>/ from openapi/
    python scripts/generate.py --check        # regenerate into a scratch folder; fail on any drift
    python scripts/generate.py --root DIR     # work on another copy of the project (openapi/, generated/)

Both modes run the very same procedure -- openapi-python-client (pinned in constraints.txt) into a
scratch folder outside the repository, with the committed config beside each document -- so that the
output never depends on where it is written. That is the "golden record" check openapi-python-client's
own repository runs on itself: a difference from what is committed, or a generator warning that is not
listed with its reason in ``openapi/generator-warnings.yaml``, fails the check. An allow-list entry that
no longer matches any warning fails too, so the list stays true.

Rewriting is all or nothing. Every document is generated first; any failure (a generator error, an
unlisted warning, a package the generator did not write) leaves ``generated/`` exactly as it was and
exits non-zero with the reasons, because a generator that meets, say, a dangling ``$ref`` still writes a
client, only without the models and responses that depended on it. Only after a clean generation is each
package copied beside its old self (``generated/.<package>.new``) and swapped in by two renames, so an
interruption never leaves a half-copied package; a run after an interruption between the two renames
puts the previous package back (``generated/.<package>.old``) before it starts.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_python_client import MetaType, Project
from openapi_python_client.config import Config, ConfigFile
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError
from ruamel.yaml import YAML

DEFAULT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Target:
    document: str  # file name in openapi/
    config: str  # file name in openapi/
    package: str  # folder name in generated/


TARGETS = (
    Target("hyperstack.yaml", "hyperstack.config.yaml", "hyperstack_client"),
    Target("ncloud-billing.yaml", "ncloud-billing.config.yaml", "ncloud_billing_client"),
)


def allow_list_path(root: Path) -> Path:
    """The generator warnings accepted, each with its reason."""
    return root / "openapi" / "generator-warnings.yaml"


def templates_path(root: Path) -> Path:
    """Our templates, used in place of the generator's own of the same name (openapi/templates/README.md)."""
    return root / "openapi" / "templates"


DATETIME_EXTENSION = "x-cloudcontracts-datetime"
"""On a named ``type: string`` schema: its values are date-times in that provider's form, so the models
hold aware ``datetime`` objects (``openapi/templates/README.md``)."""
DATETIME_FLAVORS = ("hyperstack", "ncp")
# Templates rendered beside the generator's own, into the package: (template, file).
EXTRA_MODULES = (("datetimes.py.jinja", "_datetimes.py"),)


def datetime_schemas(document: dict[str, Any]) -> dict[str, str]:
    """``{"#/components/schemas/<name>": flavor}`` for every schema carrying the date-time extension.

    Raises ``ValueError`` for an unknown flavor or a schema that is not a plain string.
    """
    schemas = (document.get("components") or {}).get("schemas") or {}
    found: dict[str, str] = {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or DATETIME_EXTENSION not in schema:
            continue
        flavor = schema[DATETIME_EXTENSION]
        if flavor not in DATETIME_FLAVORS:
            raise ValueError(
                f"schema {name}: {DATETIME_EXTENSION} must be one of {DATETIME_FLAVORS}, not {flavor!r}"
            )
        if schema.get("type") != "string" or "format" in schema or "default" in schema:
            raise ValueError(
                f"schema {name}: {DATETIME_EXTENSION} needs type: string, without format or default"
            )
        found[f"#/components/schemas/{name}"] = flavor
    return found


def datetime_flavor_of(schemas: dict[str, str]) -> Any:
    """The templates' ``datetime_flavor(model, property)``: the property's date-time flavor, or ``None``.

    Only a property that refers to a marked schema directly (``$ref``) is a date-time; the generator
    keeps each model's own schema (``model.data``), from which the reference is read.
    """

    def datetime_flavor(model: Any, prop: Any) -> str | None:
        raw = (model.data.properties or {}).get(prop.name)
        ref = getattr(raw, "ref", None)
        return schemas.get(ref) if isinstance(ref, str) else None

    return datetime_flavor


def _warning_text(error: GeneratorError) -> str:
    return f"{error.header.strip()} {(error.detail or '').strip()}".strip()


def _run_generator(root: Path, target: Target, scratch: Path) -> tuple[Path, list[GeneratorError]]:
    """What ``openapi_python_client.generate`` does, with two additions: the templates' date-time
    globals, and the modules of ``EXTRA_MODULES``, written before the generator's files so that its post
    hooks (ruff) format them too (hence ``overwrite``: the package folder exists by then)."""
    out = scratch / target.package
    document_path = root / "openapi" / target.document
    config = Config.from_sources(
        ConfigFile.load_from_path(root / "openapi" / target.config),
        MetaType.NONE,
        document_path,
        "utf-8",
        True,
        output_path=out,
    )
    # Read as the generator reads it (ruamel, YAML 1.2), so both see the same document.
    document = YAML(typ="safe").load(document_path.read_bytes())
    try:
        schemas = datetime_schemas(document)
    except ValueError as error:
        return out, [GeneratorError(header="Invalid date-time extension", detail=str(error))]
    cwd = Path.cwd()
    os.chdir(scratch)  # the generator resolves relative paths against the working directory
    try:
        openapi = GeneratorData.from_dict(document, config=config)
        if isinstance(openapi, GeneratorError):
            return out, [openapi]
        project = Project(openapi=openapi, config=config, custom_template_path=templates_path(root))
        project.env.globals.update(
            datetime_flavors=sorted(set(schemas.values())),
            datetime_flavor=datetime_flavor_of(schemas),
        )
        if schemas:
            out.mkdir()
            for template, name in EXTRA_MODULES:
                text = project.env.get_template(template).render()
                (out / name).write_text(text, encoding=config.file_encoding)
        errors = list(project.build())
    finally:
        os.chdir(cwd)
    return out, errors


def _check_warnings(results: dict[str, list[GeneratorError]], allow_list: Path) -> list[str]:
    allowed = yaml.safe_load(allow_list.read_text(encoding="utf-8")) or {}
    entries = allowed.get("warnings") or []
    problems: list[str] = []
    used: set[int] = set()
    for document, errors in results.items():
        for error in errors:
            text = _warning_text(error)
            if error.level is not ErrorLevel.WARNING:
                problems.append(f"{document}: generator ERROR: {text}")
                continue
            for index, entry in enumerate(entries):
                if entry.get("document") == document and entry.get("contains", "") in text:
                    if not str(entry.get("reason", "")).strip():
                        problems.append(f"{document}: allow-list entry without a reason: {entry}")
                    used.add(index)
                    break
            else:
                problems.append(f"{document}: unlisted generator warning: {text}")
    for index, entry in enumerate(entries):
        if index not in used:
            problems.append(f"stale allow-list entry (no such warning any more): {entry}")
    return problems


def _tree_diff(expected: Path, actual: Path) -> list[str]:
    """Differences between the freshly generated tree and the committed one, as readable lines."""
    lines: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: Path) -> None:
        for name in sorted(cmp.left_only):
            lines.append(f"only in fresh output: {rel / name}")
        for name in sorted(cmp.right_only):
            lines.append(f"only in committed tree: {rel / name}")
        for name in sorted(cmp.diff_files):
            fresh = (Path(cmp.left) / name).read_text(encoding="utf-8").splitlines(keepends=True)
            committed = (Path(cmp.right) / name).read_text(encoding="utf-8").splitlines(keepends=True)
            lines.extend(
                difflib.unified_diff(committed, fresh, f"committed/{rel / name}", f"fresh/{rel / name}", n=1)
            )
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, rel / name)

    walk(filecmp.dircmp(str(expected), str(actual), ignore=["__pycache__"]), Path(expected.name))
    return lines


def _generate_all(root: Path, scratch: Path) -> tuple[dict[Target, Path], list[str]]:
    """Generate every target into ``scratch``; the outputs, and every reason not to use them."""
    failures: list[str] = []
    results: dict[str, list[GeneratorError]] = {}
    outputs: dict[Target, Path] = {}
    for target in TARGETS:
        outputs[target], results[target.document] = _run_generator(root, target, scratch)
        if not (outputs[target] / "__init__.py").is_file():
            failures.append(f"{target.document}: the generator produced no package")
    failures.extend(_check_warnings(results, allow_list_path(root)))
    return outputs, failures


def _check_drift(root: Path, outputs: dict[Target, Path]) -> list[str]:
    failures: list[str] = []
    for target, out in outputs.items():
        committed = root / "generated" / target.package
        if not committed.is_dir():
            failures.append(f"generated/{target.package} is missing: run 'make generate'")
            continue
        drift = _tree_diff(out, committed)
        if drift:
            failures.append(
                f"generated/{target.package} differs from a fresh generation "
                "(never edit generated code; change openapi/ and run 'make generate'):\n"
                + "".join(line if line.endswith("\n") else line + "\n" for line in drift[:200])
            )
    return failures


def _staging_paths(generated: Path, package: str) -> tuple[Path, Path]:
    """``(new, old)``: where a package is copied before the swap, and where the replaced one waits."""
    return generated / f".{package}.new", generated / f".{package}.old"


def recover_interrupted_swap(generated: Path, package: str) -> None:
    """Undo what an interrupted :func:`swap_in` left: a partial copy goes; a package moved aside returns."""
    new, old = _staging_paths(generated, package)
    if new.exists():
        shutil.rmtree(new)
    if old.exists():
        if (generated / package).exists():
            shutil.rmtree(old)  # the swap completed; only the clean-up was missed
        else:
            old.rename(generated / package)


def swap_in(fresh: Path, generated: Path, package: str) -> None:
    """Replace ``generated/<package>`` by ``fresh`` so that no reader ever sees a partly copied package.

    The copy (the slow, interruptible part) goes to a sibling folder first; then two renames on the same
    file system move the old package aside and the new one into place.
    """
    recover_interrupted_swap(generated, package)
    new, old = _staging_paths(generated, package)
    target = generated / package
    shutil.copytree(fresh, new, ignore=shutil.ignore_patterns("__pycache__"))
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on drift instead of rewriting")
    parser.add_argument(
        "--root",
        type=Path,
        default=DEFAULT_ROOT,
        help="the project folder holding openapi/ and generated/ (default: this script's project)",
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()

    # The post hooks call the pinned ruff by name: make sure it is the one beside this interpreter.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

    with tempfile.TemporaryDirectory(prefix="cloudcontracts-generate-") as tmp:
        outputs, failures = _generate_all(root, Path(tmp))
        if args.check:
            failures.extend(_check_drift(root, outputs))
        elif failures:
            failures.append("generated/ was left as it was")
        else:
            generated = root / "generated"
            generated.mkdir(exist_ok=True)
            for target, out in outputs.items():
                swap_in(out, generated, target.package)
                print(f"wrote generated/{target.package}")

    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    if not failures and args.check:
        print("generated/ matches the OpenAPI documents; no unlisted generator warnings")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
