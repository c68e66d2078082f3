"""The NCP XML decoder: the JSON form reproduced from XML, driven by the OpenAPI document, and safe."""

from __future__ import annotations

import copy
import json
import random
import re
import time
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.narrowing import present
from support.ncp_fixtures import contract_usage_page, page_bodies, to_xml

from cloudcontracts.errors import ResponseDecodeError, body_snippet
from cloudcontracts.ncloud.xml_decoding import (
    DEFAULT_MAX_DEPTH,
    XmlDecoder,
    decode_ncp_xml,
    ncp_openapi_document,
    ncp_xml_decoder,
)
from ncloud_billing_client.models import (
    GetContractUsageListResponseEnvelope,
    NcpBillingErrorEnvelope,
)

# The response example of NCP's documentation page for getContractUsageList
# (https://api.ncloud-docs.com/docs/en/platform-costandusage-getcontractusagelist), verbatim.
DOCS_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<getContractUsageListResponse>
    <requestId>e05dd3ef-****-****-****-bb973f080144</requestId>
    <returnCode>0</returnCode>
    <returnMessage>success</returnMessage>
    <totalRows>1</totalRows>
    <contractList>
        <contract>
            <memberNo>******</memberNo>
            <contractNo>9294191</contractNo>
            <conjunctionContractNo></conjunctionContractNo>
            <contractType>
                <code>VSVR</code>
                <codeName>Server (VPC)</codeName>
            </contractType>
            <contractStatus>
                <code>NOML</code>
                <codeName>Normal</codeName>
            </contractStatus>
            <contractStartDate>2022-05-17T14:57:54+0900</contractStartDate>
            <contractEndDate>2999-12-31T23:59:59+0900</contractEndDate>
            <instanceName>nas-linux</instanceName>
            <regionCode>KR</regionCode>
            <platformType>
                <code>VPC</code>
                <codeName>VPC</codeName>
            </platformType>
            <contractProductList>
                <contractProduct>
                    <contractProductSequence>1</contractProductSequence>
                    <beforeContractProductSequence></beforeContractProductSequence>
                    <productCode>SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002</productCode>
                    <priceNo>10525</priceNo>
                    <promiseNo></promiseNo>
                    <instanceNo>11025677</instanceNo>
                    <productItemKind>
                        <code>VSVR</code>
                        <codeName>Server (VPC)</codeName>
                    </productItemKind>
                    <productRatingType>
                        <code>VSVR</code>
                        <codeName>Server (VPC) Usage</codeName>
                    </productRatingType>
                    <serviceStatus>
                        <code>NOML</code>
                        <codeName>Normal</codeName>
                    </serviceStatus>
                    <serviceStartDate>2022-05-17T14:57:54+0900</serviceStartDate>
                    <serviceEndDate>2999-12-31T23:59:59+0900</serviceEndDate>
                    <productSize>0</productSize>
                    <productCount>0</productCount>
                    <usageList>
                        <usage>
                            <meteringType>
                                <code>VSVR</code>
                                <codeName>Server (VPC) Usage</codeName>
                            </meteringType>
                            <useMonth>202404</useMonth>
                            <usageQuantity>864000</usageQuantity>
                            <unit>
                                <code>USAGE_SEC</code>
                                <codeName>Usage time (per second)</codeName>
                            </unit>
                            <userUsageQuantity>240</userUsageQuantity>
                            <userUnit>
                                <code>HOUR</code>
                                <codeName>Hour(s)</codeName>
                            </userUnit>
                        </usage>
                    </usageList>
                </contractProduct>
            </contractProductList>
        </contract>
    </contractList>
