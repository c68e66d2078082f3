from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response_model import ErrorResponseModel
from ...models.get_customer_contracts_list_response_model import (
    GetCustomerContractsListResponseModel,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/pricebook/contracts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ErrorResponseModel | GetCustomerContractsListResponseModel | None:
    if response.status_code == 200:
        response_200 = GetCustomerContractsListResponseModel.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponseModel.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponseModel.from_dict(response.json())

        return response_401

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
) -> Response[Any | ErrorResponseModel | GetCustomerContractsListResponseModel]:
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
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponseModel | GetCustomerContractsListResponseModel]:
    """List Contracts

     Retrieves a list of contracts and their details, including the terms of each contract and the
    discounts applied to all resources under each contract. Pagination is controlled with `page` and
    `per_page`. Whether `count` in the response is the total over all pages or the number on this
    page is not documented, nor are the default and maximum `per_page`.

    Args:
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | GetCustomerContractsListResponseModel]
    """

    kwargs = _get_kwargs(
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
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponseModel | GetCustomerContractsListResponseModel | None:
    """List Contracts

     Retrieves a list of contracts and their details, including the terms of each contract and the
    discounts applied to all resources under each contract. Pagination is controlled with `page` and
    `per_page`. Whether `count` in the response is the total over all pages or the number on this
    page is not documented, nor are the default and maximum `per_page`.

    Args:
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | GetCustomerContractsListResponseModel
    """

    return sync_detailed(
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[Any | ErrorResponseModel | GetCustomerContractsListResponseModel]:
    """List Contracts

     Retrieves a list of contracts and their details, including the terms of each contract and the
    discounts applied to all resources under each contract. Pagination is controlled with `page` and
    `per_page`. Whether `count` in the response is the total over all pages or the number on this
    page is not documented, nor are the default and maximum `per_page`.

    Args:
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | GetCustomerContractsListResponseModel]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Any | ErrorResponseModel | GetCustomerContractsListResponseModel | None:
    """List Contracts

     Retrieves a list of contracts and their details, including the terms of each contract and the
    discounts applied to all resources under each contract. Pagination is controlled with `page` and
    `per_page`. Whether `count` in the response is the total over all pages or the number on this
    page is not documented, nor are the default and maximum `per_page`.

    Args:
        page (int | Unset):
        per_page (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | GetCustomerContractsListResponseModel
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
