"""Stage 5: who is responsible for an item: units, the lead unit, leaders and persons.

Responsibility is printed in a few conventional ways, tried from the most
explicit to the least:

1. label lines: 责任单位：… / 牵头单位：… / 配合单位：… / 责任领导：… / 责任人：…;
2. responsibility brackets: （县应急局牵头，县公安局配合）, （X、Y等部门分工负责）,
   （责任部门：…）, 〔…按职责分工负责〕, or a bracket that lists only units;
3. 由X牵头、Y配合 in running text;
4. section headings: "（四）教育体育局牵头负责的工作", "（一）县人力资源和社会保障部门",
   "二、任海涛副县长负责的工作" (a leader);
5. failing all of these (in :mod:`tracker.extraction.subjects`), the subject of a
   sentence: "县司法局要…", "由乡镇公开…".

Unit names themselves are recognised in :mod:`tracker.extraction.names`.
The lead is a unit marked 牵头, else the first unit listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extraction.names import CLOSE, OPEN, clean_unit, split_outside_brackets, split_units
from tracker.extraction.rules import enabled
from tracker.extraction.textutil import squash

KEYS = (
    r"责任单位|责任部门|牵头单位|牵头部门|配合单位|配合部门|协办单位|主办单位|参与单位|承办单位|实施单位|"
    r"责任主体|责任领导|分管领导|包联领导|包保领导|牵头领导|责任县领导|责任人|具体责任人|"
    r"牵头考核单位|对接部门|对接单位"
)
LABEL_LINE = re.compile(rf"^(?P<key>{KEYS})[：:](?P<value>.*)$")
# Where one statement runs into the next: "牵头单位：县发改局，配合单位：县财政局".
NEXT_KEY = re.compile(rf"[，,；;\s](?=(?:{KEYS})[：:])")
# "…。责任单位：县水利局、县财政局。完成时限：…" when OCR lost the line breaks.
INLINE_LABEL = re.compile(
    r"(?:^|(?<=[。；;，,]))(?P<statement>(责任单位|责任部门|牵头单位|牵头部门|牵头考核单位|配合单位|配合部门|责任领导|责任人)"
    r"[：:][^。；;：:]+)"
)
SPACED_LABEL = re.compile(rf"^\s*(?P<key>{KEYS})[ \t\u3000]+(?P<value>\S.*)$")
LEAD_KEYS = frozenset({"牵头单位", "牵头部门", "主办单位", "牵头考核单位"})
LEADER_KEYS = frozenset({"责任领导", "分管领导", "包联领导", "包保领导", "牵头领导", "责任县领导"})
PERSON_KEYS = frozenset({"责任人", "具体责任人"})
ROLE_WORDS = re.compile(r"牵头|负责|配合|落实|责任单位|责任部门|牵头单位|协助|参与")
LEADER_HEADING = re.compile(
    r"^(?P<name>[\u4e00-\u9fff·]{2,4}?)(常务)?(副)?(县|市|区|镇|乡)长(同志)?(分管|负责)的?(工作|事项|任务)"
)
UNIT_HEADING = re.compile(r"^(?P<unit>.{2,40}?)(牵头)?(负责|统筹协调|牵头)的?(工作|事项|任务)(清单)?$")
LEAD_IN_TEXT = re.compile(
    r"(?:由|^|(?<=[，,。；;：:]))(?P<lead>[^，,。；;：:（）()、由]{2,30}?)(?:负责)?牵头(?=[、，,；;。负组抓])"
)

# "…牵头，县财政局、县住建局等部门配合": the units that follow a lead in running text.
CO_IN_TEXT = re.compile(
    r"[^，,。；;]{0,4}[，,、](?P<units>[^，,。；;]{2,80}?)(上下|共同|积极|密切|全力|主动)?(配合|参与|参加|协助|协同)"
)


@dataclass
class Responsibility:
    """Units (printed order, lead included), the leads marked 牵头, leaders and persons."""

    units: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    #: True when units come from a 责任单位 line or a responsibility bracket, the formal markers;
    #: running text ("由X牵头，Y配合") may leave other acting units in the body.
    formal: bool = False

    @property
    def lead(self) -> str | None:
        """Return the unit marked 牵头, else the first unit listed."""
        if self.leads:
            return self.leads[0]
        return self.units[0] if self.units else None

    def add(self, unit: str, is_lead: bool = False) -> None:
        """Add a unit once, keeping printed order."""
        if unit not in self.units:
            self.units.append(unit)
        if is_lead and unit not in self.leads:
            self.leads.append(unit)


def brackets(text: str) -> list[tuple[int, str]]:
    """Return (position, content) of top-level bracketed groups of ``text``."""
    groups, depth, start = [], 0, 0
    for position, char in enumerate(text):
        if char in OPEN:
            if depth == 0:
                start = position
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, text[start + 1 : position]))
    return groups


def responsibility_bracket(content: str, closes_sentence: bool = True) -> list[tuple[str, bool]]:
    """Return the units of a bracket that assigns responsibility, or [] for any other bracket.

    A bracket without 负责/牵头/配合 counts only when it lists nothing but units and
    closes a sentence: "养老机构（敬老院）等" names an example, not a responsible unit.
    """
    first = re.split(r"[。]", content)[0]
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", first) or len(first) > 300:
        return []
    has_role = ROLE_WORDS.search(first) is not None
    first = re.sub(r"^(责任单位|责任部门|牵头单位|责任主体)[：:]", "", first)
    pairs = split_units(first)
    if not pairs:
        return []
    tokens = [t for t in split_outside_brackets(first) if t.strip()]
    if has_role:
        return pairs
    # A bracket without 负责/牵头 counts only when it is a list of units and nothing else.
    if (
        (closes_sentence or len(pairs) > 1)
        and len(pairs) == len(tokens)
        and all(len(u) >= 3 for u, _ in pairs)
    ):
        return pairs
    return []


def explicit(text: str) -> Responsibility:
    """Find responsibility stated explicitly in an item's text (label lines, brackets, 由X牵头)."""
    found = Responsibility()
    names: list[str] | None = None  # the leader or person list a wrapped line continues
    unit_key: str | None = None  # the unit field ("配合单位") a line of names alone continues
    for line in _join_wrapped_labels(text.split("\n")):
        match = _label_line(line)
        if not match:
            if names is not None and continuation_names(line):
                names.extend(continuation_names(line))
            elif unit_key is not None and _only_units(line):
                _apply_label(LABEL_LINE.match(f"{unit_key}：{line}"), found)
            else:
                names, unit_key = None, None
            continue
        names = _apply_label(match, found)
        unit_key = match["key"] if names is None and not NEXT_KEY.search(match["value"]) else None
    flat = squash(text)
    for position, content in brackets(flat):
        if _labelled_bracket(content, found):
            continue
        if enabled("apposition-bracket") and _explains_a_unit(flat[:position], content):
            continue
        after = flat[position + len(content) + 2 : position + len(content) + 3]
        for unit, is_lead in responsibility_bracket(content, after in ("", "。", "；", ";", "，", ",", "\n")):
            found.add(unit, is_lead)
            found.formal = True
    if not found.units:
        for inline in INLINE_LABEL.finditer(flat):
            _apply_label(LABEL_LINE.match(inline.group("statement")), found)
    for match in LEAD_IN_TEXT.finditer(flat) if enabled("lead-in-text") else ():
        unit = clean_unit(match["lead"])
        if unit:
            found.add(unit, True)
            partners = CO_IN_TEXT.match(flat, match.end())
            for partner, _ in split_units(partners["units"]) if partners else []:
                found.add(partner)
    return found


