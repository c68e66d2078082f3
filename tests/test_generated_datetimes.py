"""Date-times in the generated models: aware ``datetime`` objects, written back in each provider's form.

The date-time properties are read from the OpenAPI documents (every property whose ``$ref`` names a
schema marked ``x-cloudcontracts-datetime``), not listed here.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import httpx2
import pytest
from support.narrowing import present

import hyperstack_client._datetimes as hs_dt
import ncloud_billing_client._datetimes as ncp_dt
from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.hyperstack import HyperstackContracts
from cloudcontracts.hyperstack.timestamps import parse_hyperstack_datetime
from cloudcontracts.ncloud.dates import parse_ncp_datetime
from cloudcontracts.sandbox.state import SandboxState
from cloudcontracts.specs import openapi_document
from hyperstack_client import AuthenticatedClient
from hyperstack_client import models as hs_models
from hyperstack_client.api.contracts import list_contracts
from hyperstack_client.errors import UnexpectedResponseShape
from hyperstack_client.types import UNSET as HS_UNSET
from ncloud_billing_client import models as ncp_models
from ncloud_billing_client.types import UNSET

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import generate

KST = timezone(timedelta(hours=9))
PACKAGES = {"hyperstack": hs_models, "ncloud-billing": ncp_models}


def date_properties(document_name: str) -> dict[str, list[str]]:
    """``{schema: [JSON names of its date-time properties]}``, from the document."""
    document = openapi_document(document_name)
    marked = generate.datetime_schemas(dict(document))
    found: dict[str, list[str]] = {}
    for name, schema in document["components"]["schemas"].items():
        for prop, raw in (schema.get("properties") or {}).items():
            if raw.get("$ref") in marked:
                found.setdefault(name, []).append(prop)
    return found


def date_names(document_name: str) -> set[str]:
    return {prop for props in date_properties(document_name).values() for prop in props}


def without_empty_dates(value: Any, names: set[str]) -> Any:
    """The body as ``to_dict()`` gives it back: NCP's ``""`` dates are absent (``UNSET``)."""
    if isinstance(value, Mapping):
        return {k: without_empty_dates(v, names) for k, v in value.items() if not (k in names and v == "")}
    if isinstance(value, list):
        return [without_empty_dates(item, names) for item in value]
    return value


def date_values(value: Any, names: set[str]) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in names and item != "":
                yield item
            yield from date_values(item, names)
    elif isinstance(value, list):
        for item in value:
            yield from date_values(item, names)


def held_datetimes(model: object) -> Iterator[datetime]:
    """Every datetime a model tree holds."""
    if isinstance(model, list):
        for item in model:
            yield from held_datetimes(item)
    elif attrs.has(type(model)):
        for field in attrs.fields(type(model)):  # type: ignore[arg-type]  # attrs.has narrows no type
            value = getattr(model, field.name)
            if isinstance(value, datetime):
                yield value
            else:
                yield from held_datetimes(value)


# --- the documents decide which properties are dates -------------------------------------------------------


@pytest.mark.parametrize("document_name", sorted(PACKAGES))
def test_every_marked_property_is_an_aware_datetime(document_name: str) -> None:
    properties = date_properties(document_name)
    assert properties, "the document marks no date-time schema"
    sample = {"hyperstack": "2026-05-01T00:00:00", "ncloud-billing": "2022-02-07T18:11:01+0900"}[
        document_name
    ]
    for schema, props in properties.items():
        cls = getattr(PACKAGES[document_name], schema)
        typed = [f for f in attrs.fields(cls) if f.type == "datetime.datetime | Unset"]
        assert len(typed) == len(props), schema
        for prop in props:
            model = cls.from_dict({prop: sample})
            (value,) = [getattr(model, f.name) for f in typed if isinstance(getattr(model, f.name), datetime)]
            assert isinstance(value, datetime) and value.utcoffset() is not None
            assert model.to_dict() == {prop: sample}


def test_hyperstack_dates_are_utc_and_ncp_dates_keep_their_offset() -> None:
    contract = hs_models.CustomerContractFields.from_dict({"start_date": "2026-05-01T00:00:00"})
    assert contract.start_date == datetime(2026, 5, 1, tzinfo=UTC)
    assert present(contract.start_date).tzinfo is UTC
    ncp = ncp_models.Contract.from_dict({"contractEndDate": "2999-12-31T23:59:59+0900"})
    assert ncp.contract_end_date == datetime(2999, 12, 31, 23, 59, 59, tzinfo=KST)
    assert present(ncp.contract_end_date).utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("absent", ["", None])
def test_empty_and_null_dates_are_unset(absent: object) -> None:
    contract = ncp_models.Contract.from_dict({"contractStartDate": absent, "contractNo": "1"})
    assert contract.contract_start_date is UNSET
    assert contract.to_dict() == {"contractNo": "1"}
    assert ncp_models.Contract.from_dict({}).contract_start_date is UNSET


