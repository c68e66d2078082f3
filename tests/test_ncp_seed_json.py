"""NCP's documented getContractUsageList example, translated by hand from its XML into the JSON shape
real responses have (tests/data/ncp_seed_example.json), decodes into the generated models with every
field right."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from support.narrowing import present

from ncloud_billing_client.models import CommonCode, GetContractUsageListResponseEnvelope
from ncloud_billing_client.types import UNSET

DATA = Path(__file__).parent / "data" / "ncp_seed_example.json"
KST = timezone(timedelta(hours=9))


def test_seed_json_decodes_every_field() -> None:
    envelope = GetContractUsageListResponseEnvelope.from_dict(json.loads(DATA.read_text(encoding="utf-8")))
    page = envelope.get_contract_usage_list_response
    assert page.request_id == "e05dd3ef-****-****-****-bb973f080144"
    assert page.return_code == "0"
    assert page.return_message == "success"
    assert page.total_rows == 1
    assert len(present(page.contract_list)) == 1

    contract = present(page.contract_list)[0]
    assert contract.member_no == "******"
    assert contract.login_id is UNSET
    assert contract.contract_no == "9294191"
    assert isinstance(contract.contract_no, str)
    assert contract.conjunction_contract_no == ""
    assert contract.contract_type == CommonCode(code="VSVR", code_name="Server (VPC)")
    assert contract.contract_status == CommonCode(code="NOML", code_name="Normal")
    assert contract.contract_start_date == datetime(2022, 5, 17, 14, 57, 54, tzinfo=KST)
    assert present(contract.contract_start_date).utcoffset() == timedelta(hours=9)
    assert contract.contract_end_date == datetime(2999, 12, 31, 23, 59, 59, tzinfo=KST)  # open-ended
    assert contract.instance_name == "nas-linux"
    assert contract.region_code == "KR"
    assert contract.platform_type == CommonCode(code="VPC", code_name="VPC")
    assert len(present(contract.contract_product_list)) == 1

    product = present(contract.contract_product_list)[0]
    assert product.contract_product_sequence == "1"
    assert product.before_contract_product_sequence == ""
    assert product.product_code == "SVR.VSVR.HICPU.C002.M004.NET.SSD.B050.G002"
    assert product.price_no == "10525"
    assert product.promise_no == ""
    assert product.instance_no == "11025677"
    assert product.product_item_kind == CommonCode(code="VSVR", code_name="Server (VPC)")
    assert product.product_rating_type == CommonCode(code="VSVR", code_name="Server (VPC) Usage")
    assert product.service_status == CommonCode(code="NOML", code_name="Normal")
    assert product.service_start_date == datetime(2022, 5, 17, 14, 57, 54, tzinfo=KST)
    assert present(product.service_start_date).utcoffset() == timedelta(hours=9)
    assert product.service_end_date == datetime(2999, 12, 31, 23, 59, 59, tzinfo=KST)  # open-ended
    assert product.product_size == 0
    assert product.product_count == 0
    assert product.product_size_type is UNSET
    assert len(present(product.usage_list)) == 1

    usage = present(product.usage_list)[0]
    assert usage.metering_type == CommonCode(code="VSVR", code_name="Server (VPC) Usage")
    assert usage.use_month == "202404"
    assert usage.usage_quantity == 864000
    assert usage.unit == CommonCode(code="USAGE_SEC", code_name="Usage time (per second)")
    assert usage.user_usage_quantity == 240
    assert usage.user_unit == CommonCode(code="HOUR", code_name="Hour(s)")
    # Nothing unknown in the example, so nothing lands in additional_properties.
    assert page.additional_properties == {}
    assert contract.additional_properties == {}
    assert product.additional_properties == {}
    assert usage.additional_properties == {}


def test_round_trip_keeps_the_json_form() -> None:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    envelope = GetContractUsageListResponseEnvelope.from_dict(raw)
    assert envelope.to_dict() == raw
    # Byte for byte: the dates go back in NCP's own form, +0900 without a colon.
    assert json.dumps(envelope.to_dict(), sort_keys=True) == json.dumps(raw, sort_keys=True)
    assert '"contractStartDate": "2022-05-17T14:57:54+0900"' in json.dumps(envelope.to_dict())


def test_quirks_int64_fractions_empty_codes_and_unknown_fields() -> None:
    raw = {
        "getContractUsageListResponse": {
            "returnCode": "0",
            "totalRows": 1,
            "contractList": [
                {
                    "loginId": "someone@example.com",
                    "contractType": {},
                    "futureField": {"nested": "kept"},
                    "contractProductList": [
                        {
                            "productSize": 107374182400,
                            "productSizeType": {"code": "GB", "codeName": "GB"},
                            "usageList": [{"usageQuantity": 12.851112, "useMonth": ""}],
                        }
                    ],
                }
            ],
        }
    }
    page = GetContractUsageListResponseEnvelope.from_dict(raw).get_contract_usage_list_response
    contract = present(page.contract_list)[0]
    assert contract.login_id == "someone@example.com"
    assert contract.contract_type == CommonCode()
    assert contract.contract_type.code is UNSET
    assert contract.additional_properties == {"futureField": {"nested": "kept"}}
    product = present(contract.contract_product_list)[0]
    assert product.product_size == 107374182400
    assert product.product_size_type == CommonCode(code="GB", code_name="GB")
    assert present(product.usage_list)[0].usage_quantity == 12.851112
    assert present(product.usage_list)[0].use_month == ""
