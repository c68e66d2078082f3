"""Contains all the data models used in inputs/outputs.

Each model is imported on first use of its name here (PEP 562 ``__getattr__``), not when this package
is: attrs builds every model class by generating code, so importing all of them up front costs every
caller for the models it never uses. ``from hyperstack_client.models import X``, attribute access and
``import *`` work as before; type checkers read the imports below.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .allocated_gpu_count_graph import AllocatedGPUCountGraph
    from .contract import Contract
    from .contract_discount_plan_fields import ContractDiscountPlanFields
    from .contract_gpu_allocation_graph_response import (
        ContractGPUAllocationGraphResponse,
    )
    from .contract_instance_fields import ContractInstanceFields
    from .contract_instance_fields_cluster import ContractInstanceFieldsCluster
    from .contract_instances_response import ContractInstancesResponse
    from .customer_contract_detail_response_model import (
        CustomerContractDetailResponseModel,
    )
    from .customer_contract_fields import CustomerContractFields
    from .error_response_model import ErrorResponseModel
    from .get_customer_contracts_list_response_model import (
        GetCustomerContractsListResponseModel,
    )
    from .pagination_data import PaginationData
    from .pricebook_model import PricebookModel
    from .resource_level_billing_history import ResourceLevelBillingHistory
    from .resource_level_billing_history_resources import (
        ResourceLevelBillingHistoryResources,
    )
    from .resource_level_billing_history_response_attributes import (
        ResourceLevelBillingHistoryResponseAttributes,
    )
    from .resource_level_billing_history_response_metrics import (
        ResourceLevelBillingHistoryResponseMetrics,
    )
    from .resource_level_vm_billing_history_response_model import (
        ResourceLevelVmBillingHistoryResponseModel,
    )

__all__ = (
    "AllocatedGPUCountGraph",
    "Contract",
    "ContractDiscountPlanFields",
    "ContractGPUAllocationGraphResponse",
    "ContractInstanceFields",
    "ContractInstanceFieldsCluster",
    "ContractInstancesResponse",
    "CustomerContractDetailResponseModel",
    "CustomerContractFields",
    "ErrorResponseModel",
    "GetCustomerContractsListResponseModel",
    "PaginationData",
    "PricebookModel",
    "ResourceLevelBillingHistory",
    "ResourceLevelBillingHistoryResources",
    "ResourceLevelBillingHistoryResponseAttributes",
    "ResourceLevelBillingHistoryResponseMetrics",
    "ResourceLevelVmBillingHistoryResponseModel",
)

# Each public name and the module that defines it.
_MODULES = {
    "AllocatedGPUCountGraph": ".allocated_gpu_count_graph",
    "Contract": ".contract",
    "ContractDiscountPlanFields": ".contract_discount_plan_fields",
    "ContractGPUAllocationGraphResponse": ".contract_gpu_allocation_graph_response",
    "ContractInstanceFields": ".contract_instance_fields",
    "ContractInstanceFieldsCluster": ".contract_instance_fields_cluster",
    "ContractInstancesResponse": ".contract_instances_response",
    "CustomerContractDetailResponseModel": ".customer_contract_detail_response_model",
    "CustomerContractFields": ".customer_contract_fields",
    "ErrorResponseModel": ".error_response_model",
    "GetCustomerContractsListResponseModel": ".get_customer_contracts_list_response_model",
    "PaginationData": ".pagination_data",
    "PricebookModel": ".pricebook_model",
    "ResourceLevelBillingHistory": ".resource_level_billing_history",
    "ResourceLevelBillingHistoryResources": ".resource_level_billing_history_resources",
    "ResourceLevelBillingHistoryResponseAttributes": ".resource_level_billing_history_response_attributes",
    "ResourceLevelBillingHistoryResponseMetrics": ".resource_level_billing_history_response_metrics",
    "ResourceLevelVmBillingHistoryResponseModel": ".resource_level_vm_billing_history_response_model",
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
