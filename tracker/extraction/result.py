"""Dataclasses of the extraction result and their JSON shape (read by the scorer and the importer)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Task:
    """One work item of a document that assigns work to a unit or carries a time limit."""

    label: str | None
    title: str
    text: str
    line: int
    lead_unit: str | None = None
    units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    recurrence: str | None = None
    duties: list[dict[str, Any]] = field(default_factory=list)
    #: How sure the engine is that this is a task with these units (0-1), and the conventions that said so.
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)
    #: For each name in ``units``: "explicit" (under a 牵头单位/责任单位 label or a table column) or "inferred"
    #: (found in running text: 由X牵头, the subject of a sentence).
    unit_sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the task in the agreed JSON shape (duties are an extra, optional field)."""
        data: dict[str, Any] = {
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "lead_unit": self.lead_unit,
            "units": list(self.units),
            "leaders": list(self.leaders),
            "persons": list(self.persons),
            "deadlines": list(self.deadlines),
            "recurrence": self.recurrence,
            "line": self.line,
            "confidence": round(self.confidence, 2),
            "reasons": list(self.reasons),
            "unit_sources": dict(self.unit_sources),
        }
        if self.duties:
            data["duties"] = list(self.duties)
        return data


@dataclass
class Document:
    """One official document printed in the gazette (a notice, decision, reply, plan ...)."""

    number: str | None
    title: str
    issuer: str | None
    issued_on: date | None
    line: int
    tasks: list[Task] = field(default_factory=list)
    #: Items the engine did not take as tasks but that look close (a numbered item under a task section with no
    #: unit, a field line with no item), offered in the review instead of being lost.
    candidates: list[Task] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the document and its tasks in the agreed JSON shape."""
        return {
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "issued_on": _iso(self.issued_on),
            "line": self.line,
            "tasks": [task.to_json() for task in self.tasks],
            "candidates": [task.to_json() for task in self.candidates],
        }


@dataclass
class ExtractionResult:
    """Everything extracted from one gazette file."""

    source: str
    documents: list[Document] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the result as plain JSON-compatible data."""
        return {"source": self.source, "documents": [doc.to_json() for doc in self.documents]}

    def dumps(self, indent: int | None = 2) -> str:
        """Serialise to a JSON string that keeps Chinese characters readable."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)
