"""Hatch build hook: compile the optional XML accelerator ``cloudcontracts._xml_accel`` into the wheel.

``overlays/cloudcontracts/_xml_accel.pyx`` is cythonized and compiled with the system C compiler
(``$CC``, else ``cc``) against this interpreter's headers; the extension is force-included as
``cloudcontracts/_xml_accel<EXT_SUFFIX>`` and the wheel gets this interpreter's platform tag. If Cython
or the compiler is missing, or compiling fails, a warning is printed and a pure-Python wheel is built:
``cloudcontracts.xml_decoding`` then uses its Python handlers (same results, slower).
``CLOUDCONTRACTS_NO_ACCEL=1`` skips the attempt (a pure-Python wheel on purpose).

:func:`compile_accelerator` is also usable on its own (tests, benchmarks from a source tree):
``python hatch_build.py OUTDIR`` writes ``OUTDIR/_xml_accel<EXT_SUFFIX>``.
"""

from __future__ import annotations

import importlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # only compile_accelerator() is wanted (python hatch_build.py OUTDIR)
    BuildHookInterface = object  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "overlays" / "cloudcontracts" / "_xml_accel.pyx"
MODULE = "cloudcontracts._xml_accel"


class AcceleratorBuildError(Exception):
    """The extension could not be built (no Cython, no compiler, or a failed compile)."""


def extension_filename() -> str:
    return "_xml_accel" + str(sysconfig.get_config_var("EXT_SUFFIX") or ".so")


def compile_accelerator(out_dir: Path, *, source: Path = SOURCE) -> Path:
    """Cythonize and compile ``source`` into ``out_dir``; the path of the extension module."""
    try:
        cython_main: Any = importlib.import_module("Cython.Compiler.Main")  # optional at build time
    except ImportError as exc:
        raise AcceleratorBuildError(f"Cython is not installed ({exc})") from None
    compiler = shlex.split(os.environ.get("CC") or "cc")
    if shutil.which(compiler[0]) is None:
        raise AcceleratorBuildError(f"no C compiler ({compiler[0]!r} not found; set CC)")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / extension_filename()
    with tempfile.TemporaryDirectory(prefix="cloudcontracts-accel-") as work:
        c_file = Path(work) / "_xml_accel.c"
        options = cython_main.CompilationOptions(
            cython_main.default_options, output_file=str(c_file), language_level=3
        )
        try:
            result = cython_main.compile_single(str(source), options, full_module_name=MODULE)
        except Exception as exc:  # Cython reports through exceptions of its own
            raise AcceleratorBuildError(f"Cython failed: {exc}") from None
        if result.num_errors or not c_file.exists():
            raise AcceleratorBuildError("Cython failed (errors above)")
        command = [
            *compiler,
            "-O2",
            "-fPIC",
            "-shared",
            f"-I{sysconfig.get_path('include')}",
            f"-I{sysconfig.get_path('platinclude')}",
            str(c_file),
            "-o",
            str(target),
        ]
        if sys.platform == "darwin":
            command[1:1] = ["-undefined", "dynamic_lookup"]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        except OSError as exc:
            raise AcceleratorBuildError(f"the C compiler could not run: {exc}") from None
        if completed.returncode != 0:
            raise AcceleratorBuildError(
                f"the C compiler failed ({shlex.join(command)}):\n{completed.stderr.strip()}"
            )
    return target


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg,misc,unused-ignore]
    """Adds the compiled accelerator to wheels; falls back to a pure-Python wheel with a warning."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("CLOUDCONTRACTS_NO_ACCEL", "") not in ("", "0"):
            self.app.display_info("cloudcontracts: CLOUDCONTRACTS_NO_ACCEL set, building pure Python")
            return
        out_dir = Path(tempfile.mkdtemp(prefix="cloudcontracts-accel-"))
        try:
            built = compile_accelerator(out_dir)
        except AcceleratorBuildError as exc:
            self.app.display_warning(
                "cloudcontracts: WARNING: the XML accelerator was not built; the wheel is pure Python "
                f"and decodes NCP XML with the (slower) Python handlers. Reason: {exc}"
            )
            shutil.rmtree(out_dir, ignore_errors=True)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"][str(built)] = f"cloudcontracts/{built.name}"
        self._built = out_dir

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        built = getattr(self, "_built", None)
        if built is not None:
            shutil.rmtree(built, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python hatch_build.py OUTDIR")
    try:
        print(compile_accelerator(Path(sys.argv[1])))
    except AcceleratorBuildError as exc:
        sys.exit(str(exc))
