"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json.

It describes what :mod:`tracker.web.api_json` returns; tests/web/test_api_schema.py
runs schemathesis against the app to keep the two in step.
"""

from tracker.models.unit import UNIT_KINDS
from tracker.models.work_item import STATUSES
from tracker.services.item_query import MAX_PER_PAGE, SORT_COLUMNS
from tracker.services.lights import LIGHTS


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
INTEGER = {"type": "integer"}


def _object(properties: dict) -> dict:
    return {"type": "object", "required": list(properties), "properties": properties}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(name: str) -> dict:
    return _object(
        {
            "items": {"type": "array", "items": _ref(name)},
            "page": INTEGER,
            "per_page": INTEGER,
            "total": INTEGER,
            "pages": INTEGER,
        }
    )


UNIT_REF = _object({"id": INTEGER, "name": STRING})
SCHEMAS = {
    "Error": _object({"error": STRING, "message": STRING}),
    "Unit": _object(
        {
            "id": INTEGER,
            "name": STRING,
            "kind": {"type": "string", "enum": list(UNIT_KINDS)},
            "county": STRING,
        }
    ),
    "Document": _object(
        {
            "id": INTEGER,
            "number": _nullable(STRING),
            "title": STRING,
            "issuer": _nullable(STRING),
            "issued_on": _nullable(DATE),
            "revision": INTEGER,
        }
    ),
    "Milestone": _object(
        {
            "id": INTEGER,
            "phrase": STRING,
            "due_on": _nullable(DATE),
            "original_due_on": _nullable(DATE),
            "start_on": _nullable(DATE),
            "is_completed": {"type": "boolean"},
        }
    ),
    "Item": _object(
        {
            "id": INTEGER,
            "label": _nullable(STRING),
            "title": STRING,
            "text": STRING,
            "document": _object({"id": INTEGER, "number": _nullable(STRING), "title": STRING}),
            "lead_unit": _nullable(UNIT_REF),
            "co_units": {"type": "array", "items": UNIT_REF},
            "leaders": {"type": "array", "items": STRING},
            "persons": {"type": "array", "items": STRING},
            "status": {"type": "string", "enum": list(STATUSES)},
            "status_label": STRING,
            "light": {"type": "string", "enum": list(LIGHTS)},
            "progress_percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "due_on": _nullable(DATE),
            "days_overdue": {"type": "integer", "minimum": 0},
            "milestones": {"type": "array", "items": _ref("Milestone")},
            "url": {"type": "string", "format": "uri"},
        }
    ),
    "Report": _object(
        {
            "id": INTEGER,
            "item_id": INTEGER,
            "unit_id": _nullable(INTEGER),
            "text": STRING,
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
            "is_completion": {"type": "boolean"},
            "submitted_at": {"type": "string", "format": "date-time"},
            "review_state": {"type": "string", "enum": ["pending", "accepted", "returned"]},
            "review_note": _nullable(STRING),
        }
    ),
    "ProgressInput": {
        "type": "object",
        "required": ["text", "percent"],
        "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": 5000, "pattern": r"\S"},
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        },
    },
}
SCHEMAS["RankedUnit"] = _object(
    {
        "unit_id": INTEGER,
        "name": STRING,
        "rank": _nullable({"type": "integer", "minimum": 1}),
        "on_time_rate": _nullable({"type": "number", "minimum": 0, "maximum": 1}),
        "on_time": INTEGER,
        "due": INTEGER,
        "overdue": INTEGER,
        "open": INTEGER,
        "done": INTEGER,
        "total": INTEGER,
    }
)
SCHEMAS["Ranking"] = _object(
    {
        "rule": STRING,
        "county": _nullable(STRING),
        "ranked": {"type": "array", "items": _ref("RankedUnit")},
        "unranked": {"type": "array", "items": _ref("RankedUnit")},
    }
)
SCHEMAS["ItemDetail"] = {
    "allOf": [_ref("Item"), _object({"reports": {"type": "array", "items": _ref("Report")}})]
}
for _name in ("Item", "Unit", "Document"):
    SCHEMAS[f"{_name}Page"] = _page_of(_name)


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _ok(name: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(name)}}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


POSITIVE = {"type": "integer", "minimum": 1, "maximum": 999_999_999}
PAGING = [
    _query("page", POSITIVE, "页码，从 1 开始"),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}, "每页条数"),
]
ITEM_FILTERS = [
    _query("unit_id", POSITIVE, "牵头或配合单位"),
    _query(
        "statuses", {"type": "array", "items": {"type": "string", "enum": list(STATUSES)}}, "状态（可多选）"
    ),
    _query("lights", {"type": "array", "items": {"type": "string", "enum": list(LIGHTS)}}, "灯色（可多选）"),
    _query("document_id", POSITIVE, "文件"),
    _query("due_from", DATE, "时限不早于"),
    _query("due_to", DATE, "时限不晚于"),
    _query("leader", {"type": "string", "maxLength": 60}, "责任领导"),
    _query("q", {"type": "string", "maxLength": 100}, "标题或原文中的关键词"),
    _query("sort", {"type": "string", "enum": list(SORT_COLUMNS)}, "排序列"),
    _query("descending", {"type": "string", "enum": ["true", "false"]}, "倒序"),
]
ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": POSITIVE}
UNAUTHORIZED = _error("缺少或无效的令牌")
INVALID = _error("参数无效")
NOT_FOUND = _error("事项不存在或无权查看")


def openapi_document() -> dict:
    """The OpenAPI 3.0 document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "督办台账 API",
            "version": "1.0.0",
            "description": "权限与网页相同；令牌在“日历订阅与接口令牌”页生成。",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "summary": "工作事项列表（筛选条件同列表页）",
                    "parameters": ITEM_FILTERS + PAGING,
                    "responses": {"200": _ok("ItemPage"), "401": UNAUTHORIZED, "422": INVALID},
                }
            },
            "/items/{item_id}": {
                "get": {
                    "operationId": "getItem",
                    "summary": "事项详情",
                    "parameters": [ITEM_ID],
                    "responses": {"200": _ok("ItemDetail"), "401": UNAUTHORIZED, "404": NOT_FOUND},
                }
            },
            "/items/{item_id}/progress": {
                "post": {
                    "operationId": "reportProgress",
                    "summary": "报送进展（责任单位）",
                    "parameters": [ITEM_ID],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("ProgressInput")}},
                    },
                    "responses": {
                        "201": _ok("Report", "已报送"),
                        "401": UNAUTHORIZED,
                        "403": _error("无权报送"),
                        "404": NOT_FOUND,
                        "409": _error("事项当前状态不能报送"),
                        "422": INVALID,
                    },
                }
            },
            "/units": {
                "get": {
                    "operationId": "listUnits",
                    "summary": "单位",
                    "parameters": PAGING,
                    "responses": {"200": _ok("UnitPage"), "401": UNAUTHORIZED, "422": INVALID},
                }
            },
            "/ranking": {
                "get": {
                    "operationId": "rankUnits",
                    "summary": "责任单位排名（与督查总览、督查通报同一规则）",
                    "parameters": [
                        _query("county", {"type": "string", "maxLength": 60}, "县（默认本县；all 为全部县）")
                    ],
                    "responses": {"200": _ok("Ranking"), "401": UNAUTHORIZED},
                }
            },
            "/documents": {
                "get": {
                    "operationId": "listDocuments",
                    "summary": "文件",
                    "parameters": PAGING,
                    "responses": {"200": _ok("DocumentPage"), "401": UNAUTHORIZED, "422": INVALID},
                }
            },
        },
    }
