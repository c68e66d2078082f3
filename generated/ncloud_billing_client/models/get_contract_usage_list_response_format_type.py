from typing import Literal, cast

GetContractUsageListResponseFormatType = Literal["json", "xml"]

GET_CONTRACT_USAGE_LIST_RESPONSE_FORMAT_TYPE_VALUES: set[
    GetContractUsageListResponseFormatType
] = {
    "json",
    "xml",
}


def check_get_contract_usage_list_response_format_type(
    value: str,
) -> GetContractUsageListResponseFormatType:
    if value in GET_CONTRACT_USAGE_LIST_RESPONSE_FORMAT_TYPE_VALUES:
        return cast(GetContractUsageListResponseFormatType, value)
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {GET_CONTRACT_USAGE_LIST_RESPONSE_FORMAT_TYPE_VALUES!r}"
    )
