from typing import Literal, cast

GetDemandCostListResponseFormatType = Literal["json", "xml"]

GET_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES: set[
    GetDemandCostListResponseFormatType
] = {
    "json",
    "xml",
}


def check_get_demand_cost_list_response_format_type(
    value: str,
) -> GetDemandCostListResponseFormatType:
    if value in GET_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES:
        return cast(GetDemandCostListResponseFormatType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES!r}"
    )
