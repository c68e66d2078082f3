from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_ncp_datetime, write_ncp_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContractDemandCost")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "memberNo",
        "loginId",
        "regionCode",
        "demandType",
        "demandTypeDetail",
        "contract",
        "demandMonth",
        "unitUsageQuantity",
        "packageUnitUsageQuantity",
        "totalUnitUsageQuantity",
        "usageUnit",
        "productPrice",
        "useAmount",
        "promotionDiscountAmount",
        "etcDiscountAmount",
        "promiseDiscountAmount",
        "defaultAmount",
        "demandAmount",
        "memberPriceDiscountAmount",
        "memberPromiseDiscountAddAmount",
        "writeDate",
        "payCurrency",
        "thisMonthAppliedExchangeRate",
    )
)


@_attrs_define(repr=False)
class ContractDemandCost:
    """The billed cost of one contract in one month (NCP's ContractDemandCost). Amounts are in the
    billing currency (`payCurrency`, KRW when absent). A month is provisional until its bill is
    written (`writeDate`).

        Attributes:
            member_no (str | Unset):
            login_id (str | Unset): Undocumented; seen on older accounts instead of memberNo.
            region_code (str | Unset):
            demand_type (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
                absent.
            demand_type_detail (CommonCode | Unset): A code and its display name. An empty object (XML an empty element)
                when absent.
            contract (Contract | Unset):
            demand_month (str | Unset): yyyyMM, the billing month (KST).
            unit_usage_quantity (float | Unset): Usage in the usage unit.
            package_unit_usage_quantity (float | Unset): Usage covered by a package.
            total_unit_usage_quantity (float | Unset): Total usage in the usage unit.
            usage_unit (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
                absent.
            product_price (float | Unset): Unit price of the product (e.g. 0.16), in the billing currency.
            use_amount (float | Unset): Usage amount at list price (unit price x quantity).
            promotion_discount_amount (float | Unset): Promotion discount.
            etc_discount_amount (float | Unset): Other discounts.
            promise_discount_amount (float | Unset): Contract (commitment) discount.
            default_amount (float | Unset): Cancellation fee.
            demand_amount (float | Unset): Billed amount of the row, before VAT.
            member_price_discount_amount (float | Unset): Membership pricing plan discount.
            member_promise_discount_add_amount (float | Unset): Membership contract pricing plan additional discount.
            write_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has no
                colon, so this is not
                RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
                 Example: 2022-05-17T14:57:54+0900.
            pay_currency (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
                absent.
            this_month_applied_exchange_rate (float | Unset): Exchange rate applied this month (newer responses).
    """

    member_no: str | Unset = UNSET
    login_id: str | Unset = UNSET
    region_code: str | Unset = UNSET
    demand_type: CommonCode | Unset = UNSET
    demand_type_detail: CommonCode | Unset = UNSET
    contract: Contract | Unset = UNSET
    demand_month: str | Unset = UNSET
    unit_usage_quantity: float | Unset = UNSET
    package_unit_usage_quantity: float | Unset = UNSET
    total_unit_usage_quantity: float | Unset = UNSET
    usage_unit: CommonCode | Unset = UNSET
    product_price: float | Unset = UNSET
    use_amount: float | Unset = UNSET
    promotion_discount_amount: float | Unset = UNSET
    etc_discount_amount: float | Unset = UNSET
    promise_discount_amount: float | Unset = UNSET
    default_amount: float | Unset = UNSET
    demand_amount: float | Unset = UNSET
    member_price_discount_amount: float | Unset = UNSET
    member_promise_discount_add_amount: float | Unset = UNSET
    write_date: datetime.datetime | Unset = UNSET
    pay_currency: CommonCode | Unset = UNSET
    this_month_applied_exchange_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_no = self.member_no

        login_id = self.login_id

        region_code = self.region_code

        demand_type: dict[str, Any] | Unset = UNSET
        if not isinstance(self.demand_type, Unset):
            demand_type = self.demand_type.to_dict()

        demand_type_detail: dict[str, Any] | Unset = UNSET
        if not isinstance(self.demand_type_detail, Unset):
            demand_type_detail = self.demand_type_detail.to_dict()

        contract: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contract, Unset):
            contract = self.contract.to_dict()

        demand_month = self.demand_month

        unit_usage_quantity = self.unit_usage_quantity

        package_unit_usage_quantity = self.package_unit_usage_quantity

        total_unit_usage_quantity = self.total_unit_usage_quantity

        usage_unit: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage_unit, Unset):
            usage_unit = self.usage_unit.to_dict()

        product_price = self.product_price

        use_amount = self.use_amount

        promotion_discount_amount = self.promotion_discount_amount

        etc_discount_amount = self.etc_discount_amount

        promise_discount_amount = self.promise_discount_amount

        default_amount = self.default_amount

        demand_amount = self.demand_amount

        member_price_discount_amount = self.member_price_discount_amount

        member_promise_discount_add_amount = self.member_promise_discount_add_amount

        write_date: str | Unset = UNSET
        if not isinstance(self.write_date, Unset):
            write_date = write_ncp_datetime(self.write_date)

        pay_currency: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pay_currency, Unset):
            pay_currency = self.pay_currency.to_dict()

        this_month_applied_exchange_rate = self.this_month_applied_exchange_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if member_no is not UNSET:
            field_dict["memberNo"] = member_no
        if login_id is not UNSET:
            field_dict["loginId"] = login_id
        if region_code is not UNSET:
            field_dict["regionCode"] = region_code
        if demand_type is not UNSET:
            field_dict["demandType"] = demand_type
        if demand_type_detail is not UNSET:
            field_dict["demandTypeDetail"] = demand_type_detail
        if contract is not UNSET:
            field_dict["contract"] = contract
        if demand_month is not UNSET:
            field_dict["demandMonth"] = demand_month
        if unit_usage_quantity is not UNSET:
            field_dict["unitUsageQuantity"] = unit_usage_quantity
        if package_unit_usage_quantity is not UNSET:
            field_dict["packageUnitUsageQuantity"] = package_unit_usage_quantity
        if total_unit_usage_quantity is not UNSET:
            field_dict["totalUnitUsageQuantity"] = total_unit_usage_quantity
        if usage_unit is not UNSET:
            field_dict["usageUnit"] = usage_unit
        if product_price is not UNSET:
            field_dict["productPrice"] = product_price
        if use_amount is not UNSET:
            field_dict["useAmount"] = use_amount
        if promotion_discount_amount is not UNSET:
            field_dict["promotionDiscountAmount"] = promotion_discount_amount
        if etc_discount_amount is not UNSET:
            field_dict["etcDiscountAmount"] = etc_discount_amount
        if promise_discount_amount is not UNSET:
            field_dict["promiseDiscountAmount"] = promise_discount_amount
        if default_amount is not UNSET:
            field_dict["defaultAmount"] = default_amount
        if demand_amount is not UNSET:
            field_dict["demandAmount"] = demand_amount
        if member_price_discount_amount is not UNSET:
            field_dict["memberPriceDiscountAmount"] = member_price_discount_amount
        if member_promise_discount_add_amount is not UNSET:
            field_dict["memberPromiseDiscountAddAmount"] = (
                member_promise_discount_add_amount
            )
        if write_date is not UNSET:
            field_dict["writeDate"] = write_date
        if pay_currency is not UNSET:
            field_dict["payCurrency"] = pay_currency
        if this_month_applied_exchange_rate is not UNSET:
            field_dict["thisMonthAppliedExchangeRate"] = (
                this_month_applied_exchange_rate
            )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _demand_type = src_dict.get("demandType", UNSET)
        _demand_type_detail = src_dict.get("demandTypeDetail", UNSET)
        _contract = src_dict.get("contract", UNSET)
        _usage_unit = src_dict.get("usageUnit", UNSET)
        _pay_currency = src_dict.get("payCurrency", UNSET)
        contract_demand_cost = cls(
            src_dict.get("memberNo", UNSET),
            src_dict.get("loginId", UNSET),
            src_dict.get("regionCode", UNSET),
            UNSET if _demand_type is UNSET else CommonCode.from_dict(_demand_type),
            UNSET
            if _demand_type_detail is UNSET
            else CommonCode.from_dict(_demand_type_detail),
            UNSET if _contract is UNSET else Contract.from_dict(_contract),
            src_dict.get("demandMonth", UNSET),
            src_dict.get("unitUsageQuantity", UNSET),
            src_dict.get("packageUnitUsageQuantity", UNSET),
            src_dict.get("totalUnitUsageQuantity", UNSET),
            UNSET if _usage_unit is UNSET else CommonCode.from_dict(_usage_unit),
            src_dict.get("productPrice", UNSET),
            src_dict.get("useAmount", UNSET),
            src_dict.get("promotionDiscountAmount", UNSET),
            src_dict.get("etcDiscountAmount", UNSET),
            src_dict.get("promiseDiscountAmount", UNSET),
            src_dict.get("defaultAmount", UNSET),
            src_dict.get("demandAmount", UNSET),
            src_dict.get("memberPriceDiscountAmount", UNSET),
            src_dict.get("memberPromiseDiscountAddAmount", UNSET),
            read_ncp_datetime(src_dict.get("writeDate", UNSET)),
            UNSET if _pay_currency is UNSET else CommonCode.from_dict(_pay_currency),
            src_dict.get("thisMonthAppliedExchangeRate", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            contract_demand_cost.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return contract_demand_cost

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("member_no", self.member_no),
                ("login_id", self.login_id),
                ("region_code", self.region_code),
                ("demand_type", self.demand_type),
                ("demand_type_detail", self.demand_type_detail),
                ("contract", self.contract),
                ("demand_month", self.demand_month),
                ("unit_usage_quantity", self.unit_usage_quantity),
                ("package_unit_usage_quantity", self.package_unit_usage_quantity),
                ("total_unit_usage_quantity", self.total_unit_usage_quantity),
                ("usage_unit", self.usage_unit),
                ("product_price", self.product_price),
                ("use_amount", self.use_amount),
                ("promotion_discount_amount", self.promotion_discount_amount),
                ("etc_discount_amount", self.etc_discount_amount),
                ("promise_discount_amount", self.promise_discount_amount),
                ("default_amount", self.default_amount),
                ("demand_amount", self.demand_amount),
                ("member_price_discount_amount", self.member_price_discount_amount),
                (
                    "member_promise_discount_add_amount",
                    self.member_promise_discount_add_amount,
                ),
                ("write_date", self.write_date),
                ("pay_currency", self.pay_currency),
                (
                    "this_month_applied_exchange_rate",
                    self.this_month_applied_exchange_rate,
                ),
            )
            if not isinstance(value, Unset)
        ]
        if self.additional_properties:
            fields.append(f"additional_properties={self.additional_properties!r}")
        return f"ContractDemandCost({', '.join(fields)})"

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
from ..models.contract import Contract  # noqa: E402
