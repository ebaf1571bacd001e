"""The unit directory: canonical units per county, their aliases, resolution of printed names, merges.

Resolution order for a printed name: exact canonical name → alias → normalised key
(:func:`normalise_unit_name`) → unknown. Unknown names are never dropped: the import
review shows them and proposes a new unit. Only active units take part; a unit merged
into another is deactivated and its names live on as aliases of the target.
"""

import csv
import dataclasses
import logging
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import case, func, or_
from sqlalchemy.orm import selectinload

from tracker.errors import TrackerError
from tracker.extensions import db
from tracker.models import (
    OutboxMail,
    ProgressReport,
    ReportDuty,
    Unit,
    UnitAlias,
    User,
    WorkItem,
    WorkItemUnit,
)
from tracker.models.unit import UNIT_KINDS
from tracker.models.work_item import OPEN_STATUSES, ROLE_LEAD
from tracker.services.addresses import AddressError, normalise_address
from tracker.services.history import record_event
from tracker.services.unit_names import DATA_DIR, clean_unit_name, is_role_word, normalise_unit_name

logger = logging.getLogger(__name__)

UNITS_FILE = DATA_DIR / "units.csv"


class UnitDirectoryError(TrackerError):
    """A unit directory change the rules refuse (duplicate alias, merge across counties …)."""


@dataclasses.dataclass(frozen=True)
class UnitResolution:
    """What a printed unit name resolved to, and how: "exact", "alias", "normalised" or "unknown"."""

    name: str
    unit: Unit | None
    method: str

    @property
    def is_known(self) -> bool:
        """Whether the name matched a unit of the directory."""
        return self.unit is not None


#: Marks a key shared by two different units: such a key resolves to nothing.
_AMBIGUOUS = object()


class UnitDirectory:
    """The active units of one county (and shared ones, county ""), loaded once for many lookups.

    An import resolves every unit of a gazette (about 2,000 names) through one
    instance: two queries, then dictionary lookups. The county's own units win
    over shared ones with the same name or key.
    """

    def __init__(self, county: str):
        self.county = county
        self._names: dict[str, Unit] = {}
        self._aliases: dict[str, Unit] = {}
        self._keys: dict[str, object] = {}
        units = db.session.scalars(
            db.select(Unit)
            .where(Unit.is_active, Unit.county.in_({"", county}))
            .order_by(Unit.county, Unit.id)
        ).all()
        aliases = db.session.execute(
            db.select(UnitAlias.unit_id, UnitAlias.alias)
            .join(Unit)
            .where(Unit.is_active, Unit.county.in_({"", county}))
            .order_by(UnitAlias.id)
        ).all()
        by_id = {unit.id: unit for unit in units}
        for tier in dict.fromkeys(("", county)):  # shared units first, so the county's own win
            tier_keys: dict[str, object] = {}
            for unit in (u for u in units if u.county == tier):
                self._names[unit.name] = unit
                self._add_key(tier_keys, unit.name, unit)
            for unit_id, alias in aliases:
                unit = by_id[unit_id]
                if unit.county == tier:
                    self._aliases[alias] = unit
                    self._add_key(tier_keys, alias, unit)
            self._keys.update(tier_keys)

    def _add_key(self, keys: dict[str, object], name: str, unit: Unit) -> None:
        key = normalise_unit_name(name, self.county)
        known = keys.get(key)
        keys[key] = unit if known is None or known is unit else _AMBIGUOUS

    def named_units(self) -> list[tuple[str, Unit]]:
        """Every canonical name and alias of the county's units with its unit (for guessing near matches)."""
        return list(self._names.items()) + list(self._aliases.items())

    def resolve(self, name: str) -> UnitResolution:
        """Resolve one printed name; role words (牵头单位) and ambiguous keys come back unknown.

        "exact" and "alias" compare the name as printed (outer blanks trimmed); inner
        spaces, full-width brackets and abbreviations are the normalised step's business.
        """
        printed = name.strip()
        if printed in self._names:
            return UnitResolution(name, self._names[printed], "exact")
        if printed in self._aliases:
            return UnitResolution(name, self._aliases[printed], "alias")
        if not is_role_word(printed):
            unit = self._keys.get(normalise_unit_name(printed, self.county))
            if isinstance(unit, Unit):
                return UnitResolution(name, unit, "normalised")
        return UnitResolution(name, None, "unknown")


def directory_lexicon() -> frozenset[str]:
    """Every active unit's name and alias: the names extraction should take for units.

    Aliases confirmed in earlier import reviews are included, so the engine reads a
    county's own wordings better with each import.
    """
    names = db.session.scalars(db.select(Unit.name).where(Unit.is_active)).all()
    aliases = db.session.scalars(db.select(UnitAlias.alias).join(Unit).where(Unit.is_active)).all()
    return frozenset(names) | frozenset(aliases)