</getContractUsageListResponse>"""

# The same response in the JSON form, translated by hand.
DOCS_JSON: dict[str, Any] = {
    "getContractUsageListResponse": {
        "requestId": "e05dd3ef-****-****-****-bb973f080144",
        "returnCode": "0",
        "returnMessage": "success",
        "totalRows": 1,
        "contractList": [
            {
                "memberNo": "******",
                "contractNo": "9294191",
                "conjunctionContractNo": "",
                "contractType": {"code": "VSVR", "codeName": "Server (VPC)"},
                "contractStatus": {"code": "NOML", "codeName": "Normal"},
                "contractStartDate": "2022-05-17T14:57:54+0900",
                "contractEndDate": "2999-12-31T23:59:59+0900",
                "instanceName": "nas-linux",
                "regionCode": "KR",
                "platformType": {"code": "VPC", "codeName": "VPC"},
                "contractProductList": [
                    {
                        "contractProductSequence": "1",
                        "beforeContractProductSequence": "",
                        "productCode": "SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002",
                        "priceNo": "10525",
                        "promiseNo": "",
                        "instanceNo": "11025677",
                        "productItemKind": {"code": "VSVR", "codeName": "Server (VPC)"},
                        "productRatingType": {"code": "VSVR", "codeName": "Server (VPC) Usage"},
                        "serviceStatus": {"code": "NOML", "codeName": "Normal"},
                        "serviceStartDate": "2022-05-17T14:57:54+0900",
                        "serviceEndDate": "2999-12-31T23:59:59+0900",
                        "productSize": 0,
                        "productCount": 0,
                        "usageList": [
                            {
                                "meteringType": {"code": "VSVR", "codeName": "Server (VPC) Usage"},
                                "useMonth": "202404",
                                "usageQuantity": 864000,
                                "unit": {"code": "USAGE_SEC", "codeName": "Usage time (per second)"},
                                "userUsageQuantity": 240,
                                "userUnit": {"code": "HOUR", "codeName": "Hour(s)"},
                            }
                        ],
                    }
                ],
            }
        ],
    }
}


def assert_same(actual: Any, expected: Any, path: str = "$") -> None:
    """Equal *and* of the same types all the way down (``==`` alone has 864000 == 864000.0)."""
    assert type(actual) is type(expected), f"{path}: {type(actual).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert set(actual) == set(expected), f"{path}: keys {sorted(set(actual) ^ set(expected))}"
        for key, value in expected.items():
            assert_same(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, expected {len(expected)}"
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_same(got, want, f"{path}[{index}]")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def response(inner: str, root: str = "getContractUsageListResponse") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}>{inner}</{root}>'.encode()


def one_usage(usage_xml: str) -> bytes:
    return response(
        "<contractList><contract><contractProductList><contractProduct><usageList>"
        f"<usage>{usage_xml}</usage>"
        "</usageList></contractProduct></contractProductList></contract></contractList>"
    )


def usage_of(decoded: Mapping[str, Any]) -> Any:
    contract = decoded["getContractUsageListResponse"]["contractList"][0]
    return contract["contractProductList"][0]["usageList"][0]


def contract_of(decoded: Mapping[str, Any]) -> Any:
    return decoded["getContractUsageListResponse"]["contractList"][0]


# --------------------------------------------------------------------------------------------------
# The documented example and a full page: XML gives exactly what JSON gives


def test_documented_example_decodes_to_its_json_form() -> None:
    decoded = decode_ncp_xml(DOCS_XML)
    assert_same(decoded, DOCS_JSON)
    assert_same(decoded, json.loads(json.dumps(DOCS_JSON)))
    from_xml = GetContractUsageListResponseEnvelope.from_dict(decoded)
    from_json = GetContractUsageListResponseEnvelope.from_dict(DOCS_JSON)
    assert from_xml == from_json
    first_contract = present(present(from_xml.get_contract_usage_list_response).contract_list)[0]
    usage = present(present(first_contract.contract_product_list)[0].usage_list)[0]
    assert usage.usage_quantity == 864000
    assert type(usage.usage_quantity) is int
    assert first_contract.contract_no == "9294191"


def test_generated_page_decodes_to_the_same_models_as_its_json() -> None:
    xml_body, json_body = page_bodies(1000, 2, 3)
    decoded = decode_ncp_xml(xml_body)
    from_json = json.loads(json_body)
    assert_same(decoded, from_json)
    assert GetContractUsageListResponseEnvelope.from_dict(
        decoded
    ) == GetContractUsageListResponseEnvelope.from_dict(from_json)
    assert len(decoded["getContractUsageListResponse"]["contractList"]) == 1000


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_small_pages_match_json(seed: int) -> None:
    page = contract_usage_page(
        contracts=random.Random(seed).randint(0, 5), products=seed % 3, usages=seed % 4, seed=seed
    )
    assert_same(decode_ncp_xml(to_xml(page)), json.loads(json.dumps(page)))


# --------------------------------------------------------------------------------------------------
# Shapes


def test_one_item_and_zero_item_wrapped_lists_are_lists() -> None:
    one = decode_ncp_xml(
        response("<contractList><contract><contractNo>1</contractNo></contract></contractList>")
    )
    assert one["getContractUsageListResponse"]["contractList"] == [{"contractNo": "1"}]
    for empty in (
        "<contractList/>",
        "<contractList></contractList>",
        "<contractList>\n    \n</contractList>",
    ):
        assert decode_ncp_xml(response(empty)) == {"getContractUsageListResponse": {"contractList": []}}
    nested = decode_ncp_xml(
        response("<contractList><contract><contractProductList/></contract></contractList>")
    )
    assert contract_of(nested) == {"contractProductList": []}


def test_every_child_of_a_wrapper_is_an_item() -> None:
    decoded = decode_ncp_xml(
        response(
            "<contractList><contract><contractNo>1</contractNo></contract><item><contractNo>2</contractNo></item></contractList>"
        )
    )
    assert decoded["getContractUsageListResponse"]["contractList"] == [
        {"contractNo": "1"},
        {"contractNo": "2"},
    ]


def test_empty_code_element_is_an_empty_object() -> None:
    decoded = decode_ncp_xml(
        response(
            "<contractList><contract><contractType/><contractStatus></contractStatus>"
            "<platformType>\n   </platformType></contract></contractList>"
        )
    )
    assert_same(contract_of(decoded), {"contractType": {}, "contractStatus": {}, "platformType": {}})
    model = GetContractUsageListResponseEnvelope.from_dict(decoded)
    contract = present(present(model.get_contract_usage_list_response).contract_list)[0]
    assert present(contract.contract_type).to_dict() == {}


def test_strings_are_kept_exactly() -> None:
    decoded = decode_ncp_xml(
        response(
            "<contractList><contract>"
            "<conjunctionContractNo></conjunctionContractNo><memberNo/>"
            "<contractNo>0012345</contractNo>"
            "<instanceName>a &amp; b &lt;c&gt; <![CDATA[<raw> & ]]><!-- note -->d&#233;</instanceName>"
            "<regionCode>  </regionCode>"
            "</contract></contractList>"
        )
    )
    assert_same(
        contract_of(decoded),
        {
            "conjunctionContractNo": "",
            "memberNo": "",
            "contractNo": "0012345",
            "instanceName": "a & b <c> <raw> & d\u00e9",
            "regionCode": "  ",
        },
    )


def test_numbers_are_what_json_would_give() -> None:
    usage = usage_of(
        decode_ncp_xml(
            one_usage("<usageQuantity>12.851112</usageQuantity><userUsageQuantity>864000</userUsageQuantity>")
        )
    )
    assert_same(usage, {"usageQuantity": 12.851112, "userUsageQuantity": 864000})
    product = decode_ncp_xml(
        response(
            "<contractList><contract><contractProductList><contractProduct>"
            "<productSize>107374182400</productSize><productCount>-3</productCount>"
            "</contractProduct></contractProductList></contract></contractList>"
        )
    )["getContractUsageListResponse"]["contractList"][0]["contractProductList"][0]
    assert_same(product, {"productSize": 107374182400, "productCount": -3})
    assert_same(
        decode_ncp_xml(response("<totalRows>0</totalRows>")),
        {"getContractUsageListResponse": {"totalRows": 0}},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5e3", 1500.0),
        ("-0.25", -0.25),
        ("240.0", 240.0),
        ("0", 0),
        ("", ""),  # not a number: kept as text rather than guessed
        ("N/A", "N/A"),
        # Whitespace around a literal is ignored, as JSON ignores it around a value (a pretty-printed
        # <totalRows>\n  2\n</totalRows> is the number 2) ...
        (" 12", 12),
        ("\n 1.5 \t\r", 1.5),
        (" N/A ", " N/A "),
        ("\u00a012", "\u00a012"),  # ... JSON's whitespace only: a no-break space is not
        ("1_000", "1_000"),
        ("007", "007"),
        ("\u0664\u0662", "\u0664\u0662"),  # Arabic-Indic digits: int() takes them, JSON does not
        ("9" * 5000, "9" * 5000),  # beyond int()'s digit limit: kept, never a ValueError
        # JSON literals give exactly what json.loads gives: ints of any size stay exact, -0 is an int.
        *(
            (literal, json.loads(literal))
            for literal in (
                "123456789012345678901234567890",
                "-9223372036854775809",
                "999999999999999999",
                "1000000000000000000",
                "-0",
                "-1.5E-3",
                "2e+10",
            )
        ),
        # Not JSON number literals (although Python's float() or int() may read some): kept as text.
        *((text, text) for text in ("1,000", "NaN", "Infinity", "0x1F", "1.", ".5", "01", "1e", "-", "+1")),
    ],
)
def test_number_text_edge_cases(text: str, expected: Any) -> None:
    assert_same(
        usage_of(decode_ncp_xml(one_usage(f"<usageQuantity>{text}</usageQuantity>"))),
        {"usageQuantity": expected},
    )


@pytest.mark.parametrize("text", ["1e400", "-1e400", " 2E+999 "])
def test_a_number_beyond_a_float_is_refused_as_in_json(text: str) -> None:
    with pytest.raises(ResponseDecodeError, match="beyond a float's range"):
        decode_ncp_xml(one_usage(f"<usageQuantity>{text}</usageQuantity>"))


def test_unknown_elements_are_kept_in_additional_properties() -> None:
    decoded = decode_ncp_xml(
        response(
            "<newTopLevel>x</newTopLevel>"
            "<contractList><contract>"
            "<contractNo>1</contractNo>"
            "<discountCode>PROMO-7</discountCode>"
            "<emptyUnknown/>"
            "<billing><currency>KRW</currency><amount>12.5</amount><tag>a</tag><tag>b</tag>"
            "<deeper><x>1</x></deeper></billing>"
            "<label>one</label><label>two</label><label>three</label>"
            "</contract></contractList>"
        )
    )
    contract = contract_of(decoded)
    assert_same(
        contract,
        {
            "contractNo": "1",
            "discountCode": "PROMO-7",
            "emptyUnknown": "",
            "billing": {"currency": "KRW", "amount": "12.5", "tag": ["a", "b"], "deeper": {"x": "1"}},
            "label": ["one", "two", "three"],
        },
    )
    model = GetContractUsageListResponseEnvelope.from_dict(decoded).get_contract_usage_list_response
    assert model.additional_properties == {"newTopLevel": "x"}
    assert present(model.contract_list)[0].contract_no == "1"
    assert present(model.contract_list)[0].additional_properties == {
        "discountCode": "PROMO-7",
        "emptyUnknown": "",
        "billing": {"currency": "KRW", "amount": "12.5", "tag": ["a", "b"], "deeper": {"x": "1"}},
        "label": ["one", "two", "three"],
    }


def test_a_declared_leaf_with_children_keeps_them() -> None:
    decoded = decode_ncp_xml(
        response(
            "<contractList><contract><regionCode><a>1</a><a>2</a></regionCode></contract></contractList>"
        )
    )
    assert contract_of(decoded) == {"regionCode": {"a": ["1", "2"]}}


def test_element_order_does_not_matter() -> None:
    shuffled = re.sub(rb">\s+<", b"><", DOCS_XML)  # compact, then shuffle the children of every element
    document = _parse_for_shuffle(shuffled)
    rng = random.Random(7)
    for _ in range(5):
        body = _serialise_shuffled(document, rng)
        assert body != shuffled
        assert_same(decode_ncp_xml(body), DOCS_JSON)


def _parse_for_shuffle(body: bytes) -> Any:
    import xml.etree.ElementTree as ET  # noqa: PLC0415 - test-only helper for trusted bytes

    return ET.fromstring(body)  # noqa: S314 - our own constant


def _serialise_shuffled(element: Any, rng: random.Random) -> bytes:
    def write(node: Any) -> str:
        children = list(node)
        if not children:
            return f"<{node.tag}>{node.text or ''}</{node.tag}>"
        if node.tag not in {"contractList", "contractProductList", "usageList"}:
            rng.shuffle(children)
        return f"<{node.tag}>" + "".join(write(child) for child in children) + f"</{node.tag}>"

    return write(element).encode()


def test_response_error_body() -> None:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<responseError>\n'
        b"    <returnCode>1007009</returnCode>\n    <returnMessage>Invalid startMonth.</returnMessage>\n"
        b"</responseError>"
    )
    decoded = decode_ncp_xml(body)
    assert_same(decoded, {"responseError": {"returnCode": "1007009", "returnMessage": "Invalid startMonth."}})
    error = NcpBillingErrorEnvelope.from_dict(decoded)
    assert error.response_error.return_code == "1007009"


# --------------------------------------------------------------------------------------------------
# Driven by the document


def test_roots_come_from_the_documents_xml_responses() -> None:
    decoder = ncp_xml_decoder()
    assert set(decoder.root_elements) == {
        "getContractUsageListResponse",
        "getContractDemandCostListResponse",
        "getDemandCostListResponse",
        "responseError",
    }
    # The documented rule "the root element is the JSON form's single key" agrees with the document's
    # envelope schemas: for every root, some envelope's property of that name references its schema.
    schemas = ncp_openapi_document()["components"]["schemas"]
    for root in decoder.root_elements:
        schema_name = next(
            name for name, schema in schemas.items() if (schema.get("xml") or {}).get("name") == root
        )
        envelopes = [
            name
            for name, schema in schemas.items()
            if (schema.get("properties") or {}).get(root, {}).get("$ref")
            == f"#/components/schemas/{schema_name}"
        ]
        assert envelopes, root


def test_plan_is_compiled_from_the_document() -> None:
    plan = ncp_xml_decoder().describe("getContractUsageListResponse")
    (key, kind, children) = plan["getContractUsageListResponse"]
    assert (key, kind) == ("getContractUsageListResponse", "object")
    assert children["totalRows"] == ("totalRows", "integer")
    contract_list = children["contractList"]
    assert contract_list[:2] == ("contractList", "array")
    contract = contract_list[2]["contract"][2]
    assert contract["contractNo"] == ("contractNo", "string")
    assert contract["contractStartDate"] == ("contractStartDate", "string")  # $ref to NcpDateTime
    usage = contract["contractProductList"][2]["contractProduct"][2]["usageList"][2]["usage"][2]
    assert usage["usageQuantity"] == ("usageQuantity", "number")
    assert usage["unit"][:2] == ("unit", "object")


def test_a_field_added_to_the_document_is_decoded_with_no_code_change() -> None:
    document = copy.deepcopy(dict(ncp_openapi_document()))
    schemas = document["components"]["schemas"]
    schemas["Usage"]["properties"]["discountRate"] = {"type": "number", "format": "double"}
    schemas["Usage"]["properties"]["billable"] = {"type": "boolean"}
    schemas["Usage"]["properties"]["campaign"] = {"$ref": "#/components/schemas/CommonCode"}
    schemas["Usage"]["properties"]["tagList"] = {
        "type": "array",
        "xml": {"name": "tagList", "wrapped": True},
        "items": {"type": "string", "xml": {"name": "tag"}},
    }
    schemas["Usage"]["properties"]["note"] = {
        "type": "array",
        "items": {"type": "string", "xml": {"name": "note"}},
    }
    schemas["Usage"]["properties"]["ref"] = {
        "allOf": [{"$ref": "#/components/schemas/YearMonth"}],
        "description": "x",
    }
    schemas["NcpBillingError"]["properties"]["errorCode"] = {
        "oneOf": [{"type": "string"}, {"type": "integer"}]
    }
    body = one_usage(
        "<discountRate>0.15</discountRate><billable>true</billable><campaign/>"
        "<tagList><tag>a</tag><tag>007</tag></tagList><note>n1</note><note>n2</note><ref>202404</ref>"
    )

    before = usage_of(decode_ncp_xml(body))
    assert_same(before["discountRate"], "0.15")  # unknown to the shipped document: kept as text
    assert_same(before["tagList"], {"tag": ["a", "007"]})

    after = usage_of(XmlDecoder(document).decode(body))
    assert_same(
        after,
        {
            "discountRate": 0.15,
            "billable": True,
            "campaign": {},
            "tagList": ["a", "007"],
            "note": ["n1", "n2"],
            "ref": "202404",
        },
    )
    error = XmlDecoder(document).decode(b"<responseError><errorCode>200</errorCode></responseError>")
    assert_same(error, {"responseError": {"errorCode": "200"}})


def test_generic_decoder_on_another_document() -> None:
    document = {
        "openapi": "3.0.3",
        "paths": {
            "/tree": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/Node"}}}
                        },
                        "default": {"$ref": "#/components/responses/Problem"},
                    }
                }
            }
        },
        "components": {
            "responses": {
                "Problem": {
                    "description": "x",
                    "content": {
                        "text/xml": {
                            "schema": {
                                "type": "object",
                                "xml": {"name": "problem"},
                                "properties": {"status": {"type": "integer"}},
                            }
                        }
                    },
                }
            },
            "schemas": {
                "Base": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "Node": {
                    "xml": {"name": "node"},
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {
                            "type": "object",
                            "properties": {
                                "label": {"type": "string", "xml": {"name": "Label"}},
                                "children": {
                                    "type": "array",
                                    "xml": {"wrapped": True},
                                    "items": {"$ref": "#/components/schemas/Node"},
                                },
                                "matrix": {
                                    "type": "array",
                                    "xml": {"wrapped": True},
                                    "items": {"type": "array", "items": {"type": "number"}},
                                },
                            },
                        },
                    ],
                },
            },
        },
    }
    decoder = XmlDecoder(document)
    assert set(decoder.root_elements) == {"node", "problem"}
    body = (
        b"<node><id>1</id><Label>root</Label><children>"
        b"<node><id>2</id><children/></node><node><id>3</id><Label/></node>"
        b"</children><matrix><row><v>1</v><v>2.5</v></row><row/></matrix></node>"
    )
    assert_same(
        decoder.decode(body),
        {
            "node": {
                "id": 1,
                "label": "root",
                "children": [{"id": 2, "children": []}, {"id": 3, "label": ""}],
                "matrix": [[1, 2.5], []],
            }
        },
    )
    assert decoder.decode(b"<problem><status>404</status></problem>") == {"problem": {"status": 404}}


def test_decoder_is_built_once() -> None:
    assert ncp_xml_decoder() is ncp_xml_decoder()
    assert ncp_openapi_document() is ncp_openapi_document()


# --------------------------------------------------------------------------------------------------
# Hostile and broken bodies

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<getContractUsageListResponse><requestId>&lol9;</requestId></getContractUsageListResponse>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE getContractUsageListResponse [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<getContractUsageListResponse><requestId>&xxe;</requestId></getContractUsageListResponse>"""

