"""Stage 5: who is responsible for an item: units, the lead unit, leaders and persons.

Responsibility is printed in a few conventional ways, tried from the most
explicit to the least:

1. label lines: 责任单位：… / 牵头单位：… / 配合单位：… / 责任领导：… / 责任人：…;
2. responsibility brackets: （县应急局牵头，县公安局配合）, （X、Y等部门分工负责）,
   （责任部门：…）, 〔…按职责分工负责〕, or a bracket that lists only units;
3. 由X牵头、Y配合 in running text;
4. section headings: "（四）教育体育局牵头负责的工作", "（一）县人力资源和社会保障部门",
   "二、任海涛副县长负责的工作" (a leader);
5. failing all of these, the subject of a clause: "县司法局要…", "由乡镇公开…".

The lead is a unit marked 牵头, else the first unit listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extraction.textutil import squash

SUFFIXES = (
    "人民政府", "政府", "委员会", "办公室", "专班", "分局", "大队", "支队", "中队", "中心", "乡镇", "街道",
    "单位", "部门", "机关", "机构", "公司", "银行", "支行", "分行", "企业", "主体", "集体", "协会",
    "联合会", "法院", "检察院", "派出所", "管理段", "公路段", "局", "委", "办", "部", "院", "队", "乡", "镇",
    "站", "所", "会", "处", "室", "联", "村", "社区)", "社区）", "段", "厅", "开发区", "园区", "新区",
    "示范区", "管委会",
)  # fmt: skip
# Words that end like a unit but are not one (场所, 干部, 阶段, 督办 ...).
NOT_UNIT_END = re.compile(
    r"(场所|住所|处所|干部|全部|内部|外部|局部|底部|阶段|手段|(?<!公)路段|时段|地段|督办|承办|主办|协办|交办|转办|"
    r"举办|创办|开办|代办|帮办|快办|通办|跨域办|免申办|集成办|承诺办|包办|首办|申办|开会|大会|例会|晚会|"
    r"机会|社会|协会议|学会|体会|工作室|会议室|卫生室|村村|农村|乡村|城乡|全村|本村|行政村|"
    r"[一二三四五六七八九十两几多各每本该全]个?(村|乡|镇|局|站|所|会|处|室|部|段))$"
)
NOT_UNIT_START = re.compile(
    r"^(对|在|把|将|按|以|从|向|为|与|同|经过|由于|通过|根据|其(?!他)|本|该|并|要|及|或|和|确定|建立|加强|推进|开展|严格|"
    r"完善|推动|强化|健全|深化|提升|加快|坚持|持续|全面|积极|认真|进一步|做好|抓好|组织|督促|指导|支持|鼓励|引导|"
    r"依托|围绕|聚焦|结合|按照|针对|对照|实现|确保|力争|争取|开工|建成|新建|改造|启动|谋划|打造|发挥|配合|协助|"
    r"提高|有权|有义务|且|涉及|我县|我市|我区|全县|全市|全区|设立|发现|包括|参照|采取|引入|配备|组建|倡导|接受|能够)"
)
# What follows a unit that opens a sentence as its subject: a verb of duty or another unit.
SUBJECT_NEXT = re.compile(
    r"(、|和|与|及|要|须|需|应|负责|牵头|会同|联合|配合|协助|定期|每|按|依|切实|统筹|组织|督促|指导|将|对|于|在|"
    r"根据|结合|作为|为|向|通过|建立|制定|开展|加强|做好|进行|提出|承担|落实|抓好|推进|推动|实施|确保|及时|严格|"
    r"认真|全面|积极|不得|可|出具|申请|报送|上报|审核|批复|立项|拨付|公开|签订|安排|具体|共同|"
    r"自|是|已|务必|必须|坚持|持续|主动|加快|进一步)"
)
ROLE_TAIL = re.compile(
    r"(等(有关|相关)?(部门|单位)?)?(按|依|根据)?(照)?(各自)?(职责|职能)?(分工)?"
    r"((牵头|负责|配合|参与|协助|落实|抓好|推进|组织|实施|承担|完成|做好|等)[和及并]?)+$"
    r"|(并|指导)?(督促|指导|监督)(企业|生产经营单位)?(落实|整改)?$"
    r"|等(有关|相关)?(部门|单位)?$"
)
LABEL_LINE = re.compile(
    r"^(?P<key>责任单位|责任部门|牵头单位|牵头部门|配合单位|配合部门|协办单位|主办单位|参与单位|"
    r"承办单位|实施单位|责任主体|责任领导|分管领导|包联领导|责任人|联系人|具体责任人)[：:](?P<value>.*)$"
)
LEAD_KEYS = frozenset({"牵头单位", "牵头部门", "主办单位"})
LEADER_KEYS = frozenset({"责任领导", "分管领导", "包联领导"})
PERSON_KEYS = frozenset({"责任人", "具体责任人", "联系人"})
ROLE_WORDS = re.compile(r"牵头|负责|配合|落实|责任单位|责任部门|牵头单位|协助|参与")
LEADER_HEADING = re.compile(
    r"^(?P<name>[\u4e00-\u9fff·]{2,4}?)(常务)?(副)?(县|市|区|镇|乡)长(同志)?(分管|负责)的?(工作|事项|任务)"
)
UNIT_HEADING = re.compile(r"^(?P<unit>.{2,40}?)(牵头)?(负责|统筹协调|牵头)的?(工作|事项|任务)(清单)?$")
LEAD_IN_TEXT = re.compile(
    r"(?:由|^|(?<=[，,。；;：:]))(?P<lead>[^，,。；;：:（）()、由]{2,30}?)(?:负责)?牵头(?=[、，,；;。负组抓])"
)
SUBJECT_VERB = re.compile(
    r"(要|须|需|应当|应|负责|牵头|会同|联合|定期|每月|每季度|每年|按照|依法|切实|统筹|组织|督促|指导|将|对|于)"
)
CLAUSE_SPLIT = re.compile(r"[。；;！!？?]|[一二三四五六七八九十]是")
LIST_SPLIT = re.compile(r"[、，,；;/]")
YOUR_UNIT = re.compile(r"^(你局|你单位|你委|你办|你们|你中心|你公司)")
OPEN, CLOSE = "（(〔【[［", "）)〕】]］"


@dataclass
class Responsibility:
    """Units (printed order, lead included), the leads marked 牵头, leaders and persons."""

    units: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)

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


def clean_unit(token: str) -> str | None:
    """Return a unit name cleaned of role words and a trailing 等, or None if ``token`` is no unit."""
    token = squash(token).strip("：:。.，,、；;“”\"'")
    token = re.sub(r"^((由|请|各级)|(责任单位|责任部门|牵头单位|配合单位)[：:])", "", token)
    previous = None
    while previous != token:
        previous = token
        token = ROLE_TAIL.sub("", token) if len(token) > 2 else token
        token = re.sub(r"等$", "", token)
    if token.startswith("由") and len(token) > 3:
        token = token[1:]
    return token if is_unit(token) else None


def is_unit(token: str) -> bool:
    """Tell whether ``token`` looks like the name of a responsible unit."""
    if not 2 <= len(token) <= 40:
        return False
    if re.search(r"[。！？!?；;：:“”\"\d]|要|应当|确保|实现|完成|由|承担|负责|督促|包括|具体|涉及", token):
        return False
    if NOT_UNIT_START.match(token) or NOT_UNIT_END.search(token):
        return False
    if token in SUFFIXES and token != "乡镇":
        return False  # a bare 主体, 单位 or 部门 names nobody
    if _balance(token) != 0:
        return False
    alias = re.fullmatch(r"(?P<name>.+?)[（(][^（）()]{2,12}[）)]", token)
    if alias and not token.endswith(("社区)", "社区）")):
        return is_unit(alias["name"])
    return token.endswith(SUFFIXES)


def _balance(text: str) -> int:
    return sum(1 for c in text if c in OPEN) - sum(1 for c in text if c in CLOSE)


def split_units(text: str) -> list[tuple[str, bool]]:
    """Split a printed list of units into (unit, is_lead) pairs; brackets inside names are kept."""
    pairs: list[tuple[str, bool]] = []
    for token in _split_outside_brackets(text):
        is_lead = "牵头" in token
        if pairs and token in ("单位", "部门") and pairs[-1][0].endswith(("部门", "单位")):
            pairs[-1] = (f"{pairs[-1][0]}、{token}", pairs[-1][1])
            continue
        for part in _split_conjunction(token):
            unit = clean_unit(part)
            if unit:
                pairs.append((unit, is_lead))
    return pairs


def _split_outside_brackets(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and LIST_SPLIT.match(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p]


def _split_conjunction(token: str) -> list[str]:
    """Split "各乡镇人民政府和县司法局" in two, but never "县住房和城乡建设管理局"."""
    for conjunction in ("和", "及", "与"):
        if conjunction not in token:
            continue
        left, _, right = token.partition(conjunction)
        if right.startswith("其") and not right.startswith("其他"):
            continue
        if clean_unit(left) and clean_unit(right):
            return [left, right]
    return [token]


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
    tokens = [t for t in _split_outside_brackets(first) if t.strip()]
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
    for line in text.split("\n"):
        match = _label_line(line)
        if not match:
            if names is not None and continuation_names(line):
                names.extend(continuation_names(line))
            else:
                names = None
            continue
        names = _apply_label(match, found)
    flat = squash(text)
    for position, content in brackets(flat):
        if _labelled_bracket(content, found):
            continue
        after = flat[position + len(content) + 2 : position + len(content) + 3]
        for unit, is_lead in responsibility_bracket(content, after in ("", "。", "；", ";", "，", ",", "\n")):
            found.add(unit, is_lead)
    for match in LEAD_IN_TEXT.finditer(flat):
        unit = clean_unit(match["lead"])
        if unit:
            found.add(unit, True)
    return found


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
    key, value = match["key"], match["value"]
    if key in LEADER_KEYS:
        found.leaders.extend(_names(value))
        return found.leaders
    if key in PERSON_KEYS:
        found.persons.extend(_names(value))
        return found.persons
    for unit, is_lead in split_units(value):
        found.add(unit, is_lead or key in LEAD_KEYS)
    return None


def _label_line(line: str) -> re.Match[str] | None:
    """Match "责任单位：…" with OCR spaces removed from the key but kept in the value (names)."""
    parts = re.split(r"[：:]", line, maxsplit=1)
    if len(parts) < 2:
        return None
    return LABEL_LINE.match(f"{squash(parts[0])}：{parts[1]}")


def _names(value: str) -> list[str]:
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


def subjects(text: str, addressee: str | None = None) -> Responsibility:
    """Find units that are the subject of a sentence: "县司法局要…", "由乡镇公开…", "你局要牵头…".

    Only a list of units at the very start of a sentence counts, so units that are
    merely mentioned ("报县人社部门") are not taken for the responsible ones.
    """
    found = Responsibility()
    for sentence in _sentences(text):
        if addressee and YOUR_UNIT.match(sentence):
            found.add(addressee, "牵头" in sentence[:8])
            continue
        for unit in _leading_units(sentence):
            found.add(unit, sentence.startswith(unit) and sentence[len(unit) : len(unit) + 2] == "牵头")
        for clause in re.split(r"[，,]", sentence)[1:]:
            head = re.match(r"^(?P<units>[^，,]{2,40}?)(要|负责|牵头|应当|应|会同|配合|督促|指导)", clause)
            if head is None:
                continue
            parts = [p for t in _split_outside_brackets(head["units"]) for p in _split_conjunction(t)]
            units = [clean_unit(p) for p in parts]
            if parts and all(units):
                for unit in units:
                    found.add(unit)
    return found


def _sentences(text: str) -> list[str]:
    """Split text into sentences; a short line without punctuation (a heading) is its own sentence."""
    pieces: list[str] = []
    buffer = ""
    for line in text.split("\n"):
        flat = squash(line)
        if len(flat) <= 30 and not re.search(r"[，,。；;]", flat):
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
    rest = sentence[1:] if sentence.startswith("由") else sentence
    found: list[str] = []
    while rest:
        token = re.match(r"[^、，,；;。]+", rest)
        if token is None:
            break
        piece = token.group()
        unit = _subject_prefix(piece[:40], rest)
        if unit is None:
            break
        found.extend(u for u in map(clean_unit, _split_conjunction(unit)) if u)
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
        if prefix.endswith(SUFFIXES) and clean_unit(prefix) == prefix and SUBJECT_NEXT.match(rest, end):
            return prefix
    return None
