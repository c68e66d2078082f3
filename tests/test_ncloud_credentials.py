"""Where NCP credentials come from: arguments, then the environment, then ~/.ncloud/configure."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from cloudcontracts.errors import ConfigurationError, CredentialsError
from cloudcontracts.ncloud.credentials import (
    billing_url_from_gateway,
    mask_access_key,
    resolve_ncp_credentials,
)

PUBLIC = "https://billingapi.apigw.ntruss.com/billing/v1"
CONFIGURE = """\
[DEFAULT]
ncloud_access_key_id = AKFILEDEFAULT0000001
ncloud_secret_access_key = SKfiledefault000000000000000000000000001
ncloud_api_url = https://ncloud.apigw.ntruss.com

[work]
ncloud_access_key_id = AKFILEWORK0000000001
ncloud_secret_access_key = SKfilework00000000000000000000000000001
ncloud_api_url = https://fin-ncloud.apigw.fin-ntruss.com
"""


@pytest.fixture
def configure(tmp_path: Path) -> Path:
    path = tmp_path / "configure"
    path.write_text(CONFIGURE, encoding="utf-8")
    return path


def test_arguments_win(configure: Path) -> None:
    env = {"NCLOUD_ACCESS_KEY_ID": "AKENV", "NCLOUD_SECRET_KEY": "SKENV"}
    creds = resolve_ncp_credentials("AKARG", "SKARG", env=env, configure_path=configure)
    assert (creds.access_key, creds.secret_key, creds.source, creds.base_url) == (
        "AKARG",
        "SKARG",
        "arguments",
        PUBLIC,
    )


@pytest.mark.parametrize(
    ("env", "pair"),
    [
        ({"NCLOUD_ACCESS_KEY_ID": "AK1", "NCLOUD_SECRET_ACCESS_KEY": "SK1"}, ("AK1", "SK1")),
        ({"NCLOUD_ACCESS_KEY": "AK2", "NCLOUD_SECRET_KEY": "SK2"}, ("AK2", "SK2")),
        (
            {"NCLOUD_ACCESS_KEY_ID": "AK3", "NCLOUD_ACCESS_KEY": "AKX", "NCLOUD_SECRET_KEY": "SK3"},
            ("AK3", "SK3"),
        ),
    ],
)
def test_environment_names(env: dict[str, str], pair: tuple[str, str], configure: Path) -> None:
    creds = resolve_ncp_credentials(env=env, configure_path=configure)
    assert (creds.access_key, creds.secret_key, creds.source) == (*pair, "environment")


def test_half_a_pair_in_the_environment_does_not_mix_with_the_file(configure: Path) -> None:
    creds = resolve_ncp_credentials(env={"NCLOUD_ACCESS_KEY_ID": "AKLONE"}, configure_path=configure)
    assert (creds.access_key, creds.secret_key) == (
        "AKFILEDEFAULT0000001",
        "SKfiledefault000000000000000000000000001",
    )
    assert creds.source == f"{configure} [DEFAULT]"
    assert creds.base_url == PUBLIC  # ncloud_api_url names the general gateway: mapped to billing


def test_profile_section_is_honoured(configure: Path) -> None:
    creds = resolve_ncp_credentials(env={"NCLOUD_PROFILE": "work"}, configure_path=configure)
    assert creds.access_key == "AKFILEWORK0000000001"
    assert creds.base_url == "https://billingapi.apigw-pub.fin-ntruss.com/billing/v1"
    explicit = resolve_ncp_credentials(profile="work", env={}, configure_path=configure)
    assert explicit.access_key == "AKFILEWORK0000000001"


def test_unknown_profile_is_an_error(configure: Path) -> None:
    with pytest.raises(ConfigurationError, match="profile 'nope' not found"):
        resolve_ncp_credentials(profile="nope", env={}, configure_path=configure)


ENV_KEYS = {"NCLOUD_ACCESS_KEY_ID": "AKENVSTALE0000000001", "NCLOUD_SECRET_ACCESS_KEY": "SKenvstale"}


@pytest.mark.parametrize(
    ("profile", "env"),
    [
        ("work", ENV_KEYS),
        (None, {**ENV_KEYS, "NCLOUD_PROFILE": "work"}),
        ("work", {**ENV_KEYS, "NCLOUD_PROFILE": "x"}),
    ],
    ids=["argument", "NCLOUD_PROFILE", "argument-over-NCLOUD_PROFILE"],
)
def test_a_named_profile_wins_over_key_variables(
    configure: Path, profile: str | None, env: dict[str, str]
) -> None:
    creds = resolve_ncp_credentials(profile=profile, env=env, configure_path=configure)
    assert (creds.access_key, creds.secret_key, creds.source) == (
        "AKFILEWORK0000000001",
        "SKfilework00000000000000000000000000001",
        f"{configure} [work]",
    )


def test_without_a_named_profile_key_variables_win_over_the_file(configure: Path) -> None:
    creds = resolve_ncp_credentials(env=ENV_KEYS, configure_path=configure)
    assert (creds.access_key, creds.source) == ("AKENVSTALE0000000001", "environment")


@pytest.mark.parametrize("env", [{}, ENV_KEYS], ids=["no-env", "env-keys"])
def test_an_unknown_named_profile_is_a_credentials_error_naming_file_and_profiles(
    configure: Path, env: dict[str, str]
) -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(profile="nope", env=env, configure_path=configure)
    assert str(caught.value) == f"profile 'nope' not found in {configure} (profiles there: DEFAULT, work)"
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(env={**env, "NCLOUD_PROFILE": "nope"}, configure_path=configure)
    assert str(caught.value) == f"profile 'nope' not found in {configure} (profiles there: DEFAULT, work)"


def test_a_named_profile_without_a_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "configure"
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(profile="work", env=ENV_KEYS, configure_path=missing)
    assert str(caught.value) == f"NCP profile 'work' was asked for, but {missing} does not exist"


def test_a_named_profile_without_keys_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "configure"
    path.write_text("[work]\nncloud_api_url = https://ncloud.apigw.ntruss.com\n", encoding="utf-8")
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(profile="work", env=ENV_KEYS, configure_path=path)
    assert str(caught.value) == (
        f"profile [work] of {path} has no ncloud_access_key_id and ncloud_secret_access_key pair; "
        "the NCLOUD_* key variables are not used when a profile is named"
    )


@pytest.mark.parametrize(
    ("kwargs", "env", "url"),
    [
        ({"site": "fin"}, {}, "https://billingapi.apigw-pub.fin-ntruss.com/billing/v1"),
        ({"site": "gov"}, {}, "https://billingapi.apigw.gov-ntruss.com/billing/v1"),
        ({}, {"NCLOUD_SITE": "gov"}, "https://billingapi.apigw.gov-ntruss.com/billing/v1"),
        ({}, {"NCLOUD_API_GW": "https://ncloud.apigw.ntruss.com"}, PUBLIC),
        ({}, {"NCLOUD_API_GW": "http://127.0.0.1:8080/billing/v1/"}, "http://127.0.0.1:8080/billing/v1"),
        (
            {"base_url": "https://proxy.example/billing/v1"},
            {"NCLOUD_SITE": "fin"},
            "https://proxy.example/billing/v1",
        ),
    ],
)
def test_gateway_choice(kwargs: dict[str, str], env: dict[str, str], url: str, tmp_path: Path) -> None:
    creds = resolve_ncp_credentials("AK", "SK", env=env, configure_path=tmp_path / "none", **kwargs)
    assert creds.base_url == url


def test_unknown_site() -> None:
    with pytest.raises(ConfigurationError, match="unknown NCP site 'moon'"):
        resolve_ncp_credentials("AK", "SK", site="moon", env={})


def test_bare_gateway_host_gets_the_billing_path() -> None:
    assert billing_url_from_gateway("http://localhost:9000") == "http://localhost:9000/billing/v1"


def test_nothing_found_names_every_place(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(env={"NCLOUD_ACCESS_KEY": "AKLONE"}, configure_path=tmp_path / "configure")
    assert str(caught.value) == (
        "no NCP credentials found. Looked at: the access_key/secret_key arguments; the environment variables "
        "NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY with NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY; and "
        f"ncloud_access_key_id/ncloud_secret_access_key in profile [DEFAULT] of {tmp_path / 'configure'}"
    )


def test_half_a_pair_of_arguments_is_an_error() -> None:
    with pytest.raises(CredentialsError, match="both"):
        resolve_ncp_credentials("AKONLY", None, env={})


def test_repr_shows_the_last_four_characters_of_the_key_only() -> None:
    creds = resolve_ncp_credentials("AKFAKE123456", "SKTOPSECRETFAKE", env={})
    assert repr(creds) == (
        f"NcpCredentials(access_key='…3456', secret_key='<secret>', base_url='{PUBLIC}', source='arguments')"
    )
    assert "AKFAKE" not in str(creds)


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("AKFILEWORK0000000001", "…0001"),
        ("AKFAKE123456", "…3456"),
        ("AKFAKE12345", "…"),
        ("AK", "…"),
        ("", "…"),
    ],
)
def test_mask_access_key(key: str, shown: str) -> None:
    assert mask_access_key(key) == shown


# --- a careless or hostile configuration file ---------------------------------------------------------

SECRET = "SKcanary00000000000000000000000000007f3e"
MALFORMED = [
    f"ncloud_secret_access_key = {SECRET}\n",  # no section header
    f"[DEFAULT]\nncloud_access_key_id = AK1\n{SECRET}\n",  # a line that is not key = value
    f"[DEFAULT]\nncloud_secret_access_key = {SECRET}\nncloud_secret_access_key = {SECRET}\n",  # twice
    f"[work]\nncloud_secret_access_key = {SECRET}\n[work]\n",  # a section twice
]


def _chain_texts(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), *map(repr, error.args)]
    for linked in (error.__cause__, error.__context__):
        if linked is not None:
            texts.extend(_chain_texts(linked))
    return texts


@pytest.mark.parametrize(
    "content", MALFORMED, ids=["no-section", "not-key-value", "duplicate-key", "duplicate-section"]
)
@pytest.mark.parametrize("profile", [None, "work"])
def test_a_malformed_file_is_an_error_that_never_quotes_the_secret(
    tmp_path: Path, content: str, profile: str | None
) -> None:
    path = tmp_path / "configure"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(profile=profile, env={}, configure_path=path)
    error = caught.value
    assert error.__context__ is None and error.__cause__ is None
    assert str(error).startswith(f"cannot read NCP configuration file {path}: ")
    assert re.search(r"Error on line \d+$", str(error)), str(error)
    assert not any(SECRET in text for text in _chain_texts(error))


def test_a_file_that_is_not_utf8_is_an_error_without_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "configure"
    path.write_bytes(b"[DEFAULT]\nncloud_secret_access_key = SK\xff\xfesecret\n")
    with pytest.raises(CredentialsError) as caught:
        resolve_ncp_credentials(env={}, configure_path=path)
    assert str(caught.value) == f"cannot read NCP configuration file {path}: it is not UTF-8 text"
    assert caught.value.__context__ is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the read runs in a thread so a hang fails the test."""
    path = tmp_path / "configure"
    os.mkfifo(path)
    outcome: list[BaseException | object] = []

    def resolve() -> None:
        try:
            outcome.append(resolve_ncp_credentials(env={}, configure_path=path))
        except BaseException as exc:  # the assertion below reports it
            outcome.append(exc)

    worker = threading.Thread(target=resolve, daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():  # unblock the thread (a writer opens the FIFO), then fail
        with path.open("w"):
            pass
        pytest.fail("reading a FIFO at the configuration path hung")
    (error,) = outcome
    assert isinstance(error, CredentialsError)
    assert str(error) == f"cannot read NCP configuration file {path}: it is a FIFO, not a regular file"


def test_a_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "configure"
    path.mkdir()
    with pytest.raises(CredentialsError, match="it is a directory, not a regular file"):
        resolve_ncp_credentials(env={}, configure_path=path)


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "configure"
    path.write_text(CONFIGURE, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(CredentialsError, match="Permission denied"):
        resolve_ncp_credentials(env={}, configure_path=path)
