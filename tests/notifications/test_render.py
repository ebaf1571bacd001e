"""The e-mails as recipients read them: snapshot of the digest text, escaping in HTML.

Set UPDATE_EMAIL_SNAPSHOTS=1 to rewrite the snapshots after a deliberate template change.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tracker.models import MissedReport, ReportDuty
from tracker.notifications.render import MailLinksUnset, render_mail
from tracker.services.digests import build_escalations, build_unit_digest
from tracker.services.settings import get_settings

SNAPSHOTS = Path(__file__).resolve().parents[1] / "data" / "email_snapshots"
MONDAY = dt.date(2026, 11, 23)


def assert_snapshot(name: str, text: str) -> None:
    """Compare ``text`` (item ids normalised, as sequences differ between databases) with the stored file."""
    text = re.sub(r"/items/\d+", "/items/N", text)
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_EMAIL_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def digest(db, make_unit, make_item):
    unit = make_unit(name="县水利局", reminder_emails=["slj@example.cn"])
    make_item(
        lead_unit=unit,
        label="（一）1.",
        title="完成灌区节水改造",
        due_on=dt.date(2026, 11, 2),
        status="in_progress",
        leaders=["王副县长"],
    )
    make_item(
        lead_unit=unit, title="开展河湖“清四乱”专项行动", due_on=dt.date(2026, 11, 27), status="in_progress"
    )
    make_item(lead_unit=unit, title="完成水毁工程修复", due_on=dt.date(2026, 12, 8), status="in_progress")
    reporting = make_item(lead_unit=unit, title="推进县域节水型社会达标建设", due_on=None, status="assigned")
    duty = ReportDuty(work_item=reporting, phrase="每月底前报送进展", rule="FREQ=MONTHLY;BYMONTHDAY=-1")
    db.session.add(duty)
    db.session.flush()
    db.session.add(MissedReport(report_duty_id=duty.id, unit_id=unit.id, due_on=dt.date(2026, 10, 31)))
    db.session.flush()
    return build_unit_digest(unit, MONDAY)


def test_weekly_digest_text(app, digest):
    mail = render_mail("weekly_digest", digest=digest, week="2026-W48")

    assert mail.subject == "【督办提醒】县水利局 本周（11月23日—11月29日）督办事项：1 项已超期"
    assert_snapshot("weekly_digest.txt", mail.text)


def test_weekly_digest_html_escapes_item_text_and_links_each_item(app, digest):
    digest.overdue[0].item.title = "<script>alert(1)</script>"
    html = render_mail("weekly_digest", digest=digest, week="2026-W48").html

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count('href="http://tracker.test/items/') == 7  # each item, and the 签收 button
    assert re.search(r'href="http://tracker.test/items/\d+#sign"[^>]*>签收</a>', html)


def test_sections_are_numbered_in_order_and_items_named_with_their_document_and_role(
    app, db, make_unit, make_item, make_document
):
    water, roads = make_unit(name="县水利局"), make_unit(name="县交通运输局")
    plan = make_document(number="交政办发〔2026〕4号", title="关于印发节水行动方案的通知")
    make_item(
        lead_unit=roads, co_units=[water], document=plan, title="修复水毁道路", due_on=dt.date(2026, 11, 2)
    )
    make_item(lead_unit=water, document=plan, title="完成灌区改造", status="assigned")

    text = render_mail("weekly_digest", digest=build_unit_digest(water, MONDAY), week="2026-W48").text

    assert (
        "一、已超期（1 项）\n- 【配合】交政办发〔2026〕4号《关于印发节水行动方案的通知》修复水毁道路" in text
    )
    assert (
        "二、尚未签收（1 项）\n- 【牵头】交政办发〔2026〕4号《关于印发节水行动方案的通知》完成灌区改造"
        in text
    )
    assert "三、" not in text
    assert re.search(r"点此签收：http://tracker.test/items/\d+#sign", text)


def test_escalation_text(app, digest, make_user):
    make_user(role="viewer", display_name="王副县长", leader_name="王副县长", email="wang@example.cn")
    (leader,), _ = build_escalations(MONDAY, get_settings())
    mail = render_mail(
        "escalation", escalation=leader, audience="leader", threshold=5, today=MONDAY, week="2026-W48"
    )

    assert mail.subject == "【督办预警】1 项工作超期超过 5 个工作日（2026-W48）"
    assert_snapshot("escalation.txt", mail.text)


def test_a_shortened_escalation_says_so_and_links_the_full_list(
    app, digest, make_user, make_item, monkeypatch
):
    from tracker.services import digests

    monkeypatch.setattr(digests, "ESCALATION_LINES", 1)
    make_user(role="viewer", display_name="王副县长", leader_name="王副县长", email="wang@example.cn")
    make_user(role="supervisor", email="dcs@example.cn")
    make_item(title="另一项", due_on=dt.date(2026, 10, 1), status="in_progress", leaders=["王副县长"])
    (leader,), (office,) = build_escalations(MONDAY, get_settings())

    for escalation, audience, link in (
        (office, "office", "http://tracker.test/items/?lights=red"),
        (
            leader,
            "leader",
            "http://tracker.test/items/?lights=red&leader=%E7%8E%8B%E5%89%AF%E5%8E%BF%E9%95%BF",
        ),
    ):
        mail = render_mail(
            "escalation", escalation=escalation, audience=audience, threshold=5, today=MONDAY, week="2026-W48"
        )
        assert mail.subject == "【督办预警】2 项工作超期超过 5 个工作日（2026-W48）"
        assert "这里列出其中超期最久的 1 项，全部超期事项见：" + link in mail.text
        assert mail.text.count("责任单位：") == 1
        assert f'href="{link.replace("&", "&amp;")}"' in mail.html


def test_production_renders_no_mail_while_base_url_is_the_default(app, db, digest, client_as, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_BASE_URL", True)
    monkeypatch.setitem(app.config, "BASE_URL", "http://127.0.0.1:5000/")

    with pytest.raises(MailLinksUnset, match="BASE_URL 仍是默认的"):
        render_mail("weekly_digest", digest=digest, week="2026-W48")
    status = client_as("admin").get("/admin/status").get_data(as_text=True)
    assert "邮件暂停：" in status

    monkeypatch.setitem(app.config, "BASE_URL", "https://dbt.example.gov.cn")
    assert "https://dbt.example.gov.cn/items/" in render_mail("weekly_digest", digest=digest, week="x").text
    assert "邮件暂停" not in client_as("admin").get("/admin/status").get_data(as_text=True)
