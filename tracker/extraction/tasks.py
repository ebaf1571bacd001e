"""Stage 4: decide which items of a document are tasks and assemble them.

A task is a leaf of a work list (工作任务, 重点任务, 责任分工, 实施步骤 …) that
assigns work and names a responsible unit (its own, or one inherited from the
heading of its section) or carries a time limit. Excluded by convention:
指导思想/基本原则 sections, targets without a unit, boilerplate of 组织领导/保障
措施 that names no unit of its own, and whole documents that appoint people,
approve land use or confiscate property.

Inside one numbered item, a paragraph that follows a closed responsibility
bracket and carries its own bracket, or opens with a topic ("煤矿方面：",
"政府办：负责…"), is a separate task: gazettes list such per-sector duties
without numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tracker.extraction import units as unitlib
from tracker.extraction.deadlines import find_deadlines
from tracker.extraction.names import GENERIC_COLLECTIVE, clean_unit
from tracker.extraction.outline import Item
from tracker.extraction.recurrence import find_duties
from tracker.extraction.result import Task
from tracker.extraction.rules import enabled
from tracker.extraction.subjects import division_of_labour, subjects
from tracker.extraction.textutil import compact, squash

TITLE_MAX = 40
# A first line this short is a heading, not a sentence that OCR broke mid-word.
SHORT_HEADING = 10
NOT_TASK_SECTION = re.compile(
    r"指导思想|基本原则|工作原则|总体思路|编制依据|适用范围|名词解释|术语|组成人员|人员组成|成员名单|组成名单|基本情况"
)
TARGET_SECTION = re.compile(
    r"^(工作|主要|总体|发展|预期|具体|总|建设|创建|年度|阶段)?目标(任务)?$|^总体要求$|^基本情况$|^现状$"
)
BOILERPLATE_SECTION = re.compile(
    r"^(加强|强化|健全)?(组织领导|保障措施|工作要求|组织实施|保障机制|组织保障|工作保障|有关要求|其他事项|工作措施)$"
)
# Appointments, land-use approvals, confiscations, seals and repeals hold no tasks; neither do
# regulations (办法, 规定, 细则), whose articles are standing rules rather than a work list.
NOT_TASK_DOCUMENT = re.compile(
    r"任免|任职|免职|聘任|没收|宗地|用地[^，。]*(批复|方案|计划)|土地储备|土地确权|地价|控制性详细规划|"
    r"(征收|征地)[^，。]*(方案|批复|补偿)|印章|失效|废止|名录|"
    r"(印发|发布|修订)[^《》]*《?[^《》]*(办法|规定|细则|章程|守则)(（试行）|\(试行\))?》?的通知$|(办法|规定|细则)$"
)
REFERS_TO_LIMIT = re.compile(r"在?[\u4e00-\u9fff]{0,4}(时限|期限)内")
TOPIC = re.compile(r"^(?P<topic>[^，,。；;：:（）()]{2,14})[：:]")
UNIT_TOPIC = re.compile(r"(?<=[。；;])\s*(?P<topic>[^，,。；;：:（）()\s]{2,20})[：:]")
# In a unit's duty entry, a unit it works with gets a duty of its own: "配合区民防办做好…", "会同区财政局…".
PARTNER = re.compile(
    r"(?:配合|会同|协助|联合)(?P<unit>[^，,。；;、和与及做开组制对]{2,20}?)(?=做好|开展|组织|制定|对|共同|，|,|。)"
)
#: How sure a task is, by the convention that gave its units (see ``_responsibility``).
SOURCE_CONFIDENCE = {
    "division": 0.95,
    "field": 0.95,
    "duty-heading": 0.9,
    "heading": 0.9,
    "section-heading": 0.85,
    "running-text": 0.8,
    "subject": 0.7,
}
#: Units found in running text rather than under a label, a bracket or a heading.
INFERRED = frozenset({"running-text", "subject"})
#: Below this a chunk is offered to the reviewer as a candidate, not proposed as a task.
CANDIDATE_BELOW = 0.5
# "县工信和科技局。负责…" or a unit on its own line with "负责…" on the next: a duty entry's unit.
UNIT_LEAD_IN = re.compile(
    r"^(?P<topic>[^，,。；;：:（）()、\n]{2,20})[ \t]*(?:。|\n)\s*(?=负责|牵头|承担|主要负责)"
)
DUTY_VERB = re.compile(r"^(负责|牵头|承担|主要负责)")
BARE_UNIT_MAX = 20
# An item that only states when something happens ("排查整治时间：2013年1月至3月") assigns no work.
SCHEDULE_LINE = re.compile(r"^[^，,。；;]{0,12}(时间|时限|期限|时间安排)[：:][^，,。；;]{2,30}[。.]?$")
# What a 保障措施 paragraph asks when it assigns no concrete duty: to take the work seriously.
EXHORTATION = re.compile(
    r"要(高度重视|充分认识|深刻认识|提高认识|统一思想|提高站位|从[^，。]{2,12}高度|切实加强领导)"
)
ENDS_SENTENCE = ("。", "）", ")", "〕", "】", "；", ";")


@dataclass
class Chunk:
    """A run of paragraphs that forms one candidate task."""

    label: str | None
    line: int
    paragraphs: list[tuple[int, str]]

    @property
    def text(self) -> str:
        """Return the chunk's source text, one printed paragraph per line."""
        return "\n".join(p for _, p in self.paragraphs)


