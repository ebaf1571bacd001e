"""The JSON shapes of the API (described in :mod:`tracker.web.openapi`; a test keeps the two in step)."""

from flask import current_app, url_for

from tracker.models import Document, Milestone, ProgressReport, Unit, WorkItem
from tracker.services.lights import LightRule


def _date(value) -> str | None:
    return value.isoformat() if value is not None else None


def unit(value: Unit) -> dict:
    """A unit."""
    return {"id": value.id, "name": value.name, "kind": value.kind, "county": value.county}


def _unit_ref(value: Unit | None) -> dict | None:
    return {"id": value.id, "name": value.name} if value is not None else None


def document(value: Document) -> dict:
    """A document."""
    return {
        "id": value.id,
        "number": value.number,
        "title": value.title,
        "issuer": value.issuer,
        "issued_on": _date(value.issued_on),
        "revision": value.revision,
    }


def milestone(value: Milestone) -> dict:
    """A deadline with its printed phrase."""
    return {
        "id": value.id,
        "phrase": value.phrase,
        "due_on": _date(value.due_on),
        "original_due_on": _date(value.original_due_on),
        "start_on": _date(value.start_on),
        "is_completed": value.completed_at is not None,
    }


def item(value: WorkItem, rule: LightRule) -> dict:
    """An item as listed."""
    light = rule.light_of(value.status, value.due_on)
    return {
        "id": value.id,
        "label": value.label,
        "title": value.title,
        "text": value.source_text,
        "document": {"id": value.document.id, "number": value.document.number, "title": value.document.title},
        "lead_unit": _unit_ref(value.lead_unit),
        "co_units": [_unit_ref(unit_) for unit_ in value.co_units],
        "leaders": list(value.leaders),
        "persons": list(value.persons),
        "status": value.status,
        "status_label": value.status_label,
        "light": light,
        "progress_percent": value.progress_percent,
        "due_on": _date(value.due_on),
        "days_overdue": rule.days_overdue(value.due_on) if light == "red" else 0,
        "milestones": [milestone(m) for m in value.milestones],
        "url": current_app.config["BASE_URL"].rstrip("/") + url_for("items.detail", item_id=value.id),
    }


def report(value: ProgressReport) -> dict:
    """A progress report."""
    return {
        "id": value.id,
        "item_id": value.work_item_id,
        "unit_id": value.unit_id,
        "text": value.text,
        "percent": value.percent,
        "is_completion": value.is_completion,
        "submitted_at": value.submitted_at.isoformat(),
        "review_state": value.review_state,
        "review_note": value.review_note,
    }


def item_detail(value: WorkItem, rule: LightRule) -> dict:
    """An item with its progress reports, oldest first."""
    return {**item(value, rule), "reports": [report(r) for r in value.progress_reports]}
