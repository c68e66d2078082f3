"""Where NCP credentials and the gateway come from, in the order NCP's own tools look.

1. explicit arguments;
2. a profile asked for by name (``profile=``, the command line's ``--profile``, or ``NCLOUD_PROFILE``):
   that section of ``~/.ncloud/configure``, and nothing else. Key variables in the environment do not
   override it: whoever names a profile means it, and a profile that does not exist, or lacks a key, is
   a :class:`~cloudcontracts.errors.CredentialsError` (naming the file and the profiles it has) rather
   than a silent fall-back to whatever keys the shell exported;
3. the environment: ``NCLOUD_ACCESS_KEY_ID`` or ``NCLOUD_ACCESS_KEY``, ``NCLOUD_SECRET_ACCESS_KEY`` or
   ``NCLOUD_SECRET_KEY`` (as NCP's CLI and Terraform provider read them);
4. the ``[DEFAULT]`` profile of ``~/.ncloud/configure`` (INI: ``[DEFAULT]`` and named ``[profile]``
   sections with ``ncloud_access_key_id``, ``ncloud_secret_access_key``, ``ncloud_api_url``). NCP's own
   parsers ignore sections so the last value in the file wins; we read the named profile's section
   (falling back to ``[DEFAULT]``), which is what a user who wrote profiles meant.

The gateway: ``base_url``, ``site``, ``NCLOUD_API_GW`` (gateway URL), ``NCLOUD_SITE`` (public, gov,
fin), the profile's ``ncloud_api_url``, then the public site.

A key found in one place is never paired with a secret from another: the pair comes from the first
place that has both, so a stale variable cannot silently mix with a file's key. When nothing has both,
:class:`~cloudcontracts.errors.CredentialsError` names every place looked at.

The file holds a secret, so reading it is careful: it must be a regular file (a FIFO or a device at that
path is refused at once instead of blocking the process on ``open``), and an error about its content
names the line number and the kind of problem, never the line itself, and chains no exception that
would quote it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2

from cloudcontracts.errors import ConfigurationError, CredentialsError

if TYPE_CHECKING:
    import configparser

__all__ = [
    "BILLING_BASE_PATH",
    "NCP_SITES",
    "NcpCredentials",
    "billing_url_from_gateway",
    "default_configure_path",
    "gateway_for_site",
    "mask_access_key",
    "resolve_ncp_credentials",
]

# The billing API's gateway per NCP site. gov follows NCP's government-site documentation: overridable with
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

_MAX_CONFIGURE_BYTES = 1 << 20  # a few profiles take a few hundred bytes; more is not this file
_SHOWN_KEY_CHARS = 4
_MIN_MASKED_KEY = 12  # a key this short shows nothing: four characters would be too much of it

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


def mask_access_key(access_key: str) -> str:
    """``…`` and the access key's last four characters (enough to tell keys apart, as NCP's console
    lists them); nothing of a key shorter than twelve characters."""
    if len(access_key) < _MIN_MASKED_KEY:
        return "…"
    return "…" + access_key[-_SHOWN_KEY_CHARS:]


@dataclass(frozen=True, slots=True)
class NcpCredentials:
    """An access key, its secret, the gateway to use, and where they came from; immutable, compared by
    value. The repr shows only the last four characters of the access key and never the secret."""

    access_key: str
    secret_key: str
    base_url: str
    source: str

    def __repr__(self) -> str:
        return (
            f"NcpCredentials(access_key='{mask_access_key(self.access_key)}', secret_key='<secret>', "
            f"base_url={self.base_url!r}, source={self.source!r})"
        )


def billing_url_from_gateway(gateway: str) -> str:
    """The billing API's base URL for a gateway setting (``NCLOUD_API_GW``, ``ncloud_api_url``).

    A URL with a path is taken as the billing base URL itself (a sandbox, a proxy); NCP's general gateway
    hosts map to their site's billing gateway; any other bare host gets NCP's billing base path.
    """
    url = httpx2.URL(gateway.strip())
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


_FILE_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def _file_kind(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "special file")


def _read_configure_text(path: Path) -> str | None:
    """The file's text, ``None`` if there is no file. Opened without blocking (a FIFO's ``open`` waits
    for a writer), then checked to be a regular file before anything is read."""
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    )
    problem: str | None = None
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        problem = exc.strerror or type(exc).__name__
    if problem is not None:
        raise CredentialsError(f"cannot read NCP configuration file {path}: {problem}")
    data = b""
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            problem = f"it is a {_file_kind(info.st_mode)}, not a regular file"
        else:
            with os.fdopen(handle, "rb", closefd=False) as stream:
                data = stream.read(_MAX_CONFIGURE_BYTES + 1)
            if len(data) > _MAX_CONFIGURE_BYTES:
                problem = f"larger than {_MAX_CONFIGURE_BYTES} bytes"
    finally:
        os.close(handle)
    if problem is not None:
        raise CredentialsError(f"cannot read NCP configuration file {path}: {problem}")
    text: str | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problem = "it is not UTF-8 text"  # the error's own text would quote bytes of the file
    if text is None:
        raise CredentialsError(f"cannot read NCP configuration file {path}: {problem}")
    return text


def _parse_problem(exc: configparser.Error) -> str:
    """The kind of problem and its line number; never the error's text, which quotes the line."""
    line = getattr(exc, "lineno", None)
    errors = getattr(exc, "errors", None)
    if line is None and errors:
        line = errors[0][0]
    kind = type(exc).__name__
    return f"{kind} on line {line}" if isinstance(line, int) else kind


