"""The everyday pages: dashboard, 我的任务, the item page with evidence and extensions, document pages."""

import datetime as dt
import io

import pytest

from tests.conftest import csrf_token_from
from tests.statements import recorded_statements, selects_from
from tracker import clock
from tracker.models import Attachment, Milestone, ProgressReport, WorkItem

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=clock.timezone())  # a Monday


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.freeze(NOW):
        yield


def with_deadline(item, day: dt.date, phrase: str = "6月底前"):
    item.milestones.append(Milestone(phrase=phrase, due_on=day, original_due_on=day))
    item.refresh_due_on()
    item.original_due_on = item.due_on
    return item


@pytest.fixture
def county(db, make_unit, make_item, make_document):
    water, stats = make_unit(name="县水利局"), make_unit(name="县统计局")
    plan = make_document(number="交政办发〔2025〕4号", title="关于印发节水型社会达标建设实施方案的通知")
    items = {
        "late": with_deadline(
            make_item(lead_unit=water, document=plan, title="节水改造工程", status="in_progress"),
            dt.date(2025, 5, 12),
        ),
        "later": with_deadline(
            make_item(lead_unit=water, document=plan, title="计量设施安装"), dt.date(2025, 5, 30)
        ),
        "week": with_deadline(
            make_item(lead_unit=stats, document=plan, title="统计年报审核"), dt.date(2025, 6, 6)
        ),
        "done": with_deadline(
            make_item(lead_unit=stats, title="人口普查总结", status="done", is_closed_on_time=True),
            dt.date(2025, 3, 1),
        ),
    }
    items["done"].closed_at = NOW - dt.timedelta(days=3)
    db.session.commit()
    return items, water, stats, plan


def test_dashboard_counts_lights_and_lists_the_longest_overdue_first(client_as, county):
    page = client_as("viewer").get("/").get_data(as_text=True)
    overdue = page.split("超期事项")[1].split("本周到期")[0]
    assert overdue.index("节水改造工程") < overdue.index("计量设施安装")
    assert "21 天" in overdue
    assert "统计年报审核" in page.split("本周到期")[1].split("每周趋势")[0]


def test_dashboard_trend_counts_completions_and_new_overdue_per_week(client_as, county):
    page = client_as("supervisor").get("/").get_data(as_text=True)
    assert 'id="trend-chart"' in page
    assert "chart.umd.min.js" in page
    rows = page.split("trend-table")[1]
    completed = rows.split("<th>办结</th>")[1].split("</tr>")[0]
    overdue = rows.split("<th>新增超期</th>")[1].split("</tr>")[0]
    assert completed.count("<td>1</td>") == 1
    assert overdue.count("<td>1</td>") == 2


def test_dashboard_lists_load_their_units_in_one_query(client_as, db, make_unit, make_item, county):
    for n in range(12):  # overdue and due this week, each under a unit of its own
        with_deadline(make_item(lead_unit=make_unit(), title=f"超期任务{n}"), dt.date(2025, 5, 1))
        with_deadline(make_item(lead_unit=make_unit(), title=f"本周任务{n}"), dt.date(2025, 6, 5))
    db.session.commit()
    supervisor = client_as("supervisor")
    with recorded_statements(db.engine) as statements:
        page = supervisor.get("/").get_data(as_text=True)
    assert "超期任务11" in page
    assert "本周任务11" in page
    # One per list (overdue, this week, unsigned) and one for the county picker, not one per row.
    assert selects_from(statements, "units") <= 4


def test_empty_dashboard_says_what_to_do_next(client_as, db):
    page = client_as("supervisor").get("/").get_data(as_text=True)
    assert "还没有工作事项" in page
    assert "导入一期政府公报" in page


def test_document_page_shows_completion_rate_and_lights(client_as, county):
    _, _, _, plan = county
    page = client_as("supervisor").get(f"/documents/{plan.id}").get_data(as_text=True)
    assert "关于印发节水型社会达标建设实施方案的通知" in page
    assert "light-red" in page
    assert "已办结 0 个" in page


def test_document_page_loads_its_units_in_one_query(client_as, db, make_unit, make_item, county):
    _, _, _, plan = county
    for n in range(10):
        make_item(lead_unit=make_unit(), document=plan, title=f"分工任务{n}")
    db.session.commit()
    supervisor = client_as("supervisor")
    with recorded_statements(db.engine) as statements:
        page = supervisor.get(f"/documents/{plan.id}").get_data(as_text=True)
    assert "分工任务9" in page
    assert selects_from(statements, "units") == 1


def test_unit_staff_cannot_open_a_document_without_their_items(client_as, make_unit, county):
    _, _, _, plan = county
    assert (
        client_as("unit_staff", unit=make_unit(name="县林业局")).get(f"/documents/{plan.id}").status_code
        == 404
    )


