"""The names panel of an import review: each printed unit name the directory does not know, decided once.

A gazette from a county the directory barely knows prints a hundred unknown names over
its tasks; fixing them row by row takes hours. The review instead keeps one entry per
unknown name (``review["names"]``)::

    {"name": "县应急局", "tasks": 4, "is_unit": true, "reason": "",
     "guess": {"id": 7, "name": "县应急管理局", "county": "兴县", "strength": "strong"} | null,
     "decision": "map" | "create" | "drop", "unit_id": 7 | null, "unit_name": "县应急管理局" | null,
     "kind": "department"}

Defaults: a strong guess is mapped, a name with the shape of a unit is created, anything
else (role words, fragments of sentences: see :mod:`tracker.services.unit_grammar`) is
"not a unit" and is dropped from every task. The writer follows the decisions; a
mapping becomes an alias of the unit, so the next import resolves the name by itself.
"""

from collections import Counter
from collections.abc import Mapping

from tracker.extensions import db
from tracker.models import Unit
from tracker.models.unit import UNIT_KINDS
from tracker.services.unit_directory import UnitDirectory
from tracker.services.unit_grammar import check_unit_name, guess_unit_kind
from tracker.services.unit_guess import UnitGuesser
from tracker.services.unit_names import clean_unit_name, is_role_word

DECISIONS = ("map", "create", "drop")


def task_unit_names(task: dict) -> list[str]:
    """The unit names of a review task (lead first), as the writer will look them up."""
    names = ([task["lead_unit"]] if task["lead_unit"] else []) + list(task["co_units"])
    return list(dict.fromkeys(clean_unit_name(name) for name in names if clean_unit_name(name)))


def _written_tasks(review: dict):
    """The tasks that confirming would write: included, in included documents that are not duplicates."""
    for document in review["documents"]:
        if document["include"] and document["status"] != "duplicate":
            yield from (task for task in document["tasks"] if task["include"])


def refresh_names(review: dict, county: str) -> dict:
    """Return the review with its names panel recomputed from the tasks, keeping the clerk's decisions.

    Called after every change of the tasks: a name typed into a row joins the panel, a
    name no written task uses any more leaves it, a name the directory now knows (the
    unit was created meanwhile) leaves it too.
    """
    directory = UnitDirectory(county)
    guesser = None
    previous = {entry["name"]: entry for entry in review.get("names", [])}
    counts = Counter(name for task in _written_tasks(review) for name in task_unit_names(task))
    names = []
    for name, tasks in counts.items():
        if directory.resolve(name).unit is not None:
            continue
        entry = previous.get(name)
        if entry is None:
            guesser = guesser or UnitGuesser(directory)
            entry = default_entry(name, guesser)
        names.append({**entry, "tasks": tasks})
    names.sort(key=lambda entry: -entry["tasks"])  # stable: ties keep the order of first appearance
    return {**review, "names": names}


def default_entry(name: str, guesser: UnitGuesser) -> dict:
    """The panel entry of a name met for the first time, with its default decision."""
    verdict = check_unit_name(name)
    guess = None if is_role_word(name) else guesser.guess(name)
    entry = {
        "name": name,
        "tasks": 0,
        "is_unit": verdict.is_unit,
        "reason": verdict.reason,
        "guess": guess
        and {
            "id": guess.unit.id,
            "name": guess.unit.name,
            "county": guess.unit.county,
            "strength": guess.strength,
        },
        "decision": "drop",
        "unit_id": None,
        "unit_name": None,
        "kind": guess_unit_kind(name),
    }
    if verdict.is_unit and guess and guess.strength == "strong":
        entry.update(decision="map", unit_id=guess.unit.id, unit_name=guess.unit.name)
    elif verdict.is_unit:
        entry["decision"] = "create"
    return entry


def decide_name(review: dict, county: str, name: str, decision: str, *, unit=None, kind=None) -> list[str]:
    """Record the clerk's decision for one name in place; return the problems (nothing changed then)."""
    entry = next((entry for entry in review["names"] if entry["name"] == name), None)
    if entry is None:
        return [f"“{name}”不在待确认的名称中。"]
    if decision not in DECISIONS:
        return [f"“{name}”：请选择对应已有单位、新建单位或不是单位。"]
    if decision == "map":
        target = _mappable_unit(unit, county)
        if target is None:
            return [f"“{name}”：请从单位目录中选择要对应的单位。"]
        entry.update(decision="map", unit_id=target.id, unit_name=target.name)
    elif decision == "create":
        if is_role_word(name):
            return [f"“{name}”是职责称谓，不能建为单位；请对应到具体单位或选“不是单位”。"]
        if kind not in UNIT_KINDS:
            return [f"“{name}”：请选择新单位的类型。"]
        entry.update(decision="create", unit_id=None, unit_name=None, kind=kind)
    else:
        entry.update(decision="drop", unit_id=None, unit_name=None)
    return []


def _mappable_unit(unit, county: str) -> Unit | None:
    """The active unit of the county (or a shared one) given by id or by a name the directory resolves."""
    if unit is None or unit == "":
        return None
    if isinstance(unit, int) or str(unit).isdigit():
        found = db.session.get(Unit, int(unit))
        return found if found is not None and found.is_active and found.county in {"", county} else None
    return UnitDirectory(county).resolve(str(unit)).unit


def apply_name_form(review: dict, form: Mapping[str, str], county: str) -> tuple[dict | None, list[str]]:
    """Apply the names panel form (fields ``n<i>-name``, ``-decision``, ``-unit``, ``-unitname``, ``-kind``).

    Returns (new review, []) or (None, problems), leaving ``review`` untouched. Each
    row carries the name it decides, so a panel rendered before another save still
    applies to the right names.
    """
    edited = {**review, "names": [dict(entry) for entry in review.get("names", [])]}
    problems: list[str] = []
    index = 0
    while f"n{index}-name" in form:
        prefix = f"n{index}-"
        name = form[f"{prefix}name"]
        index += 1
        if not any(entry["name"] == name for entry in edited["names"]):
            continue  # no written task uses the name any more
        unit = form.get(f"{prefix}unit") or form.get(f"{prefix}unitname", "").strip() or None
        problems += decide_name(
            edited, county, name, form.get(f"{prefix}decision", ""), unit=unit, kind=form.get(f"{prefix}kind")
        )
    return (None, problems) if problems else (edited, [])


def units_to_create(review: dict) -> list[dict]:
    """The entries the confirmation will create as new units (shown as "将新建 N 个单位")."""
    return [entry for entry in review.get("names", []) if entry["decision"] == "create"]


#: How a non-interactive import (the CLI) treats unknown names: "auto" keeps the review's defaults
#: (map strong guesses, create names with the shape of a unit, drop the rest), "create" creates every
#: name except role words, "drop" creates and maps nothing.
UNKNOWN_NAME_POLICIES = ("auto", "create", "drop")


def apply_unknown_policy(review: dict, policy: str) -> dict:
    """Return the review with every name decided by ``policy`` (one of :data:`UNKNOWN_NAME_POLICIES`)."""
    names = []
    for entry in review.get("names", []):
        entry = dict(entry)
        if policy == "drop" or (policy == "create" and is_role_word(entry["name"])):
            entry.update(decision="drop", unit_id=None, unit_name=None)
        elif policy == "create":
            entry.update(decision="create", unit_id=None, unit_name=None)
        names.append(entry)
    return {**review, "names": names}
