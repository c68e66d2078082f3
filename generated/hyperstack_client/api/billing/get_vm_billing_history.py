from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response_model import ErrorResponseModel
from ...models.resource_level_vm_billing_history_response_model import (
    ResourceLevelVmBillingHistoryResponseModel,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    search: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start_date"] = start_date

    params["end_date"] = end_date

    params["search"] = search

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/billing/billing/history/virtual-machine",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel | None:
    if response.status_code == 200:
        response_200 = ResourceLevelVmBillingHistoryResponseModel.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponseModel.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponseModel.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponseModel.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponseModel.from_dict(response.json())

        return response_404

    if response.status_code == 405:
        response_405 = ErrorResponseModel.from_dict(response.json())

        return response_405

    if response.status_code == 500:
        response_500 = cast(Any, None)
        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel]:
    try:
        return Response(
            status_code=HTTPStatus(response.status_code),
            content=response.content,
            headers=response.headers,
            parsed=_parse_response(client=client, response=response),
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        # A body without the documented shape (or a status HTTPStatus does not know): the client
        # says what to raise.
        raise client.response_shape_error(response, error) from None


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    search: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel]:
    """Retrieve Billing History of Virtual Machines for a Billing Cycle

     One entry per virtual machine billed in the period: its `contract_id` (the contract it ran under,
    absent or 0 for on-demand machines), `incurred_bill` (USD), `price_per_hour` (USD) and
    `usage_time` (hours billed, so that `incurred_bill` = `price_per_hour` x `usage_time`). Pages with
    `page`/`per_page`; `billing_history_vm.total_count` is the number of entries over all pages and
    `billing_history_vm.pagination` repeats the page asked for. Hyperstack's SDK documents `page` and
    `per_page` as strings of digits; they are integers here (the same bytes on the wire).

    Args:
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.
        search (str | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
        end_date=end_date,
        search=search,
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    search: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel | None:
    """Retrieve Billing History of Virtual Machines for a Billing Cycle

     One entry per virtual machine billed in the period: its `contract_id` (the contract it ran under,
    absent or 0 for on-demand machines), `incurred_bill` (USD), `price_per_hour` (USD) and
    `usage_time` (hours billed, so that `incurred_bill` = `price_per_hour` x `usage_time`). Pages with
    `page`/`per_page`; `billing_history_vm.total_count` is the number of entries over all pages and
    `billing_history_vm.pagination` repeats the page asked for. Hyperstack's SDK documents `page` and
    `per_page` as strings of digits; they are integers here (the same bytes on the wire).

    Args:
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.
        search (str | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel
    """

    return sync_detailed(
        client=client,
        start_date=start_date,
        end_date=end_date,
        search=search,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    search: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel]:
    """Retrieve Billing History of Virtual Machines for a Billing Cycle

     One entry per virtual machine billed in the period: its `contract_id` (the contract it ran under,
    absent or 0 for on-demand machines), `incurred_bill` (USD), `price_per_hour` (USD) and
    `usage_time` (hours billed, so that `incurred_bill` = `price_per_hour` x `usage_time`). Pages with
    `page`/`per_page`; `billing_history_vm.total_count` is the number of entries over all pages and
    `billing_history_vm.pagination` repeats the page asked for. Hyperstack's SDK documents `page` and
    `per_page` as strings of digits; they are integers here (the same bytes on the wire).

    Args:
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.
        search (str | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel]
    """

    kwargs = _get_kwargs(
        start_date=start_date,
        end_date=end_date,
        search=search,
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    search: str | Unset = UNSET,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel | None:
    """Retrieve Billing History of Virtual Machines for a Billing Cycle

     One entry per virtual machine billed in the period: its `contract_id` (the contract it ran under,
    absent or 0 for on-demand machines), `incurred_bill` (USD), `price_per_hour` (USD) and
    `usage_time` (hours billed, so that `incurred_bill` = `price_per_hour` x `usage_time`). Pages with
    `page`/`per_page`; `billing_history_vm.total_count` is the number of entries over all pages and
    `billing_history_vm.pagination` repeats the page asked for. Hyperstack's SDK documents `page` and
    `per_page` as strings of digits; they are integers here (the same bytes on the wire).

    Args:
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.
        search (str | Unset):
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | ResourceLevelVmBillingHistoryResponseModel
    """

    return (
        await asyncio_detailed(
            client=client,
            start_date=start_date,
            end_date=end_date,
            search=search,
            page=page,
            per_page=per_page,
        )
    ).parsed