# --- round trips on the sandbox's data, byte for byte ------------------------------------------------------


def sandbox_bodies() -> list[tuple[str, type[Any], dict[str, Any]]]:
    state = SandboxState()
    months = state.ncp_months
    bodies: list[tuple[str, type[Any], dict[str, Any]]] = []
    for first in range(0, len(months), 3):
        window = (months[first], months[min(first + 2, len(months) - 1)])
        bodies += [("ncloud-billing", ncp_models.Contract, c) for c in state.ncp_contracts(*window)]
        bodies += [
            ("ncloud-billing", ncp_models.ContractDemandCost, c)
            for c in state.ncp_contract_demand_costs(*window)
        ]
        bodies += [("ncloud-billing", ncp_models.DemandCost, c) for c in state.ncp_demand_costs(*window)]
    contracts = state.hyperstack_contracts()
    bodies += [("hyperstack", hs_models.CustomerContractFields, c) for c in contracts]
    start = datetime(2026, 5, 1)
    graph = state.gpu_graph(int(contracts[0]["id"]), start, start + timedelta(days=2))
    assert graph is not None
    bodies.append(("hyperstack", hs_models.Contract, graph))
    return bodies


def test_sandbox_data_round_trips_byte_for_byte() -> None:
    names = {document: date_names(document) for document in PACKAGES}
    seen = dict.fromkeys(PACKAGES, 0)
    for document, cls, raw in sandbox_bodies():
        model = cls.from_dict(raw)
        expected = without_empty_dates(raw, names[document])
        assert json.dumps(model.to_dict(), sort_keys=True) == json.dumps(expected, sort_keys=True)
        texts = list(date_values(raw, names[document]))
        held = list(held_datetimes(model))
        assert len(held) == len(texts)
        assert all(value.utcoffset() is not None for value in held)
        seen[document] += len(texts)
    assert seen["hyperstack"] > 100 and seen["ncloud-billing"] > 100


def test_seed_example_dates_round_trip() -> None:
    raw = json.loads((Path(__file__).parent / "data" / "ncp_seed_example.json").read_text(encoding="utf-8"))
    envelope = ncp_models.GetContractUsageListResponseEnvelope.from_dict(raw)
    assert json.dumps(envelope.to_dict()).count('"2999-12-31T23:59:59+0900"') == 2


# --- writing a datetime set by hand ------------------------------------------------------------------------


def test_ncp_writes_its_own_form_from_any_aware_datetime() -> None:
    contract = ncp_models.Contract(contract_start_date=datetime(2024, 2, 1, 9, 30, 15, 999999, tzinfo=KST))
    assert contract.to_dict() == {"contractStartDate": "2024-02-01T09:30:15+0900"}
    west = timezone(-timedelta(hours=1, minutes=30))
    assert ncp_dt.write_ncp_datetime(datetime(2024, 2, 1, tzinfo=west)) == "2024-02-01T00:00:00-0130"
    with pytest.raises(ValueError, match="needs a zone"):
        ncp_models.Contract(contract_start_date=datetime(2024, 2, 1)).to_dict()


def test_hyperstack_writes_utc_without_a_zone() -> None:
    paris = timezone(timedelta(hours=2))
    contract = hs_models.CustomerContractFields(
        start_date=datetime(2026, 5, 1, 2, tzinfo=paris), end_date=datetime(2026, 6, 1)
    )
    assert contract.to_dict() == {"start_date": "2026-05-01T00:00:00", "end_date": "2026-06-01T00:00:00"}


# --- what is not a date ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ({"start_date": "yesterday"}, "'yesterday'"),
        ({"start_date": "2026-13-01T00:00:00"}, "'2026-13-01T00:00:00'"),
        ({"created_at": 1714521600}, "1714521600"),
    ],
)
def test_a_value_that_is_not_a_date_is_a_decode_error(body: dict[str, Any], shown: str) -> None:
    page = json.dumps({"status": True, "contracts": [{"id": 1, **body}], "count": 1}).encode()
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=page))
    client = HyperstackContracts("fake-key-for-tests", transport=transport, max_retries=0)
    with client, pytest.raises(ResponseDecodeError):
        client.list_contracts(page=1, per_page=10)
    with pytest.raises(ValueError, match=shown):
        hs_models.CustomerContractFields.from_dict(body)
    # The generated client on its own raises its own shape error.
    standalone = AuthenticatedClient(
        base_url="http://127.0.0.1:9", token="fake", httpx_args={"transport": transport}
    )
    with standalone, pytest.raises(UnexpectedResponseShape):
        list_contracts.sync(client=standalone, page=1, per_page=10)


