"""Find one unit from a name a person types (CLI options, filters): in a county, by full name, or not at all.

``县水利局`` exists in every county of the directory, so a bare name is read in the county given, else in
the office's county, else in every county; ``交城县水利局`` (the county's name in front) names its county
itself. A name that fits several units is answered with the candidates, one that fits none with the
closest names, and never with a traceback.
"""

from tracker.errors import TrackerError
from tracker.extensions import db
from tracker.models import Unit
from tracker.services.office import known_counties, office_county
from tracker.services.unit_directory import resolve_unit

#: How many near names a "no such unit" answer suggests.
SUGGESTIONS = 8


class UnitLookupError(TrackerError):
    """No unit, or more than one, answers to the name; the message lists the candidates."""


def full_name(unit: Unit) -> str:
    """The unit with its county, as people write it when it matters (交城县 · 县水利局)."""
    return f"{unit.county} · {unit.name}" if unit.county else unit.name


def find_unit(name: str, county: str | None = None) -> Unit:
    """The one active unit ``name`` stands for (see the module's rules); raises UnitLookupError otherwise."""
    name = (name or "").strip()
    if not name:
        raise UnitLookupError("请给出单位名称。")
    counties = known_counties()
    if county is not None and county not in counties:
        raise UnitLookupError(f"没有名为“{county}”的县。可选：{'、'.join(counties)}。")
    named = next((c for c in counties if name.startswith(c) and len(name) > len(c)), None)
    scope = county or named or office_county()
    if scope:
        found = resolve_unit(name, scope).unit
        if found is not None:
            return found
        raise UnitLookupError(f"{scope}没有名为“{name}”的单位。{_suggest(name)}")
    matches = {unit.id: unit for c in counties if (unit := resolve_unit(name, c).unit) is not None}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if matches:
        listed = "；".join(full_name(u) for u in sorted(matches.values(), key=lambda u: (u.county, u.name)))
        raise UnitLookupError(
            f"“{name}”在多个县都有：{listed}。请加 --county 指明县，或写全称（如“{_example(matches)}”）。"
        )
    raise UnitLookupError(f"没有名为“{name}”的单位。{_suggest(name)}")


def _example(matches: dict[int, Unit]) -> str:
    unit = min(matches.values(), key=lambda u: (u.county, u.name))
    return unit.county + unit.name.removeprefix("县")


def _suggest(name: str) -> str:
    """Up to SUGGESTIONS active units, of any county, whose name holds the typed name's last characters."""
    query = db.select(Unit).where(Unit.is_active, Unit.name.contains(name[-3:], autoescape=True))
    near = db.session.scalars(query.order_by(Unit.county, Unit.name).limit(SUGGESTIONS)).all()
    return f"相近的单位：{'；'.join(full_name(u) for u in near)}。" if near else ""
