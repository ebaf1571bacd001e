"""Comparison keys for unit names, so that 交城县发改局, 县发改局 and 发改局 meet 县发展和改革局.

Pure functions over strings (no database): the directory keys every canonical name and
alias with :func:`normalise_unit_name` and looks printed names up by the same key. The
abbreviation table and the list of role words are data files beside the unit directory.
"""

import csv
import functools
import re
import unicodedata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ABBREVIATIONS_FILE = DATA_DIR / "unit_abbreviations.csv"
ROLE_WORDS_FILE = DATA_DIR / "unit_role_words.txt"

#: Prefixes a county's own gazette may put before its bodies (县直有关部门, 县级相关部门, 县水利局).
#: 市… is never touched: 市生态环境局交城分局 is a city body, not a county one.
_LOCAL_PREFIXES = ("县级", "县直", "县")
#: A township's government is the township: 南村镇人民政府 ≡ 南村镇.
_TOWNSHIP_GOVERNMENT = re.compile(r"(?<=.[乡镇])人民政府$")
_WHITESPACE = re.compile(r"\s+")


def _data_lines(path: Path) -> list[str]:
    """The non-blank lines of a data file that are not ``#`` comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def _abbreviation_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One regex over every short form and every full form, longest first.

    Full forms map to themselves, so a name already written out in full is left
    alone (审批服务管理局 inside 行政审批服务管理局 is not expanded a second time).
    """
    table: dict[str, str] = {}
    for row in csv.DictReader(_data_lines(ABBREVIATIONS_FILE)):
        table.setdefault(row["full"], row["full"])
        table[row["short"]] = row["full"]
    alternatives = sorted(table, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), table


def clean_unit_name(name: str) -> str:
    """The name as printed, without whitespace, with full-width forms folded (（镇） → (镇))."""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", name))


def _drop_prefix(key: str, prefix: str) -> str:
    """``key`` without ``prefix``, unless that would leave less than two characters (县级 stays)."""
    if key.startswith(prefix) and len(key) - len(prefix) >= 2:
        return key[len(prefix) :]
    return key


def normalise_unit_name(name: str, county: str) -> str:
    """Return the comparison key of a unit name within ``county``'s directory.

    Two names with the same key are taken for the same body when only one unit
    of the county has that key. The key is never shown to users.
    """
    key = clean_unit_name(name)
    if len(key) > 2 and key.endswith("等"):
        key = key[:-1]
    if county:
        key = _drop_prefix(key, clean_unit_name(county))
    for prefix in _LOCAL_PREFIXES:
        key = _drop_prefix(key, prefix)
    key = _drop_prefix(key, "各")
    pattern, table = _abbreviation_pattern()
    key = pattern.sub(lambda match: table[match.group()], key)
    return _TOWNSHIP_GOVERNMENT.sub("", key)


@functools.cache
def role_words() -> frozenset[str]:
    """Printed words that stand where a unit would but name a role (牵头单位, 实施主体, 中心)."""
    return frozenset(clean_unit_name(line) for line in _data_lines(ROLE_WORDS_FILE))


def is_role_word(name: str) -> bool:
    """Whether ``name`` is a role word that must go to a person instead of being matched."""
    return clean_unit_name(name) in role_words()