def is_task_document(title: str) -> bool:
    """Tell whether a document may hold tasks (not an appointment, land approval or confiscation)."""
    return not enabled("not-task-document") or NOT_TASK_DOCUMENT.search(title) is None


def find_tasks(
    root: Item, reference: date | None, addressee: str | None = None
) -> tuple[list[Task], list[Task]]:
    """Return the tasks of one document's item tree in printed order, and the candidates.

    Candidates are numbered items of a work list that the conventions did not make
    tasks (no unit and no time limit, or a unit only guessed in a boilerplate or
    target section): the review offers them instead of losing them.
    """
    context = Context(reference, addressee, _document_limit(root, reference))
    if enabled("group-bracket"):
        for item in root.walk():
            _lift_group_bracket(item)
    found = Found([], [])
    for child in root.children:
        _tasks_under(child, context, found)
    return found.tasks, found.candidates


@dataclass
class Context:
    """What every item of a document shares: the reference date, the addressee, the document's limit."""

    reference: date | None
    addressee: str | None
    limit: dict | None


@dataclass
class Found:
    """The tasks and the candidates of a subtree, in printed order."""

    tasks: list[Task]
    candidates: list[Task]


def _tasks_under(item: Item, context: Context, found: Found) -> None:
    """Add the tasks (and candidates) of ``item``'s subtree to ``found``.

    Leaves are the candidates. A heading whose sub-items hold no task (a list of
    criteria or conditions) is itself the task when it carries a body of its own:
    "（一）确定服务组织。由乡镇公开择优选择…" followed by "1.具备法人资格…".
    """
    before = len(found.tasks)
    for child in item.children:
        _tasks_under(child, context, found)
    if item.children and (
        len(found.tasks) > before or len([p for p in squash(item.text).split("。") if p]) < 2
    ):
        return
    sections = [squash(a.section_heading) for a in _ancestors(item)]
    own_heading = re.split(r"[。；;：:]", squash(item.heading))[0]
    if enabled("not-task-section") and any(NOT_TASK_SECTION.search(s) for s in [*sections, own_heading]):
        return
    for chunk in _chunks(item):
        headings = sections if chunk.label is None else [*sections, own_heading]
        task = _task(item, chunk, headings, context)
        if task is None:
            continue
        if task.confidence >= CANDIDATE_BELOW:
            found.tasks.append(task)
        elif chunk.label is not None:
            found.candidates.append(task)


def _lift_group_bracket(item: Item) -> None:
    """Give a group the bracket printed on its own line after its last sub-item.

    "1.完成造林绿化。 2.推进河湖长制。 （县林业局、县水利局负责）": the bracket covers
    every sub-item, so it moves to the group's heading, whose units the sub-items
    inherit. When another sub-item has units of its own, the bracket is the last
    sub-item's own (an OCR line break), and stays.
    """
    if len(item.children) < 2:
        return
    last = item.children[-1]
    if len(last.paragraphs) < 2 or last.children:
        return
    flat = squash(last.paragraphs[-1])
    groups = unitlib.brackets(flat)
    if len(groups) != 1 or groups[0][0] != 0 or len(groups[0][1]) + 2 != len(flat.rstrip("。")):
        return
    if not unitlib.responsibility_bracket(groups[0][1]):
        return
    if any(unitlib.explicit(child.text).units for child in item.children[:-1]):
        return
    item.add(last.paragraph_lines.pop(), last.paragraphs.pop())


