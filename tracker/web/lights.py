"""The traffic-light rule for the current request's day."""

from flask import current_app

from tracker import clock
from tracker.services.lights import LightRule


def todays_rule() -> LightRule:
    """Today's light rule with the configured due-soon window."""
    return LightRule.on(clock.today(), current_app.config["TRACKER_DUE_SOON_DAYS"])
