from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_ncp_datetime, write_ncp_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractProduct")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "contractProductSequence",
        "beforeContractProductSequence",
        "productCode",
        "priceNo",
        "promiseNo",
        "instanceNo",
        "productItemKind",
        "productRatingType",
        "serviceStatus",
        "serviceStartDate",
        "serviceEndDate",
        "productSize",
        "productSizeType",
        "productCount",
        "usageList",
    )
)


@_attrs_define(repr=False)
class ContractProduct:
    """
    Attributes:
        contract_product_sequence (str | Unset):
        before_contract_product_sequence (str | Unset):
        product_code (str | Unset):
        price_no (str | Unset):
        promise_no (str | Unset):
        instance_no (str | Unset):
        product_item_kind (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        product_rating_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element)
            when absent.
        service_status (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        service_start_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has
            no colon, so this is not
            RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
             Example: 2022-05-17T14:57:54+0900.
        service_end_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has
            no colon, so this is not
            RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
             Example: 2022-05-17T14:57:54+0900.
        product_size (int | Unset): Can exceed 32 bits (e.g. 107374182400).
        product_size_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        product_count (int | Unset):
        usage_list (list[Usage] | Unset):
    """

    contract_product_sequence: str | Unset = UNSET
    before_contract_product_sequence: str | Unset = UNSET
    product_code: str | Unset = UNSET
    price_no: str | Unset = UNSET
    promise_no: str | Unset = UNSET
    instance_no: str | Unset = UNSET
    product_item_kind: CommonCode | Unset = UNSET
    product_rating_type: CommonCode | Unset = UNSET
    service_status: CommonCode | Unset = UNSET
    service_start_date: datetime.datetime | Unset = UNSET
    service_end_date: datetime.datetime | Unset = UNSET
    product_size: int | Unset = UNSET
    product_size_type: CommonCode | Unset = UNSET
    product_count: int | Unset = UNSET
    usage_list: list[Usage] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contract_product_sequence = self.contract_product_sequence

        before_contract_product_sequence = self.before_contract_product_sequence

        product_code = self.product_code

        price_no = self.price_no

        promise_no = self.promise_no

        instance_no = self.instance_no

        product_item_kind: dict[str, Any] | Unset = UNSET
        if not isinstance(self.product_item_kind, Unset):
            product_item_kind = self.product_item_kind.to_dict()

        product_rating_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.product_rating_type, Unset):
            product_rating_type = self.product_rating_type.to_dict()

        service_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.service_status, Unset):
            service_status = self.service_status.to_dict()

        service_start_date: str | Unset = UNSET
        if not isinstance(self.service_start_date, Unset):
            service_start_date = write_ncp_datetime(self.service_start_date)

        service_end_date: str | Unset = UNSET
        if not isinstance(self.service_end_date, Unset):
            service_end_date = write_ncp_datetime(self.service_end_date)

        product_size = self.product_size

        product_size_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.product_size_type, Unset):
            product_size_type = self.product_size_type.to_dict()

        product_count = self.product_count

        usage_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.usage_list, Unset):
            usage_list = []
            for usage_list_item_data in self.usage_list:
                usage_list_item = usage_list_item_data.to_dict()
                usage_list.append(usage_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contract_product_sequence is not UNSET:
            field_dict["contractProductSequence"] = contract_product_sequence
        if before_contract_product_sequence is not UNSET:
            field_dict["beforeContractProductSequence"] = (
                before_contract_product_sequence
            )
        if product_code is not UNSET:
            field_dict["productCode"] = product_code
        if price_no is not UNSET:
            field_dict["priceNo"] = price_no
        if promise_no is not UNSET:
            field_dict["promiseNo"] = promise_no
        if instance_no is not UNSET:
            field_dict["instanceNo"] = instance_no
        if product_item_kind is not UNSET:
            field_dict["productItemKind"] = product_item_kind
        if product_rating_type is not UNSET:
            field_dict["productRatingType"] = product_rating_type
        if service_status is not UNSET:
            field_dict["serviceStatus"] = service_status
        if service_start_date is not UNSET:
            field_dict["serviceStartDate"] = service_start_date
        if service_end_date is not UNSET:
            field_dict["serviceEndDate"] = service_end_date
        if product_size is not UNSET:
            field_dict["productSize"] = product_size
        if product_size_type is not UNSET:
            field_dict["productSizeType"] = product_size_type
        if product_count is not UNSET:
            field_dict["productCount"] = product_count
        if usage_list is not UNSET:
            field_dict["usageList"] = usage_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _product_item_kind = src_dict.get("productItemKind", UNSET)
        _product_rating_type = src_dict.get("productRatingType", UNSET)
        _service_status = src_dict.get("serviceStatus", UNSET)
        _product_size_type = src_dict.get("productSizeType", UNSET)
        _usage_list = src_dict.get("usageList", UNSET)
        contract_product = cls(
            src_dict.get("contractProductSequence", UNSET),
            src_dict.get("beforeContractProductSequence", UNSET),
            src_dict.get("productCode", UNSET),
            src_dict.get("priceNo", UNSET),
            src_dict.get("promiseNo", UNSET),
            src_dict.get("instanceNo", UNSET),
            UNSET
            if _product_item_kind is UNSET
            else CommonCode.from_dict(_product_item_kind),
            UNSET
            if _product_rating_type is UNSET
            else CommonCode.from_dict(_product_rating_type),
            UNSET
            if _service_status is UNSET
            else CommonCode.from_dict(_service_status),
            read_ncp_datetime(src_dict.get("serviceStartDate", UNSET)),
            read_ncp_datetime(src_dict.get("serviceEndDate", UNSET)),
            src_dict.get("productSize", UNSET),
            UNSET
            if _product_size_type is UNSET
            else CommonCode.from_dict(_product_size_type),
            src_dict.get("productCount", UNSET),
            UNSET
            if _usage_list is UNSET
            else [Usage.from_dict(item) for item in _usage_list],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract_product.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract_product

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("contract_product_sequence", self.contract_product_sequence),
                (
                    "before_contract_product_sequence",
                    self.before_contract_product_sequence,
                ),
                ("product_code", self.product_code),
                ("price_no", self.price_no),
                ("promise_no", self.promise_no),
                ("instance_no", self.instance_no),
                ("product_item_kind", self.product_item_kind),
                ("product_rating_type", self.product_rating_type),
                ("service_status", self.service_status),
                ("service_start_date", self.service_start_date),
                ("service_end_date", self.service_end_date),
                ("product_size", self.product_size),
                ("product_size_type", self.product_size_type),
                ("product_count", self.product_count),
                ("usage_list", self.usage_list),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ContractProduct({', '.join(fields)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The models this one nests, imported once the class above exists: at the top, two models that nest
# each other would each find the other half-initialised; inside from_dict, as the generator has it,
# every call paid for the import statement again.
from ..models.common_code import CommonCode  # noqa: E402
from ..models.usage import Usage  # noqa: E402
