"""How many edits a clerk makes in the import review before confirming gives the gold ledger.

Run from the repository root: ``python -m bench.review_effort``. For each gazette with gold
(../shared/seeds with ../shared/eval/gold, ../shared/corpus with its gold/), it prepares the
import on a fresh SQLite database seeded with the shipped unit directory, takes the review
exactly as it opens (names panel defaults included), and counts the edits:

- a name of the panel whose default is wrong: one edit (a gold task uses it as a unit but it
  defaults to "not a unit", or no gold task uses it but it would be created or mapped);
- a gold task the review lacks: one click when it is among the candidates, otherwise one edit
  to add it plus its lead and date (the review cannot add a row: it is added after the import);
- a review task that is not in the gold: one exclusion (one per document when none of the
  document's tasks is in the gold);
- a matched task whose lead (after the names panel) is not a gold lead: one edit;
- a matched task whose dated deadlines differ from the gold's: one edit.

Edits are counted per row, and again with the review's bulk actions: in each document, one
bulk edit per distinct gold lead to set, per distinct gold date set to set, and one exclusion
of all the stray rows. Role words the gold keeps as units (建设单位, 实施主体: the schema keeps
generic actors as printed) but the product never creates are counted as name edits and also
shown apart. Target: at most 1 edit per 10 gold tasks.
Writes bench/results/review-effort.md and .json (read by ``python -m bench.summary``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.summary import write_summary
from config import TestingConfig
from tracker import clock, create_app
from tracker.errors import ImportRejected
from tracker.extensions import db
from tracker.services.imports import prepare_import
from tracker.services.unit_directory import UnitDirectory, seed_units
from tracker.services.unit_names import is_role_word

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds": (SHARED / "seeds", SHARED / "eval" / "gold"),
    "corpus": (SHARED / "corpus", SHARED / "corpus" / "gold"),
}
RESULTS = ROOT / "bench" / "results"
COMMAND = "python -m bench.review_effort"
TARGET_PER_TEN = 1.0
_BLANKS = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """The text without white space (gold snippets are matched this way, as the scorer does)."""
    return _BLANKS.sub("", text or "")


@dataclass
class Effort:
    """The edits counted for one gazette, by kind."""

    file: str
    gold_tasks: int
    #: Name edits for role words the gold keeps as units (included in edits["names"]).
    role_words: int = 0
    #: The lead, deadline and exclusion fixes as bulk actions: distinct (document, value) pairs.
    bulk_groups: set = field(default_factory=set)
    edits: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("names", "add_candidate", "add_missing", "exclude", "lead", "deadline"), 0
        )
    )

    @property
    def total(self) -> int:
        """All edits of the gazette, row by row."""
        return sum(self.edits.values())

    @property
    def total_bulk(self) -> int:
        """All edits when the rows' lead, deadline and exclusion fixes are made as bulk actions."""
        rows = self.edits["lead"] + self.edits["deadline"] + self.edits["exclude"]
        return self.total - rows + len(self.bulk_groups)


def same_unit(directory: UnitDirectory, printed: str | None, gold: list[str]) -> bool:
    """Whether the review's lead is one of the gold leads: the same text, or the same unit of the directory."""
    if not printed:
        return not gold
    resolved = directory.resolve(printed).unit
    for name in gold:
        if squash(name) == squash(printed):
            return True
        other = directory.resolve(name).unit
        if resolved is not None and other is not None and resolved.id == other.id:
            return True
    return False


def dated(deadlines: list[dict]) -> set[str]:
    """The dates of a task's deadlines that have one."""
    return {deadline["date"] for deadline in deadlines if deadline.get("date")}


def effective_lead(task: dict, names: dict[str, dict]) -> str | None:
    """The lead a confirmed import would link: the panel maps it, drops it or leaves it as printed."""
    lead = squash(task["lead_unit"])
    entry = names.get(lead)
    if entry is None:
        return lead or None
    return {"map": entry["unit_name"], "create": lead, "drop": None}[entry["decision"]]


