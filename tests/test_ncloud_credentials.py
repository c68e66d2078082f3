"""Where NCP credentials come from: arguments, then the environment, then ~/.ncloud/configure."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudcontracts.errors import ConfigurationError, CredentialsError
from cloudcontracts.ncloud_credentials import billing_url_from_gateway, resolve_ncp_credentials

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
        resolve_ncp_credentials(env={"NCLOUD_PROFILE": "team"}, configure_path=tmp_path / "configure")
    assert str(caught.value) == (
        "no NCP credentials found. Looked at: the access_key/secret_key arguments; the environment variables "
        "NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY with NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY; and "
        f"ncloud_access_key_id/ncloud_secret_access_key in profile [team] of {tmp_path / 'configure'}"
    )


def test_half_a_pair_of_arguments_is_an_error() -> None:
    with pytest.raises(CredentialsError, match="both"):
        resolve_ncp_credentials("AKONLY", None, env={})


def test_repr_hides_the_secret() -> None:
    creds = resolve_ncp_credentials("AKFAKE123456", "SKTOPSECRETFAKE", env={})
    assert repr(creds) == (
        f"NcpCredentials(access_key='AKFA…', secret_key='<secret>', base_url='{PUBLIC}', source='arguments')"
    )
