"""Modified copies of the two OpenAPI documents, for tests that prove the sandbox's conventions on
operations the shipped documents do not have.

- Hyperstack: ``GET /pricebook/widgets`` (``list_widgets``: ``page``/``per_page``, a list, ``count``,
  ``total_count`` and a ``pagination`` object), ``GET /pricebook/widgets/{widget_id}`` (``get_widget``:
  an integer path parameter), and a new query parameter ``region`` on ``list_contracts``;
- NCP: ``GET /cost/getProductDemandCostList`` (months, paging, the two flags, an indexed list,
  ``responseFormatType``; JSON envelope and XML root with wrapped list), and a new query parameter
  ``demandTypeCode`` on ``getContractUsageList``.

The shipped documents are deep-copied, never changed.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from cloudcontracts.sandbox.operations import SandboxDocuments
from cloudcontracts.specs import openapi_document

NEW_OPERATIONS = ("list_widgets", "get_widget", "getProductDemandCostList")


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _hyperstack() -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(dict(openapi_document("hyperstack")))
    errors = {
        code: {"$ref": f"#/components/responses/{name}"}
        for code, name in (("400", "BadRequest"), ("401", "Unauthorized"), ("405", "MethodNotAllowed"))
    }
    document["paths"]["/pricebook/widgets"] = {
        "get": {
            "operationId": "list_widgets",
            "parameters": [
                {"$ref": "#/components/parameters/page"},
                {"$ref": "#/components/parameters/per_page"},
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["gpu", "cpu"]}},
            ],
            "responses": {
                "200": {
                    "description": "Success",
                    "content": {"application/json": {"schema": _ref("WidgetListResponse")}},
                },
                **errors,
                "500": {"$ref": "#/components/responses/InternalServerError"},
            },
        }
    }
    document["paths"]["/pricebook/widgets/{widget_id}"] = {
        "get": {
            "operationId": "get_widget",
            "parameters": [
                {
                    "name": "widget_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            ],
            "responses": {
                "200": {
                    "description": "Success",
                    "content": {"application/json": {"schema": _ref("WidgetResponse")}},
                },
                **errors,
                "404": {"$ref": "#/components/responses/NotFound"},
                "500": {"$ref": "#/components/responses/InternalServerError"},
            },
        }
    }
    document["paths"]["/pricebook/contracts"]["get"]["parameters"].append(
        {"name": "region", "in": "query", "schema": {"type": "string"}}
    )
    schemas = document["components"]["schemas"]
    schemas["Widget"] = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["gpu", "cpu"]},
            "price": {"type": "number", "minimum": 0, "maximum": 100},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": _ref("HyperstackDateTime"),
            "tags": {"type": "array", "items": {"type": "string"}},
            "owner": {
                "type": "object",
                "properties": {"org_id": {"type": "integer"}, "active": {"type": "boolean"}},
            },
        },
    }
    schemas["WidgetListResponse"] = {
        "type": "object",
        "properties": {
            "status": {"type": "boolean"},
            "message": {"type": "string"},
            "widgets": {"type": "array", "items": _ref("Widget")},
            "count": {"type": "integer"},
            "total_count": {"type": "integer"},
            "pagination": {
                "type": "object",
                "properties": {
                    "page": {"type": "integer"},
                    "per_page": {"type": "integer"},
                    "pages": {"type": "integer"},
                },
            },
        },
    }
    schemas["WidgetResponse"] = {
        "type": "object",
        "properties": {
            "status": {"type": "boolean"},
            "message": {"type": "string"},
            "widget": _ref("Widget"),
        },
    }
    return document


def _ncloud() -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(dict(openapi_document("ncloud-billing")))
    usage = document["paths"]["/cost/getContractUsageList"]["get"]
    shared = {p["name"]: p for p in usage["parameters"]}
    errors = {
        code: {"$ref": "#/components/responses/NcpError"}
        for code in ("400", "401", "404", "429", "500", "503", "504")
    }
    document["paths"]["/cost/getProductDemandCostList"] = {
        "get": {
            "operationId": "getProductDemandCostList",
            "parameters": [
                shared[name]
                for name in (
                    "pageNo",
                    "pageSize",
                    "isOrganization",
                    "isPartner",
                    "memberNoList",
                    "startMonth",
                    "endMonth",
                    "responseFormatType",
                )
            ],
            "responses": {
                "200": {
                    "description": "Success",
                    "content": {
                        "application/json": {"schema": _ref("GetProductDemandCostListResponseEnvelope")},
                        "application/xml": {"schema": _ref("GetProductDemandCostListResponse")},
                    },
                },
                **errors,
            },
        }
    }
    usage["parameters"].append({"name": "demandTypeCode", "in": "query", "schema": {"type": "string"}})
    schemas = document["components"]["schemas"]
    schemas["GetProductDemandCostListResponseEnvelope"] = {
        "type": "object",
        "required": ["getProductDemandCostListResponse"],
        "properties": {"getProductDemandCostListResponse": _ref("GetProductDemandCostListResponse")},
    }
    schemas["GetProductDemandCostListResponse"] = {
        "type": "object",
        "xml": {"name": "getProductDemandCostListResponse"},
        "properties": {
            "requestId": {"type": "string"},
            "returnCode": {"type": "string"},
            "returnMessage": {"type": "string"},
            "totalRows": {"type": "integer", "format": "int64"},
            "productDemandCostList": {
                "type": "array",
                "xml": {"name": "productDemandCostList", "wrapped": True},
                "items": _ref("ProductDemandCost"),
            },
        },
    }
    schemas["ProductDemandCost"] = {
        "type": "object",
        "xml": {"name": "productDemandCost"},
        "properties": {
            "memberNo": {"type": "string"},
            "demandMonth": _ref("YearMonth"),
            "demandNo": {"type": "string"},
            "demandAttribute": _ref("CommonCode"),
            "useAmount": {"type": "number", "format": "double"},
            "thisMonthVatRatio": {"type": "number", "minimum": 0, "maximum": 1},
            "isPaidUp": {"type": "boolean"},
            "writeDate": _ref("NcpDateTime"),
            "discounts": {
                "type": "array",
                "xml": {"name": "discountList", "wrapped": True},
                "items": {
                    "type": "object",
                    "xml": {"name": "discount"},
                    "properties": {"amount": {"type": "integer"}},
                },
            },
        },
    }
    return document


@functools.cache
def extended_documents() -> SandboxDocuments:
    """Both documents with the operations and parameters above added."""
    return SandboxDocuments(hyperstack=_hyperstack(), ncloud=_ncloud())
