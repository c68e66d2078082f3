"""NAVER Cloud Platform billing: the clients (:mod:`.client`) and what is NCP's own -- signature v2
(:mod:`.signing`), credentials (:mod:`.credentials`), months and dates (:mod:`.dates`), reading
responses (:mod:`.responses`) and XML decoding from the document (:mod:`.xml_decoding`)."""

from __future__ import annotations

from cloudcontracts.ncloud.client import (
    MAX_PAGE_SIZE,
    AsyncNcloudBilling,
    NcloudBilling,
    check_usage_query,
    indexed_list_parameters,
)

__all__ = [
    "MAX_PAGE_SIZE",
    "AsyncNcloudBilling",
    "NcloudBilling",
    "check_usage_query",
    "indexed_list_parameters",
]
