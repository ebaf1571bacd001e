"""The admin's user pages and the history search."""

import re

from tests.conftest import csrf_token_from
from tracker.models import Event, User


def test_admin_creates_a_unit_staff_user_and_sees_the_password_once(client_as, db, make_unit):
    unit = make_unit(name="县应急管理局")
    db.session.commit()
    admin = client_as("admin")
    token = csrf_token_from(admin.get("/admin/users/new").get_data(as_text=True))
    response = admin.post(
        "/admin/users/new",
        data={
            "username": "yingji",
            "display_name": "赵应急",
            "email": "yingji@example.cn",
            "role": "unit_staff",
            "unit_id": str(unit.id),
            "is_active": "y",
            "csrf_token": token,
        },
    )
    page = response.get_data(as_text=True)
    password = re.search(r"<code>(\S+)</code>", page).group(1)
    user = db.session.scalars(db.select(User).where(User.username == "yingji")).one()
    assert user.unit_id == unit.id
    assert user.check_password(password)
    assert password not in admin.get("/admin/users").get_data(as_text=True)


def test_form_errors_are_shown_and_nothing_is_created(client_as, db):
    admin = client_as("admin")
    token = csrf_token_from(admin.get("/admin/users/new").get_data(as_text=True))
    response = admin.post(
        "/admin/users/new",
        data={"username": "staff", "role": "unit_staff", "unit_id": "0", "csrf_token": token},
    )
    assert "必须指定所属单位" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).where(User.username == "staff")) is None


def test_forged_select_value_is_rejected(client_as, db):
    admin = client_as("admin")
    token = csrf_token_from(admin.get("/admin/users/new").get_data(as_text=True))
    response = admin.post(
        "/admin/users/new",
        data={"username": "x1", "role": "superuser", "unit_id": "0", "csrf_token": token},
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(User).where(User.username == "x1")) is None


def test_admin_changes_a_role(client_as, db, make_user):
    target = make_user(username="leader", role="viewer")
    db.session.commit()
    admin = client_as("admin")
    token = csrf_token_from(admin.get(f"/admin/users/{target.id}").get_data(as_text=True))
    response = admin.post(
        f"/admin/users/{target.id}",
        data={"role": "supervisor", "unit_id": "0", "is_active": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == "supervisor"


def test_admin_links_a_user_to_the_leader_whose_escalations_they_receive(client_as, db, make_user):
    target = make_user(username="mishu", role="viewer", display_name="张秘书")
    db.session.commit()
    admin = client_as("admin")
    page = admin.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "对应领导" in page
    response = admin.post(
        f"/admin/users/{target.id}",
        data={
            "role": "viewer",
            "unit_id": "0",
            "is_active": "y",
            "display_name": "张秘书",
            "leader_name": " 王副县长 ",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.leader_name == "王副县长"
    assert 'value="王副县长"' in admin.get(f"/admin/users/{target.id}").get_data(as_text=True)


def test_history_search_filters_by_kind(client_as, db):
    admin = client_as("admin")
    db.session.add_all(
        [Event(kind="item.status", note="签收"), Event(kind="user.login_failed", note="x @ 1.2.3.4")]
    )
    db.session.commit()
    page = admin.get("/admin/events?kind=item.").get_data(as_text=True)
    assert "签收" in page
    assert "1.2.3.4" not in page
    assert "签收" not in admin.get("/admin/events?kind=user.").get_data(as_text=True)


def test_history_search_rejects_a_malformed_date_without_error(client_as):
    response = client_as("admin").get("/admin/events?since=2025-13-45")
    assert response.status_code == 422
    assert "Not a valid date" in response.get_data(as_text=True) or "日期" in response.get_data(as_text=True)


def test_status_page_shows_jobs_and_the_scheduler(client_as, db):
    from tracker.models import JobRun

    db.session.add(
        JobRun(name="send_reminders", run_count=0, summary="", last_error="SMTPConnectError: refused")
    )
    db.session.commit()
    page = client_as("admin").get("/admin/status").get_data(as_text=True)
    assert "检查并排队提醒" in page
    assert "SMTPConnectError: refused" in page
    assert "没有进程在运行定时任务" in page
    assert client_as("supervisor").get("/admin/status").status_code == 403
