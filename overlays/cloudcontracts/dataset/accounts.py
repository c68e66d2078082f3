"""Accounts of a sync: NCP profiles and Hyperstack keys, from options or a small YAML file.

::

    # accounts.yaml
    ncloud:
      - name: prod               # the account name rows carry (default: the profile)
        profile: prod            # a profile of ~/.ncloud/configure
      - name: research
        profile: research
        members: ["1234567"]     # only these member accounts (memberNoList)
        site: public
    hyperstack:
      - name: main
        key_env: HYPERSTACK_API_KEY      # the environment variable holding the key (never the key)

No file holds a key or a secret: NCP's come from ``~/.ncloud/configure`` or the environment, as for every
other command, and a Hyperstack key from the variable named. Base URLs follow ``NCLOUD_API_GW`` and
``HYPERSTACK_API_ADDRESS`` (or ``base_url`` in the file).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cloudcontracts.core.client import SyncApi
from cloudcontracts.dataset.engine import Account
from cloudcontracts.errors import ConfigurationError, CredentialsError

__all__ = ["accounts_from_file", "hyperstack_account", "ncloud_account"]

_NCLOUD_KEYS = frozenset({"name", "profile", "members", "site", "base_url"})
_HYPERSTACK_KEYS = frozenset({"name", "key_env", "base_url"})


def ncloud_account(
    profile: str | None,
    *,
    name: str | None = None,
    members: Sequence[str] | None = None,
    site: str | None = None,
    base_url: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Account:
    """An NCP account reading ``profile`` (``None``: the environment, then ``$NCLOUD_PROFILE``/DEFAULT)."""
    settings = dict(options or {})

    def connect() -> SyncApi:
        from cloudcontracts.ncloud.client import NcloudBilling  # noqa: PLC0415 -- at connection time

        return NcloudBilling(profile=profile, site=site, base_url=base_url, **settings)

    params: dict[str, object] = {}
    if members:
        if isinstance(members, str):
            raise ValueError("members must be a list of member numbers")
        params["member_no_list"] = [str(member) for member in members]
    return Account("ncloud", name or profile or "default", connect, params)


def hyperstack_account(
    key_env: str = "HYPERSTACK_API_KEY",
    *,
    name: str | None = None,
    base_url: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Account:
    """A Hyperstack account whose key is in the environment variable ``key_env``."""
    settings = dict(options or {})

    def connect() -> SyncApi:
        from cloudcontracts.hyperstack.client import HyperstackContracts  # noqa: PLC0415

        key = os.environ.get(key_env, "").strip()
        if not key:
            raise CredentialsError(f"no Hyperstack API key: the environment variable {key_env} is not set")
        return HyperstackContracts(key, base_url=base_url, **settings)

    return Account("hyperstack", name or key_env, connect)


def _entries(
    data: Mapping[str, Any], provider: str, allowed: frozenset[str], path: Path
) -> list[dict[str, Any]]:
    entries = data.get(provider) or []
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ConfigurationError(f"{path}: '{provider}' must be a list of accounts")
    for entry in entries:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise ConfigurationError(
                f"{path}: unknown setting(s) of a {provider} account: {', '.join(unknown)}"
            )
    return entries


def accounts_from_file(path: str | Path, *, options: Mapping[str, Any] | None = None) -> list[Account]:
    """The accounts a YAML file lists (see the module docstring); ``options`` go to every client."""
    import yaml  # noqa: PLC0415 -- only for a file

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ConfigurationError(f"cannot read the accounts file {path}: {error}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path}: expected 'ncloud' and 'hyperstack' lists")
    unknown = sorted(set(data) - {"ncloud", "hyperstack"})
    if unknown:
        raise ConfigurationError(f"{path}: unknown section(s): {', '.join(map(str, unknown))}")
    accounts = []
    try:
        for entry in _entries(data, "ncloud", _NCLOUD_KEYS, path):
            accounts.append(
                ncloud_account(
                    entry.get("profile"),
                    name=entry.get("name"),
                    members=entry.get("members"),
                    site=entry.get("site"),
                    base_url=entry.get("base_url"),
                    options=options,
                )
            )
        for entry in _entries(data, "hyperstack", _HYPERSTACK_KEYS, path):
            accounts.append(
                hyperstack_account(
                    entry.get("key_env", "HYPERSTACK_API_KEY"),
                    name=entry.get("name"),
                    base_url=entry.get("base_url"),
                    options=options,
                )
            )
    except ValueError as error:
        raise ConfigurationError(f"{path}: {error}") from None
    return accounts
