"""The database tables, one module per aggregate; importing this package registers them all."""

from tracker.models.access_token import AccessToken
from tracker.models.attachment import Attachment
from tracker.models.cached_figures import CachedFigures
from tracker.models.document import Document
from tracker.models.event import Event, HistoryIsAppendOnly
from tracker.models.extension import ExtensionRequest
from tracker.models.holiday import HolidayOverride, HolidayYear
from tracker.models.import_batch import ImportBatch
from tracker.models.login_failure import LoginFailure
from tracker.models.milestone import Milestone
from tracker.models.office import OfficeSettings
from tracker.models.outbox import OutboxMail
from tracker.models.progress import ProgressReport
from tracker.models.reminders import MissedReport, ReminderSettings
from tracker.models.report_duty import ReportDuty
from tracker.models.scheduling import JobRun, SchedulerLock
from tracker.models.unit import Unit, UnitAlias
from tracker.models.user import User
from tracker.models.work_item import WorkItem, WorkItemUnit

__all__ = [
    "AccessToken",
    "Attachment",
    "CachedFigures",
    "Document",
    "Event",
    "ExtensionRequest",
    "HistoryIsAppendOnly",
    "HolidayOverride",
    "HolidayYear",
    "ImportBatch",
    "JobRun",
    "LoginFailure",
    "Milestone",
    "MissedReport",
    "OfficeSettings",
    "OutboxMail",
    "ProgressReport",
    "ReminderSettings",
    "ReportDuty",
    "SchedulerLock",
    "Unit",
    "UnitAlias",
    "User",
    "WorkItem",
    "WorkItemUnit",
]
