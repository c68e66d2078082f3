"""Contains all the data models used in inputs/outputs"""

from .common_code import CommonCode
from .contract import Contract
from .contract_product import ContractProduct
from .get_contract_usage_list_response import GetContractUsageListResponse
from .get_contract_usage_list_response_envelope import (
    GetContractUsageListResponseEnvelope,
)
from .get_contract_usage_list_response_format_type import (
    GetContractUsageListResponseFormatType,
)
from .ncp_billing_error import NcpBillingError
from .ncp_billing_error_envelope import NcpBillingErrorEnvelope
from .ncp_gateway_error import NcpGatewayError
from .ncp_gateway_error_envelope import NcpGatewayErrorEnvelope
from .usage import Usage

__all__ = (
    "CommonCode",
    "Contract",
    "ContractProduct",
    "GetContractUsageListResponse",
    "GetContractUsageListResponseEnvelope",
    "GetContractUsageListResponseFormatType",
    "NcpBillingError",
    "NcpBillingErrorEnvelope",
    "NcpGatewayError",
    "NcpGatewayErrorEnvelope",
    "Usage",
)
