"""Who may see and do what. Views, the API and exports all ask here, on the server.

Roles: admin (users, units, settings, and everything a supervisor does),
supervisor (督查室: all items, import, verify or return, exports), unit_staff
(items where their unit is lead or co-unit), viewer (leaders: read-only).
"""

from tracker.extensions import db
from tracker.models import User, WorkItem, WorkItemUnit

OFFICE_ROLES = frozenset({"admin", "supervisor"})
READ_ALL_ROLES = frozenset({"admin", "supervisor", "viewer"})


def is_office(user: User) -> bool:
    """Whether the user works for the supervision office (or administers the system)."""
    return user.role in OFFICE_ROLES


def can_read_all(user: User) -> bool:
    """Whether the user sees every unit's items."""
    return user.role in READ_ALL_ROLES


def visible_items_clause(user: User):
    """A WHERE clause limiting work items to those ``user`` may see."""
    if can_read_all(user):
        return db.true()
    if user.role == "unit_staff" and user.unit_id is not None:
        # IN over the (unit, item) index: the database starts from the unit's few items, not from every item.
        return WorkItem.id.in_(
            db.select(WorkItemUnit.work_item_id).where(WorkItemUnit.unit_id == user.unit_id)
        )
    return db.false()


def get_visible_item(item_id: int, user: User) -> WorkItem | None:
    """Return the item if it exists and ``user`` may see it, else None (the view answers 404)."""
    return db.session.execute(
        db.select(WorkItem).where(WorkItem.id == item_id, visible_items_clause(user))
    ).scalar_one_or_none()


def is_lead_staff(user: User, item: WorkItem) -> bool:
    """Whether ``user`` is staff of the item's lead unit (who signs for it and submits it)."""
    return user.role == "unit_staff" and user.unit_id is not None and user.unit_id == item.lead_unit_id


def is_unit_staff_of(user: User, item: WorkItem) -> bool:
    """Whether ``user`` is staff of any unit responsible for the item."""
    return (
        user.role == "unit_staff"
        and user.unit_id is not None
        and any(link.unit_id == user.unit_id for link in item.unit_links)
    )
