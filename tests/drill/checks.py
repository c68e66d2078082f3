"""What must hold in a copy of the project after the drill's document changes and ``make generate``,
with no other edit. Run inside the copy (``PYTHONPATH=overlays:generated:tests/drill``) as
``python checks.py <check>``; prints one line per check and exits non-zero on the first failure."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import sys
from typing import Any

import httpx2
import pytest
from changes import (
    HYPERSTACK_FIELD,
    HYPERSTACK_PARAM,
    NCP_FIELD,
    NCP_LIST,
    NCP_PARAM,
    NEW_HYPERSTACK_OPERATION,
    NEW_NCP_OPERATION,
)

from cloudcontracts import AsyncHyperstackContracts, AsyncNcloudBilling, HyperstackContracts, NcloudBilling
from cloudcontracts.errors import NotFoundError, ServerError
from cloudcontracts.sandbox import Sandbox

SEED = 20240417


class Recording(httpx2.HTTPTransport):
    """The network transport, remembering each request's URL."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[httpx2.URL] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.urls.append(request.url)
        return super().handle_request(request)


def ncp(sb: Sandbox, **options: Any) -> NcloudBilling:
    return NcloudBilling(sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url, **options)


def hyperstack(sb: Sandbox, **options: Any) -> HyperstackContracts:
    return HyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url, **options)


def new_field() -> None:
    from cloudcontracts.exports.hyperstack_rows import hyperstack_contract_columns, hyperstack_contract_rows  # noqa: PLC0415
    from cloudcontracts.exports.ncp_rows import ncp_usage_columns, ncp_usage_rows  # noqa: PLC0415
    from cloudcontracts.ncloud.xml_decoding import decode_ncp_xml  # noqa: PLC0415
    from cloudcontracts.sandbox.xml_render import ncp_xml_renderer  # noqa: PLC0415
    from hyperstack_client.models import CustomerContractFields  # noqa: PLC0415
    from ncloud_billing_client.models import Contract  # noqa: PLC0415

    wire = {"contractNo": "1", NCP_FIELD[0]: "g", NCP_LIST[0]: [{"tagKey": "k", "tagValue": "v"}]}
    contract = Contract.from_dict(wire)
    assert getattr(contract, NCP_FIELD[1]) == "g"
    assert getattr(contract, NCP_LIST[1])[0].tag_key == "k"
    print("models: NCP Contract carries the new field and the wrapped list")

    envelope = {
        "getContractUsageListResponse": {
            "returnCode": "0",
            "totalRows": 1,
            "contractList": [
                {**wire, NCP_LIST[0]: [{"tagKey": "k", "tagValue": "v"}, {"tagKey": "x", "tagValue": ""}]}
            ],
        }
    }
    xml = ncp_xml_renderer().render(envelope)
    assert re.search(rf"<{NCP_LIST[0]}>\s*<{NCP_LIST[2]}>".encode(), xml), xml[:400]
    assert decode_ncp_xml(xml) == envelope, (decode_ncp_xml(xml), envelope)
    print("XML = JSON: the wrapped list decodes from XML exactly as the JSON form")

    names = [c.name for c in ncp_usage_columns()]
    assert names[-1] == NCP_FIELD[1], names[-5:]
    row = next(ncp_usage_rows([contract]))
    assert row[NCP_FIELD[1]] == "g"
    hs_names = [c.name for c in hyperstack_contract_columns()]
    assert hs_names[-1] == HYPERSTACK_FIELD[1], hs_names[-5:]
    hs_row = next(
        hyperstack_contract_rows([CustomerContractFields.from_dict({"id": 1, HYPERSTACK_FIELD[0]: "p"})])
    )
    assert hs_row[HYPERSTACK_FIELD[1]] == "p"
    print("flat exports: the new fields are the last columns, with their values")

    with Sandbox(seed=SEED) as sb, ncp(sb) as billing:
        got = list(billing.iter_contract_usage("202402", "202404"))
        assert got and all(isinstance(c, Contract) for c in got)
    print("sandbox: getContractUsageList still served and read")


