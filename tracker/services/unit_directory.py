"""Resolve printed unit names against the unit directory (exact or alias match; the rest is unknown)."""

from dataclasses import dataclass

from tracker.extensions import db
from tracker.models import Unit, UnitAlias


@dataclass(frozen=True)
class UnitResolution:
    """A printed name and the unit it stands for (None when unknown)."""

    name: str
    unit: Unit | None
    method: str


class UnitDirectory:
    """The units of one county, loaded once for many look-ups."""

    def __init__(self, county: str):
        self.county = county
        units = db.session.scalars(db.select(Unit).where(Unit.county == county)).all()
        self._by_name = {unit.name: unit for unit in units}
        aliases = db.session.execute(
            db.select(UnitAlias.alias, Unit).join(Unit).where(Unit.county == county)
        ).all()
        self._by_alias = {alias: unit for alias, unit in aliases}

    def resolve(self, name: str) -> UnitResolution:
        """Find the unit printed as ``name``."""
        name = "".join(name.split())
        if name in self._by_name:
            return UnitResolution(name, self._by_name[name], "exact")
        if name in self._by_alias:
            return UnitResolution(name, self._by_alias[name], "alias")
        return UnitResolution(name, None, "unknown")
