"""The office's county (本县) and its other office-wide choices.

A county office supervises one county, yet the unit directory holds several (the seeds cover 交城县, 中阳县
and 泽州县, and 县水利局 exists in each). So the office names its county once, on first start, on the
本县设置 page or with ``TRACKER_COUNTY``; every picker, filter, ranking, the weekly report and the CLI start
from it. A city-level office leaves it empty and picks a county in each filter: a filter, never a mix.
"""

import datetime as dt

from flask import current_app
from sqlalchemy import or_

from tracker.errors import TrackerError
from tracker.extensions import db
from tracker.models import OfficeSettings, Unit, User, WorkItem
from tracker.services.history import record_event

SETTINGS_ID = 1
#: The value of a ``county`` query argument that asks for every county.
ALL_COUNTIES = "all"


class OfficeSettingsError(TrackerError):
    """A county that is not in the unit directory."""


def get_office() -> OfficeSettings:
    """The stored settings, or (not added to the session, so reading never writes) the defaults."""
    return db.session.get(OfficeSettings, SETTINGS_ID) or OfficeSettings(
        id=SETTINGS_ID, county=current_app.config.get("TRACKER_COUNTY", ""), is_copying_staff=False
    )


def office_county() -> str | None:
    """The office's county, or None when it supervises every county."""
    return get_office().county or None


def county_scope(requested: str | None) -> str | None:
    """The county a page or query covers: the one asked for, every one for ``all``, else the office's."""
    requested = (requested or "").strip()
    if requested == ALL_COUNTIES:
        return None
    return requested or office_county()


def in_county(county: str | None):
    """A WHERE clause keeping the work items whose lead unit belongs to ``county`` (every item for None).

    Items without a lead unit stay in every county's view: they need the office to name one.
    """
    if not county:
        return db.true()
    return or_(
        WorkItem.lead_unit_id.is_(None),
        WorkItem.lead_unit_id.in_(db.select(Unit.id).where(Unit.county == county)),
    )


def known_counties() -> list[str]:
    """The counties of the unit directory, in name order (shared units, county "", left out)."""
    return list(
        db.session.scalars(
            db.select(Unit.county).where(Unit.county != "", Unit.is_active).distinct().order_by(Unit.county)
        )
    )


def update_office(
    actor: User | None, now: dt.datetime, *, county: str | None = None, is_copying_staff: bool | None = None
) -> OfficeSettings:
    """Change the settings given (None leaves one as it is), recorded in the history; the caller commits."""
    settings = get_office()
    before = {"county": settings.county, "is_copying_staff": settings.is_copying_staff}
    if county is not None:
        county = county.strip()
        if county and county not in known_counties():
            raise OfficeSettingsError(
                f"单位名录中没有“{county}”。可选：{'、'.join(known_counties()) or '（名录为空，请先导入单位名录）'}。"
            )
        settings.county = county
    if is_copying_staff is not None:
        settings.is_copying_staff = is_copying_staff
    settings.updated_at, settings.updated_by_id = now, actor.id if actor is not None else None
    db.session.add(settings)
    db.session.flush()
    record_event(
        "settings.office",
        actor,
        before=before,
        after={"county": settings.county, "is_copying_staff": settings.is_copying_staff},
        at=now,
    )
    return settings
