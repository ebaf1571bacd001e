"""Units: the departments, townships and other bodies that receive work items."""

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import clock
from tracker.extensions import db
from tracker.models.types import UTCDateTime
from tracker.text import N_

#: Kinds of unit, with the labels users see.
UNIT_KIND_LABELS = {
    "department": N_("部门"),
    "township": N_("乡镇"),
    "enterprise": N_("企业或派驻机构"),
    "group": N_("统称（多个单位）"),
    "other": N_("其他"),
}
UNIT_KINDS = tuple(UNIT_KIND_LABELS)


class Unit(db.Model):
    """A responsible body under its canonical name (县发展和改革局)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("county", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Canonical name as the office writes it in the ledger.
    name: Mapped[str] = mapped_column(String(120))
    #: department, township, enterprise, group (各乡镇, 各有关部门: several bodies at once) or other.
    kind: Mapped[str] = mapped_column(String(20), default="department")
    #: The county the unit belongs to, so one deployment can serve several counties.
    county: Mapped[str] = mapped_column(String(60), default="")
    #: Addresses that receive the weekly deadline digest.
    reminder_emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=clock.now)

    aliases: Mapped[list["UnitAlias"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.alias"
    )

    @property
    def kind_label(self) -> str:
        """The kind as shown to users (部门, 乡镇 …)."""
        return UNIT_KIND_LABELS[self.kind]

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name}>"


class UnitAlias(db.Model):
    """Another name under which gazettes print a unit (县发改局, 发改局)."""

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(120), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")

    def __repr__(self) -> str:
        return f"<UnitAlias {self.alias!r} -> {self.unit_id}>"
