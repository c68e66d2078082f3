from __future__ import annotations

import datetime
import reprlib
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._datetimes import read_ncp_datetime, write_ncp_datetime
from ..types import UNSET, Unset

T = TypeVar("T", bound="DemandCost")

# The JSON keys this model reads: any other key of a body goes to additional_properties.
_KNOWN_KEYS = frozenset(
    (
        "memberNo",
        "loginId",
        "demandMonth",
        "demandNo",
        "integrationDemandNo",
        "demandAttribute",
        "useAmount",
        "promiseDiscountAmount",
        "promotionDiscountAmount",
        "etcDiscountAmount",
        "customerDiscountAmount",
        "productDiscountAmount",
        "creditDiscountAmount",
        "under100DiscountAmount",
        "under1000DiscountAmount",
        "rounddownDiscountAmount",
        "currencyDiscountAmount",
        "coinUseAmount",
        "defaultAmount",
        "thisMonthDemandAmount",
        "thisMonthVatRatio",
        "thisMonthVatAmount",
        "thisMonthAmountIncludingVat",
        "totalDemandAmount",
        "isPaidUp",
        "paidUpDate",
        "overdueOccurDate",
        "overduePlusAmount",
        "overdueRatio",
        "thisMonthOverdueAmount",
        "beforeMonthDemandNo",
        "totalOverdueAmount",
        "writeDate",
        "memberPriceDiscountAmount",
        "memberPromiseDiscountAddAmount",
        "payCurrency",
        "thisMonthAppliedExchangeRate",
    )
)


