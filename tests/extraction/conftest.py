"""Helpers shared by the extraction tests: build a small gazette and extract it."""

from __future__ import annotations

import pytest

from tracker.extraction import ExtractionResult, extract

HEADER = """# 某某县人民政府公报

2024年第2期

2024年6月30日出版

目 录

关于做好示例工作的通知(某政办发〔2024〕3号)......1

"""


def gazette(*documents: str) -> str:
    """Return a gazette text: front matter with a table of contents, then the documents."""
    return HEADER + "\n\n".join(documents)


@pytest.fixture
def run():
    """Extract gazette text given as a string."""

    def _run(text: str, filename: str = "gazette.txt") -> ExtractionResult:
        return extract(text.encode("utf-8"), filename)

    return _run
