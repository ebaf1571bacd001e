"""Malformed and hostile input from the outside security test: answered 404 or 422 (never 500), or taken literally."""

import datetime as dt
import io
import re
import time
from urllib.parse import quote

import pytest
from itsdangerous import TimestampSigner

from tests.conftest import csrf_token_from
from tests.forms import form_fields
from tests.web.test_import_races import WITHOUT_NUMBER
from tests.web.test_imports import upload
from tracker.models import Attachment, Event, ImportBatch, WorkItem

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/items/{HUGE}",
        f"/documents/{HUGE}",
        f"/units/{HUGE}",
        f"/imports/{HUGE}",
        f"/admin/users/{HUGE}",
        f"/items/1/attachments/{HUGE}",
        f"/units/?page={HUGE}",
        f"/admin/events?page={HUGE}",
        f"/reminders/outbox?page={HUGE}",
    ],
)
def test_numbers_too_large_for_any_id_are_404(client_as, path):
    assert client_as("admin").get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["page=²", "per_page=²", f"page={HUGE}", f"unit_id={HUGE}", "document_id=٣"],
)
def test_api_query_numbers_that_are_not_plain_digits_are_422(db, make_user, client, query):
    from tracker.services.access_tokens import issue_token

    user = make_user(role="supervisor")
    token = issue_token("api", user, dt.datetime.now(dt.UTC), user=user)
    db.session.commit()
    response = client.get(f"/api/v1/items?{query}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response.get_json()["error"] == "invalid_query"


@pytest.mark.parametrize(
    "query", ["since=0001-01-01", "until=9999-12-31", f"work_item_id={HUGE}", "since=2025-13-45"]
)
def test_history_search_refuses_impossible_filters_with_422(client_as, query):
    response = client_as("admin").get(f"/admin/events?{query}")
    assert response.status_code == 422


def test_the_item_list_ignores_a_page_number_past_any_page(client_as, make_item, db):
    make_item(title="节水改造工程")
    db.session.commit()
    response = client_as("supervisor").get(f"/items/?page={HUGE}")
    assert response.status_code == 200
    assert "节水改造工程" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("text", "shown", "hidden"), [("100%", "完成率100%", "完成率1000"), ("a_b", "a_b 台账", "axb 台账")]
)
def test_percent_and_underscore_in_a_search_are_literal(client_as, make_item, db, text, shown, hidden):
    make_item(title=shown)
    make_item(title=hidden)
    db.session.commit()
    page = client_as("supervisor").get("/items/", query_string={"q": text}).get_data(as_text=True)
    assert shown in page
    assert hidden not in page


def test_history_search_text_is_literal(client_as, db):
    db.session.add_all(
        [Event(kind="item.status", note="完成率100%"), Event(kind="item.status", note="完成率1000")]
    )
    db.session.commit()
    page = client_as("admin").get("/admin/events", query_string={"text": "100%"}).get_data(as_text=True)
    assert "完成率100%" in page
    assert "完成率1000" not in page


@pytest.mark.parametrize(
    ("leader", "found"), [("王副", True), ('"', False), (",", False), ("[", False), ("县长", True)]
)
def test_leader_search_matches_names_not_the_stored_list(client_as, make_item, db, leader, found):
    make_item(title="有领导的事项", leaders=["王副县长", "李县长"])
    make_item(title="无领导的事项", leaders=[])
    db.session.commit()
    page = client_as("supervisor").get("/items/", query_string={"leader": leader}).get_data(as_text=True)
    assert ("有领导的事项" in page) is found
    assert "无领导的事项" not in page


def bulk(client, **form):
    token = csrf_token_from(client.get("/items/").get_data(as_text=True))
    return client.post("/items/bulk", data={"csrf_token": token, **form}, follow_redirects=True)


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_bulk_changes_refuse_closed_and_cancelled_items(client_as, make_item, db, status):
    open_item = make_item(title="河道清淤", due_on=dt.date(2025, 12, 31))
    closed = make_item(title="人口普查总结", due_on=dt.date(2025, 3, 1), status=status, label="（三）")
    db.session.commit()
    response = bulk(
        client_as("supervisor"),
        action="deadline",
        item_ids=[str(open_item.id), str(closed.id)],
        due_on="2026-01-31",
        reason="统一顺延",
    )
    assert "1 个事项已办结或已取消，不能批量调整：（三）" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [db.session.get(WorkItem, i.id).due_on for i in (open_item, closed)] == [
        dt.date(2025, 12, 31),
        dt.date(2025, 3, 1),
    ]


def test_bulk_reassign_refuses_a_deactivated_unit(client_as, make_item, make_unit, db):
    item = make_item(title="河道清淤")
    merged_away = make_unit(name="县水务局", is_active=False)
    db.session.commit()
    lead = item.lead_unit_id
    response = bulk(
        client_as("supervisor"),
        action="reassign",
        item_ids=[str(item.id)],
        unit_id=str(merged_away.id),
        reason="调整",
    )
    assert "县水务局 已停用" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(WorkItem, item.id).lead_unit_id == lead