def _document_limit(root: Item, reference: date | None) -> dict | None:
    """Return the document's own time limit, printed in its preamble or its 目标 section.

    Items refer to it without repeating it ("在创建时限内出台激励机制"), so it
    reaches exactly the items that say 时限内/期限内.
    """
    if reference is None:
        return None
    texts = ["\n".join(root.paragraphs)]
    for item in root.walk():
        if item is not root and TARGET_SECTION.search(
            re.split(r"[，,。；;：: ]", squash(item.section_heading))[0]
        ):
            texts.extend("\n".join(i.paragraphs) for i in item.walk())
    found = [d for d in _ahead(find_deadlines(compact("\n".join(texts)), reference), reference) if d["date"]]
    return max(found, key=lambda d: d["date"]) if found else None


def _ancestors(item: Item) -> list[Item]:
    chain = []
    parent = item.parent
    while parent is not None and parent.level > 0:
        chain.append(parent)
        parent = parent.parent
    return chain


def _chunks(item: Item) -> list[Chunk]:
    """Split a leaf item into its head and the unnumbered per-sector paragraphs under it."""
    paragraphs = [
        (line, piece)
        for line, text in zip(item.paragraph_lines, item.paragraphs, strict=True)
        for piece in split_unit_topics(text)
    ]
    chunks = [Chunk(item.label, item.line, paragraphs[:1])]
    for position, (number, text) in enumerate(paragraphs[1:], start=1):
        flat = squash(text)
        previous = squash(chunks[-1].paragraphs[-1][1])
        following = squash(paragraphs[position + 1][1]) if position + 1 < len(paragraphs) else ""
        topic = _topic(flat) or _bare_unit_heading(flat, following)
        # A bracket closing the previous paragraph may open a line earlier, never further up.
        tail = "".join(p for _, p in chunks[-1].paragraphs[-2:])
        closed = previous.endswith(ENDS_SENTENCE) and _has_bracket_units(tail)
        after_heading = len(chunks) == 1 and len(chunks[0].paragraphs) == 1 and len(previous) <= 30
        after_label = TOPIC.match(previous) is not None
        if closed or (topic and (previous.endswith(ENDS_SENTENCE) or after_heading or after_label)):
            chunks.append(Chunk(None, number, [(number, text)]))
        else:
            chunks[-1].paragraphs.append((number, text))
    # A split-off run that names no unit of its own is only the tail of the run before it.
    merged = [chunks[0]]
    for chunk in chunks[1:]:
        if unitlib.explicit(chunk.text).units or _topic_unit(chunk.text):
            merged.append(chunk)
        else:
            merged[-1].paragraphs.extend(chunk.paragraphs)
    return merged


def split_unit_topics(text: str) -> list[str]:
    """Cut a paragraph before each "X：负责…" whose X is a unit, after a sentence end.

    A duty list printed as one paragraph ("区民防办：负责…。区规划土地局：负责…。")
    gives one task per heading unit, as it does when each entry has its own line.
    """
    if not enabled("duty-list-split"):
        return [text]
    pieces, start = [], 0
    for match in UNIT_TOPIC.finditer(text):
        topic = squash(match["topic"])
        if unitlib.LABEL_LINE.match(topic + "：") or _bracket_depth(text[: match.start()]):
            continue  # a field (责任单位：…) or a name inside a bracket
        if match.start() > start and clean_unit(topic) == topic:
            pieces.append(text[start : match.start()])
            start = match.start()
    pieces.append(text[start:])
    return pieces