def resolve_unit(name: str, county: str) -> UnitResolution:
    """Resolve a single name; for many names build one :class:`UnitDirectory` instead."""
    return UnitDirectory(county).resolve(name)


# -- the data file ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class UnitRow:
    """One canonical unit of the data file."""

    county: str
    name: str
    kind: str
    aliases: tuple[str, ...]


def read_units_file(path: Path | None = None) -> list[UnitRow]:
    """Parse the unit directory file (format in its header comment); raise ValueError on a bad row."""
    path = Path(path or UNITS_FILE)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = []
    for number, record in enumerate(csv.DictReader(lines), start=2):
        name, kind = clean_unit_name(record["name"] or ""), (record["kind"] or "").strip()
        if not name or kind not in UNIT_KINDS:
            raise ValueError(f"{path.name}: data row {number}: need a name and a kind in {UNIT_KINDS}")
        aliases = tuple(filter(None, map(clean_unit_name, (record["aliases"] or "").split("|"))))
        rows.append(UnitRow(clean_unit_name(record["county"] or ""), name, kind, aliases))
    return rows


def seed_units(path: Path | None = None, *, counties: Iterable[str] | None = None) -> int:
    """Add the data file's units and aliases that the database lacks; return how many units were added.

    Idempotent: units and aliases already there are kept as they are. A row whose
    name is now another unit's alias (a person merged it) is skipped, so seeding
    again never undoes a merge.
    """
    wanted = set(counties) if counties is not None else None
    rows = [row for row in read_units_file(path) if wanted is None or row.county in wanted]
    owners = _name_owners({row.county for row in rows})
    created = []
    for row in rows:
        unit = owners.get((row.county, row.name))
        if unit is None:
            unit = Unit(county=row.county, name=row.name, kind=row.kind, reminder_emails=[])
            db.session.add(unit)
            owners[(row.county, row.name)] = unit
            created.append(unit)
        elif unit.name != row.name or not unit.is_active:
            continue
        for alias in row.aliases:
            if (row.county, alias) not in owners:
                unit.aliases.append(UnitAlias(alias=alias))
                owners[(row.county, alias)] = unit
    db.session.flush()
    for unit in created:
        record_event("unit.created", None, unit=unit, after={"name": unit.name, "county": unit.county})
    logger.info("Seeded %d units from the unit directory file", len(created))
    return len(created)


def _name_owners(counties: set[str]) -> dict[tuple[str, str], Unit]:
    """(county, name) -> the unit using that name; aliases win over names of merged-away units."""
    owners = {
        (u.county, u.name): u for u in db.session.scalars(db.select(Unit).where(Unit.county.in_(counties)))
    }
    aliases = db.session.execute(
        db.select(Unit, UnitAlias.alias).join(UnitAlias).where(Unit.county.in_(counties))
    ).all()
    owners.update({(unit.county, alias): unit for unit, alias in aliases})
    return owners


# -- editing -----------------------------------------------------------------------------------


def _unit_named(county: str, name: str) -> Unit | None:
    return db.session.scalars(db.select(Unit).where(Unit.county == county, Unit.name == name)).first()


def _owner_of_name(county: str, name: str) -> Unit | None:
    """The unit of ``county`` that uses ``name`` as an alias, or else as its name (even when merged away)."""
    alias_owner = db.session.scalars(
        db.select(Unit).join(UnitAlias).where(Unit.county == county, UnitAlias.alias == name).limit(1)
    ).first()
    return alias_owner or _unit_named(county, name)


def _clean_new_name(name: str, what: str) -> str:
    cleaned = clean_unit_name(name or "")
    if not cleaned:
        raise UnitDirectoryError(f"{what}不能为空。")
    if len(cleaned) > 120:
        raise UnitDirectoryError(f"{what}不能超过 120 个字。")
    return cleaned


def create_unit(actor: User | None, county: str, name: str, kind: str = "department", aliases=()) -> Unit:
    """Create a unit (for instance one proposed by the import review) with its aliases."""
    name = _clean_new_name(name, "单位名称")
    county = clean_unit_name(county or "")
    if kind not in UNIT_KINDS:
        raise UnitDirectoryError(f"未知的单位类型：{kind}")
    owner = _owner_of_name(county, name)
    if owner is not None:
        raise UnitDirectoryError(f"“{name}”已是“{owner.name}”的名称或别名。")
    unit = Unit(county=county, name=name, kind=kind, reminder_emails=[])
    db.session.add(unit)
    db.session.flush()
    record_event("unit.created", actor, unit=unit, after={"name": name, "county": county, "kind": kind})
    for alias in aliases:
        add_alias(actor, unit, alias)
    return unit