DEEP = 10_000
HOSTILE: dict[str, tuple[bytes, str]] = {
    "dtd": (b"<!DOCTYPE getContractUsageListResponse><getContractUsageListResponse/>", "DTD"),
    "billion laughs": (BILLION_LAUGHS, "DTD"),
    "external entity": (EXTERNAL_ENTITY, "DTD"),
    "external dtd": (
        b'<!DOCTYPE getContractUsageListResponse SYSTEM "http://127.0.0.1:9/evil.dtd"><getContractUsageListResponse/>',
        "DTD",
    ),
    "parameter entity": (
        b'<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><getContractUsageListResponse/>',
        "DTD",
    ),
    "undefined entity": (response("<requestId>&xxe;</requestId>"), "malformed"),
    "deep unknown nesting": (
        response("<a>" * DEEP + "</a>" * DEEP),
        f"deeper than {DEFAULT_MAX_DEPTH}",
    ),
    "deep nesting in a leaf": (
        response("<requestId>" + "<a>" * DEEP + "</a>" * DEEP + "</requestId>"),
        f"deeper than {DEFAULT_MAX_DEPTH}",
    ),
    "deep nesting at the root": (b"<a>" * DEEP + b"</a>" * DEEP, "unexpected root"),
    "truncated": (DOCS_XML[: len(DOCS_XML) // 2], "malformed"),
    "mismatched tags": (response("<requestId>x</returnCode>"), "malformed"),
    "two roots": (DOCS_XML + b"<responseError/>", "malformed"),
    "html page": (
        b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>",
        "DTD",
    ),
    "html without doctype": (b"<html><body><h1>502 Bad Gateway</h1></body></html>", "unexpected root"),
    "html not well-formed": (b"<html><body>oops<br></body></html>", "unexpected root"),
    "not well-formed": (response("<requestId>oops<br></requestId>"), "malformed"),
    "json": (b'{"error": {"errorCode": "200", "message": "Authentication Failed"}}', "malformed"),
    "empty": (b"", "malformed"),
    "whitespace": (b"  \n ", "malformed"),
    "plain text": (b"Service Unavailable", "malformed"),
    "invalid utf-8": (
        response("<requestId>\xff\xfe</requestId>").replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe"),
        "malformed",
    ),
    "nul byte": (response("<requestId>a\x00b</requestId>"), "malformed"),
    "unknown encoding": (
        b'<?xml version="1.0" encoding="x-no-such-codec"?><getContractUsageListResponse/>',
        "",
    ),
    "doctype after a comment": (
        b"<!-- hi --><!DOCTYPE r [<!ENTITY e 'x'>]><getContractUsageListResponse>&e;</getContractUsageListResponse>",
        "DTD",
    ),
    "doctype in utf-16": ("<!DOCTYPE r><getContractUsageListResponse/>".encode("utf-16"), "DTD"),
    "doctype text in a comment under an unknown root": (b"<x><!-- <!DOCTYPE --></x>", "unexpected root"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_or_broken_bodies_raise_response_decode_error(name: str) -> None:
    body, message = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(ResponseDecodeError) as caught:
        decode_ncp_xml(body)
    assert time.perf_counter() - started < 1.0
    error = caught.value
    assert message in str(error)
    if body.strip():
        assert error.snippet
        assert repr(error.snippet) in str(error)
    assert "root:" not in str(error)  # nothing of /etc/passwd
    assert error.__cause__ is None


def test_very_deep_nesting_fails_fast_without_recursion_error() -> None:
    body = response("<a>" * 200_000 + "</a>" * 200_000)
    started = time.perf_counter()
    with pytest.raises(ResponseDecodeError, match="deeper than"):
        decode_ncp_xml(body)
    assert time.perf_counter() - started < 1.0


def test_depth_and_size_limits_are_parameters() -> None:
    decoder = XmlDecoder(ncp_openapi_document(), max_depth=5)
    with pytest.raises(ResponseDecodeError, match="deeper than 5"):
        decoder.decode(DOCS_XML)
    assert XmlDecoder(ncp_openapi_document(), max_depth=8).decode(DOCS_XML) == DOCS_JSON
    with pytest.raises(ResponseDecodeError, match="exceeds the 100-byte limit") as caught:
        decode_ncp_xml(DOCS_XML, max_bytes=100)
    assert caught.value.snippet.startswith('<?xml version="1.0"')
    with pytest.raises(ResponseDecodeError, match="limit"):
        XmlDecoder(ncp_openapi_document(), max_bytes=len(DOCS_XML) - 1).decode(DOCS_XML)
    with pytest.raises(ValueError, match="positive"):
        XmlDecoder(ncp_openapi_document(), max_depth=0)


def test_other_encodings_declared_by_the_body_are_honoured() -> None:
    body = DOCS_XML.decode().replace("UTF-8", "UTF-16").replace("nas-linux", "nas-\u00e9").encode("utf-16")
    decoded = decode_ncp_xml(body)
    assert contract_of(decoded)["instanceName"] == "nas-\u00e9"
    latin_1 = DOCS_XML.replace(b"UTF-8", b"ISO-8859-1").replace(b"nas-linux", b"nas-\xe9")
    assert contract_of(decode_ncp_xml(latin_1))["instanceName"] == "nas-\u00e9"


@pytest.mark.parametrize(
    "body",
    [
        b"\xef\xbb\xbf" + DOCS_XML,
        DOCS_XML.split(b"\n", 1)[1],
        DOCS_XML.replace(b"UTF-8", b"us-ascii"),
        DOCS_XML.replace(b"UTF-8", b"utf8"),
        DOCS_XML.replace(b'"1.0" encoding="UTF-8"', b"'1.0' encoding='utf-8'"),
        DOCS_XML.decode().replace("UTF-8", "UTF-16").encode("utf-16-le"),
    ],
    ids=["utf-8 bom", "no declaration", "us-ascii", "utf8", "single quotes", "utf-16 without a bom"],
)
def test_declarations_and_byte_order_marks_give_the_same_result(body: bytes) -> None:
    assert_same(decode_ncp_xml(body), DOCS_JSON)


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("<returnMessage>&lt;!DOCTYPE x&gt;</returnMessage>", {"returnMessage": "<!DOCTYPE x>"}),
        ("<returnMessage>a\r\nb\rc</returnMessage>", {"returnMessage": "a\nb\nc"}),
        ("<returnMessage>  two\n lines \t</returnMessage>", {"returnMessage": "  two\n lines \t"}),
        (
            "<returnMessage>a<!-- inside -->b<?pi data?>c</returnMessage><?pi x?><totalRows><!--x-->12</totalRows>",
            {"returnMessage": "abc", "totalRows": 12},
        ),
        (
            '<contractList a="1">text<contract b="2">more<contractNo c="3">5</contractNo></contract></contractList>',
            {"contractList": [{"contractNo": "5"}]},
        ),
        (
            "<returnMessage>요금 조회 — ünïcødé 🚀</returnMessage><용어>값</용어><ñ><ö>ß</ö></ñ>",
            {"returnMessage": "요금 조회 — ünïcødé 🚀", "용어": "값", "ñ": {"ö": "ß"}},
        ),
        ("<flag>true</flag><flag>false</flag>", {"flag": ["true", "false"]}),  # undeclared: text
        (
            "<contractList><contract/><other>1</other><x><y>2</y></x></contractList>",
            {"contractList": [{}, {}, {"y": "2"}]},  # every child of a wrapper is an item, of its plan
        ),
    ],
    ids=[
        "doctype as text",
        "line ends normalised",
        "whitespace kept",
        "comments and processing instructions",
        "attributes and mixed text ignored",
        "non-ascii names and text",
        "booleans where undeclared",
        "items of any name",
    ],
)
def test_text_and_markup_cases(inner: str, expected: dict[str, Any]) -> None:
    assert_same(decode_ncp_xml(response(inner)), {"getContractUsageListResponse": expected})


EXPAT_CHUNK = 1 << 20  # pyexpat hands a body to expat in chunks of this size


def test_errors_across_expats_chunk_boundaries() -> None:
    """Bodies over one chunk: truncation, malformed markup and deep nesting near and after a boundary."""
    xml_body, _ = page_bodies(200)
    assert len(xml_body) > 1.5 * EXPAT_CHUNK
    deep = b"<a>" * 100 + b"</a>" * 100
    for at in (EXPAT_CHUNK - 3, EXPAT_CHUNK, EXPAT_CHUNK + 5, EXPAT_CHUNK + 200_000):
        cut = xml_body.rindex(b"<contract>", 0, at)
        for body, message in (
            (xml_body[:at], "malformed XML: "),
            (xml_body[:at] + b"<" + xml_body[at:], "malformed XML: "),
            (xml_body[:cut] + deep + xml_body[cut:], f"XML nested deeper than {DEFAULT_MAX_DEPTH} elements"),
            (xml_body[:cut] + deep + b"<" + xml_body[cut:], "XML nested deeper than"),
        ):
            with pytest.raises(ResponseDecodeError) as caught:
                decode_ncp_xml(body)
            assert str(caught.value).startswith(message)
            assert caught.value.snippet == body_snippet(body[:400])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_cut_or_corrupted_bodies_fail_only_with_response_decode_error(data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(DOCS_XML) - 1))
    with pytest.raises(ResponseDecodeError, match="malformed XML"):
        decode_ncp_xml(DOCS_XML[:cut])  # the root is never closed
    where = data.draw(st.integers(min_value=1, max_value=len(DOCS_XML) - 1))
    junk = data.draw(st.sampled_from([b"<", b">", b"&", b"</x>", b"<x>", b"\x00", b"\xff", b"]]>", b"<a b>"]))
    body = DOCS_XML[:where] + junk + DOCS_XML[where:]
    outcome: dict[str, Any] | ResponseDecodeError
    try:
        outcome = decode_ncp_xml(body)
    except ResponseDecodeError as exc:
        outcome = exc
    if isinstance(outcome, ResponseDecodeError):
        assert outcome.__cause__ is None
        assert outcome.snippet == body_snippet(body[:400])
    else:
        assert set(outcome) == {"getContractUsageListResponse"}  # junk inside text, e.g. ">"


def test_bad_documents_are_rejected_when_compiling() -> None:
    with pytest.raises(ValueError, match="dangling"):
        XmlDecoder(
            {
                "paths": {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {
                                    "content": {
                                        "application/xml": {"schema": {"$ref": "#/components/schemas/Nope"}}
                                    }
                                }
                            }
                        }
                    }
                },
                "components": {"schemas": {}},
            }
        )


def test_an_unknown_root_with_a_huge_name_gives_a_short_error() -> None:
    name = "x" * 1_000_000
    with pytest.raises(ResponseDecodeError) as caught:
        decode_ncp_xml(f"<{name}/>".encode())
    assert f"unexpected root element <{'x' * 80}…> (expected " in str(caught.value)
    assert len(str(caught.value)) < 2_000
