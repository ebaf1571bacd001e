"""Filtering and sorting work items: one definition for the list page, exports and the API.

Filters come from a URL query string, so a filtered view can be shared as a
link; :func:`parse_filters` reads one (ignoring malformed values rather than
failing, since links get mangled) and :func:`items_query` turns it into SQL
limited to what the user may see.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.extraction.deadlines import parse_typed_date
from tracker.models import Document, Unit, User, WorkItem, WorkItemUnit
from tracker.models.types import MAX_INT
from tracker.models.work_item import STATUSES
from tracker.services.lights import LIGHTS, LightRule, any_light
from tracker.services.office import county_scope, in_county
from tracker.services.permissions import visible_items_clause

#: Sortable columns by their URL name.
SORT_COLUMNS = {
    "due": WorkItem.due_on,
    "title": WorkItem.title,
    "status": WorkItem.status,
    "progress": WorkItem.progress_percent,
    "updated": WorkItem.updated_at,
    "document": WorkItem.document_id,
}
MAX_PER_PAGE = 200


@dataclass
class ItemFilters:
    """The filters of an item list, as given in the URL."""

    unit_id: int | None = None
    #: ``county`` as given in the URL: a county, ``all``, or "" for the office's county (ignored with a unit).
    county: str = ""
    #: Part of a unit's name, for installations with too many units for a drop-down.
    unit_name: str = ""
    statuses: list[str] = field(default_factory=list)
    lights: list[str] = field(default_factory=list)
    document_id: int | None = None
    #: Part of a document's 文号 or title.
    document_text: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    leader: str = ""
    q: str = ""
    sort: str = "due"
    descending: bool = False
    page: int = 1
    per_page: int = 50

    def to_args(self) -> dict:
        """The filters as URL query arguments (defaults left out), for links that keep them."""
        args = {}
        for name, value in asdict(self).items():
            if value in (None, "", [], ItemFilters.__dataclass_fields__[name].default):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            args[name] = value
        return args


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_INT else None


def parse_filters(args: Mapping) -> ItemFilters:
    """Read filters from a query-string mapping (werkzeug MultiDict or plain dict)."""

    def many(name: str) -> list[str]:
        values = args.getlist(name) if hasattr(args, "getlist") else [args[name]] if name in args else []
        return [v for value in values for v in str(value).split(",") if v]

    def date(name: str) -> dt.date | None:
        value = str(args.get(name) or "").strip()
        return parse_typed_date(value) if value else None

    sort = str(args.get("sort") or "due")
    return ItemFilters(
        unit_id=_int(args.get("unit_id")),
        county=str(args.get("county") or "").strip()[:60],
        unit_name=str(args.get("unit_name") or "").strip()[:60],
        statuses=[s for s in many("statuses") if s in STATUSES],
        lights=[light for light in many("lights") if light in LIGHTS],
        document_id=_int(args.get("document_id")),
        document_text=str(args.get("document_text") or "").strip()[:100],
        due_from=date("due_from"),
        due_to=date("due_to"),
        leader=str(args.get("leader") or "").strip()[:60],
        q=str(args.get("q") or "").strip()[:100],
        sort=sort if sort in SORT_COLUMNS else "due",
        descending=str(args.get("descending") or "").lower() in ("1", "true", "on", "yes"),
        page=_int(args.get("page")) or 1,
        per_page=min(_int(args.get("per_page")) or 50, MAX_PER_PAGE),
    )


def items_query(user: User, filters: ItemFilters, rule: LightRule):
    """A SELECT of the work items ``user`` may see that match ``filters``, sorted."""
    query = db.select(WorkItem).where(visible_items_clause(user))
    if not filters.unit_id:
        query = query.where(in_county(county_scope(filters.county)))
    if filters.unit_id:
        query = query.where(
            WorkItem.id.in_(
                db.select(WorkItemUnit.work_item_id).where(WorkItemUnit.unit_id == filters.unit_id)
            )
        )
    if filters.unit_name:
        named = db.select(Unit.id).where(Unit.name.contains(filters.unit_name, autoescape=True))
        query = query.where(
            WorkItem.id.in_(db.select(WorkItemUnit.work_item_id).where(WorkItemUnit.unit_id.in_(named)))
        )
    if filters.document_text:
        query = query.where(
            WorkItem.document_id.in_(
                db.select(Document.id).where(
                    or_(
                        Document.number.contains(filters.document_text, autoescape=True),
                        Document.title.contains(filters.document_text, autoescape=True),
                    )
                )
            )
        )
    if filters.statuses:
        query = query.where(WorkItem.status.in_(filters.statuses))
    if filters.lights:
        query = query.where(any_light(rule, filters.lights))
    if filters.document_id:
        query = query.where(WorkItem.document_id == filters.document_id)
    if filters.due_from:
        query = query.where(WorkItem.due_on >= filters.due_from)
    if filters.due_to:
        query = query.where(WorkItem.due_on <= filters.due_to)
    if filters.leader:
        query = query.where(leader_named(filters.leader))
    if filters.q:
        query = query.where(
            or_(
                WorkItem.title.contains(filters.q, autoescape=True),
                WorkItem.source_text.contains(filters.q, autoescape=True),
            )
        )
    column = SORT_COLUMNS[filters.sort]
    # NULLS LAST rather than an "IS NULL" sort key, so the database can walk the column's index.
    ordered = (column.desc() if filters.descending else column.asc()).nulls_last()
    return query.order_by(ordered, WorkItem.id)


def leader_named(text: str):
    """A WHERE clause: one of the item's leaders has a name containing ``text``.

    Each name of the JSON list is compared on its own (a quote, comma or
    bracket in the search matches no item, rather than the stored JSON of all).
    """
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    elements = func.json_array_elements_text if postgresql else func.json_each
    names = elements(WorkItem.leaders).table_valued("value")
    return db.select(1).select_from(names).where(names.c.value.contains(text, autoescape=True)).exists()


def with_details(query):
    """``query`` loading each item's document, units and milestones up front (exports and the API show them)."""
    return query.options(
        selectinload(WorkItem.document),
        selectinload(WorkItem.lead_unit),
        selectinload(WorkItem.unit_links).selectinload(WorkItemUnit.unit),
        selectinload(WorkItem.milestones),
    )