def add_alias(actor: User | None, unit: Unit, alias: str) -> UnitAlias:
    """Record another printed name of ``unit``; refused when the county already uses the name."""
    alias = _clean_new_name(alias, "别名")
    owner = _owner_of_name(unit.county, alias)
    if owner is not None:
        raise UnitDirectoryError(f"“{alias}”已是“{owner.name}”的名称或别名。")
    row = UnitAlias(alias=alias)
    unit.aliases.append(row)
    db.session.flush()
    record_event("unit.alias_added", actor, unit=unit, after={"alias": alias})
    return row


def remove_alias(actor: User | None, unit: Unit, alias: str) -> None:
    """Forget one alias of ``unit``; names printed that way will resolve by key or come back unknown."""
    row = next((row for row in unit.aliases if row.alias == alias), None)
    if row is None:
        raise UnitDirectoryError(f"“{unit.name}”没有别名“{alias}”。")
    unit.aliases.remove(row)
    db.session.flush()
    record_event("unit.alias_removed", actor, unit=unit, before={"alias": alias})


def set_reminder_emails(actor: User | None, unit: Unit, emails: Iterable[str]) -> list[str]:
    """Replace the addresses that receive the unit's digests; every address must be valid."""
    normalised = []
    for email in filter(None, (e.strip() for e in emails)):
        try:
            address = normalise_address(email, max_length=OutboxMail.recipient.type.length)
        except AddressError as error:
            raise UnitDirectoryError(str(error)) from None
        if address not in normalised:
            normalised.append(address)
    before = list(unit.reminder_emails or [])
    if normalised != before:
        unit.reminder_emails = normalised
        db.session.flush()
        record_event("unit.emails", actor, unit=unit, before={"emails": before}, after={"emails": normalised})
    return normalised


# -- merging -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MergeCounts:
    """What a merge moves from the source unit to the target (shown before, recorded after)."""

    links: int
    collapsed_links: int
    lead_items: int
    users: int
    progress_reports: int
    report_duties: int
    names: int


def _count(model, *where) -> int:
    return db.session.scalar(db.select(func.count()).select_from(model).where(*where))


def plan_merge(source: Unit, target: Unit) -> MergeCounts:
    """Check that ``source`` may merge into ``target`` and count what would move."""
    if source.id == target.id:
        raise UnitDirectoryError("不能把单位合并到它自己。")
    if source.county != target.county:
        raise UnitDirectoryError(
            f"只能合并同一县的单位（{source.county or '通用'} ≠ {target.county or '通用'}）。"
        )
    if not (source.is_active and target.is_active):
        raise UnitDirectoryError("已停用（已合并）的单位不能再合并。")
    target_items = db.select(WorkItemUnit.work_item_id).where(WorkItemUnit.unit_id == target.id)
    return MergeCounts(
        links=_count(WorkItemUnit, WorkItemUnit.unit_id == source.id),
        collapsed_links=_count(
            WorkItemUnit, WorkItemUnit.unit_id == source.id, WorkItemUnit.work_item_id.in_(target_items)
        ),
        lead_items=_count(WorkItem, WorkItem.lead_unit_id == source.id),
        users=_count(User, User.unit_id == source.id),
        progress_reports=_count(ProgressReport, ProgressReport.unit_id == source.id),
        report_duties=_count(ReportDuty, ReportDuty.unit_id == source.id),
        names=1 + len(source.aliases),
    )


def _move_links(source: Unit, target: Unit) -> None:
    """Point the source's item links at the target; where both are linked keep one, lead beating co."""
    links = db.session.scalars(
        db.select(WorkItemUnit).where(WorkItemUnit.unit_id.in_([source.id, target.id]))
    ).all()
    target_links = {link.work_item_id: link for link in links if link.unit_id == target.id}
    touched = set()
    for link in (link for link in links if link.unit_id == source.id):
        kept = target_links.get(link.work_item_id)
        if kept is None:
            link.unit_id = target.id
            continue
        if link.role == ROLE_LEAD:
            kept.role = ROLE_LEAD
        kept.position = min(kept.position, link.position)
        db.session.delete(link)
        touched.add(link.work_item)
    db.session.flush()
    for item in touched:
        db.session.refresh(item, ["unit_links"])
        for position, link in enumerate(sorted(item.unit_links, key=lambda link: link.position)):
            link.position = position


