"""History rows read as sentences on the item page."""

import pytest

from tracker.models import Event
from tracker.services.event_text import describe_change


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        ({"status": "in_progress"}, {"status": "submitted"}, "推进中 → 已报完成"),
        ({"progress_percent": 20}, {"progress_percent": 60}, "进度 20% → 60%"),
        ({"due_on": "2025-05-12"}, {"due_on": "2025-07-15"}, "时限 2025-05-12 → 2025-07-15"),
        ({"due_on": None}, {"due_on": "2025-07-31"}, "时限 2025-07-31"),
        (None, {"file": "验收报告.pdf"}, "文件 验收报告.pdf"),
        ({"source_text": "旧"}, {"source_text": "新"}, "原文已更新"),
    ],
)
def test_describe_change(before, after, text):
    assert describe_change(Event(kind="item.status", before=before, after=after)) == text