def _explains_a_unit(before: str, content: str) -> bool:
    """Tell a bracket that lists what the unit before it covers ("流水镇（山门村、磹水村）") from a
    responsibility bracket: a list of names right after a name, with no role word, is apposition."""
    if ROLE_WORDS.search(content):
        return False
    tail = re.split(r"[，,。；;、：:（）()]", before)[-1]
    return bool(tail) and clean_unit(tail) == tail


def _only_units(line: str) -> bool:
    """Tell a line that holds nothing but unit names ("市税务局", "县财政局、县审计局")."""
    tokens = [t for t in split_outside_brackets(line.strip()) if t.strip()]
    return bool(tokens) and len(split_units(line.strip())) == len(tokens)


def _join_wrapped_labels(lines: list[str]) -> list[str]:
    """Join a 责任单位 line that OCR broke inside a unit name ("市生态环" + "境局中阳分局、…")."""
    joined: list[str] = []
    for line in lines:
        if joined and (match := _label_line(joined[-1])) and match["key"] not in LEADER_KEYS | PERSON_KEYS:
            last = re.split(r"[、，,；;]", squash(match["value"]))[-1]
            if last and clean_unit(last) is None and _label_line(line) is None:
                joined[-1] += line.strip()
                continue
        joined.append(line)
    return joined


