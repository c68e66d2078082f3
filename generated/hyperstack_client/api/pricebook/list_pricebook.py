from http import HTTPStatus
from typing import Any, cast

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response_model import ErrorResponseModel
from ...models.pricebook_model import PricebookModel
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/pricebook",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ErrorResponseModel | list[PricebookModel] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = PricebookModel.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[Any | ErrorResponseModel | list[PricebookModel]]:
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
) -> Response[Any | ErrorResponseModel | list[PricebookModel]]:
    """Retrieve Pricebook

     The hourly list price (USD) of each resource flavour, by `name`. `value` is the price charged
    now; `original_value` the price before any discount Hyperstack applies to everyone
    (`discount_applied`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | list[PricebookModel]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorResponseModel | list[PricebookModel] | None:
    """Retrieve Pricebook

     The hourly list price (USD) of each resource flavour, by `name`. `value` is the price charged
    now; `original_value` the price before any discount Hyperstack applies to everyone
    (`discount_applied`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | list[PricebookModel]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorResponseModel | list[PricebookModel]]:
    """Retrieve Pricebook

     The hourly list price (USD) of each resource flavour, by `name`. `value` is the price charged
    now; `original_value` the price before any discount Hyperstack applies to everyone
    (`discount_applied`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponseModel | list[PricebookModel]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorResponseModel | list[PricebookModel] | None:
    """Retrieve Pricebook

     The hourly list price (USD) of each resource flavour, by `name`. `value` is the price charged
    now; `original_value` the price before any discount Hyperstack applies to everyone
    (`discount_applied`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponseModel | list[PricebookModel]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
