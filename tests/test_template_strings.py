"""Every Chinese word a template prints goes through ``_()``, so the English locale can translate it.

Read with Jinja's own lexer: Chinese in template text, or in a string literal that is not the first
argument of ``_()``, fails. The import review (templates/imports/) is being rebuilt (issue 16) and e-mails
(templates/email/, sent in Chinese to unit clerks) are not yet covered.
"""

import re
from pathlib import Path

from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HAN = re.compile(r"[\u3400-\u9fff]")
NOT_YET = ("imports/", "email/")


def untranslated(path: Path) -> list[str]:
    """Each Chinese text of the template outside ``_()``, with its line."""
    tokens = list(Environment().lex(path.read_text(encoding="utf-8")))
    found = []
    for index, (line, kind, value) in enumerate(tokens):
        if not HAN.search(value) or kind not in ("data", "string"):
            continue
        before = [token[2] for token in tokens[max(0, index - 3) : index] if token[1] != "whitespace"]
        if kind == "string" and before[-2:] == ["_", "("]:
            continue
        found.append(f"{path.relative_to(TEMPLATES)}:{line}: {value.strip()[:40]}")
    return found


def test_every_chinese_text_in_the_templates_is_marked_for_translation():
    templates = [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not str(path.relative_to(TEMPLATES)).startswith(NOT_YET)
    ]
    assert len(templates) > 25
    found = [text for path in templates for text in untranslated(path)]
    assert found == [], "\n".join(found)