def _labelled_bracket(content: str, found: Responsibility) -> bool:
    """Read a bracket of "key：value" parts (牵头单位：X；完成时限：Y；责任领导：Z), as a table row gives."""
    matches = [LABEL_LINE.match(part) for part in re.split(r"[；;]", content)]
    if not any(matches):
        return False
    for match in filter(None, matches):
        _apply_label(match, found)
    return True


def _apply_label(match: re.Match[str], found: Responsibility) -> list[str] | None:
    """Record one "key：value" statement; return the name list a wrapped line may continue."""
    value, *others = NEXT_KEY.split(match["value"])
    key = match["key"]
    names = None
    if key in LEADER_KEYS:
        found.leaders.extend(person_names(value))
        names = found.leaders
    elif key in PERSON_KEYS:
        found.persons.extend(person_names(value))
        names = found.persons
    else:
        for unit, is_lead in split_units(value):
            found.add(unit, is_lead or key in LEAD_KEYS)
            found.formal = True
    for other in others:
        names = _apply_label(LABEL_LINE.match(other), found)
    return names


def _label_line(line: str) -> re.Match[str] | None:
    """Match "责任单位：…" with OCR spaces removed from the key but kept in the value (names)."""
    parts = re.split(r"[：:]", line, maxsplit=1)
    if len(parts) < 2:
        spaced = SPACED_LABEL.match(line)  # "牵头单位 县发改局": a space where the colon was
        return LABEL_LINE.match(f"{spaced['key']}：{spaced['value']}") if spaced else None
    return LABEL_LINE.match(f"{squash(parts[0])}：{parts[1]}")


def person_names(value: str) -> list[str]:
    """Return the people's names (2-4 characters) of a 责任领导/责任人 value or cell, in printed order."""
    names = []
    for part in re.split(r"[\s、，,；;]+", value.strip()):
        part = part.strip("。.")
        if 2 <= len(part) <= 4 and re.fullmatch(r"[\u4e00-\u9fff·]+", part):
            names.append(part)
    return names


def continuation_names(text: str) -> list[str]:
    """Return names of a line that only continues a 责任领导/责任人 line ("王树华 任欣荣")."""
    parts = text.split()
    if parts and all(2 <= len(p) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in parts):
        return parts
    return []


def heading(text: str, allow_bare: bool = True) -> Responsibility:
    """Read a section heading that assigns its items to a unit or to a leader."""
    found = Responsibility()
    flat = squash(text).rstrip("。：:")
    leader = LEADER_HEADING.match(flat)
    if leader:
        found.leaders.append(leader["name"])
        return found
    match = UNIT_HEADING.match(flat)
    if match:
        for unit, _ in split_units(match["unit"]):
            found.add(unit, True)
        return found
    unit = clean_unit(re.sub(r"(的)?(主要)?(工作)?职责$", "", flat)) if allow_bare else None
    if unit and len(flat) <= 30:
        found.add(unit)
    return found
