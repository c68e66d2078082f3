"""Keeping a client's own credentials out of the errors it raises, whatever a server echoes back.

A gateway that quotes the request back in its error message (``"invalid access key AK..."``), or a
proxy's error page that lists the request headers, would otherwise copy a credential into an
exception's text, its ``message``/``details``/``snippet`` attributes, and every log line that prints
the error. The pipeline (:mod:`cloudcontracts.core.http`) runs every error it raises through one
:class:`Redactor` holding that client's secrets (the Hyperstack API key; NCP's access key and secret
key) and the credential headers of the request that failed (the NCP signature), before the retry policy
logs it; the generated client's shape errors (:func:`cloudcontracts.core.decoding.shape_error`) find the
same redactor on the request (:data:`REDACTOR_EXTENSION`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Protocol, runtime_checkable
from urllib.parse import quote

import httpx2

__all__ = ["CREDENTIAL_HEADERS", "REDACTED", "REDACTOR_EXTENSION", "HasSecrets", "Redactor"]

REDACTED: Final = "***"
REDACTOR_EXTENSION: Final = "cloudcontracts.redactor"
"""The request extension holding the :class:`Redactor` of the client that sent it."""

CREDENTIAL_HEADERS: Final = frozenset(
    {"api_key", "authorization", "x-ncp-iam-access-key", "x-ncp-apigw-signature-v2"}
)
"""Request headers whose values are credentials (or, for the signature, derived from one)."""

_CUT: Final = "…"  # what cloudcontracts.errors.body_snippet ends a shortened snippet with
_SHORTEST: Final = 4  # a shorter "secret" would blank out ordinary words; no real key is that short


@runtime_checkable
class HasSecrets(Protocol):
    """An ``httpx2.Auth`` that can say which values it must never see printed."""

    def secret_values(self) -> tuple[str, ...]: ...


class Redactor:
    """Replaces each of a set of secrets, as sent or percent-encoded, with ``***``."""

    __slots__ = ("_secrets",)

    def __init__(self, secrets: Iterable[str]) -> None:
        variants = set()
        for secret in secrets:
            if isinstance(secret, str) and len(secret) >= _SHORTEST:
                variants.update({secret, quote(secret, safe="")})
        # Longest first, so that a secret containing another is replaced whole.
        self._secrets = tuple(sorted(variants, key=len, reverse=True))

    @classmethod
    def for_auth(cls, auth: object) -> Redactor:
        return cls(auth.secret_values() if isinstance(auth, HasSecrets) else ())

    def with_headers(self, headers: httpx2.Headers) -> Redactor:
        """This redactor plus the credential headers' values of one request."""
        sent = [value for name, value in headers.items() if name.lower() in CREDENTIAL_HEADERS]
        return Redactor([*self._secrets, *sent]) if sent else self

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        if _CUT in value:
            value = _CUT.join(self._uncut(part) for part in value.split(_CUT))
        return value

    def _uncut(self, part: str) -> str:
        """``part`` without a secret's beginning at its end: a body snippet cut short (``…``) in the
        middle of an echoed secret would otherwise show all of it but the last characters."""
        for secret in self._secrets:
            for length in range(len(secret) - 1, _SHORTEST - 1, -1):
                if part.endswith(secret[:length]):
                    return part[:-length] + REDACTED
        return part

    def error(self, error: BaseException) -> None:
        """Redact ``error``'s text and every string attribute, in place (the error is raised as is)."""
        if not self._secrets:
            return
        error.args = tuple(self.text(arg) if isinstance(arg, str) else arg for arg in error.args)
        for name, value in vars(error).items():
            if isinstance(value, str):
                setattr(error, name, self.text(value))

    def __repr__(self) -> str:
        return f"Redactor(<{len(self._secrets)} hidden>)"
