"""The health check."""

import pytest

from config import TestingConfig
from tracker import create_app
from tracker.models import JobRun


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_every_page_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(client):
    page = client.get("/login").get_data(as_text=True)
    assert "<script>" not in page
    assert "onclick=" not in page


def test_readyz_reports_schema_scheduler_and_jobs_to_the_office(app, client_as, db):
    from flask_migrate import stamp

    from tracker.models import JobRun
    from tracker.services.readiness import migration_head

    with app.app_context():
        stamp(revision="head")
    db.session.add(JobRun(name="flag_overdue", run_count=0, summary="", last_error="RuntimeError: boom"))
    db.session.commit()
    response = client_as("supervisor").get("/readyz")
    body = response.get_json()
    assert response.status_code == 200
    assert body["migrations"] == {"current": migration_head(), "head": migration_head(), "at_head": True}
    assert body["scheduler"] == "no scheduler holds the lock"
    assert body["jobs"]["flag_overdue"]["last_error"] == "RuntimeError: boom"


@pytest.mark.parametrize("role", [None, "unit_staff", "viewer"])
def test_readyz_tells_others_only_whether_it_is_ready(app, client, client_as, make_unit, db, role):
    from flask_migrate import stamp

    with app.app_context():
        stamp(revision="head")
    db.session.add(JobRun(name="flag_overdue", run_count=0, summary="", last_error="RuntimeError: boom"))
    db.session.commit()
    caller = client if role is None else client_as(role, unit=make_unit() if role == "unit_staff" else None)
    response = caller.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_when_the_schema_is_behind(app, client_as, db):
    from flask_migrate import stamp

    with app.app_context():
        stamp(revision="cc0beea284b7")
    response = client_as("admin").get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["migrations"]["at_head"] is False


def test_readyz_reports_a_job_whose_run_time_passed_without_running(client_as, db, frozen_clock):
    import datetime as dt

    from tracker.models.scheduling import apscheduler_jobs

    now = frozen_clock(2026, 11, 23, 9, 0)
    db.session.execute(
        apscheduler_jobs.insert(),
        [
            # the scheduler thread died at 8:50: its jobs' next run times stay where they were
            {
                "id": "dispatch_outbox",
                "next_run_time": (now - dt.timedelta(minutes=10)).timestamp(),
                "job_state": b"",
            },
            {
                "id": "flag_overdue",
                "next_run_time": (now + dt.timedelta(hours=15)).timestamp(),
                "job_state": b"",
            },
            {
                "id": "send_reminders",
                "next_run_time": (now - dt.timedelta(seconds=30)).timestamp(),
                "job_state": b"",
            },
        ],
    )
    db.session.commit()

    body = client_as("supervisor").get("/readyz").get_json()

    assert body["late_jobs"] == {"dispatch_outbox": (now - dt.timedelta(minutes=10)).isoformat()}
    assert body["scheduler_ok"] is False


def test_readyz_says_the_scheduler_is_ok_only_when_one_holds_the_lock_and_no_job_is_late(client_as, db):
    from tracker.scheduling.lock import lock_for

    client = client_as("supervisor")
    assert client.get("/readyz").get_json()["scheduler_ok"] is False, "nobody holds the lock"
    lock = lock_for(db.engine)
    assert lock.acquire()
    try:
        body = client.get("/readyz").get_json()
    finally:
        lock.release()
    assert body["late_jobs"] == {}
    assert body["scheduler_ok"] is True
