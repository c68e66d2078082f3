"""Contains all the data models used in inputs/outputs"""

from .allocated_gpu_count_graph import AllocatedGPUCountGraph
from .contract import Contract
from .contract_discount_plan_fields import ContractDiscountPlanFields
from .contract_gpu_allocation_graph_response import ContractGPUAllocationGraphResponse
from .customer_contract_detail_response_model import CustomerContractDetailResponseModel
from .customer_contract_fields import CustomerContractFields
from .error_response_model import ErrorResponseModel
from .get_customer_contracts_list_response_model import (
    GetCustomerContractsListResponseModel,
)

__all__ = (
    "AllocatedGPUCountGraph",
    "Contract",
    "ContractDiscountPlanFields",
    "ContractGPUAllocationGraphResponse",
    "CustomerContractDetailResponseModel",
    "CustomerContractFields",
    "ErrorResponseModel",
    "GetCustomerContractsListResponseModel",
)
