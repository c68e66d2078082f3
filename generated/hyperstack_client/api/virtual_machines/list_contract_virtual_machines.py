from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contract_instances_response import ContractInstancesResponse
from ...models.error_response_model import ErrorResponseModel
from ...types import Response


def _get_kwargs(
    contract_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/core/virtual-machines/contract/{contract_id}/virtual-machines".format(
            contract_id=quote(str(contract_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ContractInstancesResponse | ErrorResponseModel | None:
    if response.status_code == 200:
        response_200 = ContractInstancesResponse.from_dict(response.json())

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
) -> Response[Any | ContractInstancesResponse | ErrorResponseModel]:
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
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ContractInstancesResponse | ErrorResponseModel]:
    """Retrieve Virtual Machines Associated with a Contract

     The virtual machines created under a contract, running or terminated: flavour, GPU count,
    creation and termination times (zone-less UTC) and `total_usage_time` (seconds).

    Args:
        contract_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ContractInstancesResponse | ErrorResponseModel]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ContractInstancesResponse | ErrorResponseModel | None:
    """Retrieve Virtual Machines Associated with a Contract

     The virtual machines created under a contract, running or terminated: flavour, GPU count,
    creation and termination times (zone-less UTC) and `total_usage_time` (seconds).

    Args:
        contract_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ContractInstancesResponse | ErrorResponseModel
    """

    return sync_detailed(
        contract_id=contract_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ContractInstancesResponse | ErrorResponseModel]:
    """Retrieve Virtual Machines Associated with a Contract

     The virtual machines created under a contract, running or terminated: flavour, GPU count,
    creation and termination times (zone-less UTC) and `total_usage_time` (seconds).

    Args:
        contract_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ContractInstancesResponse | ErrorResponseModel]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ContractInstancesResponse | ErrorResponseModel | None:
    """Retrieve Virtual Machines Associated with a Contract

     The virtual machines created under a contract, running or terminated: flavour, GPU count,
    creation and termination times (zone-less UTC) and `total_usage_time` (seconds).

    Args:
        contract_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ContractInstancesResponse | ErrorResponseModel
    """

    return (
        await asyncio_detailed(
            contract_id=contract_id,
            client=client,
        )
    ).parsed
