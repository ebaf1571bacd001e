"""The conventions the engine applies, by name, so that each can be switched off and measured.

Every rule below stands for one convention of official documents (see
../shared/docs/document-conventions.md). ``scripts/score_extraction.py --ablate``
runs the engine once per rule with that rule switched off and reports how many
correct gold tasks and units it gains: a rule that gains nothing is a rule to
delete. Switching rules off is for measurement only; extraction always runs
with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

RULES: dict[str, str] = {
    "page-fields": "a web page's own fields (标题/文号/发布日期) give the document's title, 文号 and date",
    "flattened-page": "a page printed on one line is cut into paragraphs at spaces and item labels",
    "single-document": "a file without gazette layout is one document",
    "unnumbered-document": "a 关于… title followed by a 主送机关 line starts a document without a 文号 line",
    "flat-table": "a table printed one cell per line is read as rows by its 序号 and column roles",
    "unit-keyed-table": "a table whose rows open with a unit's name (街镇 | 目标任务) is read as rows",
    "pipe-table": "a markdown or HTML task table becomes one item per row",
    "division-of-labour": "责任分工：X负责…，Y配合 names one unit per clause",
    "duty-list-split": "X：负责… entries in one paragraph are one task each",
    "duty-partner": "a unit an entry gives a duty (配合X做好…) joins the entry's units",
    "apposition-bracket": "a bracket of names right after a name explains it and assigns nothing",
    "glued-names": "names printed without a separator split where an organ word meets a level (局区…)",
    "lead-in-text": "由X牵头、Y配合 in running text",
    "group-bracket": "a bracket on its own line after a group's last sub-item covers the whole group",
    "heading-units": "an item's own heading names its unit (（七）消防大队牵头负责的工作)",
    "section-units": "a section heading's units reach the items under it",
    "subject-units": "the unit that opens a sentence (X要…, X负责…) is responsible",
    "generic-actor": "a paragraph whose only actor is 各有关单位/各部门, with no time limit, is no task",
    "run-in-items": "a label that continues the numbering after a sentence end starts a new item",
    "not-task-document": "appointments, land approvals, regulations hold no tasks",
    "not-task-section": "指导思想/基本原则 sections hold no tasks",
    "heading-deadline": "a section heading's time limit reaches the items under it",
    "document-limit": "an item that says 时限内 takes the document's own limit",
}

_DISABLED: ContextVar[frozenset[str]] = ContextVar("disabled_rules", default=frozenset())


def enabled(rule: str) -> bool:
    """Tell whether ``rule`` applies (always, except while it is being measured)."""
    return rule not in _DISABLED.get()


@contextmanager
def disabled(rules: Iterable[str]) -> Iterator[None]:
    """Switch ``rules`` off for the extraction run inside the block (for the ablation)."""
    names = frozenset(rules)
    unknown = names - RULES.keys()
    if unknown:
        raise KeyError(f"no such rule: {', '.join(sorted(unknown))}")
    token = _DISABLED.set(names)
    try:
        yield
    finally:
        _DISABLED.reset(token)
