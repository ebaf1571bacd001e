"""Random and mutated gazette text: the engine finishes and raises nothing but ExtractionError.

Kept to a few seconds; set FUZZ_EXAMPLES (e.g. 2000) for a deeper run before a release.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.extraction.test_tasks import DIVISION, PLAN
from tracker.extraction import extract
from tracker.extraction.errors import ExtractionError

PIECES = [
    "一、", "（一）", "(二)", "1.", "（1）", "①", "〔2024〕", "[2025]", "号", "关于", "的通知", "责任单位：",
    "牵头", "负责", "配合", "（", "）", "(", ")", "、", "，", "。", "\n", "\n\n", "# ", "- ", "县应急局",
    "各乡镇", "2024年6月14日", "年底前", "6月底前", "每月", "副县长负责的工作", "附件1", "某政发", "：", " ",
]  # fmt: skip
SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _extract(data: bytes, name: str = "fuzz.txt") -> None:
    """Extract and serialise; an ExtractionError is the one allowed outcome besides a result."""
    try:
        extract(data, name).dumps()
    except ExtractionError as error:
        message = str(error)
    else:
        return
    assert "\n" not in message


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _extract(data)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=120).map("".join))
def test_random_gazette_like_text(text):
    _extract(text.encode("utf-8"))


@SETTINGS
@given(
    st.sampled_from([PLAN, DIVISION]),
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 40), st.sampled_from(PIECES)), max_size=12),
)
def test_mutated_documents(base, edits):
    text = base
    for position, length, piece in edits:
        position %= len(text) + 1
        text = text[:position] + piece + text[position + length :]
    _extract(text.encode("gb18030", errors="replace"))


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["a.docx", "a.pdf", "a.md", "a.doc"]))
def test_random_bytes_in_other_formats(data, name):
    _extract(data, name)


HEADER = "关于开展检查的通知\n某政发〔2024〕9号\n各乡镇:\n"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("<table>" + "<tr><td>" * 20000, id="unclosed-html-table"),
        pytest.param("（" * 20000 + "县应急局负责" + "）" * 20000, id="deeply-nested-brackets"),
        pytest.param("县" * 100000 + "局负责。", id="one-endless-word"),
        pytest.param("县应急局、" * 20000 + "负责。", id="endless-unit-list"),
        pytest.param(
            "\n".join(f"{n % 999 + 1}. 县应急局要开展检查。（县应急局负责）" for n in range(3000)),
            id="many-items",
        ),
        pytest.param("一、工作\n" + "开展检查。（县应急局负责）\n" * 3000, id="many-paragraphs-in-one-item"),
    ],
)
def test_adversarial_input_finishes(body):
    """Inputs built to trip quadratic paths; a regression shows up as a slow suite."""
    _extract((HEADER + body).encode("utf-8"))


@SETTINGS
@given(
    st.lists(
        st.sampled_from(PIECES) | st.text(alphabet="县局任务完成推进关于通知 ", min_size=1, max_size=8),
        min_size=1,
        max_size=60,
    ).map("".join)
)
def test_readable_text_always_gives_a_document(text):
    """A file holding any printed word is at least one document, never an empty result."""
    if not text.strip():
        return
    try:
        result = extract(text.encode("utf-8"), "notice.txt")
    except ExtractionError:
        return  # unreadable input is refused, not returned empty
    assert result.documents
    for document in result.documents:
        for task in document.tasks + document.candidates:
            assert 0 <= task.confidence <= 1
            assert set(task.unit_sources) <= set(task.units)
