"""Recognise the name of a responsible unit (县应急管理局, 各乡(镇)人民政府, 经济开发区 ...).

Unit names end in an organ word (局, 委员会, 中心, 人民政府, 部门, 单位 ...); what
stands in front of a list of them in official text (由, 责任单位：) and behind
them (等部门分工负责, 按职责落实, 牵头) is removed. Words that merely end like a unit
(场所, 干部, 阶段, 督办) or open like a verb phrase (加强, 确保, 我县) are refused.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from tracker.extraction.rules import enabled
from tracker.extraction.textutil import squash

#: Unit names the caller already knows (the office's directory and the aliases confirmed in earlier
#: reviews): a known name is a unit even where the grammar would not say so ("流水小城镇综合试点").
_LEXICON: ContextVar[frozenset[str]] = ContextVar("unit_lexicon", default=frozenset())


@contextmanager
def known_units(names: Iterable[str] | None) -> Iterator[None]:
    """Let the grammar accept ``names`` as units while extracting one file."""
    token = _LEXICON.set(frozenset(squash(name) for name in names or () if name))
    try:
        yield
    finally:
        _LEXICON.reset(token)


def is_known(token: str) -> bool:
    """Tell whether ``token`` is a name from the caller's lexicon."""
    return token in _LEXICON.get()


GRAMMAR_FILE = Path(__file__).resolve().parents[1] / "data" / "unit_grammar.toml"


def _load_grammar() -> dict:
    with GRAMMAR_FILE.open("rb") as file:
        return tomllib.load(file)


_GRAMMAR = _load_grammar()
SUFFIXES = tuple(_GRAMMAR["suffixes"])
# Words that end like a unit but are not one (场所, 干部, 阶段, 督办 ...).
NOT_UNIT_END = re.compile("(" + "|".join(_GRAMMAR["not_unit_endings"]) + ")$")
NOT_UNIT_START = re.compile("^(" + "|".join(_GRAMMAR["not_unit_starts"]) + ")")
COLLECTIVE = re.compile("(" + "|".join(_GRAMMAR["collectives"]) + ")")
GENERIC_COLLECTIVE = re.compile("(" + "|".join(_GRAMMAR["generic_collectives"]) + ")")
ROLE_TAIL = re.compile(
    r"(等(有关|相关)?(部门|单位)?)?(按|依|根据)?(照)?(各自)?(职责|职能)?(分工)?"
    r"((牵头|负责|配合|参与|协助|落实|抓好|推进|组织|实施|承担|完成|做好|等)[和及并]?)+$"
    r"|(并|指导)?(督促|指导|监督)(企业|生产经营单位)?(落实|整改)?$"
    r"|等(有关|相关)?(部门|单位)?$"
)
# Where one glued name ends and the next begins: an organ word, then a level.
GLUE_ENDS = ("局", "委", "办", "中心", "公司", "政府", "队", "院", "所")
LEVELS = "区县市省镇乡"
LIST_SPLIT = re.compile(r"[、，,；;/]")
OPEN, CLOSE = "（(〔【[［", "）)〕】]］"


def clean_unit(token: str) -> str | None:
    """Return a unit name cleaned of role words and a trailing 等, or None if ``token`` is no unit."""
    token = squash(token).strip("：:。.，,、；;“”\"'")
    token = re.sub(r"[（(]设在[^（）()]{2,30}[）)]", "", token)  # 领导小组办公室（设在县应急局）
    token = re.sub(r"^((由|请|各级)|(牵头|配合|责任|协办|主办|参与)(单位|部门)?[：:])", "", token)
    previous = None
    while previous != token:
        previous = token
        token = ROLE_TAIL.sub("", token) if len(token) > 2 else token
        token = re.sub(r"等$", "", token)
    if token.startswith("由") and len(token) > 3:
        token = token[1:]
    head, _, category = token.partition("等")
    if category and is_unit(head):
        return head  # "县交通局等县减灾委有关成员单位": the category after 等 is no further unit
    return token if is_unit(token) else None


def may_end_a_name(prefix: str) -> bool:
    """Tell whether a unit's name may end where ``prefix`` ends: an organ word, a collective, a known name."""
    return prefix.endswith(SUFFIXES) or is_known(prefix) or COLLECTIVE.fullmatch(prefix) is not None


def is_unit(token: str) -> bool:
    """Tell whether ``token`` looks like the name of a responsible unit."""
    if not 2 <= len(token) <= 40:
        return False
    if is_known(token) or COLLECTIVE.fullmatch(token):
        return True
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
    for token in split_outside_brackets(text):
        is_lead = "牵头" in token
        if pairs and token in ("单位", "部门") and pairs[-1][0].endswith(("部门", "单位")):
            pairs[-1] = (f"{pairs[-1][0]}、{token}", pairs[-1][1])
            continue
        for part in _split_spaced(token):
            unit = clean_unit(part)
            if unit:
                pairs.append((unit, is_lead))
    return pairs


def _split_spaced(token: str) -> list[str]:
    """Split "市司法局 市税务局" (names a space apart) but not "县 发 改 局" (OCR spaces inside one name)."""
    spaced = token.split()
    if len(spaced) > 1 and all(clean_unit(piece) for piece in spaced):
        return [part for piece in spaced for part in split_conjunction(piece)]
    return [part for piece in split_conjunction(token) for part in split_glued(piece)]


def split_glued(token: str) -> list[str]:
    """Split names printed without a separator: "区环境与国土资源局区规划局" is two units.

    A cut is made after an organ word where a new name opens with its level (区/县/市/省/镇/乡)
    and both sides are units, so "市生态环境局交城分局" stays whole.
    """
    flat = squash(token)
    if len(flat) < 6 or not enabled("glued-names"):
        return [token]
    for position in range(3, len(flat) - 2):
        if flat[position] in LEVELS and flat[:position].endswith(GLUE_ENDS):
            left, right = flat[:position], flat[position:]
            if clean_unit(left) == left and clean_unit(right):
                return [left, *split_glued(right)]
    return [token]


def split_outside_brackets(text: str) -> list[str]:
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


def split_conjunction(token: str) -> list[str]:
    """Split "各乡镇人民政府和县司法局" (or "A及B和C") into units, but never "县住房和城乡建设管理局"."""
    with_partner = re.match(r"^(?P<left>.{2,40}?)会同(?P<right>.{2,40})$", token)
    if with_partner and clean_unit(with_partner["left"]) and clean_unit(with_partner["right"]):
        return [with_partner["left"], with_partner["right"]]  # "县发改局会同有关部门"
    for position, char in enumerate(token):
        if char not in "和及与" or position < 2:
            continue
        left, right = token[:position], token[position + 1 :]
        if right.startswith("其") and not right.startswith("其他"):
            continue
        if clean_unit(left):
            rest = split_conjunction(right)
            if all(clean_unit(part) for part in rest):
                return [left, *rest]
    return [token]
