"""The traffic-light rule for the current request's day."""

from tracker import clock
from tracker.services.lights import LightRule
from tracker.services.settings import get_settings


def todays_rule() -> LightRule:
    """Today's light rule with the due-soon window the office set (TRACKER_DUE_SOON_DAYS until it does)."""
    return LightRule.on(clock.today(), get_settings().due_soon_days)