def merge_units(actor: User | None, source: Unit, target: Unit) -> MergeCounts:
    """Merge ``source`` into ``target`` in the caller's transaction and return what moved.

    Items, users, progress reports and report duties move to the target; the
    source's name and aliases become aliases of the target; the source is
    deactivated rather than deleted, so its earlier history rows still name it.
    """
    counts = plan_merge(source, target)
    _move_links(source, target)
    for item in db.session.scalars(db.select(WorkItem).where(WorkItem.lead_unit_id == source.id)):
        item.lead_unit_id = target.id  # through the ORM, so each item's version moves on
    for model in (User, ProgressReport, ReportDuty):
        db.session.execute(db.update(model).where(model.unit_id == source.id).values(unit_id=target.id))
    names = [source.name] + [row.alias for row in source.aliases]
    source.aliases.clear()
    source.is_active = False
    db.session.flush()
    known = {row.alias for row in target.aliases} | {target.name}
    target.aliases.extend(UnitAlias(alias=name) for name in names if name not in known)
    db.session.flush()
    record_event(
        "unit.merged",
        actor,
        unit=target,
        before={"unit_id": source.id, "name": source.name, "aliases": names[1:]},
        after={"unit_id": target.id, "name": target.name, **dataclasses.asdict(counts)},
        note=f"“{source.name}”并入“{target.name}”",
    )
    logger.info("Merged unit %s into %s: %s", source.id, target.id, counts)
    return counts


# -- listing -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class UnitCount:
    """A unit with the number of its open and of all its items (as lead or co-unit)."""

    unit: Unit
    open_items: int
    total_items: int


def units_query(
    county: str | None = None, *, kind: str | None = None, text: str | None = None, include_inactive=False
):
    """The units matching the filters in directory order, aliases loaded; ``text`` searches names and aliases."""
    query = (
        db.select(Unit)
        .options(selectinload(Unit.aliases))
        .order_by(Unit.county, Unit.kind, Unit.name, Unit.id)
    )
    if county is not None:
        query = query.where(Unit.county == county)
    if kind:
        query = query.where(Unit.kind == kind)
    if text:
        text = clean_unit_name(text)
        alias_match = db.select(UnitAlias.id).where(
            UnitAlias.unit_id == Unit.id, UnitAlias.alias.contains(text, autoescape=True)
        )
        query = query.where(or_(Unit.name.contains(text, autoescape=True), alias_match.exists()))
    if not include_inactive:
        query = query.where(Unit.is_active)
    return query


def with_item_counts(units: list[Unit]) -> list[UnitCount]:
    """Each unit with its open and total items (as lead or co-unit), counted for these units only.

    A province has 10^4 units and millions of links, so the page's units are
    chosen first and only their links are grouped.
    """
    if not units:
        return []
    is_open = case((WorkItem.status.in_(OPEN_STATUSES), 1), else_=0)
    rows = db.session.execute(  # a unit is linked to an item once (unique constraint): no DISTINCT to sort
        db.select(WorkItemUnit.unit_id, func.sum(is_open), func.count())
        .join(WorkItem, WorkItem.id == WorkItemUnit.work_item_id)
        .where(WorkItemUnit.unit_id.in_([unit.id for unit in units]))
        .group_by(WorkItemUnit.unit_id)
    )
    counts = {unit_id: (int(open_items), total) for unit_id, open_items, total in rows}
    return [UnitCount(unit, *counts.get(unit.id, (0, 0))) for unit in units]


def list_units_with_counts(
    county: str | None = None, *, kind: str | None = None, text: str | None = None, include_inactive=False
) -> list[UnitCount]:
    """Every unit matching the filters with its item counts (the CLI's listing)."""
    query = units_query(county, kind=kind, text=text, include_inactive=include_inactive)
    return with_item_counts(list(db.session.scalars(query)))


def list_counties() -> list[str]:
    """Every county that has units, for filters."""
    return list(db.session.scalars(db.select(Unit.county).distinct().order_by(Unit.county)))


def suggest_units(text: str, county: str, limit: int = 20) -> list[Unit]:
    """Active units of ``county`` and shared ones whose name or an alias contains ``text`` (the picker's list).

    The county's own units come before shared ones; then names that begin with the text,
    then shorter names (the canonical form of a body is usually its shortest name), so a
    few typed characters find it.
    """
    text = clean_unit_name(text or "")
    if not text:
        return []
    alias_match = db.select(UnitAlias.id).where(UnitAlias.unit_id == Unit.id, UnitAlias.alias.contains(text))
    starts = case((Unit.name.startswith(text), 0), else_=1)
    own = case((Unit.county == county, 0), else_=1)
    return list(
        db.session.scalars(
            db.select(Unit)
            .where(Unit.is_active, Unit.county.in_({"", county}))
            .where(or_(Unit.name.contains(text), alias_match.exists()))
            .order_by(own, starts, func.length(Unit.name), Unit.name, Unit.id)
            .limit(limit)
        )
    )
