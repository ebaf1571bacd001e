"""The engine's reason codes are shown to the clerk in words, never as codes."""

import pytest

from tracker.services.reason_text import REASON_LABELS, reason_label


def test_each_reason_the_engine_gives_has_words(app):
    from tests.extraction.conftest import gazette
    from tracker.extraction import extract

    text = gazette(
        "关于印发方案的通知\n\n某政办发〔2024〕3号\n\n各乡镇：\n\n一、重点任务\n（一）完善机制。（责任单位：县财政局）\n"
        "（二）加强督查。县督查室要定期通报进展，6月底前完成。\n（三）开展调查。\n\n某县人民政府办公室\n\n2024年3月1日\n"
    )
    reasons = {
        reason
        for document in extract(text.encode(), "g.txt").documents
        for task in document.tasks + document.candidates
        for reason in task.reasons
    }
    assert reasons, "the sample gave no reasons"
    with app.test_request_context():
        assert {reason: reason_label(reason) for reason in reasons if reason_label(reason) == reason} == {}


@pytest.mark.parametrize("code", sorted(REASON_LABELS))
def test_a_label_is_chinese(app, code):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason_label(code))
