"""The admin's holiday page and the dashboard warning for years nobody entered."""

import datetime as dt
import io

import pytest

from tests.conftest import csrf_token_from
from tracker import clock
from tracker.models import HolidayOverride

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=clock.timezone())


@pytest.fixture(autouse=True)
def frozen_now():
    with clock.freeze(NOW):
        yield


def test_dashboard_warns_about_years_without_holidays(client_as, db, make_item):
    make_item(due_on=dt.date(2028, 6, 30))
    db.session.commit()
    page = client_as("admin").get("/").get_data(as_text=True)
    assert "2027、2028 年节假日安排尚未录入" in page


def test_admin_uploads_a_notice_and_the_warning_goes(client_as, db, make_item):
    make_item(due_on=dt.date(2027, 6, 30))
    db.session.commit()
    admin = client_as("admin")
    token = csrf_token_from(admin.get("/admin/holidays/").get_data(as_text=True))
    response = admin.post(
        "/admin/holidays/import",
        data={
            "file": (
                io.BytesIO("2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节\n".encode()),
                "2027.csv",
            ),
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(HolidayOverride)) == 2
    assert "尚未录入" not in admin.get("/").get_data(as_text=True)


def test_bad_upload_changes_nothing(client_as, db):
    admin = client_as("admin")
    token = csrf_token_from(admin.get("/admin/holidays/").get_data(as_text=True))
    admin.post(
        "/admin/holidays/import",
        data={
            "file": (io.BytesIO(b"2027-10-01,holiday\n2027-02-30,holiday\n"), "bad.csv"),
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(HolidayOverride)) == 0
    assert "第 2 行" in admin.get("/admin/holidays/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["supervisor", "viewer"])
def test_only_admins_edit_holidays(client_as, role):
    assert client_as(role).get("/admin/holidays/").status_code == 403