def test_ncp_rejects_what_is_not_its_form() -> None:
    for text in ("2022-02-07T18:11:01", "2022-02-07 18:11:01+0900", "2022-02-07T18:11:01+0960", "soon"):
        with pytest.raises(ValueError, match=re.escape(repr(text))):
            ncp_models.Contract.from_dict({"contractStartDate": text})


# --- one meaning: the generated parsers agree with the overlay's ------------------------------------------

HYPERSTACK_INPUTS = [
    "2026-05-01T00:00:00",
    "2026-05-01T00:00:00Z",
    "2026-05-01t00:00:00z",
    "2026-05-01T04:00:00+02:00",
    "2026-05-01T04:00:00+0200",
    "2026-05-01T04:00:00-02",
    "2026-05-01 00:00",
    "2026-05-01",
    "2026-05-01T03:00:00.500",
    "2026-05-01T23:59:59.9999999",
    " 2026-05-01T00:00:00 ",
    "2026-05-01T00:00:00+02:60",
    "2026-02-30T00:00:00",
    "0001-01-01T00:00:00+01:00",
    "2026-W18-5",
    "01/05/2026",
    "",
]
NCP_INPUTS = [
    "2022-02-07T18:11:01+0900",
    "2022-02-07T18:11:01+09:00",
    "2022-02-07T18:11:01-0130",
    "2999-12-31T23:59:59+0900",
    "2022-02-30T18:11:01+0900",
    "2022-02-07T18:11:01+0960",
    "2022-02-07T18:11:01",
    "2022-02-07T18:11:01Z",
]


def _outcome(parse: Any, text: str) -> object:
    try:
        return parse(text)
    except ValueError:
        return ValueError


@pytest.mark.parametrize("text", HYPERSTACK_INPUTS)
def test_hyperstack_parsers_agree(text: str) -> None:
    assert _outcome(hs_dt.parse_hyperstack_datetime, text) == _outcome(parse_hyperstack_datetime, text)


@pytest.mark.parametrize("text", NCP_INPUTS)
def test_ncp_parsers_agree(text: str) -> None:
    assert _outcome(ncp_dt.parse_ncp_datetime, text) == _outcome(parse_ncp_datetime, text)


# --- the generator's configuration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": "string", "x-cloudcontracts-datetime": "aws"}, "must be one of"),
        ({"type": "string", "format": "date-time", "x-cloudcontracts-datetime": "ncp"}, "without format"),
        ({"type": "integer", "x-cloudcontracts-datetime": "ncp"}, "needs type: string"),
    ],
)
def test_a_bad_extension_fails_the_generation(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate.datetime_schemas({"components": {"schemas": {"When": schema}}})


# --- the models' readers: a quick path for the documented form, the same meaning -----------------------------

# Values of exactly the documented form's length and separators, which the readers hand to
# ``datetime.fromisoformat`` directly: anything it would read differently from the regular expressions
# must fall back to them (and be refused, or read the same). The parsers behind the regular expressions
# agree with the overlay's (above).
HYPERSTACK_LOOKALIKES = [
    "2026-05-01T24:00:00",
    "2026-05-01T00:00:60",
    "2026-05-0\uff11T00:00:00",  # a fullwidth digit
    "2026-05-01T00:00:0Z",
    "2026-05-01T0:00:00 ",
    "+026-05-01T00:00:00",
    "2026-05-01T00:00:00",
    "2026-12-31T23:59:59",
]
NCP_LOOKALIKES = [
    "2022-02-07T18:11:01+2400",
    "2022-02-07T18:11:01+0959",
    "2022-02-07T18:11:01-0000",
    "2022-02-07T18:11:01+0a00",
    "2022-02-07T18:11:01+09\uff10\uff10",
    "2022-02-07T18:11:01 0900",
    "2022-02-07T18:11:61+0900",
]


@pytest.mark.parametrize("text", HYPERSTACK_INPUTS + HYPERSTACK_LOOKALIKES)
def test_the_hyperstack_reader_means_what_its_regular_expressions_mean(text: str) -> None:
    expected = _outcome(hs_dt.parse_hyperstack_datetime, text.strip()) if text.strip() else HS_UNSET
    got = _outcome(hs_dt.read_hyperstack_datetime, text)
    assert got == expected
    if isinstance(got, datetime):
        assert got.tzinfo is UTC


@pytest.mark.parametrize("text", NCP_INPUTS + NCP_LOOKALIKES)
def test_the_ncp_reader_means_what_its_regular_expression_means(text: str) -> None:
    got = _outcome(ncp_dt.read_ncp_datetime, text)
    expected = _outcome(ncp_dt.parse_ncp_datetime, text)
    assert got == expected
    if isinstance(got, datetime):
        assert isinstance(expected, datetime) and got.utcoffset() == expected.utcoffset()
