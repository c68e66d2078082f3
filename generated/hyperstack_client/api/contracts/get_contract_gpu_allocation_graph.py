from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contract_gpu_allocation_graph_response import (
    ContractGPUAllocationGraphResponse,
)
from ...models.error_response_model import ErrorResponseModel
from ...types import UNSET, Response, Unset


def _get_kwargs(
    contract_id: int,
    *,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start_date"] = start_date

    params["end_date"] = end_date

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/pricebook/contracts/{contract_id}/gpu_allocation_graph".format(
            contract_id=quote(str(contract_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Any | ContractGPUAllocationGraphResponse | ErrorResponseModel | None:
    if response.status_code == 200:
        response_200 = ContractGPUAllocationGraphResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponseModel.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponseModel.from_dict(response.json())

        return response_401

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
) -> Response[Any | ContractGPUAllocationGraphResponse | ErrorResponseModel]:
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
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
) -> Response[Any | ContractGPUAllocationGraphResponse | ErrorResponseModel]:
    """Retrieve GPU Allocation Graph for Contract

     Retrieves the GPU allocation count graph of a contract within the given date range, as buckets of
    `granularity` seconds.

    Args:
        contract_id (int):
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ContractGPUAllocationGraphResponse | ErrorResponseModel]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
        start_date=start_date,
        end_date=end_date,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
) -> Any | ContractGPUAllocationGraphResponse | ErrorResponseModel | None:
    """Retrieve GPU Allocation Graph for Contract

     Retrieves the GPU allocation count graph of a contract within the given date range, as buckets of
    `granularity` seconds.

    Args:
        contract_id (int):
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ContractGPUAllocationGraphResponse | ErrorResponseModel
    """

    return sync_detailed(
        contract_id=contract_id,
        client=client,
        start_date=start_date,
        end_date=end_date,
    ).parsed


async def asyncio_detailed(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
) -> Response[Any | ContractGPUAllocationGraphResponse | ErrorResponseModel]:
    """Retrieve GPU Allocation Graph for Contract

     Retrieves the GPU allocation count graph of a contract within the given date range, as buckets of
    `granularity` seconds.

    Args:
        contract_id (int):
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ContractGPUAllocationGraphResponse | ErrorResponseModel]
    """

    kwargs = _get_kwargs(
        contract_id=contract_id,
        start_date=start_date,
        end_date=end_date,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    contract_id: int,
    *,
    client: AuthenticatedClient | Client,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
) -> Any | ContractGPUAllocationGraphResponse | ErrorResponseModel | None:
    """Retrieve GPU Allocation Graph for Contract

     Retrieves the GPU allocation count graph of a contract within the given date range, as buckets of
    `granularity` seconds.

    Args:
        contract_id (int):
        start_date (str | Unset):  Example: 2026-05-01T00:00:00.
        end_date (str | Unset):  Example: 2026-05-31T23:59:59.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ContractGPUAllocationGraphResponse | ErrorResponseModel
    """

    return (
        await asyncio_detailed(
            contract_id=contract_id,
            client=client,
            start_date=start_date,
            end_date=end_date,
        )
    ).parsed
