from http import HTTPStatus
from typing import Any

import httpx2

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_contract_demand_cost_list_response_envelope import (
    GetContractDemandCostListResponseEnvelope,
)
from ...models.get_contract_demand_cost_list_response_format_type import (
    GetContractDemandCostListResponseFormatType,
)
from ...models.ncp_billing_error_envelope import NcpBillingErrorEnvelope
from ...models.ncp_gateway_error_envelope import NcpGatewayErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page_no: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    is_organization: bool | Unset = UNSET,
    is_partner: bool | Unset = UNSET,
    member_no_list: list[str] | Unset = UNSET,
    contract_no: str | Unset = UNSET,
    start_month: str,
    end_month: str,
    demand_type_code: str | Unset = UNSET,
    demand_type_detail_code: str | Unset = UNSET,
    region_code: str | Unset = UNSET,
    response_format_type: GetContractDemandCostListResponseFormatType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pageNo"] = page_no

    params["pageSize"] = page_size

    params["isOrganization"] = is_organization

    params["isPartner"] = is_partner

    json_member_no_list: list[str] | Unset = UNSET
    if not isinstance(member_no_list, Unset):
        json_member_no_list = member_no_list

    params["memberNoList"] = json_member_no_list

    params["contractNo"] = contract_no

    params["startMonth"] = start_month

    params["endMonth"] = end_month

    params["demandTypeCode"] = demand_type_code

    params["demandTypeDetailCode"] = demand_type_detail_code

    params["regionCode"] = region_code

    json_response_format_type: str | Unset = UNSET
    if not isinstance(response_format_type, Unset):
        json_response_format_type = response_format_type

    params["responseFormatType"] = json_response_format_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/cost/getContractDemandCostList",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> (
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
    | None
):
    if response.status_code == 200:
        response_200 = GetContractDemandCostListResponseEnvelope.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:

        def _parse_response_400(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:

        def _parse_response_401(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_401_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:

        def _parse_response_403(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_403_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_403_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_403_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_403_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:

        def _parse_response_404(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_404_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 429:

        def _parse_response_429(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_429_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_429_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_429_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_429_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 500:

        def _parse_response_500(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_500_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_500_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_500_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_500_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if response.status_code == 503:

        def _parse_response_503(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_503_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_503_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_503_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_503_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if response.status_code == 504:

        def _parse_response_504(
            data: object,
        ) -> NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_504_type_0 = NcpGatewayErrorEnvelope.from_dict(data)

                return response_504_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_504_type_1 = NcpBillingErrorEnvelope.from_dict(data)

            return response_504_type_1

        response_504 = _parse_response_504(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx2.Response
) -> Response[
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
]:
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
    page_no: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    is_organization: bool | Unset = UNSET,
    is_partner: bool | Unset = UNSET,
    member_no_list: list[str] | Unset = UNSET,
    contract_no: str | Unset = UNSET,
    start_month: str,
    end_month: str,
    demand_type_code: str | Unset = UNSET,
    demand_type_detail_code: str | Unset = UNSET,
    region_code: str | Unset = UNSET,
    response_format_type: GetContractDemandCostListResponseFormatType | Unset = UNSET,
) -> Response[
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
]:
    """Get the list of contract demand costs

     Monthly billed cost per contract (one row per contract, month and billed product), for a period
    of at most three months, paginated with `pageNo`/`pageSize` and `totalRows`. From NCP's
    documentation page
    (https://api.ncloud-docs.com/docs/en/platform-costandusage-getcontractdemandcostlist) and real
    responses. NCP also accepts POST with the same parameters; GET is what this document declares.

    Args:
        page_no (int | Unset):
        page_size (int | Unset):
        is_organization (bool | Unset):
        is_partner (bool | Unset):
        member_no_list (list[str] | Unset):
        contract_no (str | Unset):
        start_month (str): A month as yyyyMM. Example: 202402.
        end_month (str): A month as yyyyMM. Example: 202402.
        demand_type_code (str | Unset):
        demand_type_detail_code (str | Unset):
        region_code (str | Unset):
        response_format_type (GetContractDemandCostListResponseFormatType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetContractDemandCostListResponseEnvelope | NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope]
    """

    kwargs = _get_kwargs(
        page_no=page_no,
        page_size=page_size,
        is_organization=is_organization,
        is_partner=is_partner,
        member_no_list=member_no_list,
        contract_no=contract_no,
        start_month=start_month,
        end_month=end_month,
        demand_type_code=demand_type_code,
        demand_type_detail_code=demand_type_detail_code,
        region_code=region_code,
        response_format_type=response_format_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page_no: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    is_organization: bool | Unset = UNSET,
    is_partner: bool | Unset = UNSET,
    member_no_list: list[str] | Unset = UNSET,
    contract_no: str | Unset = UNSET,
    start_month: str,
    end_month: str,
    demand_type_code: str | Unset = UNSET,
    demand_type_detail_code: str | Unset = UNSET,
    region_code: str | Unset = UNSET,
    response_format_type: GetContractDemandCostListResponseFormatType | Unset = UNSET,
) -> (
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
    | None
):
    """Get the list of contract demand costs

     Monthly billed cost per contract (one row per contract, month and billed product), for a period
    of at most three months, paginated with `pageNo`/`pageSize` and `totalRows`. From NCP's
    documentation page
    (https://api.ncloud-docs.com/docs/en/platform-costandusage-getcontractdemandcostlist) and real
    responses. NCP also accepts POST with the same parameters; GET is what this document declares.

    Args:
        page_no (int | Unset):
        page_size (int | Unset):
        is_organization (bool | Unset):
        is_partner (bool | Unset):
        member_no_list (list[str] | Unset):
        contract_no (str | Unset):
        start_month (str): A month as yyyyMM. Example: 202402.
        end_month (str): A month as yyyyMM. Example: 202402.
        demand_type_code (str | Unset):
        demand_type_detail_code (str | Unset):
        region_code (str | Unset):
        response_format_type (GetContractDemandCostListResponseFormatType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetContractDemandCostListResponseEnvelope | NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope
    """

    return sync_detailed(
        client=client,
        page_no=page_no,
        page_size=page_size,
        is_organization=is_organization,
        is_partner=is_partner,
        member_no_list=member_no_list,
        contract_no=contract_no,
        start_month=start_month,
        end_month=end_month,
        demand_type_code=demand_type_code,
        demand_type_detail_code=demand_type_detail_code,
        region_code=region_code,
        response_format_type=response_format_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page_no: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    is_organization: bool | Unset = UNSET,
    is_partner: bool | Unset = UNSET,
    member_no_list: list[str] | Unset = UNSET,
    contract_no: str | Unset = UNSET,
    start_month: str,
    end_month: str,
    demand_type_code: str | Unset = UNSET,
    demand_type_detail_code: str | Unset = UNSET,
    region_code: str | Unset = UNSET,
    response_format_type: GetContractDemandCostListResponseFormatType | Unset = UNSET,
) -> Response[
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
]:
    """Get the list of contract demand costs

     Monthly billed cost per contract (one row per contract, month and billed product), for a period
    of at most three months, paginated with `pageNo`/`pageSize` and `totalRows`. From NCP's
    documentation page
    (https://api.ncloud-docs.com/docs/en/platform-costandusage-getcontractdemandcostlist) and real
    responses. NCP also accepts POST with the same parameters; GET is what this document declares.

    Args:
        page_no (int | Unset):
        page_size (int | Unset):
        is_organization (bool | Unset):
        is_partner (bool | Unset):
        member_no_list (list[str] | Unset):
        contract_no (str | Unset):
        start_month (str): A month as yyyyMM. Example: 202402.
        end_month (str): A month as yyyyMM. Example: 202402.
        demand_type_code (str | Unset):
        demand_type_detail_code (str | Unset):
        region_code (str | Unset):
        response_format_type (GetContractDemandCostListResponseFormatType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetContractDemandCostListResponseEnvelope | NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope]
    """

    kwargs = _get_kwargs(
        page_no=page_no,
        page_size=page_size,
        is_organization=is_organization,
        is_partner=is_partner,
        member_no_list=member_no_list,
        contract_no=contract_no,
        start_month=start_month,
        end_month=end_month,
        demand_type_code=demand_type_code,
        demand_type_detail_code=demand_type_detail_code,
        region_code=region_code,
        response_format_type=response_format_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page_no: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    is_organization: bool | Unset = UNSET,
    is_partner: bool | Unset = UNSET,
    member_no_list: list[str] | Unset = UNSET,
    contract_no: str | Unset = UNSET,
    start_month: str,
    end_month: str,
    demand_type_code: str | Unset = UNSET,
    demand_type_detail_code: str | Unset = UNSET,
    region_code: str | Unset = UNSET,
    response_format_type: GetContractDemandCostListResponseFormatType | Unset = UNSET,
) -> (
    GetContractDemandCostListResponseEnvelope
    | NcpBillingErrorEnvelope
    | NcpGatewayErrorEnvelope
    | None
):
    """Get the list of contract demand costs

     Monthly billed cost per contract (one row per contract, month and billed product), for a period
    of at most three months, paginated with `pageNo`/`pageSize` and `totalRows`. From NCP's
    documentation page
    (https://api.ncloud-docs.com/docs/en/platform-costandusage-getcontractdemandcostlist) and real
    responses. NCP also accepts POST with the same parameters; GET is what this document declares.

    Args:
        page_no (int | Unset):
        page_size (int | Unset):
        is_organization (bool | Unset):
        is_partner (bool | Unset):
        member_no_list (list[str] | Unset):
        contract_no (str | Unset):
        start_month (str): A month as yyyyMM. Example: 202402.
        end_month (str): A month as yyyyMM. Example: 202402.
        demand_type_code (str | Unset):
        demand_type_detail_code (str | Unset):
        region_code (str | Unset):
        response_format_type (GetContractDemandCostListResponseFormatType | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx2.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetContractDemandCostListResponseEnvelope | NcpBillingErrorEnvelope | NcpGatewayErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            page_no=page_no,
            page_size=page_size,
            is_organization=is_organization,
            is_partner=is_partner,
            member_no_list=member_no_list,
            contract_no=contract_no,
            start_month=start_month,
            end_month=end_month,
            demand_type_code=demand_type_code,
            demand_type_detail_code=demand_type_detail_code,
            region_code=region_code,
            response_format_type=response_format_type,
        )
    ).parsed
