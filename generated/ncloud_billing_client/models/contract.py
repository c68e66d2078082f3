from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_ncp_datetime, write_ncp_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="Contract")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "memberNo",
        "loginId",
        "contractNo",
        "conjunctionContractNo",
        "contractType",
        "contractStatus",
        "contractStartDate",
        "contractEndDate",
        "instanceName",
        "regionCode",
        "platformType",
        "contractProductList",
    )
)


@_attrs_define(repr=False)
class Contract:
    """
    Attributes:
        member_no (str | Unset):
        login_id (str | Unset): Undocumented; seen on older accounts instead of memberNo.
        contract_no (str | Unset): Digits, but a string.
        conjunction_contract_no (str | Unset):
        contract_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        contract_status (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        contract_start_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset
            has no colon, so this is not
            RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
             Example: 2022-05-17T14:57:54+0900.
        contract_end_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has
            no colon, so this is not
            RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
             Example: 2022-05-17T14:57:54+0900.
        instance_name (str | Unset):
        region_code (str | Unset):
        platform_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
            absent.
        contract_product_list (list[ContractProduct] | Unset):
    """

    member_no: str | Unset = UNSET
    login_id: str | Unset = UNSET
    contract_no: str | Unset = UNSET
    conjunction_contract_no: str | Unset = UNSET
    contract_type: CommonCode | Unset = UNSET
    contract_status: CommonCode | Unset = UNSET
    contract_start_date: datetime.datetime | Unset = UNSET
    contract_end_date: datetime.datetime | Unset = UNSET
    instance_name: str | Unset = UNSET
    region_code: str | Unset = UNSET
    platform_type: CommonCode | Unset = UNSET
    contract_product_list: list[ContractProduct] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_no = self.member_no

        login_id = self.login_id

        contract_no = self.contract_no

        conjunction_contract_no = self.conjunction_contract_no

        contract_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contract_type, Unset):
            contract_type = self.contract_type.to_dict()

        contract_status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contract_status, Unset):
            contract_status = self.contract_status.to_dict()

        contract_start_date: str | Unset = UNSET
        if not isinstance(self.contract_start_date, Unset):
            contract_start_date = write_ncp_datetime(self.contract_start_date)

        contract_end_date: str | Unset = UNSET
        if not isinstance(self.contract_end_date, Unset):
            contract_end_date = write_ncp_datetime(self.contract_end_date)

        instance_name = self.instance_name

        region_code = self.region_code

        platform_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.platform_type, Unset):
            platform_type = self.platform_type.to_dict()

        contract_product_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contract_product_list, Unset):
            contract_product_list = []
            for contract_product_list_item_data in self.contract_product_list:
                contract_product_list_item = contract_product_list_item_data.to_dict()
                contract_product_list.append(contract_product_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if member_no is not UNSET:
            field_dict["memberNo"] = member_no
        if login_id is not UNSET:
            field_dict["loginId"] = login_id
        if contract_no is not UNSET:
            field_dict["contractNo"] = contract_no
        if conjunction_contract_no is not UNSET:
            field_dict["conjunctionContractNo"] = conjunction_contract_no
        if contract_type is not UNSET:
            field_dict["contractType"] = contract_type
        if contract_status is not UNSET:
            field_dict["contractStatus"] = contract_status
        if contract_start_date is not UNSET:
            field_dict["contractStartDate"] = contract_start_date
        if contract_end_date is not UNSET:
            field_dict["contractEndDate"] = contract_end_date
        if instance_name is not UNSET:
            field_dict["instanceName"] = instance_name
        if region_code is not UNSET:
            field_dict["regionCode"] = region_code
        if platform_type is not UNSET:
            field_dict["platformType"] = platform_type
        if contract_product_list is not UNSET:
            field_dict["contractProductList"] = contract_product_list

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _contract_type = src_dict.get("contractType", UNSET)
        _contract_status = src_dict.get("contractStatus", UNSET)
        _platform_type = src_dict.get("platformType", UNSET)
        _contract_product_list = src_dict.get("contractProductList", UNSET)
        contract = cls(
            src_dict.get("memberNo", UNSET),
            src_dict.get("loginId", UNSET),
            src_dict.get("contractNo", UNSET),
            src_dict.get("conjunctionContractNo", UNSET),
            UNSET if _contract_type is UNSET else CommonCode.from_dict(_contract_type),
            UNSET
            if _contract_status is UNSET
            else CommonCode.from_dict(_contract_status),
            read_ncp_datetime(src_dict.get("contractStartDate", UNSET)),
            read_ncp_datetime(src_dict.get("contractEndDate", UNSET)),
            src_dict.get("instanceName", UNSET),
            src_dict.get("regionCode", UNSET),
            UNSET if _platform_type is UNSET else CommonCode.from_dict(_platform_type),
            UNSET
            if _contract_product_list is UNSET
            else [ContractProduct.from_dict(item) for item in _contract_product_list],
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("member_no", self.member_no),
                ("login_id", self.login_id),
                ("contract_no", self.contract_no),
                ("conjunction_contract_no", self.conjunction_contract_no),
                ("contract_type", self.contract_type),
                ("contract_status", self.contract_status),
                ("contract_start_date", self.contract_start_date),
                ("contract_end_date", self.contract_end_date),
                ("instance_name", self.instance_name),
                ("region_code", self.region_code),
                ("platform_type", self.platform_type),
                ("contract_product_list", self.contract_product_list),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"Contract({', '.join(fields)})"

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
from ..models.contract_product import ContractProduct  # noqa: E402
