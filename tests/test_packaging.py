"""One distribution, three import packages: build the wheel, install it into a fresh virtual environment,
and import everything there -- as a user would get it. The wheel is pure Python, one for every platform,
and its version is the package's ``__version__``."""

from __future__ import annotations

import email.parser
import os
import re
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import cloudcontracts

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh venv

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = out.glob("cloudcontracts-*.whl")
    return built


def test_wheel_holds_three_packages_documents_and_markers(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert top_level == {"cloudcontracts", "hyperstack_client", "ncloud_billing_client"}
    for package in sorted(top_level):
        assert f"{package}/py.typed" in names
    assert "cloudcontracts/openapi/hyperstack.yaml" in names
    assert "cloudcontracts/openapi/ncloud-billing.yaml" in names
    shipped = zipfile.ZipFile(wheel).read("cloudcontracts/openapi/ncloud-billing.yaml")
    assert shipped == (ROOT / "openapi" / "ncloud-billing.yaml").read_bytes()
    assert not any(name.startswith(("tests/", "generated/", "overlays/")) for name in names)


# What a shipped document must not cite: working files that are not part of the project (notes, sample
# files named by hash) rather than the providers' public documentation.
NOT_PUBLIC = re.compile(
    r"shared\/|\b00\d_[0-9a-f]{8,}\.txt|apis\.md|\bseeds?\b|\bthe\sissue\b", re.IGNORECASE
)


def test_shipped_documents_cite_only_public_sources(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    documents = [name for name in archive.namelist() if name.startswith("cloudcontracts/openapi/")]
    assert sorted(documents) == sorted(
        f"cloudcontracts/openapi/{n}.yaml" for n in cloudcontracts.DOCUMENT_NAMES
    )
    for name in documents:
        text = archive.read(name).decode("utf-8")
        assert NOT_PUBLIC.findall(text) == [], name


def _dist_info(wheel: Path, name: str) -> email.message.Message:
    (path,) = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(f".dist-info/{name}")]
    return email.parser.Parser().parsestr(zipfile.ZipFile(wheel).read(path).decode())


def test_wheel_is_pure_python(wheel: Path) -> None:
    assert wheel.name.endswith("-py3-none-any.whl")
    wheel_file = _dist_info(wheel, "WHEEL")
    assert wheel_file.get_all("Tag") == ["py3-none-any"]
    assert wheel_file["Root-Is-Purelib"] == "true"
    package_files = [n for n in zipfile.ZipFile(wheel).namelist() if ".dist-info/" not in n]
    assert {Path(name).suffix for name in package_files} == {".py", ".typed", ".yaml"}


def test_version_is_written_once(wheel: Path) -> None:
    """The distribution's version is read from ``cloudcontracts/__init__.py`` at build time."""
    version = cloudcontracts.__version__
    assert _dist_info(wheel, "METADATA")["Version"] == version
    assert wheel.name.startswith(f"cloudcontracts-{version}-")
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    source = (ROOT / "overlays" / "cloudcontracts" / "__init__.py").read_text(encoding="utf-8")
    assert source.count(f'__version__ = "{version}"') == 1


def test_wheel_installs_and_imports_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {
        **os.environ,
        "PIP_CONSTRAINT": str(ROOT / "constraints.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=env)
    script = (
        "import hyperstack_client, ncloud_billing_client, cloudcontracts\n"
        "from hyperstack_client.api.contracts import (\n"
        "    list_contracts, get_contract, get_contract_gpu_allocation_graph)\n"
        "from ncloud_billing_client.api.cost import get_contract_usage_list\n"
        "text = cloudcontracts.openapi_document_text('ncloud-billing')\n"
        "assert 'getContractUsageListResponse' in text\n"
        "assert cloudcontracts.openapi_document_text('hyperstack').startswith('openapi: 3.0.3')\n"
        "import importlib.metadata\n"
        "assert importlib.metadata.version('cloudcontracts') == cloudcontracts.__version__\n"
        "print(cloudcontracts.__file__)\n"
    )
    result = subprocess.run(
        [str(python), "-I", "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.strip().startswith(str(env_dir))
