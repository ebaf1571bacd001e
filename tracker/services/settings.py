"""Reminder settings: stored in the database so the office can change them and every job run sees the change."""

import datetime as dt

from flask import current_app

from tracker.extensions import db
from tracker.models import ReminderSettings, User
from tracker.services.history import record_event

SETTINGS_ID = 1
#: The fields the office may edit, in the order the history shows them.
FIELDS = (
    "digest_weekday",
    "digest_time",
    "due_soon_days",
    "escalation_working_days",
    "duty_reminder_working_days",
    "muted_unit_ids",
)


def get_settings() -> ReminderSettings:
    """The current settings; until the office first saves them, defaults (due-soon window from config).

    The default object is not added to the session, so reading never writes.
    """
    settings = db.session.get(ReminderSettings, SETTINGS_ID)
    if settings is None:
        settings = ReminderSettings(
            id=SETTINGS_ID,
            digest_weekday=0,
            digest_time=dt.time(8, 30),
            due_soon_days=current_app.config["TRACKER_DUE_SOON_DAYS"],
            escalation_working_days=5,
            duty_reminder_working_days=3,
            muted_unit_ids=[],
        )
    return settings


def update_settings(actor: User | None, now: dt.datetime, **values) -> ReminderSettings:
    """Change the settings, recording the old and new values in the history."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown reminder settings: {', '.join(sorted(unknown))}")
    settings = get_settings()
    before = _snapshot(settings)
    for name, value in values.items():
        setattr(settings, name, sorted(set(value)) if name == "muted_unit_ids" else value)
    settings.updated_at = now
    settings.updated_by_id = actor.id if actor is not None else None
    db.session.add(settings)
    db.session.flush()
    record_event("settings.reminders", actor, before=before, after=_snapshot(settings), at=now)
    return settings


def set_unit_muted(actor: User | None, now: dt.datetime, unit_id: int, muted: bool) -> ReminderSettings:
    """Pause or resume one unit's reminders (from the unit's own page), recorded like any settings change."""
    current = set(get_settings().muted_unit_ids or ())
    return update_settings(actor, now, muted_unit_ids=current | {unit_id} if muted else current - {unit_id})


def _snapshot(settings: ReminderSettings) -> dict:
    """The editable fields as JSON-friendly values, for the history."""
    values = {name: getattr(settings, name) for name in FIELDS}
    values["digest_time"] = values["digest_time"].strftime("%H:%M")
    return values
