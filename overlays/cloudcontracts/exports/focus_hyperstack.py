"""One Hyperstack contract row (:mod:`.hyperstack_rows`) as a FOCUS 1.2 commitment purchase.

A Hyperstack contract is the purchase of a commitment: ``ChargeCategory`` is ``Purchase``, the contract
id is ``CommitmentDiscountId`` and its term (``start_date`` to ``end_date``, UTC already) is the charge
period. Each discount plan of the contract gives one row (its flavor as ``SkuId``, its terms in ``x_``
columns); a contract without plans gives one row too. What the endpoint cannot say (prices, how often
the contract is billed, the billing period) stays null.
"""

from __future__ import annotations

from cloudcontracts.exports.columns import Row

__all__ = ["focus_row_from_hyperstack"]

_PROVIDER = "Hyperstack"


def focus_row_from_hyperstack(row: Row) -> Row:
    """The FOCUS columns of one flat Hyperstack contract row (columns not set here are null)."""
    org_id = row["org_id"]
    contract_id = row["contract_id"]
    resource_id = row["resource_id"]
    return {
        "BillingAccountId": str(org_id) if org_id is not None else None,
        "BillingAccountType": "Organization" if org_id is not None else None,
        "ChargeCategory": "Purchase",
        "ChargePeriodStart": row["start_date"],
        "ChargePeriodEnd": row["end_date"],
        "CommitmentDiscountCategory": "Usage" if contract_id is not None else None,
        "CommitmentDiscountId": str(contract_id) if contract_id is not None else None,
        "CommitmentDiscountName": row["description"],
        "CommitmentDiscountType": "Contract" if contract_id is not None else None,
        "ProviderName": _PROVIDER,
        "PublisherName": _PROVIDER,
        "ServiceCategory": "Compute",
        "ServiceName": "Virtual Machines",
        "ServiceSubcategory": "Virtual Machines",
        "SkuId": str(resource_id) if resource_id is not None else None,
        "x_ContractId": str(contract_id) if contract_id is not None else None,
        "x_ContractStatus": row["status"],
        "x_ContractStart": row["start_date"],
        "x_ContractEnd": row["end_date"],
        "x_ExpirationPolicy": row["expiration_policy"],
        "x_DiscountId": row["discount_id"],
        "x_DiscountCode": row["discount_code"],
        "x_DiscountType": row["discount_type"],
        "x_DiscountPercent": row["discount_percent"],
        "x_DiscountAmount": row["discount_amount"],
        "x_DiscountStatus": row["discount_status"],
        "x_DiscountResourceName": row["resource_name"],
        "x_ResourceCount": row["resource_count"],
        "x_RemainingCount": row["remaining_count"],
    }