@pytest.mark.parametrize("form", [{"item_ids": ["²", HUGE]}, {"unit_id": HUGE}])
def test_bulk_form_numbers_out_of_range_change_nothing(client_as, make_item, db, form):
    item = make_item(title="河道清淤")
    db.session.commit()
    fields = {"action": "reassign", "item_ids": [str(item.id)], "reason": "调整", **form}
    response = bulk(client_as("supervisor"), **fields)
    assert response.status_code == 200
    assert "已调整" not in response.get_data(as_text=True)


def attach(client, item, data: bytes, name: str):
    token = csrf_token_from(client.get(f"/items/{item.id}").get_data(as_text=True))
    return client.post(
        f"/items/{item.id}/attachments",
        data={"csrf_token": token, "evidence": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def lead_staff(client_as, make_item, make_unit, db):
    unit = make_unit()
    item = make_item(lead_unit=unit)
    db.session.commit()
    return client_as("unit_staff", unit=unit), item


def test_evidence_file_names_lose_line_breaks_nul_and_directories(lead_staff, db):
    """The name arrives RFC 2231-encoded (filename*=), which is how CR, LF and NUL get into a multipart header."""
    staff, item = lead_staff
    token = csrf_token_from(staff.get(f"/items/{item.id}").get_data(as_text=True))
    name = quote("C:\\材料\\验收\r\n报告\x00.pdf", safe="")
    body = (
        f'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f"--b\r\nContent-Disposition: form-data; name=\"evidence\"; filename*=UTF-8''{name}\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--b--\r\n"
    )
    staff.post(
        f"/items/{item.id}/attachments", data=body.encode(), content_type="multipart/form-data; boundary=b"
    )
    stored = db.session.scalars(db.select(Attachment)).one()
    assert stored.original_name == "验收报告.pdf"
    with staff.get(f"/items/{item.id}/attachments/{stored.id}") as download:
        assert "\r" not in download.headers["Content-Disposition"]
        assert "\n" not in download.headers["Content-Disposition"]


def test_a_binary_renamed_to_txt_is_refused(lead_staff, db):
    staff, item = lead_staff
    attach(staff, item, b"MZ\x90\x00\x03\x00\x00\x00", "说明.txt")
    assert "“说明.txt”不是文本文件" in staff.get(f"/items/{item.id}").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Attachment)) == 0


def test_a_gbk_text_file_is_served_as_utf8_with_one_charset(lead_staff, db):
    staff, item = lead_staff
    attach(staff, item, "已完成验收。".encode("gbk"), "说明.txt")
    stored = db.session.scalars(db.select(Attachment)).one()
    with staff.get(f"/items/{item.id}/attachments/{stored.id}") as download:
        assert download.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert download.data.decode("utf-8") == "已完成验收。"


@pytest.mark.parametrize(("path", "expected"), [("/exports/items.csv", "text/csv; charset=utf-8")])
def test_text_exports_carry_one_charset(client_as, path, expected):
    assert client_as("supervisor").get(path).headers["Content-Type"] == expected


def test_a_calendar_feed_carries_one_charset(client_as, client):
    owner = client_as("viewer")
    token = csrf_token_from(owner.get("/account/tokens").get_data(as_text=True))
    page = owner.post("/account/tokens", data={"csrf_token": token, "action": "calendar"}).get_data(
        as_text=True
    )
    path = re.search(r"http://tracker\.test(/calendar/[A-Za-z0-9_-]+\.ics)", page).group(1)
    assert client.get(path).headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_a_utf16_gazette_is_read(client_as, db):
    office = client_as("supervisor")
    token = csrf_token_from(office.get("/imports/new").get_data(as_text=True))
    response = office.post(
        "/imports/new",
        data={"gazette": (io.BytesIO(WITHOUT_NUMBER.encode("utf-16")), "记事本.txt"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert "完成县城绿化提质工程" in office.get(response.headers["Location"]).get_data(as_text=True)


def test_a_review_left_open_for_hours_still_saves_its_edits(client_as, db, monkeypatch):
    office = client_as("supervisor")
    batch_url = upload(office, WITHOUT_NUMBER.encode(), "spring.txt").headers["Location"]
    fields = form_fields(office.get(batch_url).get_data(as_text=True), "review")
    title_field = next(name for name in fields if name.endswith("-title"))
    opened_at = time.time()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(opened_at) + 3 * 3600)

    response = office.post(
        batch_url, data={**fields, title_field: "完成县城绿化提质改造工程", "action": "save"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    batch = db.session.scalars(db.select(ImportBatch)).one()
    assert "完成县城绿化提质改造工程" in [
        task["title"] for doc in batch.review["documents"] for task in doc["tasks"]
    ]


def test_a_refused_form_says_so_in_chinese(client_as):
    response = client_as("supervisor").post("/account/tokens", data={"action": "api"})
    assert response.status_code == 400
    assert "表单已失效，未保存" in response.get_data(as_text=True)
