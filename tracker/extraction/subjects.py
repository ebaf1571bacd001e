"""Units named as the subject of a sentence, when nothing states responsibility explicitly.

"县行政审批服务管理部门要将…", "由乡镇公开择优…", "县农业农村局与乡镇签订…":
only a list of units that opens a sentence and is followed by a verb of duty
counts, so units merely mentioned ("报县人社部门备案") are not taken as responsible.
In a reply (批复), "你局" stands for the organ the document is addressed to.
"""

from __future__ import annotations

import re

from tracker.extraction.names import clean_unit, may_end_a_name, split_conjunction, split_outside_brackets
from tracker.extraction.rules import enabled
from tracker.extraction.textutil import squash
from tracker.extraction.units import Responsibility

# What follows a unit that opens a sentence as its subject: a verb of duty or another unit.
SUBJECT_NEXT = re.compile(
    r"(、|和|与|及|要|须|需|应|负责|牵头|会同|联合|配合|协助|定期|每|按|依|切实|统筹|组织|督促|指导|将|对|于|在|业务|"
    r"根据|结合|作为|为|向|通过|建立|制定|开展|加强|做好|进行|提出|承担|落实|抓好|推进|推动|实施|确保|及时|严格|"
    r"认真|全面|积极|不得|可|出具|申请|报送|上报|审核|批复|立项|拨付|公开|签订|安排|具体|共同|"
    r"自|是|已|务必|必须|坚持|持续|主动|加快|进一步|完成|编制|出台|研究|印发|启动|建成|健全|完善|"
    r"开工|督导|检查|排查|整治|整改|牵头组织|做到|确定|制订)"
)
CLAUSE_SPLIT = re.compile(r"[。；;！!？?]|[一二三四五六七八九十]是")
# "兼职保健人员由卫健部门负责调剂解决", "采购采取由承储企业组织": 由 hands the work to a unit mid-sentence.
BY_UNIT = re.compile(r"(?<=.)由(?P<unit>[^，,。；;、由]{2,20}?)(?P<verb>负责|牵头|组织|承担)")
YOUR_UNIT = re.compile(r"^(你局|你单位|你委|你办|你们|你中心|你公司)")


def subjects(text: str, addressee: str | None = None) -> Responsibility:
    """Find units that are the subject of a sentence: "县司法局要…", "由乡镇公开…", "你局要牵头…".

    Only a list of units at the very start of a sentence counts, so units that are
    merely mentioned ("报县人社部门") are not taken for the responsible ones.
    """
    found = Responsibility()
    if not enabled("subject-units"):
        return found
    for sentence in _sentences(text):
        if addressee and YOUR_UNIT.match(sentence):
            found.add(addressee, "牵头" in sentence[:8])
            continue
        for unit in _leading_units(sentence):
            found.add(unit, sentence.startswith(unit) and sentence[len(unit) : len(unit) + 2] == "牵头")
        for match in BY_UNIT.finditer(sentence):
            unit = clean_unit(match["unit"])
            if unit:
                found.add(unit, match["verb"] == "牵头")
        for clause in re.split(r"[，,]", sentence)[1:]:
            head = re.match(r"^(?P<units>[^，,]{2,60}?)(要|负责|牵头|应当|应|会同|配合|督促|指导)", clause)
            if head is None:
                continue
            parts = [p for t in split_outside_brackets(head["units"]) for p in split_conjunction(t)]
            units = [clean_unit(p) for p in parts]
            if parts and all(units):
                for unit in units:
                    found.add(unit)
    return found


# "责任分工：区规划局负责开展规划编制工作，所在乡镇人民政府组织实施，区直有关责任部门配合": a statement of
# who does what, one clause per unit; the first unit named is the lead.
DIVISION = re.compile(r"(?:责任分工|职责分工|任务分工|分工)[：:](?P<statement>[^。]+)")


def division_of_labour(text: str) -> Responsibility:
    """Read a "责任分工：X负责…，Y组织实施，Z配合" statement: each clause opens with its unit."""
    found = Responsibility()
    if not enabled("division-of-labour"):
        return found
    for match in DIVISION.finditer(squash(text)):
        for clause in re.split(r"[，,；;]", match["statement"]):
            for unit in _leading_units(clause):
                found.add(unit, not found.units)
    found.formal = bool(found.units)
    return found


def _sentences(text: str) -> list[str]:
    """Split text into sentences; a short line without punctuation (a heading) is its own sentence."""
    pieces: list[str] = []
    buffer = ""
    for number, line in enumerate(text.split("\n")):
        flat = squash(line)
        # A heading may pair two phrases ("强化保障，确保认定工作落地") when it opens the item.
        if (
            len(flat) <= 30
            and not re.search(r"[。；;]", flat)
            and (number == 0 or not re.search(r"[，,]", flat))
        ):
            if buffer:
                pieces.append(buffer)
            pieces.append(flat)
            buffer = ""
        else:
            buffer += flat
    if buffer:
        pieces.append(buffer)
    sentences = []
    for piece in pieces:
        for sentence in CLAUSE_SPLIT.split(piece):
            sentence = re.sub(r"^[^，,]{0,12}(前|后|内|中)[，,]", "", sentence)
            sentence = re.sub(r"^(同时|此外|另外|其中|最后|首先)[，,]?", "", sentence)
            if sentence:
                sentences.append(sentence)
    return sentences


def _leading_units(sentence: str) -> list[str]:
    """Return the units listed at the start of a sentence, up to the verb that follows them."""
    rest = sentence[1:] if sentence.startswith(("由", "请")) else sentence
    found: list[str] = []
    while rest:
        token = re.match(r"[^、，,；;。]+", rest)
        if token is None:
            break
        piece = token.group()
        unit = _subject_prefix(piece[:40], rest)
        if unit is None:
            break
        found.extend(u for u in map(clean_unit, split_conjunction(unit)) if u)
        rest = rest[len(unit) :]
        if re.match(r"^、(单位|部门)", rest):  # 各有关部门、单位 is one actor
            found[-1] += rest[:3]
            rest = rest[3:]
        joined = re.match(r"^(、|和|与|及|以及)", rest)
        if not joined:
            break
        rest = rest[joined.end() :]
    return found


def _subject_prefix(piece: str, rest: str) -> str | None:
    """Return the shortest unit name that opens ``piece`` and is followed by a verb or another unit."""
    for end in range(2, len(piece) + 1):
        prefix = piece[:end]
        if may_end_a_name(prefix) and clean_unit(prefix) == prefix and SUBJECT_NEXT.match(rest, end):
            return prefix
    return None
