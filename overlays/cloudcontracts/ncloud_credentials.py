"""Where NCP credentials and the gateway come from, in the order NCP's own tools look.

1. explicit arguments;
2. the environment: ``NCLOUD_ACCESS_KEY_ID`` or ``NCLOUD_ACCESS_KEY``, ``NCLOUD_SECRET_ACCESS_KEY`` or
   ``NCLOUD_SECRET_KEY``, ``NCLOUD_API_GW`` (gateway URL), ``NCLOUD_SITE`` (public, gov, fin) and
   ``NCLOUD_PROFILE`` (as NCP's CLI and Terraform provider read them);
3. ``~/.ncloud/configure`` (INI: ``[DEFAULT]`` and named ``[profile]`` sections with
   ``ncloud_access_key_id``, ``ncloud_secret_access_key``, ``ncloud_api_url``), honouring the profile.
   NCP's own parsers ignore sections so the last value in the file wins; we read the named profile's
   section (falling back to ``[DEFAULT]``), which is what a user who wrote profiles meant.

A key found in one place is never paired with a secret from another: the pair comes from the first
place that has both, so a stale variable cannot silently mix with a file's key. When nothing has both,
:class:`~cloudcontracts.errors.CredentialsError` names every place looked at.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import httpx

from .errors import ConfigurationError, CredentialsError
from .frozen_value import FrozenValue

__all__ = [
    "BILLING_BASE_PATH",
    "NCP_SITES",
    "NcpCredentials",
    "billing_url_from_gateway",
    "default_configure_path",
    "gateway_for_site",
    "resolve_ncp_credentials",
]

# The billing API's gateway per NCP site. gov is inferred from NCP's naming (apis.md): overridable with
# base_url or NCLOUD_API_GW.
NCP_SITES: Mapping[str, str] = {
    "public": "https://billingapi.apigw.ntruss.com/billing/v1",
    "fin": "https://billingapi.apigw-pub.fin-ntruss.com/billing/v1",
    "gov": "https://billingapi.apigw.gov-ntruss.com/billing/v1",
}

# NCLOUD_API_GW and ncloud_api_url usually name NCP's *general* API gateway (for example
# https://ncloud.apigw.ntruss.com, as NCP's CLI and Terraform use them), not the billing one: those hosts
# map to their site's billing gateway rather than being used as the billing URL.
_GENERAL_GATEWAYS: Mapping[str, str] = {
    "ncloud.apigw.ntruss.com": "public",
    "fin-ncloud.apigw.fin-ntruss.com": "fin",
    "ncloud.apigw.gov-ntruss.com": "gov",
}
BILLING_BASE_PATH = "/billing/v1"

_ACCESS_ENV = ("NCLOUD_ACCESS_KEY_ID", "NCLOUD_ACCESS_KEY")
_SECRET_ENV = ("NCLOUD_SECRET_ACCESS_KEY", "NCLOUD_SECRET_KEY")


def default_configure_path() -> Path:
    return Path.home() / ".ncloud" / "configure"


def gateway_for_site(site: str) -> str:
    """The billing gateway URL of an NCP site (``public``, ``gov`` or ``fin``)."""
    try:
        return NCP_SITES[site.strip().lower()]
    except KeyError:
        expected = ", ".join(NCP_SITES)
        raise ConfigurationError(f"unknown NCP site {site!r}; expected one of {expected}") from None


class NcpCredentials(FrozenValue):
    """An access key, its secret, the gateway to use, and where they came from; immutable, compared by
    value.

    The repr shows only the first four characters of the access key and never the secret. A
    :class:`~cloudcontracts.frozen_value.FrozenValue` rather than a frozen dataclass, for import time.
    """

    __slots__ = ("access_key", "base_url", "secret_key", "source")
    __match_args__ = ("access_key", "secret_key", "base_url", "source")

    access_key: str
    secret_key: str
    base_url: str
    source: str

    def __init__(self, access_key: str, secret_key: str, base_url: str, source: str) -> None:
        self._init_fields(access_key, secret_key, base_url, source)

    def __repr__(self) -> str:
        return (
            f"NcpCredentials(access_key='{self.access_key[:4]}…', secret_key='<secret>', "
            f"base_url={self.base_url!r}, source={self.source!r})"
        )


def billing_url_from_gateway(gateway: str) -> str:
    """The billing API's base URL for a gateway setting (``NCLOUD_API_GW``, ``ncloud_api_url``).

    A URL with a path is taken as the billing base URL itself (a sandbox, a proxy); NCP's general gateway
    hosts map to their site's billing gateway; any other bare host gets NCP's billing base path.
    """
    url = httpx.URL(gateway.strip())
    if url.path not in ("", "/"):
        return str(url).rstrip("/")
    site = _GENERAL_GATEWAYS.get(url.host)
    if site is not None:
        return NCP_SITES[site]
    return str(url.copy_with(path=BILLING_BASE_PATH))


def _first_env(env: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def _read_profile(path: Path, profile: str) -> dict[str, str]:
    # Imported on first use: configparser (and the regexes it compiles) costs about 3 ms of
    # `import cloudcontracts`, and most set-ups pass keys or use the environment.
    import configparser  # noqa: PLC0415

    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        raise ConfigurationError(f"cannot read NCP configuration file {path}: {type(exc).__name__}") from None
    if profile in ("DEFAULT", parser.default_section):
        section: Mapping[str, str] = parser.defaults()
    elif parser.has_section(profile):
        section = parser[profile]  # includes [DEFAULT] values as fallbacks
    else:
        raise ConfigurationError(f"profile {profile!r} not found in {path}")
    return {key: value.strip() for key, value in section.items() if value.strip()}


def resolve_ncp_credentials(
    access_key: str | None = None,
    secret_key: str | None = None,
    *,
    site: str | None = None,
    base_url: str | None = None,
    profile: str | None = None,
    env: Mapping[str, str] | None = None,
    configure_path: Path | None = None,
) -> NcpCredentials:
    """Find the key pair and gateway as described in the module docstring."""
    env = os.environ if env is None else env
    path = configure_path or default_configure_path()
    profile = profile or env.get("NCLOUD_PROFILE", "").strip() or "DEFAULT"
    file_values: dict[str, str] | None = None

    def file_profile() -> dict[str, str]:
        nonlocal file_values
        if file_values is None:
            file_values = _read_profile(path, profile)
        return file_values

    if (access_key is None) != (secret_key is None):
        raise CredentialsError("give both access_key and secret_key, or neither")
    if access_key is not None and secret_key is not None:
        pair, source = (access_key, secret_key), "arguments"
    else:
        env_access, env_secret = _first_env(env, _ACCESS_ENV), _first_env(env, _SECRET_ENV)
        values = file_profile() if not (env_access and env_secret) else {}
        if env_access and env_secret:
            pair, source = (env_access, env_secret), "environment"
        elif values.get("ncloud_access_key_id") and values.get("ncloud_secret_access_key"):
            pair = (values["ncloud_access_key_id"], values["ncloud_secret_access_key"])
            source = f"{path} [{profile}]"
        else:
            raise CredentialsError(
                "no NCP credentials found. Looked at: the access_key/secret_key arguments; the environment "
                f"variables {' or '.join(_ACCESS_ENV)} with {' or '.join(_SECRET_ENV)}; and "
                f"ncloud_access_key_id/ncloud_secret_access_key in profile [{profile}] of {path}"
            )

    if base_url:
        url = base_url
    elif site:
        url = gateway_for_site(site)
    elif env.get("NCLOUD_API_GW", "").strip():
        url = billing_url_from_gateway(env["NCLOUD_API_GW"])
    elif env.get("NCLOUD_SITE", "").strip():
        url = gateway_for_site(env["NCLOUD_SITE"])
    elif source.startswith(str(path)) and file_profile().get("ncloud_api_url"):
        url = billing_url_from_gateway(file_profile()["ncloud_api_url"])
    else:
        url = NCP_SITES["public"]
    return NcpCredentials(access_key=pair[0], secret_key=pair[1], base_url=url.rstrip("/"), source=source)