def new_parameter() -> None:
    from hyperstack_client.api.contracts import list_contracts  # noqa: PLC0415
    from ncloud_billing_client.api.cost import get_contract_usage_list  # noqa: PLC0415

    assert NCP_PARAM[1] in inspect.signature(get_contract_usage_list.sync_detailed).parameters
    assert HYPERSTACK_PARAM[1] in inspect.signature(list_contracts.sync_detailed).parameters
    print("generated functions take the new parameters")

    with Sandbox(seed=SEED) as sb:
        transport = Recording()
        with ncp(sb, transport=transport) as billing:
            drilled: dict[str, Any] = {NCP_PARAM[1]: "DRILL"}  # a parameter only the drilled copy declares
            rows = list(billing.iter_contract_usage("202401", "202406", **drilled))
        assert rows
        assert all(url.params.get(NCP_PARAM[0]) == "DRILL" for url in transport.urls), transport.urls
        assert len({url.params["startMonth"] for url in transport.urls}) == 2  # two windows
        hs_transport = Recording()
        with hyperstack(sb, transport=hs_transport) as hs:
            contracts = list(hs.iter_contracts(per_page=10, **{HYPERSTACK_PARAM[1]: "blue"}))
        assert contracts
        assert all(url.params.get(HYPERSTACK_PARAM[0]) == "blue" for url in hs_transport.urls)
        with ncp(sb) as billing, pytest.raises(ValueError, match="drill_not_declared"):
            billing.iter_contract_usage("202401", "202403", drill_not_declared="x")
    print("wrappers and pager pass the new parameters through; the sandbox accepts them")


def new_operation() -> None:
    # Generated only in the drilled copy: imported by name, so the checkout's own type check has no say.
    list_drill_probes = importlib.import_module("hyperstack_client.api.contracts.list_drill_probes")

    with Sandbox(seed=SEED) as sb:
        items = sb.config.generic_items
        with hyperstack(sb) as hs:
            assert len(list(hs.iter_items(NEW_HYPERSTACK_OPERATION, per_page=5))) == items
            sb.faults.script("503", operation=NEW_HYPERSTACK_OPERATION)
            response = list_drill_probes.sync_detailed(client=hs.generated_client, page=1, per_page=5)
            assert response.status_code == 200 and response.parsed is not None
            assert sb.faults.injected[-1] == (NEW_HYPERSTACK_OPERATION, "503")
            sb.faults.script("503", "503", "503", operation=NEW_HYPERSTACK_OPERATION)
            with pytest.raises(ServerError) as raised:
                list_drill_probes.sync(client=hs.generated_client)
            assert raised.value.status_code == 503
            sb.faults.clear()
        print("Hyperstack: the new operation pages, retries and raises typed errors through generated_client")

        with ncp(sb) as billing:
            probes = list(billing.iter_items(NEW_NCP_OPERATION, start_month="202401", end_month="202406"))
            assert len(probes) == 2 * items, len(probes)  # one list per three-month window
        with ncp(sb, response_format="xml") as billing:
            xml_probes = list(billing.iter_items(NEW_NCP_OPERATION, start_month="202401", end_month="202406"))
            assert [p.to_dict() for p in xml_probes] == [p.to_dict() for p in probes]

        async def run() -> int:
            async with AsyncNcloudBilling(
                sb.ncp_access_key, sb.ncp_secret_key, base_url=sb.ncloud_url
            ) as billing:
                found = [
                    p
                    async for p in billing.iter_items(
                        NEW_NCP_OPERATION, start_month="202401", end_month="202403"
                    )
                ]
            async with AsyncHyperstackContracts(sb.hyperstack_api_key, base_url=sb.hyperstack_url) as hs:
                with pytest.raises(NotFoundError):
                    await hs.call("get_contract", contract_id=999_999_999)
            return len(found)

        assert asyncio.run(run()) == items
        print("NCP: the new operation pages by windows, XML = JSON, async too")


CHECKS = {"new-field": new_field, "new-parameter": new_parameter, "new-operation": new_operation}

if __name__ == "__main__":
    CHECKS[sys.argv[1]]()
    print("ok")
