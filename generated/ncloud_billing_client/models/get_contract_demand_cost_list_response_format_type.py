from typing import Literal, cast

GetContractDemandCostListResponseFormatType = Literal["json", "xml"]

GET_CONTRACT_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES: set[
    GetContractDemandCostListResponseFormatType
] = {
    "json",
    "xml",
}


def check_get_contract_demand_cost_list_response_format_type(
    value: str,
) -> GetContractDemandCostListResponseFormatType:
    if value in GET_CONTRACT_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES:
        return cast(GetContractDemandCostListResponseFormatType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_CONTRACT_DEMAND_COST_LIST_RESPONSE_FORMAT_TYPE_VALUES!r}"
    )
