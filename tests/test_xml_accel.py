"""The compiled XML handlers (``cloudcontracts._xml_accel``) decode exactly as the Python handlers do.

Differential: every body here goes through two :class:`XmlDecoder` instances compiled from the same
document, one forced onto the compiled handlers and one onto the Python ones, and must give the same
dict with the same types all the way down (``int`` vs ``float`` vs ``str``), or the same
:class:`ResponseDecodeError` (message and snippet). Skipped only when the accelerator is not built (a
pure-Python install, or tests run from the source tree); ``CLOUDCONTRACTS_REQUIRE_XML_ACCEL=1`` turns
that skip into a failure.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ncp_fixtures import page_bodies
from test_hostile_input import BILLION_LAUGHS as CLIENT_BILLION_LAUGHS
from test_hostile_input import DEEP_XML as CLIENT_DEEP_XML
from test_hostile_input import EXTERNAL_DTD as CLIENT_EXTERNAL_DTD
from test_hostile_input import EXTERNAL_ENTITY as CLIENT_EXTERNAL_ENTITY
from test_xml_decoding import HOSTILE, SEED_JSON, SEED_XML, assert_same, one_usage, response

from cloudcontracts import xml_decoding
from cloudcontracts.errors import ResponseDecodeError
from cloudcontracts.xml_decoding import (
    ACCEL_ENV,
    XmlDecoder,
    accelerator_available,
    ncp_openapi_document,
)

if not accelerator_available() and os.environ.get("CLOUDCONTRACTS_REQUIRE_XML_ACCEL", "") not in ("", "0"):
    raise RuntimeError("CLOUDCONTRACTS_REQUIRE_XML_ACCEL is set but cloudcontracts._xml_accel is not built")

pytestmark = pytest.mark.skipif(
    not accelerator_available(),
    reason="cloudcontracts._xml_accel is not built here (pure-Python wheel or source tree: "
    "build it with `python hatch_build.py overlays/cloudcontracts` or install the wheel)",
)

ROOT = "getContractUsageListResponse"
CHUNK = 1 << 20  # pyexpat's chunk size, which the compiled path reproduces


@pytest.fixture(scope="module")
def accel() -> XmlDecoder:
    return XmlDecoder(ncp_openapi_document(), accelerate=True)


@pytest.fixture(scope="module")
def python() -> XmlDecoder:
    return XmlDecoder(ncp_openapi_document(), accelerate=False)


def outcome(decoder: XmlDecoder, body: bytes) -> tuple[str, Any]:
    try:
        return ("ok", decoder.decode(body))
    except ResponseDecodeError as exc:
        assert exc.__cause__ is None  # noqa: PT017 - both decoders, compared below
        return ("error", (str(exc), exc.snippet))


def assert_same_outcome(
    accel: XmlDecoder, python: XmlDecoder, body: bytes, *, compiled: bool | None = True
) -> Any:
    """Both decoders agree on ``body``; ``compiled``: whether it takes the compiled path (None: either)."""
    if compiled is not None:
        assert xml_decoding._accelerable(body) is compiled
    got = outcome(accel, body)
    want = outcome(python, body)
    assert got[0] == want[0], (got, want)
    if got[0] == "ok":
        assert_same(got[1], want[1])
    else:
        assert got[1] == want[1]
    return got[1]


# --------------------------------------------------------------------------------------------------
# Same results


def test_the_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    assert XmlDecoder(ncp_openapi_document()).accelerated
    monkeypatch.setenv(ACCEL_ENV, "0")
    assert not XmlDecoder(ncp_openapi_document()).accelerated
    assert XmlDecoder(ncp_openapi_document(), accelerate=True).accelerated
    monkeypatch.setattr(xml_decoding, "_accel", None)
    monkeypatch.delenv(ACCEL_ENV)
    assert not XmlDecoder(ncp_openapi_document()).accelerated
    with pytest.raises(RuntimeError, match="not built"):
        XmlDecoder(ncp_openapi_document(), accelerate=True)


def test_seed_example(accel: XmlDecoder, python: XmlDecoder) -> None:
    assert_same(assert_same_outcome(accel, python, SEED_XML), SEED_JSON)


def test_the_1000_contract_page(accel: XmlDecoder, python: XmlDecoder) -> None:
    import json  # noqa: PLC0415

    xml_body, json_body = page_bodies(1000)
    assert len(xml_body) > 8 * CHUNK  # several of pyexpat's chunks
    assert_same(assert_same_outcome(accel, python, xml_body), json.loads(json_body))


@pytest.mark.parametrize("seed_contracts", [0, 1, 2, 7])
def test_small_pages(accel: XmlDecoder, python: XmlDecoder, seed_contracts: int) -> None:
    import json  # noqa: PLC0415

    xml_body, json_body = page_bodies(seed_contracts, products=1, usages=seed_contracts % 3)
    assert_same(assert_same_outcome(accel, python, xml_body), json.loads(json_body))


CASES: dict[str, bytes] = {
    "empty wrapper": response("<contractList/>"),
    "empty wrapper, open and close": response("<contractList></contractList>"),
    "one item": response("<contractList><contract><contractNo>1</contractNo></contract></contractList>"),
    "items of any name": response("<contractList><contract/><other>1</other><x><y>2</y></x></contractList>"),
    "empty elements": one_usage("<usageQuantity></usageQuantity><unit/><meteringType/>"),
    "empty code object": response(
        "<contractList><contract><contractType></contractType></contract></contractList>"
    ),
    "strings stay strings": response(
        "<contractList><contract><contractNo>0009294191</contractNo><memberNo>12</memberNo>"
        "<instanceName>true</instanceName></contract></contractList>"
    ),
    "unknown nested": response("<newThing><a>1</a><b><c>x</c></b><d/></newThing>"),
    "unknown repeated": response("<tag>1</tag><tag>2</tag><tag><k>3</k></tag><tag/>"),
    "declared leaf with children": response("<requestId><a>1</a><a>2</a></requestId>"),
    "large ints": one_usage(
        "<usageQuantity>123456789012345678901234567890</usageQuantity>"
        "<userUsageQuantity>-9223372036854775809</userUsageQuantity>"
    ),
    "18 and 19 digits": one_usage(
        "<usageQuantity>999999999999999999</usageQuantity><userUsageQuantity>1000000000000000000</userUsageQuantity>"
    ),
    "negative and exponents": one_usage(
        "<usageQuantity>-1.5E-3</usageQuantity><userUsageQuantity>-0</userUsageQuantity>"
        "<unitPrice>2e+10</unitPrice><promiseDiscountAmount>1e400</promiseDiscountAmount>"
    ),
    "non-literals": one_usage(
        "<usageQuantity>1,000</usageQuantity><userUsageQuantity>NaN</userUsageQuantity>"
        "<unitPrice> 12</unitPrice><promiseDiscountAmount>0x1F</promiseDiscountAmount>"
    ),
    "more non-literals": one_usage(
        "<usageQuantity>1.</usageQuantity><userUsageQuantity>.5</userUsageQuantity>"
        "<unitPrice>01</unitPrice><promiseDiscountAmount>1e</promiseDiscountAmount>"
        "<useAmount>-</useAmount><totalDiscountAmount>+1</totalDiscountAmount>"
    ),
    "huge integer literal": one_usage(f"<usageQuantity>{'9' * 5000}</usageQuantity>"),
    "non-ascii": response(
        "<returnMessage>요금 조회 — ünïcødé 🚀</returnMessage><용어>값</용어><ñ><ö>ß</ö></ñ>"
    ),
    "entities and character references": response(
        "<returnMessage>a &amp; b &lt;c&gt; &quot;&apos; &#233;&#x1F680;&#10;</returnMessage>"
    ),
    "cdata": response("<returnMessage><![CDATA[<not> & markup]]>tail</returnMessage>"),
    "comments and pis": response(
        "<!-- c --><returnMessage>a<!-- inside -->b<?pi data?>c</returnMessage><?pi x?>"
        "<totalRows><!--x-->12</totalRows>"
    ),
    "attributes and mixed text": response(
        '<contractList a="1">text<contract b="2">more<contractNo c="3">5</contractNo></contract></contractList>'
    ),
    "whitespace kept in strings": response("<returnMessage>  two\n lines \t</returnMessage>"),
    "crlf normalised": response("<returnMessage>a\r\nb\rc</returnMessage>"),
    "utf-8 bom": b"\xef\xbb\xbf" + SEED_XML,
    "no declaration": SEED_XML.split(b"\n", 1)[1],
    "us-ascii declaration": SEED_XML.replace(b"UTF-8", b"us-ascii"),
    "single-quoted declaration": SEED_XML.replace(b'"1.0" encoding="UTF-8"', b"'1.0' encoding='utf-8'"),
    "doctype text inside content": response("<returnMessage>&lt;!DOCTYPE x&gt;</returnMessage>"),
    "error envelope": b"<responseError><returnCode>800</returnCode><returnMessage>x</returnMessage></responseError>",
    "booleans in an undeclared place": response("<flag>true</flag><flag>false</flag>"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_cases(accel: XmlDecoder, python: XmlDecoder, name: str) -> None:
    assert_same_outcome(accel, python, CASES[name])


def test_boolean_and_array_kinds_on_another_document() -> None:
    """Kinds the NCP document does not use: booleans, unwrapped and nested arrays, scalar items."""
    document: dict[str, Any] = {
        "paths": {
            "/x": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/R"}}}
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "R": {
                    "type": "object",
                    "xml": {"name": "r"},
                    "properties": {
                        "flag": {"type": "boolean"},
                        "tags": {"type": "array", "items": {"type": "string", "xml": {"name": "tag"}}},
                        "nums": {
                            "type": "array",
                            "xml": {"wrapped": True},
                            "items": {"type": "number", "xml": {"name": "n"}},
                        },
                        "grid": {
                            "type": "array",
                            "xml": {"wrapped": True},
                            "items": {"type": "array", "items": {"type": "integer"}},
                        },
                        "objs": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/O"},
                        },
                        "free": {},
                    },
                },
                "O": {"type": "object", "xml": {"name": "o"}, "properties": {"v": {"type": "integer"}}},
            }
        },
    }
    accel = XmlDecoder(document, accelerate=True)
    python = XmlDecoder(document, accelerate=False)
    bodies = [
        b"<r><flag>true</flag><tag>a</tag><tag>1</tag><nums><n>1</n><n>2.5</n><x>no</x></nums>"
        b"<grid><row><i>1</i><i>x</i></row><row/></grid><o><v>3</v></o><o><v>-</v></o>"
        b"<free>1</free></r>",
        b"<r><flag>false</flag><flag>TRUE</flag><nums/><grid></grid><free><a>1</a><a/></free></r>",
        b"<r><flag><x>1</x></flag><tag><y/></tag><nums><n><z>1</z></n></nums></r>",
        b"<r/>",
        b"<s/>",
    ]
    for body in bodies:
        assert_same_outcome(accel, python, body)


# --------------------------------------------------------------------------------------------------
# Random documents


def _plan_names() -> list[str]:
    names: set[str] = set()
    seen: set[int] = set()

    def walk(plan: Mapping[str, Any]) -> None:
        if id(plan) in seen:
            return
        seen.add(id(plan))
        for element, entry in plan.items():
            if element:
                names.add(element)
            if entry[2]:
                walk(entry[2])

    walk(xml_decoding.ncp_xml_decoder()._roots)
    names.discard(ROOT)
    return sorted(names)


NAMES = [*_plan_names(), "unknownA", "unknownB", "x", "ü"]
TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-0",
            "12",
            "-7",
            "1.5",
            "1e3",
            "-2.5E-2",
            "007",
            "1,000",
            "NaN",
            " 12",
            "0x1F",
            "true",
            "false",
            "9" * 30,
            "a &amp; b",
            "&lt;x&gt;",
            "&#233;",
            "<![CDATA[<c>]]>",
            "<!--c-->1",
            "é 한",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="<>&\r"), max_size=12).filter(
        lambda text: (
            all(ord(c) >= 0x20 or c in "\t\n" for c in text)
            and not any(0xD800 <= ord(c) < 0xE000 for c in text)
        )
    ),
)


def _tree(depth: int) -> st.SearchStrategy[str]:
    leaf = st.builds(lambda name, text: f"<{name}>{text}</{name}>", st.sampled_from(NAMES), TEXTS)
    empty = st.builds(lambda name: f"<{name}/>", st.sampled_from(NAMES))
    if depth == 0:
        return st.one_of(leaf, empty)
    children = st.lists(_tree(depth - 1), max_size=4).map("".join)
    node = st.builds(lambda name, inner: f"<{name}>{inner}</{name}>", st.sampled_from(NAMES), children)
    return st.one_of(leaf, empty, node)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_tree(4), max_size=6).map("".join))
def test_random_documents(inner: str) -> None:
    accel = XmlDecoder(ncp_openapi_document(), accelerate=True)
    python = XmlDecoder(ncp_openapi_document(), accelerate=False)
    assert_same_outcome(accel, python, response(inner))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_cuts_and_corruptions(data: st.DataObject) -> None:
    accel = XmlDecoder(ncp_openapi_document(), accelerate=True)
    python = XmlDecoder(ncp_openapi_document(), accelerate=False)
    cut = data.draw(st.integers(min_value=1, max_value=len(SEED_XML) - 1))
    assert_same_outcome(accel, python, SEED_XML[:cut], compiled=None)
    where = data.draw(st.integers(min_value=1, max_value=len(SEED_XML) - 1))
    junk = data.draw(st.sampled_from([b"<", b">", b"&", b"</x>", b"<x>", b"\x00", b"\xff", b"]]>", b"<a b>"]))
    assert_same_outcome(accel, python, SEED_XML[:where] + junk + SEED_XML[where:], compiled=None)


# --------------------------------------------------------------------------------------------------
# Same refusals


def _hostile() -> Iterator[tuple[str, bytes]]:
    yield from ((name, body) for name, (body, _) in HOSTILE.items())
    yield "client billion laughs", CLIENT_BILLION_LAUGHS
    yield "client external entity", CLIENT_EXTERNAL_ENTITY
    yield "client external dtd", CLIENT_EXTERNAL_DTD
    yield "client deep", CLIENT_DEEP_XML
    yield "doctype after a comment", b"<!-- hi --><!DOCTYPE r [<!ENTITY e 'x'>]><" + ROOT.encode() + b"/>"
    yield "doctype in utf-16", ("<!DOCTYPE r><" + ROOT + "/>").encode("utf-16")
    yield "latin-1", SEED_XML.replace(b"UTF-8", b"ISO-8859-1").replace(b"nas-linux", b"nas-\xe9")
    yield "utf-16", SEED_XML.decode().replace("UTF-8", "UTF-16").encode("utf-16")
    yield "utf-16 without a bom", SEED_XML.decode().replace("UTF-8", "UTF-16").encode("utf-16-le")
    yield "utf8 spelled differently", SEED_XML.replace(b"UTF-8", b"utf8")
    yield "unknown root", response("<a/>", root="other")
    yield "unknown root with doctype text in a comment", b"<x><!-- <!DOCTYPE --></x>"


HOSTILE_BODIES = dict(_hostile())


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_hostile_and_broken_bodies(accel: XmlDecoder, python: XmlDecoder, name: str) -> None:
    body = HOSTILE_BODIES[name]
    started = time.perf_counter()
    assert_same_outcome(accel, python, body, compiled=None)
    assert time.perf_counter() - started < 2.0
    if b"<!DOCTYPE" in body or not body.startswith((b"<", b"\xef\xbb\xbf<")):
        assert not xml_decoding._accelerable(body)  # a DTD, or not plain UTF-8: the Python handlers


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE getContractUsageListResponse><getContractUsageListResponse/>",
        b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><getContractUsageListResponse/>',
        b"<!DOCTYPE r [<!ENTITY e 'x'>]><getContractUsageListResponse>&e;</getContractUsageListResponse>",
    ],
    ids=["dtd", "external dtd", "internal entity"],
)
def test_the_compiled_handlers_also_refuse_a_dtd(python: XmlDecoder, body: bytes) -> None:
    """The second lock: a DTD never reaches the compiled handlers, but they refuse one too."""
    with pytest.raises(xml_decoding._Refused) as caught:
        xml_decoding._accel.decode(  # type: ignore[union-attr]
            body,
            python._roots,
            64,
            xml_decoding._GENERIC_PLAN,
            xml_decoding._Refused,
            xml_decoding._unexpected_root,
            xml_decoding._too_deep,
        )
    assert str(caught.value) == "XML with a document type declaration (DTD) is refused"
    assert outcome(python, body)[1][0].startswith(str(caught.value))


def test_depth_10000_is_refused_fast(accel: XmlDecoder, python: XmlDecoder) -> None:
    for body in (response("<a>" * 10_000 + "</a>" * 10_000), response("<a>" * 200_000 + "</a>" * 200_000)):
        started = time.perf_counter()
        message = assert_same_outcome(accel, python, body)[0]
        assert "deeper than 64" in message
        assert time.perf_counter() - started < 1.0


def test_errors_across_chunk_boundaries(accel: XmlDecoder, python: XmlDecoder) -> None:
    """Bodies over pyexpat's 1 MiB chunk: errors and refusals in later chunks, and near the boundary."""
    xml_body, _ = page_bodies(200)
    assert len(xml_body) > 1.5 * CHUNK
    for at in (CHUNK - 3, CHUNK, CHUNK + 5, CHUNK + 200_000):
        assert_same_outcome(accel, python, xml_body[:at])  # truncated
        assert_same_outcome(accel, python, xml_body[:at] + b"<" + xml_body[at:])  # malformed
        cut = xml_body.rindex(b"<contract>", 0, at)
        deep = b"<a>" * 100 + b"</a>" * 100
        assert_same_outcome(accel, python, xml_body[:cut] + deep + xml_body[cut:])  # refused, then more
        assert_same_outcome(accel, python, xml_body[:cut] + deep + b"<" + xml_body[cut:])
    smaller = XmlDecoder(ncp_openapi_document(), max_depth=3, accelerate=True)
    assert "deeper than 3" in outcome(smaller, xml_body)[1][0]


