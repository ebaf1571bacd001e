"""Figures that are expensive at province scale, kept for a few minutes."""

import datetime as dt

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.types import UTCDateTime


class CachedFigures(db.Model):
    """The last computation of one set of figures (e.g. the office dashboard for one day).

    Stored in the database rather than in a web worker's memory, so every
    worker (and the scheduler, which refreshes them) shares one copy.
    """

    __tablename__ = "cached_figures"

    #: What was computed, e.g. "dashboard:all:2026-11-23:7".
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    #: How long the computation took; cheap figures are not worth serving stale.
    duration_ms: Mapped[int]
    payload: Mapped[dict] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<CachedFigures {self.key} {self.computed_at} {self.duration_ms}ms>"
