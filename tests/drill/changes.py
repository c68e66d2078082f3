"""The document changes of the regeneration drill (see ``tests/test_regeneration_drill.py``).

Each function edits a parsed OpenAPI document in place, as a maintainer would edit the YAML: a new
response field (a scalar and a wrapped list), a new query parameter, a new GET list operation, and a
renamed field. The names are the drill's own, so they never collide with a real operation.
"""

from __future__ import annotations

from typing import Any

NEW_NCP_OPERATION = "getDrillProbeList"
NEW_HYPERSTACK_OPERATION = "list_drill_probes"
NCP_PARAM = ("drillRegionGroup", "drill_region_group")
HYPERSTACK_PARAM = ("drill_label", "drill_label")
NCP_FIELD = ("drillGroupName", "drill_group_name")
NCP_LIST = ("drillTagList", "drill_tag_list", "drillTag")
HYPERSTACK_FIELD = ("drill_project", "drill_project")
RENAMED = ("discount_percent", "discount_pct")


def add_response_fields(ncp: dict[str, Any], hyperstack: dict[str, Any]) -> None:
    """A string and a wrapped list of objects on NCP's Contract; a string on Hyperstack's contract."""
    schemas = ncp["components"]["schemas"]
    schemas["DrillTag"] = {
        "type": "object",
        "xml": {"name": NCP_LIST[2]},
        "properties": {"tagKey": {"type": "string"}, "tagValue": {"type": "string"}},
    }
    contract = schemas["Contract"]["properties"]
    contract[NCP_FIELD[0]] = {"type": "string", "example": "drill-group"}
    contract[NCP_LIST[0]] = {
        "type": "array",
        "xml": {"name": NCP_LIST[0], "wrapped": True},
        "items": {"$ref": "#/components/schemas/DrillTag"},
    }
    fields = hyperstack["components"]["schemas"]["CustomerContractFields"]["properties"]
    fields[HYPERSTACK_FIELD[0]] = {"type": "string", "example": "drill-project"}


def add_query_parameters(ncp: dict[str, Any], hyperstack: dict[str, Any]) -> None:
    ncp["paths"]["/cost/getContractUsageList"]["get"]["parameters"].append(
        {"name": NCP_PARAM[0], "in": "query", "required": False, "schema": {"type": "string"}}
    )
    hyperstack["paths"]["/pricebook/contracts"]["get"]["parameters"].append(
        {"name": HYPERSTACK_PARAM[0], "in": "query", "required": False, "schema": {"type": "string"}}
    )


def add_list_operations(ncp: dict[str, Any], hyperstack: dict[str, Any]) -> None:
    """A GET list operation in each document, shaped as the provider's others are."""
    usage = ncp["paths"]["/cost/getContractUsageList"]["get"]
    keep = {"pageNo", "pageSize", "memberNoList", "startMonth", "endMonth", "responseFormatType"}
    schemas = ncp["components"]["schemas"]
    schemas["DrillProbe"] = {
        "type": "object",
        "xml": {"name": "drillProbe"},
        "properties": {
            "probeNo": {"type": "string"},
            "memberNo": {"type": "string"},
            "reading": {"type": "number"},
        },
    }
    schemas["GetDrillProbeListResponse"] = {
        "type": "object",
        "xml": {"name": "getDrillProbeListResponse"},
        "properties": {
            "requestId": {"type": "string"},
            "returnCode": {"type": "string"},
            "returnMessage": {"type": "string"},
            "totalRows": {"type": "integer", "format": "int32"},
            "drillProbeList": {
                "type": "array",
                "xml": {"name": "drillProbeList", "wrapped": True},
                "items": {"$ref": "#/components/schemas/DrillProbe"},
            },
        },
    }
    schemas["GetDrillProbeListResponseEnvelope"] = {
        "type": "object",
        "required": ["getDrillProbeListResponse"],
        "properties": {
            "getDrillProbeListResponse": {"$ref": "#/components/schemas/GetDrillProbeListResponse"}
        },
    }
    operation = {
        "tags": usage["tags"],
        "operationId": NEW_NCP_OPERATION,
        "summary": "Drill probes",
        "x-cloudcontracts-item-key": "probeNo",
        "parameters": [p for p in usage["parameters"] if p.get("name") in keep],
        "responses": {
            **{k: v for k, v in usage["responses"].items() if k != "200"},
            "200": {
                "description": "Success",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/GetDrillProbeListResponseEnvelope"}
                    },
                    "application/xml": {"schema": {"$ref": "#/components/schemas/GetDrillProbeListResponse"}},
                },
            },
        },
    }
    ncp["paths"]["/cost/getDrillProbeList"] = {"get": operation}

    contracts = hyperstack["paths"]["/pricebook/contracts"]["get"]
    hs_schemas = hyperstack["components"]["schemas"]
    hs_schemas["DrillProbeFields"] = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "reading": {"type": "number"}},
    }
    hs_schemas["DrillProbeListResponse"] = {
        "type": "object",
        "properties": {
            "status": {"type": "boolean"},
            "message": {"type": "string"},
            "probes": {"type": "array", "items": {"$ref": "#/components/schemas/DrillProbeFields"}},
            "count": {"type": "integer"},
        },
    }
    hyperstack["paths"]["/drill/probes"] = {
        "get": {
            "tags": contracts["tags"],
            "operationId": NEW_HYPERSTACK_OPERATION,
            "summary": "Drill probes",
            "parameters": [p for p in contracts["parameters"] if "$ref" in p],
            "responses": {
                **{k: v for k, v in contracts["responses"].items() if k != "200"},
                "200": {
                    "description": "Success",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/DrillProbeListResponse"}
                        }
                    },
                },
            },
        }
    }


def rename_field(hyperstack: dict[str, Any]) -> None:
    """``discount_percent`` becomes ``discount_pct`` on Hyperstack's discount plans."""
    properties = hyperstack["components"]["schemas"]["ContractDiscountPlanFields"]["properties"]
    renamed = {}
    for name, schema in properties.items():
        renamed[RENAMED[1] if name == RENAMED[0] else name] = schema
    properties.clear()
    properties.update(renamed)