@_attrs_define(repr=False)
class DemandCost:
    """One member's invoice (demand) for one month (NCP's DemandCost). Amounts are in the billing
    currency (`payCurrency`, KRW when absent); provisional until `writeDate` is set.

        Attributes:
            member_no (str | Unset):
            login_id (str | Unset): Undocumented; seen on older accounts instead of memberNo.
            demand_month (str | Unset): yyyyMM, the billing month (KST).
            demand_no (str | Unset): Invoice (demand) number; digits, but a string.
            integration_demand_no (str | Unset): Consolidated invoice number, often "".
            demand_attribute (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
                absent.
            use_amount (float | Unset): Usage amount at list price.
            promise_discount_amount (float | Unset): Contract (commitment) discount.
            promotion_discount_amount (float | Unset): Promotion discount.
            etc_discount_amount (float | Unset): Other discounts.
            customer_discount_amount (float | Unset): Customer discount.
            product_discount_amount (float | Unset): Product discount.
            credit_discount_amount (float | Unset): Credit used.
            under_100_discount_amount (float | Unset): Undocumented in real responses of 2022; under 100 waived.
            under_1000_discount_amount (float | Unset): Undocumented in real responses of 2022; under 1000 waived.
            rounddown_discount_amount (float | Unset): Undocumented in older docs; seen in real responses of 2026, rounding
                down.
            currency_discount_amount (float | Unset): Undocumented in older docs; seen in real responses of 2026, currency
                adjustment.
            coin_use_amount (float | Unset): Coins used.
            default_amount (float | Unset): Cancellation fee.
            this_month_demand_amount (float | Unset): This month's billed amount, before VAT.
            this_month_vat_ratio (float | Unset): VAT ratio (e.g. 0.1).
            this_month_vat_amount (float | Unset): This month's VAT.
            this_month_amount_including_vat (float | Unset): This month's billed amount including VAT.
            total_demand_amount (float | Unset): Total billed, overdue amounts included.
            is_paid_up (bool | Unset):
            paid_up_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has no
                colon, so this is not
                RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
                 Example: 2022-05-17T14:57:54+0900.
            overdue_occur_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has
                no colon, so this is not
                RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
                 Example: 2022-05-17T14:57:54+0900.
            overdue_plus_amount (float | Unset): Overdue surcharge.
            overdue_ratio (float | Unset): Overdue surcharge ratio.
            this_month_overdue_amount (float | Unset): Overdue amount this month.
            before_month_demand_no (str | Unset):
            total_overdue_amount (float | Unset): Total overdue amount.
            write_date (datetime.datetime | Unset): NCP's date-time, e.g. `2022-02-07T18:11:01+0900`. The offset has no
                colon, so this is not
                RFC 3339. Open-ended contracts end at `2999-12-31T23:59:59+0900`. An absent date is "".
                 Example: 2022-05-17T14:57:54+0900.
            member_price_discount_amount (float | Unset): Membership pricing plan discount.
            member_promise_discount_add_amount (float | Unset): Membership contract pricing plan additional discount.
            pay_currency (CommonCode | Unset): A code and its display name. An empty object (XML an empty element) when
                absent.
            this_month_applied_exchange_rate (float | Unset): Exchange rate applied this month (newer responses).
    """

    member_no: str | Unset = UNSET
    login_id: str | Unset = UNSET
    demand_month: str | Unset = UNSET
    demand_no: str | Unset = UNSET
    integration_demand_no: str | Unset = UNSET
    demand_attribute: CommonCode | Unset = UNSET
    use_amount: float | Unset = UNSET
    promise_discount_amount: float | Unset = UNSET
    promotion_discount_amount: float | Unset = UNSET
    etc_discount_amount: float | Unset = UNSET
    customer_discount_amount: float | Unset = UNSET
    product_discount_amount: float | Unset = UNSET
    credit_discount_amount: float | Unset = UNSET
    under_100_discount_amount: float | Unset = UNSET
    under_1000_discount_amount: float | Unset = UNSET
    rounddown_discount_amount: float | Unset = UNSET
    currency_discount_amount: float | Unset = UNSET
    coin_use_amount: float | Unset = UNSET
    default_amount: float | Unset = UNSET
    this_month_demand_amount: float | Unset = UNSET
    this_month_vat_ratio: float | Unset = UNSET
    this_month_vat_amount: float | Unset = UNSET
    this_month_amount_including_vat: float | Unset = UNSET
    total_demand_amount: float | Unset = UNSET
    is_paid_up: bool | Unset = UNSET
    paid_up_date: datetime.datetime | Unset = UNSET
    overdue_occur_date: datetime.datetime | Unset = UNSET
    overdue_plus_amount: float | Unset = UNSET
    overdue_ratio: float | Unset = UNSET
    this_month_overdue_amount: float | Unset = UNSET
    before_month_demand_no: str | Unset = UNSET
    total_overdue_amount: float | Unset = UNSET
    write_date: datetime.datetime | Unset = UNSET
    member_price_discount_amount: float | Unset = UNSET
    member_promise_discount_add_amount: float | Unset = UNSET
    pay_currency: CommonCode | Unset = UNSET
    this_month_applied_exchange_rate: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        member_no = self.member_no

        login_id = self.login_id

        demand_month = self.demand_month

        demand_no = self.demand_no

        integration_demand_no = self.integration_demand_no

        demand_attribute: dict[str, Any] | Unset = UNSET
        if not isinstance(self.demand_attribute, Unset):
            demand_attribute = self.demand_attribute.to_dict()

        use_amount = self.use_amount

        promise_discount_amount = self.promise_discount_amount

        promotion_discount_amount = self.promotion_discount_amount

        etc_discount_amount = self.etc_discount_amount

        customer_discount_amount = self.customer_discount_amount

        product_discount_amount = self.product_discount_amount

        credit_discount_amount = self.credit_discount_amount

        under_100_discount_amount = self.under_100_discount_amount

        under_1000_discount_amount = self.under_1000_discount_amount

        rounddown_discount_amount = self.rounddown_discount_amount

        currency_discount_amount = self.currency_discount_amount

        coin_use_amount = self.coin_use_amount

        default_amount = self.default_amount

        this_month_demand_amount = self.this_month_demand_amount

        this_month_vat_ratio = self.this_month_vat_ratio

        this_month_vat_amount = self.this_month_vat_amount

        this_month_amount_including_vat = self.this_month_amount_including_vat

        total_demand_amount = self.total_demand_amount

        is_paid_up = self.is_paid_up

        paid_up_date: str | Unset = UNSET
        if not isinstance(self.paid_up_date, Unset):
            paid_up_date = write_ncp_datetime(self.paid_up_date)

        overdue_occur_date: str | Unset = UNSET
        if not isinstance(self.overdue_occur_date, Unset):
            overdue_occur_date = write_ncp_datetime(self.overdue_occur_date)

        overdue_plus_amount = self.overdue_plus_amount

        overdue_ratio = self.overdue_ratio

        this_month_overdue_amount = self.this_month_overdue_amount

        before_month_demand_no = self.before_month_demand_no

        total_overdue_amount = self.total_overdue_amount

        write_date: str | Unset = UNSET
        if not isinstance(self.write_date, Unset):
            write_date = write_ncp_datetime(self.write_date)

        member_price_discount_amount = self.member_price_discount_amount

        member_promise_discount_add_amount = self.member_promise_discount_add_amount

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
        if demand_month is not UNSET:
            field_dict["demandMonth"] = demand_month
        if demand_no is not UNSET:
            field_dict["demandNo"] = demand_no
        if integration_demand_no is not UNSET:
            field_dict["integrationDemandNo"] = integration_demand_no
        if demand_attribute is not UNSET:
            field_dict["demandAttribute"] = demand_attribute
        if use_amount is not UNSET:
            field_dict["useAmount"] = use_amount
        if promise_discount_amount is not UNSET:
            field_dict["promiseDiscountAmount"] = promise_discount_amount
        if promotion_discount_amount is not UNSET:
            field_dict["promotionDiscountAmount"] = promotion_discount_amount
        if etc_discount_amount is not UNSET:
            field_dict["etcDiscountAmount"] = etc_discount_amount
        if customer_discount_amount is not UNSET:
            field_dict["customerDiscountAmount"] = customer_discount_amount
        if product_discount_amount is not UNSET:
            field_dict["productDiscountAmount"] = product_discount_amount
        if credit_discount_amount is not UNSET:
            field_dict["creditDiscountAmount"] = credit_discount_amount
        if under_100_discount_amount is not UNSET:
            field_dict["under100DiscountAmount"] = under_100_discount_amount
        if under_1000_discount_amount is not UNSET:
            field_dict["under1000DiscountAmount"] = under_1000_discount_amount
        if rounddown_discount_amount is not UNSET:
            field_dict["rounddownDiscountAmount"] = rounddown_discount_amount
        if currency_discount_amount is not UNSET:
            field_dict["currencyDiscountAmount"] = currency_discount_amount
        if coin_use_amount is not UNSET:
            field_dict["coinUseAmount"] = coin_use_amount
        if default_amount is not UNSET:
            field_dict["defaultAmount"] = default_amount
        if this_month_demand_amount is not UNSET:
            field_dict["thisMonthDemandAmount"] = this_month_demand_amount
        if this_month_vat_ratio is not UNSET:
            field_dict["thisMonthVatRatio"] = this_month_vat_ratio
        if this_month_vat_amount is not UNSET:
            field_dict["thisMonthVatAmount"] = this_month_vat_amount
        if this_month_amount_including_vat is not UNSET:
            field_dict["thisMonthAmountIncludingVat"] = this_month_amount_including_vat
        if total_demand_amount is not UNSET:
            field_dict["totalDemandAmount"] = total_demand_amount
        if is_paid_up is not UNSET:
            field_dict["isPaidUp"] = is_paid_up
        if paid_up_date is not UNSET:
            field_dict["paidUpDate"] = paid_up_date
        if overdue_occur_date is not UNSET:
            field_dict["overdueOccurDate"] = overdue_occur_date
        if overdue_plus_amount is not UNSET:
            field_dict["overduePlusAmount"] = overdue_plus_amount
        if overdue_ratio is not UNSET:
            field_dict["overdueRatio"] = overdue_ratio
        if this_month_overdue_amount is not UNSET:
            field_dict["thisMonthOverdueAmount"] = this_month_overdue_amount
        if before_month_demand_no is not UNSET:
            field_dict["beforeMonthDemandNo"] = before_month_demand_no
        if total_overdue_amount is not UNSET:
            field_dict["totalOverdueAmount"] = total_overdue_amount
        if write_date is not UNSET:
            field_dict["writeDate"] = write_date
        if member_price_discount_amount is not UNSET:
            field_dict["memberPriceDiscountAmount"] = member_price_discount_amount
        if member_promise_discount_add_amount is not UNSET:
            field_dict["memberPromiseDiscountAddAmount"] = (
                member_promise_discount_add_amount
            )
        if pay_currency is not UNSET:
            field_dict["payCurrency"] = pay_currency
        if this_month_applied_exchange_rate is not UNSET:
            field_dict["thisMonthAppliedExchangeRate"] = (
                this_month_applied_exchange_rate
            )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _demand_attribute = src_dict.get("demandAttribute", UNSET)
        _pay_currency = src_dict.get("payCurrency", UNSET)
        demand_cost = cls(
            src_dict.get("memberNo", UNSET),
            src_dict.get("loginId", UNSET),
            src_dict.get("demandMonth", UNSET),
            src_dict.get("demandNo", UNSET),
            src_dict.get("integrationDemandNo", UNSET),
            UNSET
            if _demand_attribute is UNSET
            else CommonCode.from_dict(_demand_attribute),
            src_dict.get("useAmount", UNSET),
            src_dict.get("promiseDiscountAmount", UNSET),
            src_dict.get("promotionDiscountAmount", UNSET),
            src_dict.get("etcDiscountAmount", UNSET),
            src_dict.get("customerDiscountAmount", UNSET),
            src_dict.get("productDiscountAmount", UNSET),
            src_dict.get("creditDiscountAmount", UNSET),
            src_dict.get("under100DiscountAmount", UNSET),
            src_dict.get("under1000DiscountAmount", UNSET),
            src_dict.get("rounddownDiscountAmount", UNSET),
            src_dict.get("currencyDiscountAmount", UNSET),
            src_dict.get("coinUseAmount", UNSET),
            src_dict.get("defaultAmount", UNSET),
            src_dict.get("thisMonthDemandAmount", UNSET),
            src_dict.get("thisMonthVatRatio", UNSET),
            src_dict.get("thisMonthVatAmount", UNSET),
            src_dict.get("thisMonthAmountIncludingVat", UNSET),
            src_dict.get("totalDemandAmount", UNSET),
            src_dict.get("isPaidUp", UNSET),
            read_ncp_datetime(src_dict.get("paidUpDate", UNSET)),
            read_ncp_datetime(src_dict.get("overdueOccurDate", UNSET)),
            src_dict.get("overduePlusAmount", UNSET),
            src_dict.get("overdueRatio", UNSET),
            src_dict.get("thisMonthOverdueAmount", UNSET),
            src_dict.get("beforeMonthDemandNo", UNSET),
            src_dict.get("totalOverdueAmount", UNSET),
            read_ncp_datetime(src_dict.get("writeDate", UNSET)),
            src_dict.get("memberPriceDiscountAmount", UNSET),
            src_dict.get("memberPromiseDiscountAddAmount", UNSET),
            UNSET if _pay_currency is UNSET else CommonCode.from_dict(_pay_currency),
            src_dict.get("thisMonthAppliedExchangeRate", UNSET),
        )
        if not src_dict.keys() <= _KNOWN_KEYS:
            demand_cost.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _KNOWN_KEYS
            }
        return demand_cost

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        # Only what is set: an UNSET field is one the body did not carry.
        fields = [
            f"{name}={value!r}"
            for name, value in (
                ("member_no", self.member_no),
                ("login_id", self.login_id),
                ("demand_month", self.demand_month),
                ("demand_no", self.demand_no),
                ("integration_demand_no", self.integration_demand_no),
                ("demand_attribute", self.demand_attribute),
                ("use_amount", self.use_amount),
                ("promise_discount_amount", self.promise_discount_amount),
                ("promotion_discount_amount", self.promotion_discount_amount),
                ("etc_discount_amount", self.etc_discount_amount),
                ("customer_discount_amount", self.customer_discount_amount),
                ("product_discount_amount", self.product_discount_amount),
                ("credit_discount_amount", self.credit_discount_amount),
                ("under_100_discount_amount", self.under_100_discount_amount),
                ("under_1000_discount_amount", self.under_1000_discount_amount),
                ("rounddown_discount_amount", self.rounddown_discount_amount),
                ("currency_discount_amount", self.currency_discount_amount),
                ("coin_use_amount", self.coin_use_amount),
                ("default_amount", self.default_amount),
                ("this_month_demand_amount", self.this_month_demand_amount),
                ("this_month_vat_ratio", self.this_month_vat_ratio),
                ("this_month_vat_amount", self.this_month_vat_amount),
                (
                    "this_month_amount_including_vat",
                    self.this_month_amount_including_vat,
                ),
                ("total_demand_amount", self.total_demand_amount),
                ("is_paid_up", self.is_paid_up),
                ("paid_up_date", self.paid_up_date),
                ("overdue_occur_date", self.overdue_occur_date),
                ("overdue_plus_amount", self.overdue_plus_amount),
                ("overdue_ratio", self.overdue_ratio),
                ("this_month_overdue_amount", self.this_month_overdue_amount),
                ("before_month_demand_no", self.before_month_demand_no),
                ("total_overdue_amount", self.total_overdue_amount),
                ("write_date", self.write_date),
                ("member_price_discount_amount", self.member_price_discount_amount),
                (
                    "member_promise_discount_add_amount",
                    self.member_promise_discount_add_amount,
                ),
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
        return f"DemandCost({', '.join(fields)})"

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
