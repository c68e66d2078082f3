"""A vcrpy persister that scrubs every interaction it writes and leaves unchanged cassettes untouched.

vcrpy has more than one path to the file: the ordinary save, and the rewrite that
``drop_unused_requests`` does, which skips ``filter_headers`` (vcrpy issues #961 and #983). Scrubbing
here, on whatever vcrpy hands over, covers every path, present and future; ``before_record_request`` and
``before_record_response`` (:mod:`.scrub`) already scrubbed what was recorded, so this is idempotent.

The serialized cassette is compared with the file: an identical one is not written (its modification
time stays), so re-recording exchanges that did not change leaves a clean working tree.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

# vcrpy ships no type information.
from vcr.persisters.filesystem import (  # type: ignore[import-untyped]
    CassetteNotFoundError,
    FilesystemPersister,
)
from vcr.serialize import serialize  # type: ignore[import-untyped]

from cloudcontracts.testing.scrub import scrub_request, scrub_response

__all__ = ["ScrubbingPersister"]


class ScrubbingPersister:
    """Loads through ``inner`` (pytest-recording's, so extra cassettes still load); saves scrubbed.

    ``fresh=True`` loads nothing, so every exchange is recorded anew, yet the existing file is still
    compared with the new content before it is replaced (a quiet re-record).
    """

    def __init__(self, inner: Any = FilesystemPersister, *, fresh: bool = False) -> None:
        self.inner = inner
        self.fresh = fresh
        self.written: list[Path] = []
        self.unchanged: list[Path] = []
        self.loaded: list[Path] = []

    def load_cassette(self, cassette_path: str | os.PathLike[str], serializer: Any) -> Any:
        if self.fresh:
            raise CassetteNotFoundError(str(cassette_path))
        result = self.inner.load_cassette(cassette_path, serializer=serializer)
        self.loaded.append(Path(cassette_path))
        return result

    def save_cassette(
        self, cassette_path: str | os.PathLike[str], cassette_dict: dict[str, Any], serializer: Any
    ) -> None:
        scrubbed = dict(cassette_dict)
        scrubbed["requests"] = [scrub_request(copy.deepcopy(r)) for r in cassette_dict["requests"]]
        scrubbed["responses"] = [scrub_response(copy.deepcopy(r)) for r in cassette_dict["responses"]]
        text = serialize(scrubbed, serializer)
        path = Path(cassette_path)
        try:
            if path.read_text(encoding="utf-8") == text:
                self.unchanged.append(path)
                return
        except (FileNotFoundError, UnicodeDecodeError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the cassette and renamed over it: a failed write never leaves half a cassette.
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.written.append(path)
