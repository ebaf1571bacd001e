"""The JSON API under /api/v1: items (list, detail, progress reports), units, the unit ranking, documents.

Only ``Authorization: Bearer <token>`` signs a request in (tokens from the
account page); the session cookie is never read, which is why the blueprint can
be exempt from CSRF. Every rule is the pages' rule: the same filters
(:func:`parse_filters`), the same visibility (:mod:`tracker.services.permissions`)
and the same workflow service for reports. Errors are ``{"error", "message"}``.
"""

import datetime as dt
import re

from flask import Blueprint, g, jsonify, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker import clock
from tracker.errors import InvalidTransition, PermissionDenied
from tracker.extensions import db
from tracker.models import Document, Unit, WorkItem
from tracker.models.work_item import STATUSES
from tracker.services import workflow
from tracker.services.access_tokens import find_token
from tracker.services.item_query import MAX_PER_PAGE, SORT_COLUMNS, items_query, parse_filters, with_details
from tracker.services.lights import LIGHTS, todays_rule
from tracker.services.office import county_scope, in_county
from tracker.services.permissions import can_read_all, get_visible_item, visible_items_clause
from tracker.services.ranking import RULE_TEXT as RANKING_RULE
from tracker.services.ranking import rank_units
from tracker.web import api_json
from tracker.web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")

TEXT_MAX = 5000
#: Query arguments that must be whole numbers ≥ 1 when given.
POSITIVE_INTS = ("page", "per_page", "unit_id", "document_id")
DIGITS = re.compile(r"[0-9]{1,9}")


class ApiError(Exception):
    """An error answered as JSON with an HTTP status."""

    def __init__(self, status: int, error: str, message: str):
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    response = jsonify(error=error.error, message=error.message)
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@bp.errorhandler(HTTPException)
@bp.errorhandler(404)
@bp.errorhandler(500)
def _http_error(error: HTTPException):
    """HTTP errors (including an unexpected exception, seen here as a 500) as JSON.

    404 and 500 are named as well because Flask prefers the site's handlers
    for a status code over a blueprint's handler for the exception class.
    """
    if (error.code or 500) >= 500:
        db.session.rollback()
    return _api_error(
        ApiError(error.code or 500, error.name.lower().replace(" ", "_"), error.description or "")
    )


@bp.before_request
def authenticate():
    """Sign the request in from its bearer token (the OpenAPI document is public)."""
    if request.endpoint == "api.openapi":
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    row = find_token("api", token.strip()) if scheme.lower() == "bearer" else None
    if row is None:
        raise ApiError(401, "unauthorized", "缺少或无效的接口令牌（Authorization: Bearer <令牌>）。")
    g.api_user = row.user


def _is_positive(value: str) -> bool:
    return bool(DIGITS.fullmatch(value)) and int(value) > 0


def _check_query(args) -> None:
    """Refuse malformed query arguments with 422 (the list page ignores them; an API should say so)."""
    problems = [name for name in POSITIVE_INTS if name in args and not _is_positive(args[name])]
    if "per_page" in args and _is_positive(args["per_page"]) and int(args["per_page"]) > MAX_PER_PAGE:
        problems.append("per_page")
    for name, allowed in (("statuses", STATUSES), ("lights", LIGHTS)):
        values = [v for value in args.getlist(name) for v in value.split(",")]
        if any(value not in allowed for value in values):
            problems.append(name)
    for name in ("due_from", "due_to"):
        if name in args:
            try:
                dt.date.fromisoformat(args[name])
            except ValueError:
                problems.append(name)
    if "sort" in args and args["sort"] not in SORT_COLUMNS:
        problems.append("sort")
    if "descending" in args and args["descending"] not in ("true", "false"):
        problems.append("descending")
    if problems:
        raise ApiError(422, "invalid_query", f"参数无效：{', '.join(problems)}。")


def _page(query, serialise) -> dict:
    _check_query(request.args)
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 50, type=int)
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    return {
        "items": [serialise(row) for row in result.items],
        "page": page,
        "per_page": per_page,
        "total": result.total,
        "pages": result.pages,
    }


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())


@bp.get("/items")
def list_items():
    """Items the token's user may see, filtered as on the list page (same query arguments)."""
    rule = todays_rule()
    filters = parse_filters(request.args)
    query = with_details(items_query(g.api_user, filters, rule))
    return jsonify(_page(query, lambda item: api_json.item(item, rule)))


def _visible_item(item_id: int) -> WorkItem:
    item = get_visible_item(item_id, g.api_user)
    if item is None:
        raise ApiError(404, "not_found", "事项不存在或无权查看。")
    return item


@bp.get("/items/<int:item_id>")
def item_detail(item_id: int):
    """One item with its milestones and progress reports."""
    return jsonify(api_json.item_detail(_visible_item(item_id), todays_rule()))


def _progress_input() -> tuple[str, int]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", '请求体须为 JSON 对象：{"text": "…", "percent": 0-100}。')
    text, percent = body.get("text"), body.get("percent")
    if not isinstance(text, str) or not text.strip() or len(text) > TEXT_MAX:
        raise ApiError(422, "invalid_body", f"text 须为 1 到 {TEXT_MAX} 个字符的进展说明。")
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ApiError(422, "invalid_body", "percent 须为 0 到 100 之间的整数。")
    return text, percent


@bp.post("/items/<int:item_id>/progress")
def post_progress(item_id: int):
    """Report progress on an item, as the item page does (responsible unit staff only)."""
    item = _visible_item(item_id)
    text, percent = _progress_input()
    try:
        report = workflow.report_progress(item, g.api_user, text, percent, clock.now())
        db.session.commit()
    except PermissionDenied as error:
        db.session.rollback()
        raise ApiError(403, "forbidden", str(error)) from None
    except InvalidTransition as error:
        db.session.rollback()
        raise ApiError(409, "conflict", str(error)) from None
    except StaleDataError:
        db.session.rollback()
        raise ApiError(409, "conflict", "事项已被他人修改，请重试。") from None
    return jsonify(api_json.report(report)), 201


@bp.get("/units")
def list_units():
    """Active units (unit staff: their own unit, as on the list page)."""
    query = db.select(Unit).where(Unit.is_active).order_by(Unit.county, Unit.name, Unit.id)
    if not can_read_all(g.api_user):
        query = query.where(Unit.id == g.api_user.unit_id)
    return jsonify(_page(query, api_json.unit))


@bp.get("/ranking")
def unit_ranking():
    """The lead units ranked by the rule of the dashboard and the weekly report, over the items the user sees."""
    county = county_scope(request.args.get("county"))
    ranking = rank_units(g.api_user, todays_rule(), in_county(county))
    return jsonify(
        {
            "rule": str(RANKING_RULE),
            "county": county,
            "ranked": [row.as_dict() for row in ranking.ranked],
            "unranked": [row.as_dict() for row in ranking.unranked],
        }
    )


@bp.get("/documents")
def list_documents():
    """Documents, newest first (unit staff: those holding one of their items)."""
    query = db.select(Document).order_by(Document.issued_on.desc().nulls_last(), Document.id.desc())
    if not can_read_all(g.api_user):
        query = query.where(
            Document.id.in_(db.select(WorkItem.document_id).where(visible_items_clause(g.api_user)))
        )
    return jsonify(_page(query, api_json.document))
