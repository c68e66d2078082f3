"""Contains all the data models used in inputs/outputs.

Each model is imported on first use of its name here (PEP 562 ``__getattr__``), not when this package
is: attrs builds every model class by generating code, so importing all of them up front costs every
caller for the models it never uses. ``from ncloud_billing_client.models import X``, attribute access and
``import *`` work as before; type checkers read the imports below.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .common_code import CommonCode
    from .contract import Contract
    from .contract_demand_cost import ContractDemandCost
    from .contract_product import ContractProduct
    from .demand_cost import DemandCost
    from .get_contract_demand_cost_list_response import (
        GetContractDemandCostListResponse,
    )
    from .get_contract_demand_cost_list_response_envelope import (
        GetContractDemandCostListResponseEnvelope,
    )
    from .get_contract_demand_cost_list_response_format_type import (
        GetContractDemandCostListResponseFormatType,
    )
    from .get_contract_usage_list_response import GetContractUsageListResponse
    from .get_contract_usage_list_response_envelope import (
        GetContractUsageListResponseEnvelope,
    )
    from .get_contract_usage_list_response_format_type import (
        GetContractUsageListResponseFormatType,
    )
    from .get_demand_cost_list_response import GetDemandCostListResponse
    from .get_demand_cost_list_response_envelope import (
        GetDemandCostListResponseEnvelope,
    )
    from .get_demand_cost_list_response_format_type import (
        GetDemandCostListResponseFormatType,
    )
    from .ncp_billing_error import NcpBillingError
    from .ncp_billing_error_envelope import NcpBillingErrorEnvelope
    from .ncp_gateway_error import NcpGatewayError
    from .ncp_gateway_error_envelope import NcpGatewayErrorEnvelope
    from .usage import Usage

__all__ = (
    "CommonCode",
    "Contract",
    "ContractDemandCost",
    "ContractProduct",
    "DemandCost",
    "GetContractDemandCostListResponse",
    "GetContractDemandCostListResponseEnvelope",
    "GetContractDemandCostListResponseFormatType",
    "GetContractUsageListResponse",
    "GetContractUsageListResponseEnvelope",
    "GetContractUsageListResponseFormatType",
    "GetDemandCostListResponse",
    "GetDemandCostListResponseEnvelope",
    "GetDemandCostListResponseFormatType",
    "NcpBillingError",
    "NcpBillingErrorEnvelope",
    "NcpGatewayError",
    "NcpGatewayErrorEnvelope",
    "Usage",
)

# Each public name and the module that defines it.
_MODULES = {
    "CommonCode": ".common_code",
    "Contract": ".contract",
    "ContractDemandCost": ".contract_demand_cost",
    "ContractProduct": ".contract_product",
    "DemandCost": ".demand_cost",
    "GetContractDemandCostListResponse": ".get_contract_demand_cost_list_response",
    "GetContractDemandCostListResponseEnvelope": ".get_contract_demand_cost_list_response_envelope",
    "GetContractDemandCostListResponseFormatType": ".get_contract_demand_cost_list_response_format_type",
    "GetContractUsageListResponse": ".get_contract_usage_list_response",
    "GetContractUsageListResponseEnvelope": ".get_contract_usage_list_response_envelope",
    "GetContractUsageListResponseFormatType": ".get_contract_usage_list_response_format_type",
    "GetDemandCostListResponse": ".get_demand_cost_list_response",
    "GetDemandCostListResponseEnvelope": ".get_demand_cost_list_response_envelope",
    "GetDemandCostListResponseFormatType": ".get_demand_cost_list_response_format_type",
    "NcpBillingError": ".ncp_billing_error",
    "NcpBillingErrorEnvelope": ".ncp_billing_error_envelope",
    "NcpGatewayError": ".ncp_gateway_error",
    "NcpGatewayErrorEnvelope": ".ncp_gateway_error_envelope",
    "Usage": ".usage",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