def _bracket_depth(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def _has_bracket_units(text: str) -> bool:
    flat = squash(text)
    groups = unitlib.brackets(flat)
    if not groups:
        return False
    position, content = groups[-1]
    tail = flat[position + len(content) + 2 :]
    return len(tail) <= 2 and bool(unitlib.responsibility_bracket(content))


def _topic(flat: str) -> str | None:
    """Return X of a paragraph that opens with a topic "X：" (煤矿方面：, 政府办：), not a label line."""
    match = TOPIC.match(flat)
    if match is None or unitlib.LABEL_LINE.match(flat) or re.search(r"时限|时间|领导|责任人", match["topic"]):
        return None
    return match["topic"]


def _bare_unit_heading(flat: str, following: str) -> str | None:
    """Return the unit of a line that is only one unit's name, heading the duties on the next line."""
    if not enabled("duty-list-split") or not DUTY_VERB.match(following) or re.search(r"[、，,；;]", flat):
        return None
    return flat if len(flat) <= BARE_UNIT_MAX and clean_unit(flat) == flat else None


def _topic_unit(text: str) -> str | None:
    """Return X of a duty entry that opens with its unit: "X：负责…", "X。负责…", or X alone on a line.

    A unit name standing alone on its line ("县市场监督管理局", then "负责特种设备…")
    heads the duties under it, as "X：" does.
    """
    topic = _topic(squash(text))
    if topic is None and (lead_in := UNIT_LEAD_IN.match(text.strip())):
        topic = lead_in["topic"]
    return clean_unit(topic) if topic else None


def _task(item: Item, chunk: Chunk, sections: list[str], context: Context) -> Task | None:
    """Return the task of one chunk, scored by how its units were found; low scores are candidates."""
    text = chunk.text
    own, source = _responsibility(item, chunk, context)
    leaders = own.leaders or _inherited_leaders(item)
    deadlines, duties = _timing(text, item, context)
    phrases = [re.split(r"[，,。；;：: ]", s)[0] for s in sections]
    boiler = any(BOILERPLATE_SECTION.search(p) for p in phrases)
    target = any(TARGET_SECTION.search(p) for p in phrases)
    guessed = source == "subject" or not own.units
    reasons = [f"units:{source}"] if own.units else ["no unit"]
    reasons += ["time limit"] if deadlines else []
    reasons += ["recurring report"] if duties else []
    generic = source == "subject" and own.units and all(GENERIC_COLLECTIVE.fullmatch(u) for u in own.units)
    if not own.units and not deadlines and not duties:
        confidence = 0.3
    elif generic and not deadlines and not duties and enabled("generic-actor"):
        confidence = 0.45
        reasons.append("generic actor only")
    elif SCHEDULE_LINE.match(squash(_body(chunk))) and not own.units:
        confidence = 0.4
        reasons.append("schedule line")
    elif (
        boiler and not deadlines and not duties and (generic or not own.units or _exhortation(chunk, source))
    ):
        confidence = 0.35
        reasons.append("boilerplate section")
    elif target and guessed:
        confidence = 0.35
        reasons.append("target section")
    else:
        confidence = SOURCE_CONFIDENCE[source] if own.units else 0.65
    return Task(
        label=chunk.label,
        title=short_title(text, chunk.label),
        text=text,
        line=chunk.line,
        lead_unit=own.lead,
        units=own.units,
        leaders=leaders,
        persons=own.persons,
        deadlines=deadlines,
        recurrence=duties[0]["description"] if duties else None,
        duties=duties,
        confidence=confidence,
        reasons=reasons,
        unit_sources={unit: "inferred" if source in INFERRED else "explicit" for unit in own.units},
    )


def _exhortation(chunk: Chunk, source: str) -> bool:
    """Tell a call to take the work seriously ("各乡镇要高度重视…") from a concrete duty."""
    return source == "subject" and EXHORTATION.search(squash(_body(chunk))) is not None


def _responsibility(item: Item, chunk: Chunk, context: Context) -> tuple[unitlib.Responsibility, str]:
    """Return who is responsible for a chunk and which convention said so, most explicit first."""
    text = chunk.text
    own = division_of_labour(text)
    if own.units:
        return own, "division"
    own = unitlib.explicit(text)
    if own.units:
        if own.formal:
            return own, "field"
        for unit in subjects(_body(chunk), context.addressee).units:
            own.add(unit)
        return own, "running-text"
    topic = _topic_unit(_body(chunk))
    if topic:
        own.add(topic)
        for partner in PARTNER.finditer(squash(_body(chunk)) if enabled("duty-partner") else ""):
            unit = clean_unit(partner["unit"])
            if unit:
                own.add(unit)
        return own, "duty-heading"
    if chunk.label is not None and enabled("heading-units"):
        own.units, own.leads = _heading_units(item, allow_bare=len(chunk.paragraphs) > 1)
        if own.units:
            return own, "heading"
    for ancestor in _ancestors(item) if enabled("section-units") else []:
        found = _heading_responsibility(ancestor)
        if found.units:
            own.units, own.leads = list(found.units), list(found.leads)
            return own, "section-heading"
    found = subjects(_body(chunk), context.addressee)
    own.units, own.leads = found.units, found.leads
    return own, "subject"


def _body(chunk: Chunk) -> str:
    """Return the chunk's text without its label, so the first clause starts with its subject."""
    text = chunk.text
    if chunk.label and text.startswith(chunk.label):
        text = text[len(chunk.label) :]
    return text


def _heading_units(item: Item, allow_bare: bool) -> tuple[list[str], list[str]]:
    """Return the units a leaf item's own heading names ("（七）消防大队牵头负责的工作").

    A heading that is only a unit name counts when text follows it; a one-line item
    that ends in a unit-like word ("…建成金罗镇中心卫生院") is work, not a unit.
    """
    found = unitlib.heading(item.heading, allow_bare=allow_bare)
    return found.units, found.leads


def _heading_responsibility(item: Item) -> unitlib.Responsibility:
    """Return what a section heading assigns to the items under it."""
    found = unitlib.heading(item.section_heading)
    if found.units:
        return found
    own_text = "\n".join(item.paragraphs)
    explicit = unitlib.explicit(own_text)
    return explicit if explicit.units else found


def _inherited_leaders(item: Item) -> list[str]:
    for ancestor in _ancestors(item):
        found = unitlib.heading(ancestor.section_heading)
        if found.leaders:
            return found.leaders
    return []


def _timing(text: str, item: Item, context: Context) -> tuple[list[dict], list[dict]]:
    """Return the deadlines (own, else from a heading such as "（三）整合阶段（2025年2月底前）") and duties."""
    reference = context.reference
    if reference is None:
        return [], []
    flat = compact(text)
    duties = [duty.to_json() for duty in find_duties(flat, reference)]
    deadlines = _ahead(find_deadlines(flat, reference), reference)
    if not deadlines and enabled("heading-deadline"):
        for ancestor in _ancestors(item):
            deadlines = [dict(d) for d in _heading_deadlines(compact(ancestor.heading), reference)]
            if deadlines:
                break
    return _resolve_limit(deadlines, flat, context.limit), duties


@lru_cache(maxsize=1024)
def _heading_deadlines(heading: str, reference: date) -> tuple[dict, ...]:
    """Return the time limit a short section heading sets for its items (looked up once per heading)."""
    if len(heading) > 40:
        return ()
    return tuple(_ahead(find_deadlines(heading, reference), reference))


def _resolve_limit(deadlines: list[dict], text: str, limit: dict | None) -> list[dict]:
    """Date a reference to the document's own time limit ("在创建时限内") with that limit."""
    refers = REFERS_TO_LIMIT.search(text) if enabled("document-limit") else None
    if refers is None or limit is None or any(d["date"] for d in deadlines):
        return deadlines
    named = [d for d in deadlines if REFERS_TO_LIMIT.search(d["text"])]
    if not named:
        return [*deadlines, {"text": refers.group(), "date": limit["date"], "start": None}]
    return [{**d, "date": limit["date"]} if d in named else d for d in deadlines]


def _ahead(found: list, reference: date) -> list[dict]:
    """Keep time limits of the document's year or later; earlier years are history ("已于2023年12月纳入")."""
    return [d.to_json() for d in found if d.date is None or d.date.year >= reference.year]


def short_title(text: str, label: str | None) -> str:
    """Return a clean title of at most 40 characters.

    A short heading line ("3. 军队选址（空域）"), the item's heading sentence
    ("（一）坚定树牢安全发展理念。…"),
    a topic with its first clause ("煤矿方面：持续抓好…"), else its first clause.
    Lines are joined first: OCR breaks headings in mid-word.
    """
    first = compact(text.split("\n")[0])
    if label and first.startswith(label):
        first = first[len(label) :]
    if "\n" in text and len(first) <= SHORT_HEADING and not re.search(r"[，,。；;：:]", first):
        return first  # a heading line of its own ("3. 军队选址（空域）")
    flat = compact(text.replace("\n", ""))
    if label and flat.startswith(label):
        flat = flat[len(label) :]
    flat = flat.strip("，,、 ")
    topic = re.match(r"^([^，,。；;：:]{2,14})[：:](?=.)", flat)
    if topic:
        rest = re.split(r"[，,。；;！？]", flat[topic.end() :], maxsplit=1)[0]
        return f"{topic.group(1)}：{rest}"[:TITLE_MAX]
    head = re.split(r"[。；;：:！？]", flat, maxsplit=1)[0].strip("，, ")
    if len(head) > TITLE_MAX:
        clause = re.split(r"[，,]", head, maxsplit=1)[0]
        head = clause if 6 <= len(clause) <= TITLE_MAX else head
    return (head or flat)[:TITLE_MAX]
