"""Write a confirmed import review into the database (inside the caller's transaction)."""

import datetime as dt

from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.models import Document, ImportBatch, Milestone, ReportDuty, Unit, User, WorkItem, WorkItemUnit
from tracker.models.work_item import ROLE_CO, ROLE_LEAD
from tracker.services.documents import current_items, text_key
from tracker.services.history import record_event
from tracker.services.import_review import compare_with_stored
from tracker.services.unit_directory import UnitDirectory, add_alias


class ImportWriter:
    """Creates documents, items, milestones and duties for one reviewed batch."""

    def __init__(self, batch: ImportBatch, actor: User | None, now: dt.datetime):
        self.batch = batch
        self.actor = actor
        self.now = now
        self.directory = UnitDirectory(batch.county)
        self.new_units: dict[str, Unit | None] = {}
        #: The names panel's decision for each printed name the directory did not know.
        self.decisions = {entry["name"]: entry for entry in batch.review.get("names", [])}
        self.lines = batch.source_text.split("\n")
        self.summary = {
            "documents_created": 0,
            "documents_revised": 0,
            "documents_existing": [],
            "items_created": 0,
            "items_kept": 0,
            "items_vanished": 0,
            "units_created": [],
            "units_mapped": [],
            "names_dropped": [],
            "skipped_without_tasks": len(batch.review["skipped"]),
        }

    def write(self) -> dict:
        """Write every included document; return the summary of what happened."""
        documents = self.batch.review["documents"]
        starts = sorted(d["line"] for d in documents)
        for entry in documents:
            # Compared again now, not when the review was built: another upload of the
            # same document (other bytes, same tasks) may have been confirmed since.
            status, existing_id = compare_with_stored(
                entry["number"],
                entry["title"],
                dt.date.fromisoformat(entry["issued_on"]) if entry["issued_on"] else None,
                [task["text"] for task in entry["tasks"]],
            )
            if status == "duplicate":
                self.summary["documents_existing"].append(entry["number"] or entry["title"])
                continue
            tasks = [task for task in entry["tasks"] if task["include"]]
            if not entry["include"] or not tasks:
                continue
            previous = db.session.get(Document, existing_id) if existing_id else None
            document = self._create_document(entry, previous, starts)
            if previous is None:
                self.summary["documents_created"] += 1
                for position, task in enumerate(tasks):
                    self._create_item(document, task, position)
            else:
                self.summary["documents_revised"] += 1
                self._revise(previous, document, tasks)
        return self.summary

    def _create_document(self, entry: dict, previous: Document | None, starts: list[int]) -> Document:
        later = [line for line in starts if line > entry["line"]]
        end = later[0] - 1 if later else len(self.lines)
        document = Document(
            number=entry["number"],
            revision=previous.revision + 1 if previous else 1,
            title=entry["title"][:300],
            issuer=(entry["issuer"] or None) and entry["issuer"][:120],
            issued_on=dt.date.fromisoformat(entry["issued_on"]) if entry["issued_on"] else None,
            source_name=self.batch.source_name,
            source_checksum=self.batch.source_checksum,
            full_text="\n".join(self.lines[entry["line"] - 1 : end]),
            imported_at=self.now,
            imported_by_id=self.actor.id if self.actor else None,
        )
        db.session.add(document)
        db.session.flush()
        record_event(
            "document.imported",
            self.actor,
            document=document,
            after={"number": document.number, "revision": document.revision, "source": document.source_name},
            at=self.now,
        )
        return document

    def _unit(self, name: str) -> Unit | None:
        """The unit for a printed name: the directory's, else as the names panel decided (None: not a unit)."""
        name = "".join(name.split())
        resolution = self.directory.resolve(name)
        if resolution.unit is not None:
            return resolution.unit
        if name not in self.new_units:
            self.new_units[name] = self._decided_unit(name, self.decisions.get(name))
        return self.new_units[name]

    def _decided_unit(self, name: str, decision: dict | None) -> Unit | None:
        """Map (recording the name as an alias), create, or drop an unknown name; a name without a decision drops."""
        if decision is None or decision["decision"] == "drop":
            self.summary["names_dropped"].append(name)
            return None
        if decision["decision"] == "map":
            unit = db.session.get(Unit, decision["unit_id"])
            if unit is None or not unit.is_active:
                raise ImportRejected(f"“{name}”要对应的单位已不存在或已停用，请在名称面板中重新选择。")
            add_alias(self.actor, unit, name)
            self.summary["units_mapped"].append([name, unit.name])
            return unit
        unit = Unit(name=name[:120], county=self.batch.county, kind=decision["kind"], created_at=self.now)
        db.session.add(unit)
        db.session.flush()
        record_event("unit.created", self.actor, unit=unit, after={"name": unit.name}, at=self.now)
        self.summary["units_created"].append(unit.name)
        return unit

    def _create_item(self, document: Document, task: dict, position: int) -> WorkItem:
        item = WorkItem(
            document=document,
            position=position,
            label=(task["label"] or None) and task["label"][:40],
            title=task["title"][:200],
            source_text=task["text"],
            source_line=task["line"],
            leaders=task["leaders"],
            persons=task["persons"],
            created_at=self.now,
            updated_at=self.now,
        )
        db.session.add(item)
        self._link_units(item, task)
        for index, deadline in enumerate(task["deadlines"]):
            due = dt.date.fromisoformat(deadline["date"]) if deadline["date"] else None
            item.milestones.append(
                Milestone(
                    position=index,
                    phrase=deadline["text"][:120],
                    due_on=due,
                    start_on=dt.date.fromisoformat(deadline["start"]) if deadline.get("start") else None,
                    original_due_on=due,
                )
            )
        item.refresh_due_on()
        item.original_due_on = item.due_on
        for duty in task["duties"]:
            item.report_duties.append(
                ReportDuty(
                    phrase=duty["text"][:200],
                    rule=duty.get("rule"),
                    fixed_dates=list(duty.get("dates") or []),
                    description=(duty.get("description") or "")[:120],
                    starts_on=document.issued_on,
                )
            )
        db.session.flush()
        record_event(
            "item.created", self.actor, item=item, document=document, after={"title": item.title}, at=self.now
        )
        self.summary["items_created"] += 1
        return item

    def _link_units(self, item: WorkItem, task: dict) -> None:
        seen: set[int] = set()
        names = ([task["lead_unit"]] if task["lead_unit"] else []) + task["co_units"]
        for position, name in enumerate(names):
            unit = self._unit(name)
            if unit is None or unit.id in seen:
                continue
            seen.add(unit.id)
            is_lead = position == 0 and bool(task["lead_unit"])
            if is_lead:
                item.lead_unit = unit
            item.unit_links.append(
                WorkItemUnit(unit=unit, role=ROLE_LEAD if is_lead else ROLE_CO, position=len(seen) - 1)
            )

    def _revise(self, previous: Document, document: Document, tasks: list[dict]) -> None:
        """Carry matching items over to the new revision; add new ones; flag the ones that vanished."""
        remaining = {text_key(item.source_text): item for item in current_items(previous)}
        by_label_title = {(item.label, item.title): item for item in remaining.values()}
        for position, task in enumerate(tasks):
            item = remaining.pop(text_key(task["text"]), None)
            if item is None:
                candidate = by_label_title.get((task["label"], task["title"]))
                if candidate is not None and text_key(candidate.source_text) in remaining:
                    item = remaining.pop(text_key(candidate.source_text))
            if item is None:
                self._create_item(document, task, position)
                continue
            before = {"document_id": item.document_id, "source_text": item.source_text}
            item.document = document
            item.position = position
            item.source_text = task["text"]
            record_event(
                "item.revised",
                self.actor,
                item=item,
                document=document,
                before=before,
                after={"document_id": document.id, "source_text": item.source_text},
                at=self.now,
            )
            self.summary["items_kept"] += 1
        for item in remaining.values():
            item.is_vanished = True
            record_event(
                "item.vanished",
                self.actor,
                item=item,
                document=document,
                note=f"新版本 {document.number or document.title} 中已无此事项，请督查室核实。",
                at=self.now,
            )
            self.summary["items_vanished"] += 1