def count_effort(review: dict | None, gold: list[dict], county: str, file: str) -> Effort:
    """Count the clerk's edits from ``review`` (None: the import was refused) to ``gold``."""
    effort = Effort(file, len(gold))
    if review is None:
        for task in gold:
            effort.edits["add_missing"] += 1 + bool(task["lead_units"]) + bool(dated(task["deadlines"]))
        return effort
    directory = UnitDirectory(county)
    names = {entry["name"]: entry for entry in review["names"]}
    gold_units = {squash(unit) for task in gold for unit in task["units"]}
    for name, entry in names.items():
        wrong = (name in gold_units) == (entry["decision"] == "drop")
        effort.edits["names"] += wrong
        effort.role_words += wrong and is_role_word(name)
    documents = [d for d in review["documents"] if d["include"] and d["status"] != "duplicate"]
    unmatched = list(gold)
    for document in documents:
        matched_any = False
        stray = 0
        for task in (t for t in document["tasks"] if t["include"]):
            text = squash(task["text"])
            hit = next((g for g in unmatched if squash(g["snippet"]) in text), None)
            if hit is None:
                stray += 1
                continue
            unmatched.remove(hit)
            matched_any = True
            lead = effective_lead(task, names)
            if not same_unit(directory, lead, hit["lead_units"]):
                effort.edits["lead"] += 1
                effort.bulk_groups.add((document["key"], "lead", tuple(hit["lead_units"][:1])))
            if dated(task["deadlines"]) != dated(hit["deadlines"]):
                effort.edits["deadline"] += 1
                effort.bulk_groups.add((document["key"], "deadline", tuple(sorted(dated(hit["deadlines"])))))
        effort.edits["exclude"] += stray if matched_any else min(stray, 1)
        if stray:
            effort.bulk_groups.add((document["key"], "exclude", ()))
        for candidate in document.get("candidates", []):
            hit = next((g for g in unmatched if squash(g["snippet"]) in squash(candidate["text"])), None)
            if hit is not None:
                unmatched.remove(hit)
                effort.edits["add_candidate"] += 1
                effort.edits["lead"] += not same_unit(directory, candidate["lead_unit"], hit["lead_units"])
                effort.edits["deadline"] += dated(candidate["deadlines"]) != dated(hit["deadlines"])
    for task in unmatched:
        effort.edits["add_missing"] += 1 + bool(task["lead_units"]) + bool(dated(task["deadlines"]))
    return effort


def measure(path: Path, gold_path: Path) -> Effort:
    """Prepare the import of one gazette on the current database and count the edits to its gold."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    try:
        batch = prepare_import(path.read_bytes(), path.name, None, clock.now())
    except ImportRejected:
        db.session.rollback()
        return count_effort(None, gold, "", path.name)
    effort = count_effort(batch.review, gold, batch.county, path.name)
    db.session.rollback()
    return effort


def render(results: dict[str, list[Effort]], date: str) -> str:
    """The report: per gazette and per set, edits by kind and per 10 gold tasks."""
    lines = [
        "# Import review effort",
        "",
        f"- date: {date}; machine: {platform.machine()}, Python {platform.python_version()}",
        f"- command: `{COMMAND}`",
        "- edits counted row by row, and with bulk actions (one per distinct lead or date fix and per exclusion "
        "in a document); names in brackets: role words the gold keeps as units but the product never creates; "
        "target: at most 1 edit per 10 gold tasks",
        "",
        "| set | file | gold tasks | names (of which role words) | add (candidate) | add (missing) | exclude "
        "| lead | deadline | edits | per 10 tasks | with bulk actions | per 10 tasks |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, efforts in results.items():
        for effort in efforts:
            e = effort.edits
            lines.append(
                f"| {name} | {effort.file} | {effort.gold_tasks} | {e['names']} ({effort.role_words}) "
                f"| {e['add_candidate']} | {e['add_missing']} | {e['exclude']} | {e['lead']} | {e['deadline']} "
                f"| {effort.total} | {per_ten(effort.total, effort.gold_tasks):.1f} | {effort.total_bulk} "
                f"| {per_ten(effort.total_bulk, effort.gold_tasks):.1f} |"
            )
    lines.append("")
    return "\n".join(lines)


def per_ten(edits: int, tasks: int) -> float:
    """Edits per 10 gold tasks."""
    return 10 * edits / tasks if tasks else 0.0


def totals(results: dict[str, list[Effort]]) -> dict[str, dict[str, float]]:
    """Per set: gold tasks, edits and edits per 10 tasks (what bench/RESULTS.md shows)."""
    figures = {}
    for name, efforts in results.items():
        tasks = sum(e.gold_tasks for e in efforts)
        edits = sum(e.total for e in efforts)
        bulk = sum(e.total_bulk for e in efforts)
        figures[name] = {
            "gold_tasks": tasks,
            "edits": edits,
            "per_ten": round(per_ten(edits, tasks), 2),
            "edits_bulk": bulk,
            "per_ten_bulk": round(per_ten(bulk, tasks), 2),
            "role_word_names": sum(e.role_words for e in efforts),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    """Measure every set that is present, print and record the figures."""
    parser = argparse.ArgumentParser(prog=COMMAND)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/effort.db")
        with app.app_context():
            db.create_all()
            seed_units()
            db.session.commit()
            results = {
                name: [
                    measure(path, gold_dir / f"{path.stem}.jsonl")
                    for path in sorted(texts.glob("*.txt"))
                    if (gold_dir / f"{path.stem}.jsonl").exists()
                ]
                for name, (texts, gold_dir) in SETS.items()
                if texts.is_dir()
            }
            db.engine.dispose()
    date = datetime.date.today().isoformat()  # noqa: DTZ011 - a report date, not business time
    report = render(results, date)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "review-effort.md").write_text(report, encoding="utf-8")
    figures = {"date": date, "command": COMMAND, "target_per_ten": TARGET_PER_TEN, "sets": totals(results)}
    (args.results / "review-effort.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    write_summary(args.results)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