def test_my_tasks_groups_by_urgency_and_shows_returned_reasons(client_as, db, county):
    items, water, _, _ = county
    items["late"].progress_reports.append(
        ProgressReport(
            text="已完成",
            percent=100,
            is_completion=True,
            review_state="returned",
            review_note="缺少验收报告",
        )
    )
    db.session.commit()
    page = client_as("unit_staff", unit=water).get("/my/").get_data(as_text=True)
    returned, groups = page.split("被退回、需补充的事项")[1].split("</section>", 1)
    assert "缺少验收报告" in returned
    assert groups.index("已超期") < groups.index("节水改造工程") < groups.index("计量设施安装")
    assert "统计年报审核" not in page


def post_form(client, item, path, **data):
    token = csrf_token_from(client.get(f"/items/{item.id}").get_data(as_text=True))
    return client.post(
        f"/items/{item.id}/{path}", data={"csrf_token": token, **data}, content_type="multipart/form-data"
    )


def test_progress_report_with_evidence_is_stored_and_served_only_to_permitted_users(
    app, client_as, db, county, make_unit
):
    items, water, _, _ = county
    staff = client_as("unit_staff", unit=water)
    pdf = b"%PDF-1.4\n%test evidence\n"
    response = post_form(
        staff,
        items["late"],
        "report",
        text="已完成主体工程",
        percent="80",
        evidence=(io.BytesIO(pdf), "验收报告.pdf"),
    )
    assert response.status_code == 302
    attachment = db.session.scalars(db.select(Attachment)).one()
    assert attachment.original_name == "验收报告.pdf"
    url = f"/items/{items['late'].id}/attachments/{attachment.id}"
    with staff.get(url) as download:
        assert download.data == pdf
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"] == (
            f'attachment; filename="evidence-{attachment.id}.pdf"; '
            "filename*=UTF-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf"  # 验收报告.pdf, not ".pdf"
        )
    with client_as("viewer").get(url) as download:
        assert download.status_code == 200
    assert client_as("unit_staff", unit=make_unit(name="县林业局")).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("程序.exe", b"MZ\x90", "不支持的附件类型"),
        ("照片.jpg", b"not a jpeg at all", "内容与扩展名"),
        ("空.pdf", b"", "附件是空文件"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_stored(client_as, db, county, name, data, message):
    items, water, _, _ = county
    staff = client_as("unit_staff", unit=water)
    post_form(staff, items["late"], "attachments", evidence=(io.BytesIO(data), name))
    assert message in staff.get(f"/items/{items['late'].id}").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_extension_approved_moves_the_deadline_but_statistics_keep_the_original(client_as, db, county):
    items, water, _, _ = county
    late = items["late"]
    staff = client_as("unit_staff", unit=water)
    post_form(staff, late, "extension", due_on="2025-07-15", reason="汛期施工受限")
    db.session.expire_all()
    request = db.session.get(WorkItem, late.id).extension_requests[0]
    assert request.state == "pending"

    office = client_as("supervisor")
    post_form(office, late, f"extension/{request.id}", decision="approve", note="同意")
    db.session.expire_all()
    item = db.session.get(WorkItem, late.id)
    assert item.due_on == dt.date(2025, 7, 15)
    assert item.original_due_on == dt.date(2025, 5, 12)
    assert item.milestones[0].original_due_on == dt.date(2025, 5, 12)
    page = office.get(f"/items/{late.id}").get_data(as_text=True)
    assert "原定 2025-05-12" in page
    assert "批准延期" in page


def test_rejecting_an_extension_needs_a_reason(client_as, db, county):
    items, water, _, _ = county
    post_form(
        client_as("unit_staff", unit=water),
        items["late"],
        "extension",
        due_on="2025-07-15",
        reason="人手不足",
    )
    db.session.expire_all()
    request = db.session.get(WorkItem, items["late"].id).extension_requests[0]
    office = client_as("supervisor")
    post_form(office, items["late"], f"extension/{request.id}", decision="reject", note="")
    db.session.refresh(request)
    assert request.state == "pending"
    post_form(office, items["late"], f"extension/{request.id}", decision="reject", note="理由不充分")
    db.session.refresh(request)
    assert request.state == "rejected"


def test_closing_late_counts_as_not_on_time_even_after_an_extension(client_as, db, county):
    items, water, _, _ = county
    late = items["late"]
    staff = client_as("unit_staff", unit=water)
    post_form(staff, late, "submit", text="全部完成")
    post_form(client_as("supervisor"), late, "accept")
    db.session.expire_all()
    assert db.session.get(WorkItem, late.id).is_closed_on_time is False


def test_co_unit_staff_cannot_request_an_extension(client_as, db, county, make_unit):
    items, _, stats, _ = county
    response = post_form(
        client_as("unit_staff", unit=stats), items["late"], "extension", due_on="2025-07-15", reason="x"
    )
    assert response.status_code == 404


def test_the_dashboard_points_out_items_without_a_deadline(client_as, db, county, make_item):
    make_item(title="建立长效机制")  # no deadline: it can never turn red
    db.session.commit()
    page = client_as("supervisor").get("/").get_data(as_text=True)

    notice = page.split('class="flash undated-items"')[1].split("</p>")[0]
    assert "有 1 个未办结事项没有完成时限" in notice
    assert "lights=blue" in notice