def _read_configure(path: Path) -> configparser.ConfigParser | None:
    # Imported on first use: configparser (and the regexes it compiles) costs about 3 ms of
    # `import cloudcontracts`, and most set-ups pass keys or use the environment.
    import configparser  # noqa: PLC0415

    text = _read_configure_text(path)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    problem: str | None = None
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        problem = _parse_problem(exc)
    if problem is not None:  # raised here, not in the except block: no __context__ quoting the line
        raise CredentialsError(f"cannot read NCP configuration file {path}: {problem}")
    return parser


def _profile_names(parser: configparser.ConfigParser) -> list[str]:
    return (["DEFAULT"] if parser.defaults() else []) + parser.sections()


def _read_profile(path: Path, profile: str, *, required: bool) -> dict[str, str]:
    """The profile's values (``[DEFAULT]``'s as fallbacks). A missing file or profile is ``{}``, or,
    when ``required`` (a profile asked for by name), a :class:`CredentialsError`."""
    parser = _read_configure(path)
    if parser is None:
        if required:
            raise CredentialsError(f"NCP profile {profile!r} was asked for, but {path} does not exist")
        return {}
    if profile in ("DEFAULT", parser.default_section):
        section: Mapping[str, str] = parser.defaults()
        found = bool(section)
    elif parser.has_section(profile):
        section = parser[profile]  # includes [DEFAULT] values as fallbacks
        found = True
    else:
        section, found = {}, False
    if not found and required:
        names = ", ".join(_profile_names(parser)) or "none"
        raise CredentialsError(f"profile {profile!r} not found in {path} (profiles there: {names})")
    return {key: value.strip() for key, value in section.items() if value.strip()}


def _url_argument(base_url: object) -> str | None:
    """``base_url`` as given, if it is a str at all (a bytes or int URL is a set-up mistake)."""
    if base_url is None or isinstance(base_url, str):
        return base_url
    raise ConfigurationError(f"base_url must be a str, not {type(base_url).__name__}")


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
    named = profile or env.get("NCLOUD_PROFILE", "").strip() or None
    profile = named or "DEFAULT"
    file_values: dict[str, str] | None = None

    def file_profile() -> dict[str, str]:
        nonlocal file_values
        if file_values is None:
            file_values = _read_profile(path, profile, required=named is not None)
        return file_values

    if (access_key is None) != (secret_key is None):
        raise CredentialsError("give both access_key and secret_key, or neither")
    env_access, env_secret = _first_env(env, _ACCESS_ENV), _first_env(env, _SECRET_ENV)
    if access_key is not None and secret_key is not None:
        pair, source = (access_key, secret_key), "arguments"
    elif named is None and env_access and env_secret:
        pair, source = (env_access, env_secret), "environment"
    elif file_profile().get("ncloud_access_key_id") and file_profile().get("ncloud_secret_access_key"):
        pair = (file_profile()["ncloud_access_key_id"], file_profile()["ncloud_secret_access_key"])
        source = f"{path} [{profile}]"
    elif named is not None:
        raise CredentialsError(
            f"profile [{profile}] of {path} has no ncloud_access_key_id and ncloud_secret_access_key pair"
            + ("; the NCLOUD_* key variables are not used when a profile is named" if env_access else "")
        )
    else:
        raise CredentialsError(
            "no NCP credentials found. Looked at: the access_key/secret_key arguments; the environment "
            f"variables {' or '.join(_ACCESS_ENV)} with {' or '.join(_SECRET_ENV)}; and "
            f"ncloud_access_key_id/ncloud_secret_access_key in profile [{profile}] of {path}"
        )

    given_url = _url_argument(base_url)
    if given_url is not None:  # "" is a mistake to report (as Hyperstack's client does), not "unset"
        url = given_url
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
