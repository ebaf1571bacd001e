"""Whether a printed name has the shape of a unit (县应急管理局, 各乡镇) or of a clause cut out of text.

Pure functions over strings, with their word lists in ``tracker/data/unit_grammar.txt``.
The import review uses the verdict to decide the default for a name the directory does
not know: a name that fails (成立县政府, 土地预审将按贵厅, a role word such as 建设单位) is
"not a unit" unless a person explicitly chooses to create it, so the directory never
fills up with fragments of sentences.

The shape is: an optional level prefix (县, 市, 交城县 …), a body, and an organ suffix
(局, 办公室, 中心, 镇 …) — or a collective (各乡镇, 县直各部门, 县安委会各成员单位).
"""

import dataclasses
import functools
import re

from tracker.services.unit_names import DATA_DIR, clean_unit_name, is_role_word

GRAMMAR_FILE = DATA_DIR / "unit_grammar.txt"
#: Longer than any unit name of the shipped directory (31 characters) with room to spare.
MAX_UNIT_NAME = 40
#: Punctuation that ends or splits a clause never stands inside a unit's name.
_CLAUSE_PUNCTUATION = re.compile(r"[，,。；;：:！？!?“”\"、]")
#: A trailing bracket qualifies the name before it: 各村(社区), 县农业农村局(县乡村振兴局).
_TRAILING_BRACKET = re.compile(r"\([^()]*\)$")


@dataclasses.dataclass(frozen=True)
class UnitNameVerdict:
    """The grammar's answer for one name: whether it may be a unit, and why not (shown to the clerk)."""

    is_unit: bool
    reason: str = ""


@functools.cache
def grammar_lists() -> dict[str, tuple[str, ...]]:
    """The sections of the grammar file, each a tuple of entries, longest first."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in GRAMMAR_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(clean_unit_name(line))
    return {name: tuple(sorted(entries, key=len, reverse=True)) for name, entries in sections.items()}


def organ_suffix(name: str) -> str | None:
    """The longest organ suffix that ``name`` (without a trailing bracket) ends with after a body."""
    name = _TRAILING_BRACKET.sub("", name)
    return next(
        (
            suffix
            for suffix in grammar_lists()["suffixes"]
            if name.endswith(suffix) and len(name) > len(suffix)
        ),
        None,
    )


def is_collective(name: str) -> bool:
    """Whether ``name`` names a group of units (各乡镇, 各有关部门, 县安委会各成员单位)."""
    lists = grammar_lists()
    return name.endswith(lists["collective_suffixes"]) or (
        name.startswith(lists["collective_prefixes"]) and organ_suffix(name) is not None
    )


def _without_collective_prefix(name: str) -> str:
    """``name`` without a leading 各/有关/相关 (各牵头单位 is the role word 牵头单位 said of several)."""
    prefix = next((p for p in grammar_lists()["collective_prefixes"] if name.startswith(p)), "")
    return name[len(prefix) :]


def check_unit_name(name: str) -> UnitNameVerdict:
    """Say whether a printed name has the shape of a unit; the reason says what is wrong when it has not."""
    cleaned = clean_unit_name(name)
    if len(cleaned) > 2 and cleaned.endswith("等"):
        cleaned = cleaned[:-1]
    if not cleaned:
        return UnitNameVerdict(False, "名称为空")
    if is_role_word(cleaned) or is_role_word(_without_collective_prefix(cleaned)):
        return UnitNameVerdict(False, "职责称谓（如牵头单位、建设单位），不是具体单位")
    if len(cleaned) > MAX_UNIT_NAME:
        return UnitNameVerdict(False, f"超过 {MAX_UNIT_NAME} 个字，像是一句话")
    if _CLAUSE_PUNCTUATION.search(cleaned):
        return UnitNameVerdict(False, "含有标点，像是一句话的片段")
    forbidden = next((word for word in grammar_lists()["forbidden"] if word in cleaned), None)
    if forbidden:
        return UnitNameVerdict(False, f"含有“{forbidden}”，像是一句话的片段")
    if is_collective(cleaned) or organ_suffix(cleaned):
        return UnitNameVerdict(True)
    return UnitNameVerdict(False, "没有局、办、委、中心、镇等机构名称的结尾")


#: The kind a new unit's name suggests (the clerk can change it in the names panel before it is created).
GROUP_PREFIXES = ("各", "有关", "相关", "其他", "其余")
TOWNSHIP_SUFFIXES = ("乡", "镇", "乡人民政府", "镇人民政府", "街道", "街道办事处")


def guess_unit_kind(name: str) -> str:
    """A first guess at the kind of a unit met for the first time; the office can correct it."""
    if name.startswith(GROUP_PREFIXES) or name.endswith(("成员单位", "各部门")):
        return "group"
    if name.endswith(TOWNSHIP_SUFFIXES):
        return "township"
    if name.endswith(("公司", "分公司", "企业", "银行")) or "支行" in name:
        return "enterprise"
    return "department"