def test_size_cap(accel: XmlDecoder, python: XmlDecoder) -> None:
    small_accel = XmlDecoder(ncp_openapi_document(), max_bytes=100, accelerate=True)
    small_python = XmlDecoder(ncp_openapi_document(), max_bytes=100, accelerate=False)
    assert_same_outcome(small_accel, small_python, SEED_XML)
    assert "exceeds the 100-byte limit" in outcome(small_accel, SEED_XML)[1][0]


def test_long_element_names_are_not_kept_alive_after_the_decode(accel: XmlDecoder) -> None:
    """The compiled path caches element names; a hostile body's megabyte-long names must not stay pinned
    in that cache (at most 512 slots x the body cap) once the decode is over, failed or not."""
    import gc  # noqa: PLC0415
    import tracemalloc  # noqa: PLC0415

    bodies = [response(f"<{letter * 1_000_000}>x</{letter * 1_000_000}>") for letter in "abcdefgh"]
    tracemalloc.start()
    try:
        for body in bodies:
            accel.decode(body)  # unknown elements are kept: decoded, then dropped with the result
        with pytest.raises(ResponseDecodeError):
            accel.decode(response(f"<{'z' * 1_000_000}>x</{'y' * 1_000_000}>"))
        gc.collect()
        retained, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert retained < 1_000_000, f"{retained} bytes still held after decoding 9 bodies with 1 MB names"
